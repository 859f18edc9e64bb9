"""The demo seed: real Huế content in two languages, and a second run changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, TranslationSource

from heritage_cms.collection.models import Model3D, RelicPage
from heritage_cms.collection.tasks import process_model_3d
from heritage_cms.demo import content
from heritage_cms.sites.models import MonumentPage
from heritage_cms.tours.models import TourPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("pk", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "sources": TranslationSource.objects.count(),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--no-admin", verbosity=0)


def test_seed_builds_the_huế_monuments_in_vietnamese_and_english(client, seeded):
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    expected_monuments = {monument.title.vi for monument in content.MONUMENTS}
    assert expected_monuments >= {"Đại Nội Huế", "Chùa Thiên Mụ"}
    assert set(MonumentPage.objects.filter(locale=vi).values_list("title", flat=True)) == (
        expected_monuments
    )
    assert RelicPage.objects.filter(locale=en, alias_of__isnull=True).count() == sum(
        len(monument.relics) for monument in content.MONUMENTS
    )
    urns = RelicPage.objects.get(locale=vi, slug="cuu-dinh")
    assert "1835" in urns.date_made and urns.dynasty
    assert TourPage.objects.filter(locale=vi).count() == len(content.TOURS)

    page = client.get("/en/dai-noi/cuu-dinh/")
    assert page.status_code == 200
    assert "Nine Dynastic Urns" in page.content.decode()
    assert client.get("/vi/dai-noi/cuu-dinh/").status_code == 200


def test_english_is_a_complete_wagtail_localize_translation(seeded):
    en = Locale.objects.get(language_code="en")
    for source in TranslationSource.objects.all():
        segments = StringSegment.objects.filter(source=source).annotate_translation(en)
        missing = [
            s.string.data for s in segments if not s.translation and s.context.path != "slug"
        ]
        assert not missing, f"{source.object_repr}: untranslated {missing[:3]}"


def test_other_locales_show_english_until_translated(client, seeded):
    response = client.get("/ja/dai-noi/")
    assert response.status_code == 200
    english_title = next(m.title.en for m in content.MONUMENTS if m.slug == "dai-noi")
    assert f"<h1>{english_title}</h1>" in response.content.decode()


def test_a_stop_code_from_the_demo_tour_opens_its_page(client, seeded):
    stop = content.TOURS[0].stops[0]
    response = client.get(f"/en/stops/{stop.stop_code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/") and stop.target in response["Location"]


def test_running_the_seed_twice_changes_nothing(seeded):
    before = snapshot()
    call_command("seed_demo", "--no-admin", verbosity=0)
    assert snapshot() == before


def test_the_seed_leaves_a_curators_edit_alone(seeded):
    urns = RelicPage.objects.get(locale__language_code="vi", slug="cuu-dinh")
    urns.summary = "Tóm tắt do người phụ trách viết lại."
    urns.save_revision().publish()
    call_command("seed_demo", "--no-admin", verbosity=0)
    urns.refresh_from_db()
    assert urns.summary == "Tóm tắt do người phụ trách viết lại."


def test_demo_content_is_well_formed():
    slugs = [m.slug for m in content.MONUMENTS] + [
        r.slug for m in content.MONUMENTS for r in m.relics
    ]
    assert len(slugs) == len(set(slugs))
    codes = [stop.stop_code for tour in content.TOURS for stop in tour.stops]
    assert len(codes) == len(set(codes))
    assert {stop.target for tour in content.TOURS for stop in tour.stops} <= set(slugs)


def test_demo_login_is_announced_only_while_it_works(db):
    from heritage_cms.demo.seed import demo_admin_is_active, ensure_demo_admin

    assert not demo_admin_is_active()
    username, password, created = ensure_demo_admin()
    assert created and demo_admin_is_active()
    user = get_user_model().objects.get(username=username)
    user.set_password("a-real-password-chosen-by-staff")
    user.save()
    assert not demo_admin_is_active(), "never print a password that no longer works"
    assert password not in user.password


def test_two_relics_get_illustrative_models_with_points_of_interest(client, seeded):
    # The seed queued them; the worker's job is run here (the audio guides it also queued are not).
    for model in Model3D.objects.all():
        process_model_3d.call(model.pk, model.source_sha256)
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    for slug, spots in (("cuu-dinh", 3), ("cuu-vi-than-cong", 2)):
        relic = RelicPage.objects.get(locale=vi, slug=slug)
        model = relic.model_3d
        assert model is not None and model.status == "done", (slug, model and model.message)
        assert {"thumb", "low", "poster"} <= set(model.derivatives)
        assert relic.hotspots.count() == spots
        english = relic.get_translation(en)
        assert english.model_3d_id == model.pk
        labels = list(english.hotspots.values_list("label", flat=True))
        assert len(labels) == spots and ("The muzzle" in labels or "The handles" in labels)
        # Positions were snapped to the generated surface, which the pipeline leaves in place.
        height = model.report["measurements"]["height_cm"] / 100
        for spot in relic.hotspots.all():
            y = float(spot.position.split()[1])
            assert 0 <= y <= height + 0.01
    page = client.get("/en/dai-noi/cuu-dinh/").content.decode()
    assert "<model-viewer" in page and "The cast reliefs" in page


def test_seed_demo_forced_under_production_settings_warns_and_seeds(db, settings):
    """The production settings set DEMO_CONTENT_ALLOWED = False (the refusal itself is tested
    under those settings in test_deployment.py); --force runs it anyway, saying what it left."""
    from io import StringIO

    from django.core.management.base import CommandError

    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.exists() and not MonumentPage.objects.exists()

    out, err = StringIO(), StringIO()
    call_command("seed_demo", "--force", stdout=out, stderr=err)
    assert "Forced under the production settings" in err.getvalue()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert MonumentPage.objects.exists()
