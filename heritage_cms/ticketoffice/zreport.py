"""The Z-report: a shift's sales and its count, as a PDF for the clerk's folder and Finance.

fpdf2 with DejaVu Sans (Debian's fonts-dejavu-core), which has every Vietnamese letter.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from heritage_cms.core.money import format_vnd

from .models import Shift


def _money(amount: int | None) -> str:
    return "—" if amount is None else format_vnd(amount)


def _font(pdf: FPDF) -> str:
    regular = Path(settings.TICKET_OFFICE_PDF_FONT)
    bold = regular.with_name(regular.name.replace(".ttf", "-Bold.ttf"))
    pdf.add_font("report", "", str(regular))
    pdf.add_font("report", "B", str(bold if bold.exists() else regular))
    return "report"


def render(shift: Shift, totals: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(f"Z-report {shift}")
    pdf.add_page()
    family = _font(pdf)
    local = timezone.localtime

    def line(label: str, value: str, bold: bool = False) -> None:
        pdf.set_font(family, "B" if bold else "", 11)
        pdf.cell(90, 7, label)
        pdf.cell(0, 7, value, new_x="LMARGIN", new_y="NEXT", align="R")

    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, _("Z-report"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    line(_("Monument"), str(shift.till.site))
    line(_("Till"), shift.till.name)
    line(_("Opened"), f"{local(shift.opened_at):%Y-%m-%d %H:%M} · {shift.opened_by}")
    if shift.closed_at:
        line(_("Closed"), f"{local(shift.closed_at):%Y-%m-%d %H:%M} · {shift.closed_by}")
    pdf.ln(4)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 8, _("Sales"), new_x="LMARGIN", new_y="NEXT")
    for row in totals["rows"]:
        line(f"{row['kind']} · {row['method']} x {row['count']}", _money(row["total"]))
    if not totals["rows"]:
        line(_("No sales"), _money(0))
    line(_("Card terminal, net"), _money(totals["terminal"]))
    line(_("Cash, net"), _money(totals["cash"]))
    pdf.ln(4)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 8, _("Cash-up"), new_x="LMARGIN", new_y="NEXT")
    line(_("Opening float"), _money(shift.opening_float.amount))
    line(_("Expected in drawer"), _money(shift.expected.amount if shift.expected else None))
    line(_("Counted"), _money(shift.counted.amount if shift.counted else None))
    difference = shift.difference.amount if shift.difference is not None else None
    sign = "+" if difference and difference > 0 else ""
    line(_("Over (+) or short (-)"), sign + _money(difference), bold=True)
    return bytes(pdf.output())
