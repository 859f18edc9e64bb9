"""3D models in the CMS: upload a scan, the worker derives web levels, the relic shows them."""

import numpy as np
import pytest
import trimesh
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from assets_pipeline import AssetError
from heritage_cms.collection.models import Model3D
from heritage_cms.core import generation

pytestmark = pytest.mark.django_db


def scan_zip() -> bytes:
    """A small textured scan as museums send them: OBJ + MTL + PNG in a zip (millimetres)."""
    mesh = trimesh.creation.icosphere(subdivisions=3, radius=400.0)
    uv = (mesh.vertices[:, :2] / 800.0 + 0.5).clip(0, 1)
    texture = trimesh.visual.texture.SimpleMaterial(image=Image.new("RGB", (64, 64), (160, 90, 40)))
    mesh.visual = trimesh.visual.TextureVisuals(uv=uv, material=texture)
    files = trimesh.exchange.obj.export_obj(mesh, include_texture=True, return_texture=True)
    obj, textures = files if isinstance(files, tuple) else (files, {})
    return trimesh.util.compress({"urn.obj": obj, **textures})


def queued(callbacks):
    """The after-commit callbacks that queue work (not the content generation's second bump)."""
    return [callback for callback in callbacks if callback is not generation.bump_now]


@pytest.fixture
def upload(client, superuser, django_capture_on_commit_callbacks):
    client.force_login(superuser)

    def _upload(name: str, data: bytes, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/snippets/collection/model3d/add/",
                {
                    "title": "Cao Đỉnh",
                    "units": "mm",
                    "up_axis": "y",
                    "source": SimpleUploadedFile(name, data),
                    **fields,
                },
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Model3D.objects.latest("pk")

    return _upload


def test_an_uploaded_scan_becomes_levels_of_detail_and_a_poster(upload):
    model = upload("urn.zip", scan_zip())
    assert model.status == "done", model.message
    assert {"thumb", "low", "high", "poster"} <= set(model.derivatives)
    for name in model.derivatives.values():
        assert name.startswith(f"models/{model.source_sha256}/")
        assert default_storage.exists(name)
    assert model.viewer_url.endswith("low.glb") and model.poster_url.endswith(".png")
    height = model.report["measurements"]["height_cm"]
    assert 75 < height < 85, "an 800 mm scan is about 80 cm tall"
    with default_storage.open(model.derivatives["low"]) as glb:
        assert glb.read(4) == b"glTF"


def test_a_corrupt_scan_fails_with_a_sentence_for_the_curator(upload):
    model = upload("urn.glb", b"glTF\x02\x00\x00\x00 truncated")
    assert model.status == "failed"
    assert model.reason and model.message.endswith(".")
    assert not model.derivatives


def test_a_hostile_scan_fails_with_one_sentence_not_a_crash(upload):
    """Faces pointing past the vertices used to crash the worker with the raw IndexError."""
    box = trimesh.creation.box()
    faces = box.faces.copy()
    faces[0, 0] = 60_000
    ply = trimesh.Trimesh(box.vertices, faces, process=False).export(file_type="ply")
    model = upload("urn.ply", ply)
    assert (model.status, model.reason) == ("failed", "corrupt_file")
    with translation.override("ja"):
        assert model.get_reason_display() == "破損したファイル"
    assert "\n" not in model.message and model.message.endswith(".")
    for leak in ("Traceback", "IndexError", "/tmp", "scan-", "worker"):
        assert leak not in model.message


def test_a_scan_past_the_memory_cap_fails_and_the_worker_goes_on(upload, settings):
    settings.ASSETS_PIPELINE_MEMORY_MB = 120
    capped = upload("urn.zip", scan_zip())
    assert (capped.status, capped.reason) == ("failed", "memory_limit")
    assert "out of memory (limit 120 MB)" in capped.message
    settings.ASSETS_PIPELINE_MEMORY_MB = 8192
    model = upload("urn.zip", scan_zip(), reprocess="on")
    assert model.status == "done", model.message


def test_reprocess_only_when_asked_or_changed(client, upload, django_capture_on_commit_callbacks):
    model = upload("urn.zip", scan_zip())
    url = f"/admin/snippets/collection/model3d/edit/{model.pk}/"
    form = {"title": "Cao Đỉnh", "units": "mm", "up_axis": "y"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, form)
    assert not queued(callbacks), "nothing changed: nothing to do"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {**form, "reprocess": "on"})
    assert len(queued(callbacks)) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {**form, "units": "cm"})
    assert len(queued(callbacks)) == 1, "new units give new geometry"


def test_the_relic_page_shows_the_poster_and_the_viewer(client, upload, relic):
    model = upload("urn.zip", scan_zip())
    relic.model_3d = model
    relic.save_revision().publish()
    html = client.get(relic.url).content.decode()
    assert f'<model-viewer src="{model.viewer_url}" poster="{model.poster_url}"' in html
    assert 'ar-usdz-max-texture-size="1024"' in html
    glb = client.get(model.viewer_url)
    assert glb.status_code == 200 and "immutable" in glb["Cache-Control"]
    assert np.isfinite(model.report["lods"][0]["hausdorff_m"])


def relic_form(relic, hotspots):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    return nested_form_data(
        {
            "title": relic.title,
            "slug": relic.slug,
            "description": rich_text(relic.description),
            "condition": relic.condition,
            "licence": relic.licence,
            "model_3d": relic.model_3d_id,
            "images": inline_formset([]),
            "hotspots": inline_formset(hotspots),
            "action-publish": "1",
        }
    )


def test_curators_place_points_of_interest_that_visitors_see_in_their_language(
    client, superuser, upload, relic, en
):
    from heritage_cms.core.translation import translate_page

    model = upload("urn.zip", scan_zip())
    relic.model_3d = model
    relic.save_revision().publish()
    client.force_login(superuser)
    url = f"/admin/pages/{relic.pk}/edit/"
    bad = client.post(
        url, relic_form(relic, [{"label": "Rồng", "position": "1 2", "normal": "0 0 1"}])
    )
    assert bad.status_code == 200 and "three numbers in metres" in bad.content.decode()
    good = client.post(
        url,
        relic_form(
            relic,
            [
                {
                    "label": "Hình rồng",
                    "note": "Chạm nổi trên thân đỉnh.",
                    "position": "0.12 0.5 -0.3",
                    "normal": "0 0 1",
                }
            ],
        ),
    )
    assert good.status_code == 302
    relic.refresh_from_db()
    html = client.get(relic.url).content.decode()
    assert 'data-position="0.12m 0.5m -0.3m" data-normal="0m 0m 1m"' in html
    assert "Hình rồng" in html

    translate_page(relic.get_parent().get_parent(), en, {})
    translate_page(relic.get_parent(), en, {})
    english = translate_page(relic, en, {"Hình rồng": "Dragon relief"})
    (hotspot,) = english.hotspots.all()
    assert (hotspot.label, hotspot.position) == ("Dragon relief", "0.12 0.5 -0.3")


def _error_classes(cls=AssetError):
    yield cls
    for subclass in cls.__subclasses__():
        yield from _error_classes(subclass)


def test_every_pipeline_failure_has_a_name_in_the_curators_language():
    codes = {cls.code for cls in _error_classes()}
    assert codes <= set(Model3D.FailureReason.values), codes - set(Model3D.FailureReason.values)
