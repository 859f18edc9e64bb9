"""Builds the demo site from ``content/*.yaml``: Vietnamese source pages, English translations.

Idempotent and respectful of curators: a page that already exists (found by slug under its
parent) is left exactly as it is, so running the seed again changes nothing, and running it on a
site whose demo pages were edited does not undo the edits.

English is not written as a second copy of each page. It goes through wagtail-localize, the way a
translator's work does: a TranslationSource is extracted from the Vietnamese page, each segment
gets its English string, and the translated page is saved from those. The English pages are
therefore real translations: the translation editor shows them segment by segment, and a later
edit of the Vietnamese page asks only for the changed segments.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import conditional_escape
from wagtail.models import Locale, Page, Site

from heritage_cms.collection.models import Model3D, RelicHotspot, RelicPage
from heritage_cms.collection.services import request_processing
from heritage_cms.core.fields import split_sentences
from heritage_cms.core.locale_trees import synchronize_all_locales
from heritage_cms.core.models import HomePage
from heritage_cms.core.siteaddress import base_url_address
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.models import MonumentFare, MonumentOpeningHours, MonumentPage
from heritage_cms.sites.models import Site as HeritageSite  # wagtail's Site is the web site
from heritage_cms.ticketoffice.models import Clerk
from heritage_cms.tours.models import TourPage, TourStop

from . import content, meshes
from .schema import DemoModel, Monument, PageContent, Relic, T, Tour

logger = logging.getLogger(__name__)

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "hue-demo-admin"  # printed by `make demo`; only for the embedded demo


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)


def paragraphs(items: Iterable[T], lang: str) -> str:
    return "".join(f"<p>{conditional_escape(getattr(item, lang))}</p>" for item in items)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: T | None, lang: str = "vi") -> str:
    return getattr(value, lang) if value else ""


def _source_fields(data: PageContent) -> dict[str, str]:
    """The fields every Vietnamese source page takes from its content the same way."""
    return {
        "title": data.title.vi,
        "slug": data.slug,
        "summary": data.summary.vi,
        "description": paragraphs(data.description, "vi"),
    }


def _page_strings(data: PageContent) -> list[T]:
    """The strings every page hands to translation, before those of its own fields."""
    return [data.title, data.summary, *data.description]


class Seeder:
    def __init__(self) -> None:
        self.report = SeedReport()
        self.vi = Locale.objects.get(language_code="vi")
        self.en = Locale.objects.get(language_code="en")
        self.pages_by_slug: dict[str, Page] = {}

    # --- the tree --------------------------------------------------------------------------
    def run(self) -> SeedReport:
        home = self.home()
        for monument in content.MONUMENTS:
            monument_page = self.monument(home, monument)
            for relic in monument.relics:
                self.relic(monument_page, relic)
        for tour in content.TOURS:
            self.tour(home, tour)
        self.sync_other_locales()
        from .cards import seed_cards  # tickets, gates and demo cards for the payments demo

        seed_cards(self.report)
        return self.report

    def home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(depth=2, locale=self.vi).first()
        if home is None:
            # Replace Wagtail's "Welcome to your new Wagtail site!" placeholder.
            placeholder = Page.objects.filter(depth=2, locale=self.vi, slug="home").first()
            if placeholder and placeholder.specific_class is Page:
                placeholder.delete()
            home = HomePage(
                title=content.HOME.title.vi,
                slug="home",
                locale=self.vi,
                summary=content.HOME.intro.vi,
                intro=content.HOME.intro.vi,
            )
            root.add_child(instance=home)
            self.publish(home)
            self.report.created.append(home.title)
        else:
            self.report.kept.append(home.title)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = base_url_address()
            Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = content.HOME.title.vi
            site.save()
        self.translate(home, [content.HOME.title, content.HOME.intro])
        return home

    def monument(self, parent: Page, data: Monument) -> MonumentPage:
        def build() -> MonumentPage:
            page = MonumentPage(
                **_source_fields(data),
                # The demo's gates and tickets name the site by the monument's slug.
                site=HeritageSite.objects.get_or_create(code=data.slug)[0],
                history=[("paragraph", paragraphs([p], "vi")) for p in data.history],
                dynasty=data.dynasty.vi,
                period=data.period.vi,
                opening_hours_note=_text(data.opening_hours_note),
                address=data.address.vi,
                latitude=Decimal(str(round(data.latitude, 6))),
                longitude=Decimal(str(round(data.longitude, 6))),
                guide_text=data.guide_text.vi,
            )
            page.opening_hours = [
                MonumentOpeningHours(
                    first_day=h.first_day, last_day=h.last_day, opens=h.opens, closes=h.closes
                )
                for h in data.opening_hours
            ]
            page.fares = [
                MonumentFare(
                    visitor=fare.visitor.vi, price_vnd=fare.price_vnd, note=_text(fare.note)
                )
                for fare in data.fares
            ]
            return page

        strings = [
            *_page_strings(data),
            *data.history,
            data.dynasty,
            data.period,
            data.address,
            data.guide_text,
            *([data.opening_hours_note] if data.opening_hours_note else []),
            *(fare.visitor for fare in data.fares),
            *(fare.note for fare in data.fares if fare.note),
        ]
        return self.page(parent, data.slug, build, strings)

    def relic(self, parent: Page, data: Relic) -> RelicPage:
        def build() -> RelicPage:
            page = RelicPage(
                **_source_fields(data),
                inventory_number=data.inventory_number,
                designation=_text(data.designation),
                dynasty=data.dynasty.vi,
                reign=data.reign.vi,
                date_made=data.date_made.vi,
                material=data.material.vi,
                height_cm=_decimal(data.height_cm),
                width_cm=_decimal(data.width_cm),
                depth_cm=_decimal(data.depth_cm),
                weight_kg=_decimal(data.weight_kg),
                dimensions_note=_text(data.dimensions_note),
                provenance=data.provenance.vi,
                location_within_site=data.location_within_site.vi,
                condition=data.condition,
                licence=data.licence,
                rights_holder=data.rights_holder.vi,
                guide_text=data.guide_text.vi,
            )
            if data.model is not None:
                page.model_3d, page.hotspots = self.model_3d(data.title.vi, data.model)
            return page

        strings = [
            *_page_strings(data),
            data.dynasty,
            data.reign,
            data.date_made,
            data.material,
            data.location_within_site,
            data.provenance,
            data.rights_holder,
            data.guide_text,
            *([data.designation] if data.designation else []),
            *([data.dimensions_note] if data.dimensions_note else []),
            *(
                text
                for spot in (data.model.hotspots if data.model else [])
                for text in (spot.label, spot.note)
            ),
        ]
        return self.page(parent, data.slug, build, strings)

    def model_3d(self, title: str, data: DemoModel) -> tuple[Model3D, list[RelicHotspot]]:
        """An illustrative model, processed by the task worker like any upload."""
        mesh = getattr(meshes, data.builder)()
        model = Model3D(
            title=f"{title} (mô hình minh họa / illustrative model, not a scan)",
            units=Model3D.Units.METRES,
            up_axis=Model3D.UpAxis.Y,
        )
        model.source.save(f"{data.builder}.glb", ContentFile(meshes.glb(mesh)), save=False)
        request_processing(model)
        hotspots = []
        for spot in data.hotspots:
            point = meshes.surface_point(mesh, spot.near)
            hotspots.append(
                RelicHotspot(
                    label=spot.label.vi,
                    note=spot.note.vi,
                    position=point.position,
                    normal=point.normal,
                )
            )
        self.report.models.append(model.title)
        return model, hotspots

    def tour(self, parent: Page, data: Tour) -> TourPage:
        def build() -> TourPage:
            page = TourPage(
                **_source_fields(data),
                duration_minutes=data.duration_minutes,
            )
            page.stops = [
                TourStop(
                    target=self.pages_by_slug[stop.target],
                    stop_code=stop.stop_code,
                    note=stop.note.vi,
                )
                for stop in data.stops
            ]
            return page

        strings = [*_page_strings(data), *(s.note for s in data.stops)]
        return self.page(parent, data.slug, build, strings)

    # --- mechanics -------------------------------------------------------------------------
    def page(self, parent: Page, slug: str, build, strings: list[T]):
        existing = parent.get_children().filter(slug=slug, locale=self.vi).specific().first()
        if existing is not None:
            self.report.kept.append(existing.title)
            page = existing
        else:
            page = build()
            page.locale = self.vi
            parent.add_child(instance=page)
            self.publish(page)
            self.report.created.append(page.title)
        self.pages_by_slug[slug] = page
        self.translate(page, strings)
        return page

    @staticmethod
    def publish(page: Page) -> None:
        page.save_revision(log_action=False).publish(log_action=False)

    def translate(self, page: Page, strings: list[T]) -> None:
        """Create the English translation of ``page`` through wagtail-localize, once."""
        if page.get_translation_or_none(self.en) is not None:
            return
        english_for = {item.vi: item.en for item in strings}
        for item in strings:  # the audio guide text is translated sentence by sentence
            english_for.update(_sentence_pairs(item.vi, item.en))
        translate_page(page, self.en, english_for, tool_name="demo seed")
        self.report.translated.append(page.title)

    def sync_other_locales(self) -> None:
        """French, Chinese, Japanese, Korean: English aliases until a translator steps in."""
        synchronize_all_locales()


def _sentence_pairs(vietnamese: str, english: str) -> dict[str, str]:
    """Each Vietnamese sentence with its English one, in order; the last Vietnamese sentence
    takes whatever English is left (a translator may say in two sentences what was one)."""
    source = [text for _space, text in split_sentences(vietnamese) if text]
    target = [text for _space, text in split_sentences(english) if text]
    if len(source) < 2 or len(target) < len(source):
        return {}
    pairs = dict(zip(source[:-1], target, strict=False))
    pairs[source[-1]] = " ".join(target[len(source) - 1 :])
    return pairs


def ensure_demo_admin() -> tuple[str, str, bool]:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save()
    # The demo admin also works the Imperial City's ticket office, to try the counter's tool.
    site = HeritageSite.objects.filter(code="dai-noi").first()
    if site is not None:
        Clerk.objects.get_or_create(user=user, defaults={"site": site})
    return DEMO_ADMIN_USERNAME, DEMO_ADMIN_PASSWORD, created


def demo_admin_is_active() -> bool:
    """True only where the demo login still works, so nobody is told a password that is not."""
    user = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
    return bool(user and user.is_active and user.check_password(DEMO_ADMIN_PASSWORD))


@transaction.atomic
def seed() -> SeedReport:
    return Seeder().run()
