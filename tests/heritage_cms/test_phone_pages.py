"""The server's half of a phone that never dead-ends: the offline page in every language and in
the service worker's precache, the tile server from the setting, no ticket where entry is free,
image alt text from the page's language rather than the image's Vietnamese title."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from heritage_cms.cards.factories import ProductFactory
from heritage_cms.sites.factories import MonumentFareFactory, SiteFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\xa5\x8f\xf3"
    b"\x1c\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize("lang", ["vi", "en", "ja", "ko", "zh-hans"])
def test_the_offline_page_speaks_the_visitors_language_and_leads_home(client, home, lang):
    answer = client.get(f"/{lang}/offline/")
    assert answer.status_code == 200 and answer["X-Robots-Tag"] == "noindex"
    html = answer.content.decode()
    assert f'<html lang="{lang}">' in html
    assert "data-offline-list" in html and f'href="/{lang}/"' in html


def test_the_service_worker_precaches_the_offline_page_of_every_language(client, home):
    body = client.get("/sw.js").content.decode()
    config = json.loads(re.match(r"self\.HERITAGE = (\{.*?\});\n", body).group(1))
    assert config["offlinePages"] == {
        code: f"/{code}/offline/" for code in ("vi", "en", "fr", "zh-hans", "ja", "ko")
    }


def test_the_map_asks_the_configured_tile_server_and_the_policy_allows_it(
    client, home, monument, settings
):
    page = client.get(monument.url)
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page.content.decode()
    assert (
        "img-src 'self' data: blob: https://tile.openstreetmap.org"
        in page["Content-Security-Policy"]
    )
    settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"  # a tile server on the same host
    assert 'data-tiles="/tiles/{z}/{x}/{y}.png"' in client.get("/vi/").content.decode()


def test_a_monument_with_free_entry_offers_no_ticket(client, home, monument):
    page = client.get(monument.url).content.decode()
    assert "Mua vé" not in page and "Buy a ticket" not in page and 'class="free-entry"' in page
    MonumentFareFactory(page=monument, visitor="Người lớn", price_vnd=200_000)
    page = client.get(monument.url).content.decode()
    assert 'class="free-entry"' not in page and ("Mua vé" in page or "Buy a ticket" in page)


def test_a_ticket_on_sale_for_the_site_is_offered_even_before_fares_are_listed(
    client, home, monument
):
    monument.site = SiteFactory(code="dai-noi")
    monument.save()
    ProductFactory(sites=["dai-noi"])
    assert 'class="free-entry"' not in client.get(monument.url).content.decode()


def test_gallery_alt_text_comes_from_the_pages_caption_not_the_images_title(
    client, home, monument, en
):
    image = get_image_model().objects.create(
        title="anh-lang-minh-mang-cong.png", file=SimpleUploadedFile("cong.png", PNG)
    )
    monument.gallery_images.create(image=image, caption="", locale=monument.locale)
    english = monument.copy_for_translation(en, copy_parents=True)
    english.title = "Tomb of Minh Mạng"
    english.save_revision().publish()
    untitled = client.get(english.url).content.decode()
    assert 'alt="Tomb of Minh Mạng"' in untitled, "no caption: the page's own title"
    english.gallery_images.update(caption="The Hiển Đức gate at dawn")
    html = client.get(english.url).content.decode()
    assert 'alt="The Hiển Đức gate at dawn"' in html
    assert "anh-lang-minh-mang" not in html + untitled
