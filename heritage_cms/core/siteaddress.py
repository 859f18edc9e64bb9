"""Wagtail's default Site takes its address from ``BASE_URL`` on every ``migrate``.

Wagtail builds every absolute link it gives away (the sitemap, the API's ``html_url``, the open
data's ``@id`` and ``url``) from its Site record, whose first migration says ``localhost:80``.
The operator already states the public address once, in ``BASE_URL``; this keeps the two in step.
Wagtail spells a site's scheme from its port (443 is https, anything else http).
"""

import logging
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from wagtail.models import Site

logger = logging.getLogger(__name__)


def base_url_address() -> tuple[str, int]:
    """The hostname and port ``BASE_URL`` names (the scheme's port when it names none)."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port


def sync_default_site(using: str = "default") -> bool:
    """Point the default Site at BASE_URL; True if it changed. Idempotent."""
    site = Site.objects.using(using).filter(is_default_site=True).first()
    hostname, port = base_url_address()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    clash = Site.objects.using(using).filter(hostname=hostname, port=port).exclude(pk=site.pk)
    if clash.exists():
        logger.warning("Not moving the default site to %s:%s: another site has it.", hostname, port)
        return False
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])  # save() clears Wagtail's cache
    return True


def on_post_migrate(sender, using: str = "default", **kwargs) -> None:
    """Once per migrate, after the last app with models (Wagtail's Site table exists by then)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_default_site(using)
