"""Periodic housekeeping, run by the task worker so the embedded default needs no cron."""

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone
from wagtail.models import Page, Revision

from .locale_trees import synchronize_all_locales


@task(queue_name="default")
def publish_scheduled() -> dict[str, int]:
    """Publish revisions whose go-live time has come and unpublish pages that have expired."""
    now = timezone.now()
    due = Revision.page_revisions.filter(approved_go_live_at__lt=now).count()
    expiring = Page.objects.filter(live=True, expire_at__lt=now).count()
    call_command("publish_scheduled", verbosity=0)
    return {"published": due, "unpublished": expiring}


@task(queue_name="default")
def synchronize_locale_trees() -> dict[str, int]:
    """Mirror new pages into every synchronised locale, so each language's visitors reach them."""
    return {"mirrored": synchronize_all_locales()}
