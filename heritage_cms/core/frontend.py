"""The installable, offline-capable visitor site: the service worker and the web app manifest.

The worker is built by ``frontend/build.mjs`` like any asset, but must be served from the site
root to control every page (``/sw.js``, never cached by the browser so updates reach phones);
Django prepends the hashed URLs it precaches, so its version changes with every build.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from heritage_cms.core.templatetags.assets import asset_file, asset_path

# What a visitor needs on every page, cached when the worker installs (~15 KB).
PRECACHE_ASSETS = ("main.js", "site.css")
ICONS = ("icons/icon-192.png", "icons/icon-512.png")
THEME_COLOUR = "#7a1818"
BACKGROUND_COLOUR = "#fffdf8"


@require_safe
def service_worker(request):
    source = asset_file("sw.js").read_text()
    urls = [static(asset_path(name)) for name in PRECACHE_ASSETS] + [static(i) for i in ICONS]
    offline_pages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offline_pages[code] = reverse("offline")
    config = {
        "assets": urls,
        # The "you are offline" page of every language (~3 KB each), stored at install so a
        # page the phone does not hold never ends in the browser's own error page.
        "offlinePages": offline_pages,
        "staticUrl": settings.STATIC_URL,
        "mediaUrl": settings.MEDIA_URL,
    }
    config["version"] = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    body = f"self.HERITAGE = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def web_manifest(request):
    """Per language, so the installed app opens in the visitor's language."""
    language = get_language()
    manifest = {
        "name": settings.WAGTAIL_SITE_NAME,
        "short_name": _("Huế Heritage"),
        "description": _("Monuments, relics in 3D, audio guides and tours of Huế — also offline."),
        "lang": language,
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response
