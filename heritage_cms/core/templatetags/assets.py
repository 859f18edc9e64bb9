"""Front-end assets by logical name: ``{% asset "main.js" %}`` → ``/static/dist/main-AB12CD34.js``.

``frontend/build.mjs`` writes content-hashed files and ``dist/manifest.json`` into this app's
static folder; this tag reads the manifest (re-read only when the file changes), so templates
never hard-code a hash and a deploy that forgot the build fails loudly instead of serving 404s.
"""

import json
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static

register = template.Library()

MANIFEST = "dist/manifest.json"
BUILD_COMMAND = "npm ci --prefix frontend && npm run build --prefix frontend"


class AssetsNotBuilt(ImproperlyConfigured):
    pass


_state: dict = {"path": None, "stamp": None, "names": {}}


def _manifest_file() -> Path | None:
    if _state["path"] is None:
        found = finders.find(MANIFEST)  # the source tree: development, tests
        if not found and staticfiles_storage.exists(MANIFEST):  # collected: production image
            found = staticfiles_storage.path(MANIFEST)
        _state["path"] = Path(found) if found else None
    return _state["path"]


def manifest() -> dict[str, str]:
    """Logical name → hashed file name inside ``dist/``."""
    path = _manifest_file()
    try:
        stamp = path.stat().st_mtime_ns if path else None
    except FileNotFoundError:
        stamp = None
    if stamp is None:
        _state["path"] = None
        raise AssetsNotBuilt(
            f"The front-end build has not run: static file {MANIFEST} is missing. "
            f"Run `{BUILD_COMMAND}` (then collectstatic in production)."
        )
    if stamp != _state["stamp"]:
        _state["names"] = json.loads(path.read_text())
        _state["stamp"] = stamp
    return _state["names"]


def asset_path(name: str) -> str:
    """The static path (``dist/main-AB12CD34.js``) of a logical asset name."""
    names = manifest()
    if name not in names:
        raise AssetsNotBuilt(
            f"The front-end build has no asset named {name!r} (it has {sorted(names)}). "
            f"Add it to frontend/build.mjs and run `{BUILD_COMMAND}`."
        )
    return f"dist/{names[name]}"


def asset_file(name: str) -> Path | None:
    """Where a built asset lies on disk, for its size or its text."""
    found = finders.find(asset_path(name))
    return Path(found) if found else None


@register.simple_tag
def asset(name: str) -> str:
    return static(asset_path(name))


@register.simple_tag
def level_url(model, level: str) -> str:
    """URL of one level of detail of a Model3D (``""`` when the pipeline did not make it)."""
    return model.derivative_url(level) if model else ""
