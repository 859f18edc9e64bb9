"""Run by run.py inside Django (manage.py shell): give the benchmarked relic a processed 3D model
and print the home, monument, relic and tour URLs as JSON. Idempotent."""

import json

import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from heritage_cms.collection.models import Model3D, RelicPage
from heritage_cms.tours.models import TourPage


def scan() -> bytes:
    """A textured ~20k-face scan in millimetres, zipped as a museum would send it."""
    mesh = trimesh.creation.icosphere(subdivisions=5, radius=300.0)
    uv = (mesh.vertices[:, :2] / 600.0 + 0.5).clip(0, 1)
    image = Image.new("RGB", (256, 256), (150, 95, 45))
    texture = trimesh.visual.texture.SimpleMaterial(image=image)
    mesh.visual = trimesh.visual.TextureVisuals(uv=uv, material=texture)
    obj, textures = trimesh.exchange.obj.export_obj(mesh, include_texture=True, return_texture=True)
    return trimesh.util.compress({"vase.obj": obj, **textures})


relic = RelicPage.objects.live().filter(locale__language_code="vi").order_by("path").first()
if relic.model_3d is None or relic.model_3d.status != "done":
    model = Model3D(title="Benchmark scan", units="mm", up_axis="y")
    model.source = SimpleUploadedFile("vase.zip", scan())
    model.save()
    model.request_processing()  # immediate task backend: processed now
    model.refresh_from_db()
    assert model.status == "done", model.message
    relic.model_3d = model
    relic.save_revision().publish()
tour = TourPage.objects.live().filter(locale__language_code="vi").order_by("path").first()
monument = relic.get_parent()
print(
    json.dumps(
        {
            "home": monument.get_parent().url,
            "monument": monument.url,
            "relic": relic.url,
            "tour": tour.url,
        }
    )
)
