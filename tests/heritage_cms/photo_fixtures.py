"""Photos shaped like a phone's: a real JPEG whose EXIF carries GPS (the Citadel's Ngọ Môn
gate), the camera's make, model and serial, and when it was taken — written with Pillow's
Exif API, the tags a phone camera writes."""

import io
from fractions import Fraction

from PIL import ExifTags, Image, ImageDraw

NGO_MON = (16.466944, 107.578611)  # 16°28'1" N, 107°34'43" E


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    seconds = Fraction(round((minutes_float - minutes) * 60 * 100), 100)
    return Fraction(degrees), Fraction(minutes), seconds


def gps_exif(latitude: float, longitude: float) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.Software] = "17.4.1"
    exif[ExifTags.Base.Orientation] = 6  # held upright: the pixels are stored turned
    exif.get_ifd(ExifTags.IFD.Exif).update(
        {
            ExifTags.Base.DateTimeOriginal: "2026:12:06 09:41:07",
            ExifTags.Base.BodySerialNumber: "F17ZX0H1N72Q",
        }
    )
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSVersionID: b"\x02\x02\x00\x00",
        ExifTags.GPS.GPSLatitudeRef: "N" if latitude >= 0 else "S",
        ExifTags.GPS.GPSLatitude: _dms(abs(latitude)),
        ExifTags.GPS.GPSLongitudeRef: "E" if longitude >= 0 else "W",
        ExifTags.GPS.GPSLongitude: _dms(abs(longitude)),
        ExifTags.GPS.GPSAltitudeRef: b"\x00",
        ExifTags.GPS.GPSAltitude: Fraction(1210, 100),
        ExifTags.GPS.GPSDateStamp: "2026:12:06",
    }
    return exif


def phone_jpeg(latitude: float = NGO_MON[0], longitude: float = NGO_MON[1]) -> bytes:
    """1600 by 1200 pixels (stored landscape, shown portrait), a drawing rather than noise, so it
    compresses like a photo."""
    image = Image.new("RGB", (1600, 1200), (176, 141, 87))
    draw = ImageDraw.Draw(image)
    for step in range(0, 1200, 40):
        draw.line([(0, step), (1600, 1200 - step)], fill=(122, 24, 24), width=6)
    draw.rectangle([600, 400, 1000, 800], fill=(243, 210, 122))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=gps_exif(latitude, longitude).tobytes())
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())
