import copy
import os
import re

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from wagtail.models import Locale

from heritage_cms.collection.levels import small_level
from heritage_cms.collection.models import RelicPage
from heritage_cms.core.locale_trees import source_page
from heritage_cms.core.renditions import RENDITIONS
from heritage_cms.core.templatetags.assets import asset_path
from heritage_cms.guides.models import AudioGuide
from heritage_cms.sites.models import MonumentPage

from . import posters
from .models import TourPage, TourStop

STOP_CODE = re.compile(r"^[0-9]{1,6}$")


def _find_stop(code: str, locale: Locale) -> TourStop | None:
    return (
        TourStop.objects.filter(stop_code=code, tour__live=True)
        .annotate(
            preference=Case(
                When(tour__locale=locale, then=Value(0)),
                When(tour__locale=Locale.get_default(), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("preference")
        .select_related("target")
        .first()
    )


def stop_keypad(request):
    """The keypad as a page of its own; without JavaScript its form arrives here as ?code=205."""
    code = request.GET.get("code", "").strip()
    if STOP_CODE.match(code):
        return redirect("stop_by_code", code=code)
    return render(request, "tours/stop_keypad.html", {"code": code, "invalid": bool(code)})


def stop_by_code(request, code: str):
    """The keypad and QR target: a visitor types the number on the sign and lands on that stop.

    The code is the same in every language, so a stop is found even when its tour has not been
    translated yet; the visitor lands on the stop's page in their language where it exists.
    An unknown number shows the keypad again (status 404) so the visitor can retype it.
    """
    locale = Locale.get_active()
    stop = _find_stop(code, locale) if STOP_CODE.match(code) else None
    if stop is None:
        context = {"code": code, "unknown": True}
        return render(request, "tours/stop_keypad.html", context, status=404)
    target = stop.target.get_translation_or_none(locale) or stop.target
    return redirect(target.specific.get_url(request))


def stop_poster(request, code: str, fmt: str):
    """A printable sign for a stop: PNG for screens and signage, PDF for the print shop."""
    stop = _find_stop(code, Locale.get_default())
    if stop is None:
        raise Http404(f"No stop has the code {code}.")
    names = [
        stop.target.get_translation_or_none(Locale.objects.get(language_code=lang))
        for lang in ("vi", "en")
    ]
    titles = list(dict.fromkeys(page.title for page in names if page))
    url = request.build_absolute_uri(f"/stops/{code}/")
    body = posters.poster_bytes(posters.render_poster(code, url, titles), fmt)
    response = HttpResponse(body, content_type="application/pdf" if fmt == "pdf" else "image/png")
    response["Content-Disposition"] = f'inline; filename="stop-{code}.{fmt}"'
    return response


# --- Offline packs --------------------------------------------------------------------------


def _stored_size(name: str) -> int | None:
    try:
        return default_storage.size(name)
    except OSError:
        return None


def _static_size(path: str) -> int | None:
    found = finders.find(path)
    if found:
        return os.path.getsize(found)
    try:
        return staticfiles_storage.size(path)
    except (OSError, ValueError):
        return None


class _Pack:
    """The files of an offline pack, each once, with its size in bytes.

    A file whose size cannot be found does not exist: it is left out rather than cached as an
    error page on the visitor's phone.
    """

    def __init__(self, request):
        self.request = request
        self.files: dict[str, dict] = {}

    def _get(self, path: str):
        """This request as a plain GET of ``path``: what the phone will ask for and store."""
        request = copy.copy(self.request)
        request.path = request.path_info = path
        request.META = {**request.META, "PATH_INFO": path, "QUERY_STRING": ""}
        request.GET = QueryDict()
        return request

    def add(self, url: str, size: int | None, kind: str) -> None:
        if url and size is not None and url not in self.files:
            self.files[url] = {"url": url, "bytes": size, "kind": kind}

    def page(self, page) -> str:
        url = page.get_url(self.request)
        if url not in self.files:
            # The visitor stores exactly what we render, so its length is the honest size.
            response = page.serve(self._get(url))
            if hasattr(response, "render"):
                response.render()
            self.add(url, len(response.content), "page")
        return url

    def keypad(self) -> None:
        url = reverse("stop_keypad")
        self.add(url, len(stop_keypad(self._get(url)).content), "page")

    def media(self, name: str, kind: str) -> None:
        if name:
            self.add(default_storage.url(name), _stored_size(name), kind)

    def static(self, path: str) -> None:
        self.add(static(path), _static_size(path), "asset")

    def guide(self, page) -> None:
        guide = AudioGuide.objects.filter(page_id=source_page(page).pk).first()
        if guide and guide.audio and guide.is_done:
            self.add(guide.audio.url, guide.bytes or _stored_size(guide.audio.name), "audio")

    def images(self, items, spec: str) -> None:
        # The same renditions the page templates ask for, so the cached <img> URLs match.
        for item in items:
            rendition = item.image.get_rendition(spec)
            self.add(rendition.url, _stored_size(rendition.file.name), "image")


def offline_pack(request, slug: str):
    """Every URL a visitor needs to walk this tour without a network, with byte sizes.

    The "Download this tour" button shows the total first, then stores each file; the service
    worker answers from that store (audio by byte range) and maps ``stops`` codes to pages.
    """
    tour = TourPage.objects.live().public().filter(slug=slug, locale=Locale.get_active()).first()
    if tour is None:
        raise Http404(f"No tour {slug}.")
    pack = _Pack(request)
    pack.page(tour)
    pack.keypad()
    stops: dict[str, str] = {}
    has_model = False
    for stop in tour.stops.select_related("target"):
        target = stop.target.localized.specific
        if not target.live:
            continue
        stops[stop.stop_code] = pack.page(target)
        pack.guide(target)
        if isinstance(target, RelicPage):
            pack.images(target.images.select_related("image"), RENDITIONS["relic"])
            model = target.model_3d
            if model and model.is_done:
                has_model = True
                pack.media(model.derivatives.get("poster", ""), "poster")
                # The small level is what the viewer picks offline, on phones and desktops.
                pack.media(model.derivatives.get(small_level(model.derivatives), ""), "model")
        elif isinstance(target, MonumentPage):
            pack.images(target.gallery_images.select_related("image"), RENDITIONS["gallery"])
    viewer = ["model-viewer.js", "meshopt-decoder.js"] if has_model else []
    for name in ("main.js", "site.css", *viewer):
        pack.static(asset_path(name))
    for icon in ("icons/icon-192.png", "icons/favicon-32.png"):
        pack.static(icon)
    files = list(pack.files.values())
    return JsonResponse(
        {
            "tour": {"title": tour.title, "url": tour.get_url(request)},
            "language": tour.locale.language_code,
            "total_bytes": sum(item["bytes"] for item in files),
            "files": files,
            "stops": stops,
        },
        json_dumps_params={"ensure_ascii": False},
        headers={"Cache-Control": "no-cache"},
    )
