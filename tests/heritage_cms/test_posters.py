"""Printable stop signs: the QR code opens the stop in whatever language the phone speaks."""

import io
import shutil
import subprocess

import pytest
from PIL import Image

from heritage_cms.core.translation import translate_page
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stop(home, relic, en):
    translate_page(home, en, {})
    translate_page(relic.get_parent(), en, {})
    translate_page(relic, en, {"Cửu Đỉnh": "The Nine Dynastic Urns"})
    return TourStopFactory(tour=TourPageFactory(parent=home), target=relic, stop_code="314")


def test_png_poster_is_a5_with_a_qr_code_to_the_language_neutral_stop(client, stop, tmp_path):
    response = client.get("/stops/314/poster.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (874, 1240)
    if shutil.which("zbarimg") is None:
        pytest.skip("needs zbarimg to read the QR code back: apt-get install zbar-tools")
    path = tmp_path / "poster.png"
    path.write_bytes(response.content)
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == "http://testserver/stops/314/"


def test_the_qr_target_follows_the_phones_language(client, stop):
    step = client.get("/stops/314/", headers={"accept-language": "en-US,en;q=0.8"})
    assert step.status_code == 302 and step["Location"] == "/en/stops/314/"
    assert client.get(step["Location"])["Location"] == "/en/lang-minh-mang/cuu-dinh/"
    korean = client.get("/stops/314/", headers={"accept-language": "ko"})
    assert korean["Location"] == "/ko/stops/314/"


def test_pdf_poster_for_the_print_shop(client, stop):
    response = client.get("/stops/314/poster.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_unknown_code_or_format_is_404(client, stop):
    assert client.get("/stops/999/poster.png").status_code == 404
    assert client.get("/stops/314/poster.gif").status_code == 404
