"""Serving media on the embedded default, with HTTP byte ranges.

iOS Safari refuses audio and video that cannot be fetched by range, and Django's static ``serve``
answers every request whole. In production a CDN or S3 does this; here we do it ourselves.
Content-addressed folders (guides/, models/) never change meaning, so they may be cached for a
year.
"""

import mimetypes
import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

IMMUTABLE_PREFIXES = ("guides/", "models/")
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"  # here and on S3 (core/s3.py)
# Raw material lives in the private storage, outside MEDIA_ROOT (settings.STORAGES["private"]);
# these folders are refused as well, for files left from before that move. Documents are served
# only by Wagtail's document view, which checks their collection's privacy.
PRIVATE_PREFIXES = ("scans/", "guides/recordings/", "documents/")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class _RangeFile:
    """A file object that stops after ``length`` bytes, for FileResponse."""

    def __init__(self, handle, start: int, length: int):
        handle.seek(start)
        self.handle, self.remaining = handle, length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end inclusive) of a single satisfiable range, or None when unsatisfiable."""
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.groups()
    if not first:  # suffix: the last N bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


def public_name(path: str) -> str | None:
    """The stored name a URL path means (``./``, ``//``, ``..`` resolved), or None if private."""
    name = posixpath.normpath("/" + path).lstrip("/")
    if "\x00" in name or name.startswith(PRIVATE_PREFIXES) or name in {"", "."}:
        return None
    return name


@require_safe
def serve_media(request, path: str):
    path = public_name(path)
    if path is None:
        raise Http404("No such file.")
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
        stat = full_path.stat()  # OSError too for a name longer than the file system allows
    except (ValueError, OSError):
        raise Http404("No such file.") from None
    if not full_path.is_file():
        raise Http404("No such file.")
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if request.headers.get("If-None-Match") == etag or (since and int(stat.st_mtime) <= since):
        return HttpResponseNotModified()
    content_type = mimetypes.guess_type(full_path.name)[0] or "application/octet-stream"
    size = stat.st_size
    range_header = request.headers.get("Range", "")
    if range_header and request.headers.get("If-Range", etag) == etag:
        byte_range = _byte_range(range_header, size)
        if byte_range is None:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _headers(response, path, etag, stat.st_mtime)
        start, end = byte_range
        response = FileResponse(
            _RangeFile(full_path.open("rb"), start, end - start + 1),
            status=206,
            content_type=content_type,
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(full_path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    return _headers(response, path, etag, stat.st_mtime)


def _headers(response, path: str, etag: str, mtime: float):
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(mtime)
    if path.startswith(IMMUTABLE_PREFIXES):
        response["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
    return response
