"""What publishing and the admin ask of audio guides: the one place that queues synthesis.

It imports both the model and its task, so neither has to import the other.
"""

from django.db import transaction

from .models import AudioGuide, text_hash
from .tasks import generate_audio_guide


def request_processing(page, *, reprocess: bool = False) -> AudioGuide | None:
    """Queue the page's guide only when its text or recording changed, unless ``reprocess``."""
    text = getattr(page.specific, "guide_text", "") or ""
    guide = AudioGuide.objects.filter(page=page).first()
    if not text.strip() and not (guide and guide.recording):
        return None
    guide = guide or AudioGuide(page=page)
    new_hash = text_hash(text, guide.recording.name if guide.recording else "")
    if guide.pk and guide.text_hash == new_hash and not reprocess:
        return guide
    guide.transcript = text
    guide.text_hash = new_hash
    guide.mark_requested()
    guide.save()
    pk = guide.pk
    transaction.on_commit(lambda: generate_audio_guide.enqueue(pk, new_hash))
    return guide
