"""The background task that turns a page's guide text into audio with ``audio_guides``."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from audio_guides import GuideConfig, Tags, synthesize
from heritage_cms.core import generation
from heritage_cms.core.storage import store_once

from .models import AudioGuide


@task(queue_name="audio")
def generate_audio_guide(guide_id: int, expected_hash: str) -> dict:
    guide = AudioGuide.objects.select_related("page__locale").filter(pk=guide_id).first()
    if guide is None or guide.text_hash != expected_hash:
        return {"skipped": "superseded"}  # a newer request carries the newer text
    AudioGuide.objects.filter(pk=guide.pk).update(status=AudioGuide.Status.RUNNING)
    page = guide.page.specific
    tags = Tags(title=page.title, site=settings.WAGTAIL_SITE_NAME, comment=page.full_url or "")
    with tempfile.TemporaryDirectory(prefix="guide-") as workdir:
        recording = _local_copy(guide.recording, Path(workdir)) if guide.recording else None
        result = synthesize(
            guide.transcript,
            guide.language,
            GuideConfig.from_dict(settings.AUDIO_GUIDES),
            settings.AUDIO_GUIDES_CACHE_DIR,
            recording=recording,
            tags=tags,
        )
        fields: dict = {
            "status": AudioGuide.Status.DONE if result.ok else AudioGuide.Status.FAILED,
            "reason": result.reason or "",
            "message": result.message,
            "engine": result.engine or "",
            "voice": result.voice or "",
            "processed_at": timezone.now(),
        }
        if result.ok and result.mp3_path:
            fields |= {
                "audio": store_once(result.mp3_path, _guide_name(result)),
                "duration_s": result.duration_s,
                "integrated_lufs": result.integrated_lufs,
                "true_peak_dbtp": result.true_peak_dbtp,
                "bytes": result.bytes,
            }
    with transaction.atomic():
        # Only if nobody changed the text meanwhile: otherwise the newer task's result wins.
        AudioGuide.objects.filter(pk=guide.pk, text_hash=expected_hash).update(**fields)
        generation.bump()  # an update sends no post_save: the page shows the guide
    return {"status": fields["status"], "reason": fields["reason"], "cache_hit": result.cache_hit}


def _local_copy(field_file, workdir: Path) -> Path:
    """The library reads local files; the recording may live on S3."""
    target = workdir / Path(field_file.name).name
    with field_file.open("rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _guide_name(result) -> str:
    key = result.cache_key or "guide"
    return f"guides/{key[:2]}/{key}/{result.mp3_path.name}"
