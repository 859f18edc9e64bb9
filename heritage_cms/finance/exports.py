"""What the finance listings and reports share about exporting."""

from django.shortcuts import redirect


class FormerCsvLinksMixin:
    """``?format=csv`` was the finance CSV link before Wagtail's exports; bookmarks and saved
    links still work, sent on to ``?export=csv`` with the same filters (where the permission
    check then applies)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and request.GET.get("format") == "csv":
            params = request.GET.copy()
            params.pop("format")
            params["export"] = "csv"
            return redirect(f"{request.path}?{params.urlencode()}")
        return super().dispatch(request, *args, **kwargs)


class ByteOrderMarkCsvMixin:
    """Finance's CSVs begin with a byte-order mark, as they always have: spreadsheet programs
    then read the Vietnamese in them (site names, reasons) as UTF-8."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)
