"""A visitor's photo made safe to keep: decoded with limits, re-encoded, metadata dropped.

Phones write where a photo was taken (GPS), when, and with which device into its EXIF. A report
needs none of that unless the visitor says "share where I took it"; then only the GPS block is
kept, the rest (device, serial numbers, thumbnails, XMP) still goes. Re-encoding with Pillow
rather than editing the original's bytes means nothing unknown rides along.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50 MP phone photo; a decompression bomb is refused before decoding
MAX_SIDE = 2048  # enough to see a crack or a sign; the original resolution is not kept
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: JPEGs from phones with depth data
JPEG_QUALITY = 85


class PhotoRefused(ValueError):
    """A sentence for the visitor: what was wrong with the file and what to send instead."""


@dataclass
class CleanPhoto:
    file: ContentFile
    latitude: Decimal | None
    longitude: Decimal | None


def _degrees(values, ref) -> Decimal | None:
    try:
        degrees, minutes, seconds = (float(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if ref in ("S", "W"):
        value = -value
    return Decimal(f"{value:.6f}")


def _place(gps: dict) -> tuple[Decimal | None, Decimal | None]:
    tags = ExifTags.GPS
    latitude = _degrees(gps.get(tags.GPSLatitude), gps.get(tags.GPSLatitudeRef))
    longitude = _degrees(gps.get(tags.GPSLongitude), gps.get(tags.GPSLongitudeRef))
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None, None
    return latitude, longitude


def clean_photo(upload, keep_place: bool) -> CleanPhoto:
    """The upload re-encoded as a JPEG of at most :data:`MAX_SIDE` pixels a side, upright,
    with no metadata — or only its GPS block when ``keep_place``. Raises :class:`PhotoRefused`."""
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused(_("The photo is larger than 10 MB: send a smaller one."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRefused(_("Send the photo as JPEG, PNG or WebP."))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(_("The photo has too many pixels: send a smaller one."))
            gps = dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo)) if keep_place else {}
            image = ImageOps.exif_transpose(image)  # upright, since the orientation tag goes
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            image = image.convert("RGB")
    except PhotoRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise PhotoRefused(_("This file could not be read as a photo.")) from error
    latitude, longitude = _place(gps) if gps else (None, None)
    metadata = b""
    if latitude is not None:
        exif = Image.Exif()
        exif[ExifTags.IFD.GPSInfo] = gps
        metadata = exif.tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=metadata)
    return CleanPhoto(ContentFile(out.getvalue(), name="photo.jpg"), latitude, longitude)
