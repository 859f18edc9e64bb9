"""The web server refuses to start without the static files' manifest.

With ``CompressedManifestStaticFilesStorage`` every ``{% static %}`` looks its file up in
``STATIC_ROOT/staticfiles.json``; without that file (``collectstatic`` never ran) every page
answers 500 ("Missing staticfiles manifest entry") while ``/healthz`` stays green. Failing at
start-up, with one line saying what to run, turns that into a deploy that does not come up.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def require_static_manifest() -> None:
    # With DEBUG on (development, `make demo` under runserver) the storage serves unhashed names
    # from the finders and needs no manifest.
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not staticfiles_storage.exists(staticfiles_storage.manifest_name):
        raise ImproperlyConfigured(
            "No static files manifest in STATIC_ROOT: run `manage.py collectstatic --noinput` "
            "before starting the web server (the Docker image does it when it is built)."
        )
