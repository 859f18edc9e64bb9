"""Visitor reports: the photo loses its place unless shared, the reference is the only way in,
robots and floods are held off, and only the Operations group triages."""

import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from PIL import ExifTags, Image
from wagtail.users.models import UserProfile

from heritage_cms.core.factories import UserFactory
from heritage_cms.fieldreports import stats
from heritage_cms.fieldreports.models import Status, VisitorReport
from heritage_cms.fieldreports.photos import MAX_SIDE, PhotoRefused, clean_photo
from heritage_cms.fieldreports.roles import OPERATIONS
from heritage_cms.sites.models import Site

from .photo_fixtures import NGO_MON, exif_of, gps_of, phone_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English (the staff's and the server's default is vi)."""
    with translation.override("en"):
        yield


TEXT_VI = "Bia đá trước Hiển Lâm Các bị nứt một đường dài, có người trèo lên chụp ảnh."
TEXT_JA = "午門の近くで案内板の音声が再生されません。"
TEXT_KO = "태화전 앞에 쓰레기가 많이 있습니다."
TEXT_ZH = "显临阁前的石碑有一道裂缝。"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # the per-client counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def operations(db):
    """A triager who reads the admin in English (the staff default is Vietnamese)."""
    user = UserFactory(groups=[OPERATIONS])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def site(monument):
    site = Site.objects.create(code="LMM", capacity=500)
    monument.site = site
    monument.save()
    return site


def upload(data: bytes, name: str = "IMG_0412.JPG", kind: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=kind)


def send(client, language="vi", page=None, **fields):
    data = {"category": "relic_damage", "text": TEXT_VI, "contact": "", **fields}
    if page is not None:
        data["page"] = str(page.pk)
    return client.post(f"/{language}/report/", data)


# --- the photo ----------------------------------------------------------------------------------


def test_the_fixture_really_carries_gps_and_the_camera():
    original = phone_jpeg()
    assert gps_of(original)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert exif_of(original)[ExifTags.Base.Model] == "iPhone 15"


def test_a_photo_loses_every_tag_and_its_place_unless_shared():
    cleaned = clean_photo(upload(phone_jpeg()), keep_place=False)
    data = cleaned.file.read()
    assert gps_of(data) == {} and exif_of(data) == {}
    assert b"iPhone" not in data and b"F17ZX0H1N72Q" not in data
    assert cleaned.latitude is None and cleaned.longitude is None
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 1600)  # turned upright before the orientation tag went
        assert max(image.size) <= MAX_SIDE


def test_a_shared_place_keeps_the_gps_block_and_nothing_else():
    cleaned = clean_photo(upload(phone_jpeg()), keep_place=True)
    data = cleaned.file.read()
    assert float(cleaned.latitude) == pytest.approx(NGO_MON[0], abs=1e-4)
    assert float(cleaned.longitude) == pytest.approx(NGO_MON[1], abs=1e-4)
    assert gps_of(data)[ExifTags.GPS.GPSLongitudeRef] == "E"
    assert set(exif_of(data)) == {ExifTags.IFD.GPSInfo}
    assert b"iPhone" not in data and b"F17ZX0H1N72Q" not in data


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"GIF89a" + b"\x00" * 64, "anim.gif", "could not be read"),
        (b"%PDF-1.7\n" + b"x" * 200, "ve.pdf", "could not be read"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "broken.jpg", "could not be read"),
    ],
)
def test_what_is_not_a_photo_is_refused_in_one_sentence(data, name, message):
    with pytest.raises(PhotoRefused, match=message):
        clean_photo(upload(data, name), keep_place=False)


def test_a_gif_is_refused_by_its_format():
    out = io.BytesIO()
    Image.new("P", (40, 40)).save(out, "GIF")
    with pytest.raises(PhotoRefused, match="JPEG, PNG or WebP"):
        clean_photo(upload(out.getvalue(), "a.gif"), keep_place=False)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 MP in a few kilobytes
    assert len(out.getvalue()) < 200_000
    with pytest.raises(PhotoRefused, match=r"too many pixels|could not be read"):
        clean_photo(upload(out.getvalue(), "bomb.png", "image/png"), keep_place=False)


def test_an_oversized_file_is_refused_by_its_size():
    with pytest.raises(PhotoRefused, match="10 MB"):
        clean_photo(upload(b"\xff\xd8" + b"\x00" * (10 * 1024 * 1024 + 1)), keep_place=False)


# --- sending ------------------------------------------------------------------------------------


def test_a_report_with_a_photo_is_kept_privately_and_the_visitor_gets_a_reference(
    client, relic, site
):
    response = send(client, page=relic, photo=upload(phone_jpeg()), contact="lan@example.vn")
    assert response.status_code == 302
    report = VisitorReport.objects.get()
    assert response["Location"] == f"/vi/report/{report.reference}/"
    assert re.fullmatch(r"[A-HJ-KM-NP-Z2-9]{20}", report.reference)
    assert (report.page_id, report.site, report.language) == (relic.pk, site, "vi")
    assert report.status == Status.NEW and report.text == TEXT_VI
    # In the private storage, under a random name, with no GPS IFD and no other tag.
    assert storages["private"].exists(report.photo.name)
    assert not default_storage.exists(report.photo.name)
    assert "IMG_0412" not in report.photo.name
    with report.photo.open("rb") as stored:
        data = stored.read()
    assert gps_of(data) == {} and exif_of(data) == {}
    assert report.photo_latitude is None

    status = client.get(response["Location"])
    body = status.content.decode()
    assert status.status_code == 200
    assert '<html lang="vi">' in body and TEXT_VI in body and report.reference in body
    assert status["Referrer-Policy"] == "same-origin" and "no-store" in status["Cache-Control"]
    assert "noindex" in status["X-Robots-Tag"]


@pytest.mark.parametrize(
    ("language", "text"), [("ja", TEXT_JA), ("ko", TEXT_KO), ("zh-hans", TEXT_ZH)]
)
def test_reports_in_every_script_come_back_as_written(client, language, text):
    response = send(client, language=language, text=text, category="sign_or_audio")
    report = VisitorReport.objects.get()
    assert report.language == language and report.text == text
    page = client.get(response["Location"])
    assert f'<html lang="{language}">' in page.content.decode()
    assert text in page.content.decode()


def test_the_form_names_the_stop_it_was_opened_from(client, relic):
    page = client.get(f"/en/report/?page={relic.pk}")
    assert page.status_code == 200 and "Cửu Đỉnh" in page.content.decode()
    assert client.get("/en/report/?page=999999999").status_code == 200  # unknown: just no name


def test_a_bad_photo_keeps_what_was_typed_and_says_why(client):
    response = send(client, "en", photo=upload(b"not a photo at all", "note.txt", "text/plain"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "could not be read as a photo" in body and TEXT_VI in body
    assert not VisitorReport.objects.exists()


def test_the_honeypot_stores_nothing(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert not VisitorReport.objects.exists()


def test_a_flood_from_one_client_is_held_off_but_not_its_neighbour(client):
    for _ in range(10):
        assert send(client).status_code == 302
    refused = send(client)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert VisitorReport.objects.count() == 10


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_limit_is_per_visitor_behind_the_proxy(client):
    for _ in range(10):
        client.post(
            "/vi/report/",
            {"category": "litter", "text": TEXT_VI},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    over = client.post(
        "/vi/report/", {"category": "litter", "text": TEXT_VI}, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    other = client.post(
        "/vi/report/", {"category": "litter", "text": TEXT_VI}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert (over.status_code, other.status_code) == (429, 302)


def test_a_wrong_or_malformed_reference_finds_nothing(client):
    send(client)
    reference = VisitorReport.objects.get().reference
    assert client.get(f"/vi/report/{reference}/").status_code == 200
    assert client.get(f"/vi/report/{reference.lower()}/").status_code == 404
    assert client.get(f"/vi/report/{reference[:-1]}/").status_code == 404
    assert client.get("/vi/report/AAAAAAAAAAAAAAAAAAAA/").status_code == 404
    assert client.get("/vi/report/../../etc/passwd/").status_code == 404
    assert client.get("/vi/report/" + "A" * 300 + "/").status_code == 404


# --- triage -------------------------------------------------------------------------------------


def test_the_operations_group_holds_the_triage_permission_from_the_migration(operations):
    assert operations.has_perm("fieldreports.triage_visitorreport")
    assert operations.has_perm("wagtailadmin.access_admin")


def _edit(client, report, **fields):
    data = {"status": report.status, "assignee": "", "staff_reply": report.staff_reply, **fields}
    return client.post(reverse("visitor_reports:edit", args=[report.pk]), data)


def test_triage_answers_the_visitor_and_times_the_answer(client, operations, relic, site):
    send(client, language="en", page=relic, text="The stele's crack is getting longer.")
    report = VisitorReport.objects.get()
    visitor_page = f"/en/report/{report.reference}/"
    client.force_login(operations)

    listing = client.get(reverse("visitor_reports:index"))
    assert listing.status_code == 200 and "Damage to a relic" in listing.content.decode()
    assert client.get(reverse("visitor_reports:edit", args=[report.pk])).status_code == 200

    reply = "Cảm ơn anh/chị. Tổ bảo tồn sẽ kiểm tra tấm bia vào sáng mai."
    response = _edit(
        client, report, status="in_progress", assignee=str(operations.pk), staff_reply=reply
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.first_response_at is not None and report.resolved_at is None
    assert report.assignee == operations

    response = _edit(client, report, status="resolved")
    report.refresh_from_db()
    assert report.status == Status.RESOLVED and report.resolved_at >= report.first_response_at

    client.logout()
    page = client.get(visitor_page).content.decode()
    assert reply in page and "Resolved" in page


def test_a_handled_report_does_not_become_new_and_a_rejection_says_why(client, operations):
    send(client)
    report = VisitorReport.objects.get()
    client.force_login(operations)
    assert _edit(client, report, status="in_progress").status_code == 302
    report.refresh_from_db()
    assert _edit(client, report, status="new").status_code == 200  # the form again, with errors
    assert _edit(client, report, status="rejected").status_code == 200
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS


def test_only_triagers_are_offered_as_assignees(client, operations, curator):
    send(client)
    report = VisitorReport.objects.get()
    client.force_login(operations)
    response = _edit(client, report, assignee=str(curator.pk))
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.assignee is None


def test_staff_outside_operations_see_no_report(client, curator):
    send(client, photo=upload(phone_jpeg()))
    report = VisitorReport.objects.get()
    client.force_login(curator)
    for url in (
        reverse("visitor_reports:index"),
        reverse("visitor_reports:edit", args=[report.pk]),
        reverse("fieldreports_photo", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert TEXT_VI not in response.content.decode()


def test_the_photo_reaches_triagers_only_through_the_admin(client, operations):
    send(client, photo=upload(phone_jpeg()))
    report = VisitorReport.objects.get()
    assert client.get(reverse("fieldreports_photo", args=[report.pk])).status_code == 302
    client.force_login(operations)
    response = client.get(reverse("fieldreports_photo", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert gps_of(b"".join(response.streaming_content)) == {}
    assert "no-store" in response["Cache-Control"]


def test_nobody_adds_or_deletes_a_report_in_the_admin(client, operations):
    send(client)
    report = VisitorReport.objects.get()
    client.force_login(operations)
    assert client.get("/admin/visitor-reports/new/").status_code in (302, 403, 404)
    assert client.post(reverse("visitor_reports:delete", args=[report.pk])).status_code in (
        302,
        403,
    )
    assert VisitorReport.objects.filter(pk=report.pk).exists()


# --- the board's numbers ------------------------------------------------------------------------


def test_open_counts_per_monument_and_response_times(client, relic, site, home):
    for _ in range(3):
        send(client, page=relic)
    send(client, page=home)  # no monument
    _first, second, third = VisitorReport.objects.filter(site=site).order_by("pk")
    second.status = Status.IN_PROGRESS
    second.save()
    third.staff_reply = "Đã dọn sạch."
    third.status = Status.RESOLVED
    third.save()
    counts = stats.open_counts()
    assert counts[site.pk]["new"] == 1 and counts[site.pk]["in_progress"] == 1
    assert counts[None]["new"] == 1
    assert stats.open_counts([site]) == {site.pk: counts[site.pk]}
    times = stats.response_times(timezone.now() - timedelta(hours=1))
    assert times["first_response"] >= timedelta(0) and times["resolution"] >= timedelta(0)
