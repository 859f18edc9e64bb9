"""Curators and moderators look after 3D models, points of interest and audio guides; nobody else.

Each test logs in as a user who is only in the group concerned."""

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset

from heritage_cms.collection.models import Model3D
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS, FINANCE, MODERATORS, TRANSLATORS
from heritage_cms.guides.models import AudioGuide

from .test_permissions import relic_form

pytestmark = pytest.mark.django_db

BOX = Path("/usr/share/assimp/models/glTF2/BoxTextured-glTF-Binary/BoxTextured.glb")
MODELS = "/admin/snippets/collection/model3d/"
CHOOSER = "/admin/snippets/choose/collection/model3d/"
GUIDES = "/admin/snippets/guides/audioguide/"


@pytest.fixture
def box_glb() -> bytes:
    if not BOX.exists():
        pytest.skip(f"needs Debian's assimp-testmodels for {BOX}: make system-packages")
    return BOX.read_bytes()


@pytest.fixture
def guide(relic):
    return AudioGuide.objects.create(page=relic, transcript="Cửu Đỉnh", text_hash="x")


@pytest.mark.parametrize("role", [CURATORS, MODERATORS])
def test_curators_and_moderators_upload_a_model_and_see_it_processed(
    client, box_glb, role, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=[role]))
    assert client.get(MODELS).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{MODELS}add/",
            {
                "title": "Hộp",
                "units": "m",
                "up_axis": "y",
                "source": SimpleUploadedFile("box.glb", box_glb),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    model = Model3D.objects.get(title="Hộp")
    assert model.status == "done", model.message
    assert model.viewer_url.endswith(".glb")
    first = model.requested_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{MODELS}edit/{model.pk}/",
            {"title": "Hộp", "units": "m", "up_axis": "y", "reprocess": "on"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    model.refresh_from_db()
    assert model.requested_at > first and model.status == "done"


def test_the_model_chooser_offers_a_curator_an_upload(
    client, curator, box_glb, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    modal = client.get(CHOOSER).json()["html"]
    assert "data-chooser-modal-creation-form" in modal and 'name="source"' in modal
    with django_capture_on_commit_callbacks(execute=True):
        chosen = client.post(
            f"{CHOOSER}create/",
            {
                "title": "Hộp",
                "units": "auto",
                "up_axis": "auto",
                "source": SimpleUploadedFile("box.glb", box_glb),
            },
        ).json()
    assert chosen["step"] == "chosen", chosen
    model = Model3D.objects.get(pk=chosen["result"]["id"])
    assert model.status == "done", model.message


def test_a_curator_places_a_point_of_interest_on_a_relic(client, curator, relic):
    model = Model3D.objects.create(title="Đỉnh", source="scans/dinh.glb")
    client.force_login(curator)
    point = {"label": "Rồng", "note": "Hình rồng", "position": "0 0.4 0.4", "normal": "0 0 1"}
    response = client.post(
        f"/admin/pages/{relic.pk}/edit/",
        relic_form(relic, model_3d=str(model.pk), hotspots=inline_formset([point])),
    )
    assert response.status_code == 302
    relic.refresh_from_db()
    draft = relic.get_latest_revision_as_object()
    assert draft.model_3d == model
    assert [(h.label, h.position) for h in draft.hotspots.all()] == [("Rồng", "0 0.4 0.4")]


def test_a_curator_regenerates_the_guide_of_a_page_they_may_edit(client, curator, guide):
    client.force_login(curator)
    assert client.get(GUIDES).status_code == 200
    assert client.get(f"{GUIDES}edit/{guide.pk}/").status_code == 200


def test_guide_rights_without_the_page_are_not_enough(client, guide):
    """A group with the guide permissions but no right over the guide's page is refused."""
    group = Group.objects.create(name="Guide editors without pages")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "change_audioguide", "view_audioguide"]
        )
    )
    client.force_login(UserFactory(groups=[group.name]))
    assert client.get(GUIDES).status_code == 200
    assert client.get(f"{GUIDES}edit/{guide.pk}/").status_code in (302, 403)
    response = client.post(f"{GUIDES}edit/{guide.pk}/", {"reprocess": "on"})
    assert response.status_code in (302, 403)
    assert AudioGuide.objects.get().requested_at == guide.requested_at


@pytest.mark.parametrize("role", [TRANSLATORS, FINANCE])
def test_translators_and_finance_are_refused_models_and_guides(client, role, guide):
    model = Model3D.objects.create(title="Đỉnh", source="scans/dinh.glb")
    client.force_login(UserFactory(groups=[role]))
    for url in (
        MODELS,
        f"{MODELS}add/",
        f"{MODELS}edit/{model.pk}/",
        CHOOSER,
        f"{CHOOSER}create/",
        GUIDES,
        f"{GUIDES}add/",
        f"{GUIDES}edit/{guide.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 403 or (
            response.status_code == 302 and response["Location"] == "/admin/"
        ), (url, response.status_code)
    assert client.post(f"{MODELS}edit/{model.pk}/", {"title": "x"}).status_code in (302, 403)
    assert Model3D.objects.get().title == "Đỉnh"


def _recording(tmp_path) -> SimpleUploadedFile:
    """Three seconds of a real WAV file, as a curator's recorder would give."""
    wav = tmp_path / "giong-doc.wav"
    tone = ["-f", "lavfi", "-i", "sine=frequency=220:duration=3"]
    subprocess.run(["ffmpeg", "-loglevel", "error", *tone, str(wav)], check=True)
    return SimpleUploadedFile("giọng đọc.wav", wav.read_bytes(), "audio/wav")


def test_a_curator_adds_a_recorded_guide_to_a_page_without_one(
    client, curator, relic, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    form = client.get(f"{GUIDES}add/").content.decode()
    assert 'name="page"' in form and 'name="recording"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{GUIDES}add/", {"page": relic.pk, "recording": _recording(tmp_path)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = AudioGuide.objects.get(page=relic)
    assert (guide.status, guide.engine) == ("done", "recording"), guide.reason
    assert 2.5 < guide.duration_s < 3.5


def test_adding_a_guide_says_why_it_cannot(client, curator, relic, guide, monument, tmp_path):
    client.force_login(curator)

    def errors(data) -> list[str]:
        response = client.post(f"{GUIDES}add/", data)
        assert response.status_code == 200  # the form again, with the reason
        return [
            code
            for error in response.context["form"].errors.as_data().values()
            for code in (e.code for e in error)
        ]

    assert errors({"page": relic.pk, "recording": _recording(tmp_path)}) == ["has_guide"]
    assert errors({"page": monument.pk}) == ["no_text"]
    assert errors({"page": monument.get_parent().pk}) == ["not_spoken"]
    assert AudioGuide.objects.count() == 1
