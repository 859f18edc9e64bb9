"""Absolute links given away (sitemap, API, open data) use the public address from BASE_URL."""

import re

import pytest
from django.core.management import call_command
from wagtail.models import Site

from heritage_cms.core.siteaddress import sync_default_site

pytestmark = pytest.mark.django_db
PUBLIC = "https://heritage.example.org"


@pytest.fixture
def deployed(settings, home, monument, relic):
    """An installation whose operator set BASE_URL, after its next ``migrate``."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("migrate", verbosity=0)
    return relic


def test_migrate_points_the_default_site_at_base_url(deployed):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("heritage.example.org", 443)
    assert site.root_url == PUBLIC


def test_sitemap_open_data_and_api_link_to_the_public_address(client, deployed):
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(f"{PUBLIC}/") for loc in locations), locations

    graph = client.get("/open-data/collection.jsonld", {"locale": "vi"}).json()["@graph"]
    (artwork,) = [node for node in graph if node["@type"] == "VisualArtwork"]
    assert artwork["@id"] == artwork["url"] == f"{PUBLIC}/vi/lang-minh-mang/cuu-dinh/"

    detail = client.get(f"/api/v2/pages/{deployed.pk}/").json()
    assert detail["meta"]["html_url"] == f"{PUBLIC}/vi/lang-minh-mang/cuu-dinh/"
    assert "localhost" not in sitemap + str(graph) + str(detail["meta"]["html_url"])


def test_syncing_again_changes_nothing(deployed):
    before = Site.objects.values().get(is_default_site=True)
    assert sync_default_site() is False
    call_command("migrate", verbosity=0)
    assert Site.objects.values().get(is_default_site=True) == before


def test_a_port_in_base_url_is_kept(settings, home):
    settings.WAGTAILADMIN_BASE_URL = "http://cms.internal.example.org:8080/"
    assert sync_default_site() is True
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://cms.internal.example.org:8080"


def test_another_site_on_that_address_is_left_alone(settings, home):
    Site.objects.create(hostname="heritage.example.org", port=443, root_page=home)
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    assert sync_default_site() is False
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
