"""A curator in the admin, in a real browser: readable slugs and the 3D model upload."""

import re

import pytest

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS
from heritage_cms.sites.factories import MonumentPageFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def curator_page(phone, transactional_db, home):
    UserFactory(username="curator-only", password="curate-it-1", groups=[CURATORS])
    page = phone.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "curator-only")
    page.fill("#id_password", "curate-it-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    return page


def test_a_vietnamese_title_gives_a_readable_slug_and_the_model_chooser_offers_an_upload(
    curator_page, home
):
    monument = MonumentPageFactory(parent=home, title="Lăng Minh Mạng", slug="lang-minh-mang")
    page = curator_page
    page.goto(f"/admin/pages/add/collection/relicpage/{monument.pk}/")
    title = page.locator("#id_title")
    title.fill("Đỉnh đồng")
    title.blur()
    slug = page.locator("#id_slug")
    page.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    assert slug.input_value() == "dinh-dong"

    page.get_by_role("tab", name=re.compile("Audio and 3D|Âm thanh và 3D|3D")).click()
    page.locator("[data-chooser-action-choose]").first.click()
    upload = page.locator("form[data-chooser-modal-creation-form]")
    upload.wait_for(state="attached")
    assert upload.locator("input[type=file][name=source]").count() == 1
