"""What the admin (and the demo) ask of 3D models: the one place that queues the pipeline.

It imports both the model and its task, so neither has to import the other.
"""

from django.db import transaction

from .models3d import Model3D
from .tasks import process_model_3d


def request_processing(model: Model3D) -> None:
    """Queue the pipeline for the current scan and settings (the form decides when)."""
    fingerprint = model.source_fingerprint()
    model.source_sha256 = fingerprint
    model.mark_requested()
    model.report = {}
    model.save()
    pk = model.pk
    transaction.on_commit(lambda: process_model_3d.enqueue(pk, fingerprint))
