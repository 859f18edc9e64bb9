"""Raw uploads and protected documents never leave through the public media URL."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from heritage_cms.collection.models3d import Model3D
from heritage_cms.core.storage import move_uploads_to_private
from heritage_cms.guides.models import AudioGuide

pytestmark = pytest.mark.django_db

PATH_TRICKS = [
    "/media/{name}",
    "/media/./{name}",
    "/media/models/../{name}",
    "/media/%2e/{name}",
    "/media/%2E/{name}",
    "/media/models/%2e%2e/{name}",
    "/media//{name}",
    "/media/{double_slash}",
]


def _tricks(name: str) -> list[str]:
    folder, _, file = name.rpartition("/")
    double_slash = folder.replace("/", "//") + "//" + file
    return [trick.format(name=name, double_slash=double_slash) for trick in PATH_TRICKS]


def test_a_scan_goes_to_private_storage_under_a_random_name():
    model = Model3D(title="Cửu Đỉnh")
    model.source.save("cuu-dinh-scan.glb", ContentFile(b"glTF...."), save=False)
    # The field took the private storage when models loaded; a test that changed STATIC_ROOT
    # since may have rebuilt the storages, so compare what it is, not which instance.
    private = storages["private"]
    assert (type(model.source.storage), model.source.storage.location) == (
        type(private),
        private.location,
    )
    assert model.source.name.startswith("scans/") and model.source.name.endswith(".glb")
    assert "cuu-dinh" not in model.source.name
    assert storages["private"].exists(model.source.name)
    assert not default_storage.exists(model.source.name)
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize("folder", ["scans", "guides/recordings"])
def test_no_path_trick_reaches_a_raw_upload(client, folder):
    """Neither the private storage nor a file left in public media under a raw folder."""
    private = storages["private"].save(f"{folder}/urn.wav", ContentFile(b"RIFF...."))
    left_over = default_storage.save(f"{folder}/voice.wav", ContentFile(b"RIFF...."))
    for name in (private, left_over):
        for url in _tricks(name):
            assert client.get(url).status_code == 404, url


def test_published_media_is_still_served(client):
    name = default_storage.save("models/abc/low.glb", ContentFile(b"glTF...."))
    assert client.get(f"/media/{name}").status_code == 200
    assert client.get(f"/media/./{name}").status_code == 200


def test_files_uploaded_before_move_to_private_storage(relic):
    scan_name = default_storage.save("scans/urn.glb", ContentFile(b"glTF...."))
    voice_name = default_storage.save("guides/recordings/voice.wav", ContentFile(b"RIFF"))
    model = Model3D.objects.create(title="Urn", source=scan_name, source_sha256="0" * 64)
    guide = AudioGuide.objects.create(page=relic, recording=voice_name)

    assert move_uploads_to_private(Model3D, "source", "scans") == 1
    assert move_uploads_to_private(AudioGuide, "recording", "guides/recordings") == 1
    assert move_uploads_to_private(Model3D, "source", "scans") == 0, "idempotent"

    model.refresh_from_db()
    guide.refresh_from_db()
    assert model.source.name != scan_name and model.source.read() == b"glTF...."
    assert guide.recording.name.startswith("guides/recordings/")
    assert guide.recording.read() == b"RIFF"
    assert not default_storage.exists(scan_name) and not default_storage.exists(voice_name)


@pytest.fixture
def protected_document():
    root = Collection.get_first_root_node()
    board = root.add_child(name="Hội đồng bảo tồn")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type="password", password="Tư liệu nội bộ"
    )
    return get_document_model().objects.create(
        title="Biên bản họp",
        collection=board,
        file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes"),
    )


def test_a_protected_document_is_served_only_after_its_password(client, protected_document):
    name = protected_document.file.name
    for url in _tricks(name):
        assert client.get(url).status_code == 404, url
    response = client.get(protected_document.url)
    assert response.status_code == 200
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert b"password" in response.content.lower()


def test_a_public_document_is_served_by_the_document_view(client):
    document = get_document_model().objects.create(
        title="Bản đồ", file=SimpleUploadedFile("ban-do.pdf", b"%PDF-1.4 map")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 map"
    assert client.get(f"/media/{document.file.name}").status_code == 404
