"""Staff read the admin in their own language, whatever the browser or the last reader spoke.

A Vietnamese-preference moderator works first (so anything Wagtail freezes in the first
request's language would freeze in Vietnamese); then an English-preference moderator, on a
browser that asks for Vietnamese, must read English: once the content (titles and texts written
in Vietnamese) is taken out, no Vietnamese letter may remain on the screen.
"""

import re

import pytest
from wagtail.users.models import UserProfile

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import MODERATORS
from tests.heritage_cms.admin_world import build_admin_world

pytestmark = pytest.mark.slow

# Letters only Vietnamese uses among the admin's languages (French shares â, ê, ô, é, è…).
VIETNAMESE = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂĐƠƯ]")


def staff(username: str, language: str) -> None:
    user = UserFactory(username=username, password="doc-lap-1945", groups=[MODERATORS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def signed_in(browser, live_server, username: str):
    context = browser.new_context(  # staff work at a desk; the browser asks for Vietnamese
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
        locale="vi-VN",
        bypass_csp=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "doc-lap-1945")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    return context, page


def screens(world) -> list[str]:
    return [
        "/admin/",
        f"/admin/pages/{world.monument.pk}/",
        "/admin/snippets/heritage_sites/site/",
        "/admin/snippets/collection/model3d/",
        "/admin/snippets/collection/model3d/add/",
        "/admin/snippets/guides/audioguide/",
        f"/admin/pages/{world.relic.pk}/edit/",
    ]


def content_of(world) -> list[str]:
    """Text staff wrote (in Vietnamese): it stays as written in every admin language."""
    relic = world.relic
    texts = [
        world.home.title,
        world.monument.title,
        world.monument.specific.summary,
        relic.title,
        relic.summary,
        relic.dynasty,
        relic.reign,
        relic.material,
        relic.rights_holder,
        "Đúc bằng đồng.",
        "Lăng nằm bên bờ sông Hương.",
        world.model3d.title,
        world.product.name,
    ]
    return sorted(texts, key=len, reverse=True)


def test_each_moderator_reads_the_admin_in_their_own_language(
    browser, live_server, transactional_db, home, staff_roles
):
    world = build_admin_world(home)
    staff("bien-tap-vien", "vi")
    staff("english-editor", "en")

    context, page = signed_in(browser, live_server, "bien-tap-vien")
    page.goto("/admin/snippets/heritage_sites/site/")
    text = page.locator("body").inner_text()
    assert "Thêm di tích" in text and "Sức chứa" in text  # "Add monument", "Capacity"
    breadcrumbs = page.locator("nav[aria-label] ol").first.text_content()
    assert "trang chủ" in breadcrumbs.lower()  # "Home", in our catalogue or Wagtail's
    for url in screens(world):
        page.goto(url)
    context.close()

    context, page = signed_in(browser, live_server, "english-editor")
    leaks = []
    for url in screens(world):
        page.goto(url)
        text = page.locator("body").inner_text()
        for written in content_of(world):
            text = text.replace(written, "")
        for line in text.splitlines():
            if VIETNAMESE.search(line):
                leaks.append(f"{url}: {line.strip()}")
    page.goto("/admin/snippets/heritage_sites/site/")
    assert "Add monument" in page.locator("body").inner_text()
    assert "Home" in page.locator("nav[aria-label] ol").first.text_content()
    context.close()
    assert not leaks, "Vietnamese on an English admin screen:\n" + "\n".join(leaks)
