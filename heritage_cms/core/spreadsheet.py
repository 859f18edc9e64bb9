"""Cells that a spreadsheet program shows as text, whatever a gate, visitor or payment wrote.

Every CSV and XLSX export passes its values through ``safe_cell``: a text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula when the file is opened
(CSV/formula injection), so it gets a leading apostrophe; control characters that XLSX cannot hold
(and that no reader wants) are dropped, so an odd byte in a reason cannot break the export.
"""

import re

from wagtail.admin.views.generic.models import IndexView as ModelIndexView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0, and so XLSX, cannot hold: C0 controls except tab, line feed and carriage return.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """``value`` unchanged unless it is text; text without illegal characters or formula starts."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeExportMixin:
    """For any view with Wagtail's ``SpreadsheetExportMixin`` (listings, reports): every exported
    value goes through ``safe_cell`` after Wagtail's own preprocessing."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))


class SafeExportIndexView(SafeExportMixin, SnippetIndexView):
    """A snippet listing whose CSV and XLSX exports go through ``safe_cell``."""


class SafeModelExportIndexView(SafeExportMixin, ModelIndexView):
    """A ``ModelViewSet`` listing whose CSV and XLSX exports go through ``safe_cell``."""
