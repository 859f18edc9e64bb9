"""A monument is one Site row in every language: its pages, gates and tickets point to it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from heritage_cms.core.money import VND
from heritage_cms.sites.factories import MonumentFareFactory, MonumentPageFactory, SiteFactory
from heritage_cms.sites.models import Site

pytestmark = pytest.mark.django_db


def test_every_translation_of_a_monument_points_to_the_same_site_and_names_it(monument, en):
    monument.site = SiteFactory(code="lang-minh-mang", capacity=300)
    monument.save()
    english = monument.copy_for_translation(en, copy_parents=True)
    english.title = "Minh Mang's Tomb"
    english.save()
    site = Site.objects.get(code="lang-minh-mang")
    assert set(site.monument_pages.values_list("locale__language_code", flat=True)) == {"vi", "en"}
    with translation.override("en"):
        assert site.name == "Minh Mang's Tomb"
    with translation.override("fr"):  # not translated yet: the source's title
        assert site.name == "Lăng Minh Mạng"
    assert site.monument.pk == monument.pk


def test_two_monuments_cannot_share_a_site(home, monument):
    monument.site = SiteFactory(code="lang-minh-mang")
    monument.save()
    with pytest.raises(ValidationError) as raised:
        MonumentPageFactory(parent=home, site=monument.site)
    assert "site" in raised.value.message_dict


def test_moderators_add_and_change_sites_and_curators_only_see_them(client, curator, moderator):
    client.force_login(curator)
    assert client.get("/admin/snippets/heritage_sites/site/").status_code == 200
    refused = client.post("/admin/snippets/heritage_sites/site/add/", {"code": "dai-noi"})
    assert refused.status_code in (302, 403) and not Site.objects.exists()
    client.force_login(moderator)
    client.post("/admin/snippets/heritage_sites/site/add/", {"code": "dai-noi", "capacity": "800"})
    assert Site.objects.get().capacity == 800


def test_a_fare_is_edited_as_the_number_it_is_and_kept_as_vnd(client, superuser, monument):
    MonumentFareFactory(page=monument, price_vnd=150_000)
    monument.save_revision()
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{monument.pk}/edit/").content.decode()
    assert 'value="150000"' in html and "150.000 ₫" not in html
    assert monument.get_latest_revision_as_object().fares.get().price_vnd == VND(150_000)
