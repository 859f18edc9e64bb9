"""Background processing of an uploaded scan with ``assets_pipeline``."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

from assets_pipeline import AssetError, Options, process

from .models3d import Model3D


@task()
def process_model_3d(model_id: int, expected_sha256: str) -> dict:
    model = Model3D.objects.filter(pk=model_id).first()
    if model is None or model.source_sha256 != expected_sha256:
        return {"skipped": "superseded"}  # a newer upload carries its own task
    Model3D.objects.filter(pk=model.pk).update(status=Model3D.Status.RUNNING)
    options = Options(units=model.units, up_axis=model.up_axis)
    with tempfile.TemporaryDirectory(prefix="scan-") as workdir:
        # The library reads local files; the upload may live on S3. Keep its name: it tells
        # the loader the format (.zip, .glb, …).
        source = Path(workdir) / Path(model.source.name).name
        with model.source.open("rb") as handle, source.open("wb") as out:
            shutil.copyfileobj(handle, out)
        try:
            report = process(source, Path(settings.ASSETS_PIPELINE_WORK_DIR), options)
        except AssetError as error:
            fields = {"status": Model3D.Status.FAILED, "reason": error.code, "message": str(error)}
        else:
            output = Path(settings.ASSETS_PIPELINE_WORK_DIR) / report.sha256
            derivatives = {
                lod.name: _store(output / lod.file, report.sha256) for lod in report.lods
            }
            derivatives["poster"] = _store(output / Path(report.poster.path).name, report.sha256)
            fields = {
                "status": Model3D.Status.DONE,
                "reason": "",
                "message": "",
                "derivatives": derivatives,
                "report": report.to_dict(),
            }
    fields["processed_at"] = timezone.now()
    # Only if the scan was not replaced meanwhile: otherwise the newer task's result wins.
    Model3D.objects.filter(pk=model.pk, source_sha256=expected_sha256).update(**fields)
    return {"status": fields["status"], "reason": fields["reason"]}


def _store(path: Path, sha256: str) -> str:
    """models/<sha256>/<file>: the name changes whenever the content does, so cache forever."""
    name = f"models/{sha256}/{path.name}"
    if not default_storage.exists(name):
        with path.open("rb") as handle:
            name = default_storage.save(name, File(handle))
    return name
