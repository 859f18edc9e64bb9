from django.dispatch import receiver
from wagtail.signals import page_published

from .services import request_processing


@receiver(page_published)
def regenerate_guide_if_its_text_changed(sender, instance, **kwargs):
    """Publishing a page or one of its translations queues exactly that language's guide.

    Aliases (a locale showing another's page until translated) share the source's guide.
    """
    if instance.alias_of_id or not hasattr(instance.specific, "guide_text"):
        return
    request_processing(instance)
