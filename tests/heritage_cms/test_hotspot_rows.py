"""Points of interest in the relic editor: an empty row (as autosave leaves) is no error."""

import pytest
from wagtail.test.utils.form_data import inline_formset

from heritage_cms.collection.models import RelicHotspot

from .test_permissions import relic_form

pytestmark = pytest.mark.django_db

EMPTY_ROW = {"label": "", "note": "", "position": "", "normal": ""}


REQUIRED = "Trường này là bắt buộc."  # "This field is required.": curators read Vietnamese


def row_errors(response):
    return [form.errors for form in response.context["form"].formsets["hotspots"]]


def submit(client, relic, rows):
    return client.post(
        f"/admin/pages/{relic.pk}/edit/",
        relic_form(relic, hotspots=inline_formset(rows), **{"action-submit": "1"}),
    )


def test_an_empty_row_is_skipped_and_the_page_is_submitted(client, curator, relic):
    client.force_login(curator)
    placed = {"label": "Rồng", "note": "", "position": "0 0.4 0.4", "normal": "0 0 1"}
    response = submit(client, relic, [placed, EMPTY_ROW, {**EMPTY_ROW, "normal": "0 0 1"}])
    assert response.status_code == 302, row_errors(response)
    relic.refresh_from_db()
    draft = relic.get_latest_revision_as_object()
    assert [h.label for h in draft.hotspots.all()] == ["Rồng"]
    assert not RelicHotspot.objects.filter(label="").exists()


def test_a_row_half_filled_is_still_an_error(client, curator, relic):
    client.force_login(curator)
    response = submit(client, relic, [{**EMPTY_ROW, "label": "Rồng"}])
    assert response.status_code == 200
    assert row_errors(response) == [{"position": [REQUIRED], "normal": [REQUIRED]}]
