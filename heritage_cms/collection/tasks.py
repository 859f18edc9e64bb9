"""Background processing of an uploaded scan with ``assets_pipeline``."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from assets_pipeline import AssetError, Limits, Options, process_isolated
from heritage_cms.core import generation
from heritage_cms.core.storage import store_once

from .models3d import Model3D


@task(queue_name="models3d")
def process_model_3d(model_id: int, expected_sha256: str) -> dict:
    model = Model3D.objects.filter(pk=model_id).first()
    if model is None or model.source_sha256 != expected_sha256:
        return {"skipped": "superseded"}  # a newer upload carries its own task
    Model3D.objects.filter(pk=model.pk).update(status=Model3D.Status.RUNNING)
    timeout = settings.ASSETS_PIPELINE_TIMEOUT
    options = Options(units=model.units, up_axis=model.up_axis, limits=Limits(max_seconds=timeout))
    with tempfile.TemporaryDirectory(prefix="scan-") as workdir:
        # The library reads local files; the upload may live on S3. Keep its name: it tells
        # the loader the format (.zip, .glb, …).
        source = Path(workdir) / Path(model.source.name).name
        with model.source.open("rb") as handle, source.open("wb") as out:
            shutil.copyfileobj(handle, out)
        try:
            report = process_isolated(
                source,
                Path(settings.ASSETS_PIPELINE_WORK_DIR),
                options,
                # The child's own limit reports the step it was in; this one is the backstop.
                timeout=timeout + 30,
                memory_mb=settings.ASSETS_PIPELINE_MEMORY_MB,
            )
        except AssetError as error:
            fields = {"status": Model3D.Status.FAILED, "reason": error.code, "message": str(error)}
        else:
            output = Path(settings.ASSETS_PIPELINE_WORK_DIR) / report.sha256
            derivatives = {
                lod.name: store_once(output / lod.file, f"models/{report.sha256}/{lod.file}")
                for lod in report.lods
            }
            poster = Path(report.poster.path).name
            derivatives["poster"] = store_once(output / poster, f"models/{report.sha256}/{poster}")
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
    generation.bump()  # an update sends no post_save: relic pages show the model
    return {"status": fields["status"], "reason": fields["reason"]}
