import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage_cms.settings.production")
application = get_wsgi_application()

# Only here, not in the settings: collectstatic itself runs under the same settings.
from heritage_cms.core.staticmanifest import require_static_manifest  # noqa: E402

require_static_manifest()
