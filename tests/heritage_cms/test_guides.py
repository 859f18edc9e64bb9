"""Audio guides in the CMS: publishing makes exactly the changed languages speak again."""

import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.models import Locale

from heritage_cms.core import generation
from heritage_cms.core.translation import translate_page
from heritage_cms.guides.models import AudioGuide

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("espeak-ng") and shutil.which("ffmpeg")),
        reason="needs espeak-ng and ffmpeg: sudo make system-packages",
    ),
]

VI_TEXT = "Cửu Đỉnh là chín chiếc đỉnh đồng đúc dưới triều Minh Mạng."
EN_TEXT = "The Nine Dynastic Urns were cast in bronze under Emperor Minh Mạng."


def queued(callbacks):
    """The after-commit callbacks that queue work (not the content generation's second bump)."""
    return [callback for callback in callbacks if callback is not generation.bump_now]


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page and run what publishing queued (tasks run in-process in tests)."""

    def _publish(page, **changes):
        for name, value in changes.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            page.save_revision().publish()
        return len(queued(callbacks))

    return _publish


def test_publishing_a_relic_makes_its_guide(publish, relic):
    publish(relic, guide_text=VI_TEXT)
    guide = AudioGuide.objects.get(page=relic)
    assert guide.status == "done", guide.message
    assert guide.engine == "espeak" and guide.voice == "vi-VN-x-central"
    assert guide.duration_s > 2 and -17.5 < guide.integrated_lufs < -15
    assert guide.audio.name.startswith("guides/") and guide.audio.name.endswith(".mp3")


def test_republishing_unchanged_text_synthesises_nothing(publish, relic):
    publish(relic, guide_text=VI_TEXT)
    before = AudioGuide.objects.get(page=relic)
    assert publish(relic, title="Cửu Đỉnh (sửa tiêu đề)") == 0, "no task queued"
    after = AudioGuide.objects.get(page=relic)
    assert (after.requested_at, after.processed_at) == (before.requested_at, before.processed_at)


def test_only_the_language_whose_text_changed_is_regenerated(publish, relic, en):
    publish(relic, guide_text=VI_TEXT)
    translate_page(relic.get_parent().get_parent(), en, {})
    translate_page(relic.get_parent(), en, {})
    english = translate_page(relic, en, {VI_TEXT: EN_TEXT}, publish=False)
    publish(english)  # the translator publishes the English page
    vi_guide = AudioGuide.objects.get(page=relic)
    en_guide = AudioGuide.objects.get(page=english)
    assert en_guide.status == "done" and en_guide.transcript == EN_TEXT
    vi_processed = vi_guide.processed_at

    publish(english, guide_text=EN_TEXT + " They stand before the Thế Miếu temple.")
    assert AudioGuide.objects.get(page=relic).processed_at == vi_processed
    assert "Thế Miếu" in AudioGuide.objects.get(page=english).transcript


def test_a_text_the_engine_cannot_read_fails_with_a_reason(publish, relic):
    japanese = Locale.objects.get(language_code="ja")
    translate_page(relic.get_parent().get_parent(), japanese, {})
    translate_page(relic.get_parent(), japanese, {})
    page = translate_page(relic, japanese, {})
    publish(page, guide_text="九つの王朝の鼎は明命帝の時代に鋳造されました。")
    guide = AudioGuide.objects.get(page=page)
    assert guide.status == "failed" and guide.reason == "script_not_supported"
    assert guide.message  # a sentence for the curator


def test_the_relic_page_plays_the_guide_with_its_transcript(client, publish, relic):
    publish(relic, guide_text=VI_TEXT)
    html = client.get(relic.url).content.decode()
    guide = AudioGuide.objects.get(page=relic)
    assert f'<audio controls preload="none" src="{guide.audio.url}"' in html
    assert VI_TEXT in html


def test_guides_are_served_with_byte_ranges_and_cached_for_a_year(client, publish, relic):
    publish(relic, guide_text=VI_TEXT)
    url = AudioGuide.objects.get(page=relic).audio.url
    whole = client.get(url)
    body = b"".join(whole.streaming_content)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert "immutable" in whole["Cache-Control"]
    part = client.get(url, headers={"range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(body)}"
    assert b"".join(part.streaming_content) == body[100:200]
    tail = client.get(url, headers={"range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == body[-10:]
    beyond = client.get(url, headers={"range": f"bytes={len(body) + 5}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(body)}"


def test_a_curators_recording_replaces_the_synthetic_voice(
    client, superuser, publish, relic, tmp_path, django_capture_on_commit_callbacks
):
    publish(relic, guide_text=VI_TEXT)
    guide = AudioGuide.objects.get(page=relic)
    wav = tmp_path / "recording.wav"
    tone = ["-f", "lavfi", "-i", "sine=frequency=220:duration=3"]
    subprocess.run(["ffmpeg", "-loglevel", "error", *tone, str(wav)], check=True)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/guides/audioguide/edit/{guide.pk}/",
            {"recording": SimpleUploadedFile("recording.wav", wav.read_bytes(), "audio/wav")},
        )
    assert response.status_code == 302, response.content.decode()[:1000]
    guide.refresh_from_db()
    assert guide.recording.name.startswith("guides/recordings/")
    assert (guide.status, guide.engine) == ("done", "recording")
    assert 2.5 < guide.duration_s < 3.5


def test_forcing_a_regeneration_from_the_admin(
    client, superuser, publish, relic, django_capture_on_commit_callbacks
):
    publish(relic, guide_text=VI_TEXT)
    first = AudioGuide.objects.get(page=relic).requested_at
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            f"/admin/snippets/guides/audioguide/edit/{relic.audio_guide.pk}/", {"reprocess": "on"}
        )
    assert len(queued(callbacks)) == 1
    assert AudioGuide.objects.get(page=relic).requested_at > first


def test_the_admin_lists_guides_with_their_status(client, superuser, publish, relic):
    publish(relic, guide_text=VI_TEXT)
    client.force_login(superuser)
    html = client.get("/admin/snippets/guides/audioguide/").content.decode()
    assert relic.title in html and "Done" in html


def test_a_corrupt_recording_fails_clearly_and_nothing_half_made_is_done(
    client, superuser, publish, relic, django_capture_on_commit_callbacks
):
    publish(relic, guide_text=VI_TEXT)
    client.force_login(superuser)
    guide = AudioGuide.objects.get(page=relic)
    garbage = SimpleUploadedFile("recording.mp3", b"ID3 this is not audio at all", "audio/mpeg")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/snippets/guides/audioguide/edit/{guide.pk}/", {"recording": garbage})
    guide.refresh_from_db()
    assert (guide.status, guide.reason) == ("failed", "corrupt_recording")
    assert guide.message


def test_a_page_without_guide_text_gets_no_guide(publish, monument):
    publish(monument, guide_text="   ")
    assert not AudioGuide.objects.filter(page=monument).exists()


def test_a_tour_page_plays_each_stops_guide(client, publish, home, relic):
    from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

    publish(relic, guide_text=VI_TEXT)
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=relic, stop_code="150")
    html = client.get(tour.url).content.decode()
    assert f'src="{AudioGuide.objects.get(page=relic).audio.url}"' in html
    assert f'aria-label="Thuyết minh tự động: {relic.title}"' in html


def test_raw_recordings_are_not_served_to_visitors(client, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("guides/recordings/voice.wav", ContentFile(b"RIFF...."))
    assert client.get(f"/media/{name}").status_code == 404
    scan = default_storage.save("scans/urn.zip", ContentFile(b"PK...."))
    assert client.get(f"/media/{scan}").status_code == 404


@override_settings(VISITOR_PAGE_CACHE_SECONDS=60)
def test_saving_a_guide_empties_the_visitor_page_cache(client, relic):
    """A guide changes the relic page without a page revision: the cache must not outlive it."""
    from django.core.cache import cache

    cache.clear()
    assert [client.get(relic.url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    AudioGuide.objects.create(page=relic, transcript=VI_TEXT, text_hash="x")
    assert client.get(relic.url)["X-Page-Cache"] == "miss"
