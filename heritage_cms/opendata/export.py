"""The collection as open data: schema.org JSON-LD and a flat CSV, one locale at a time.

Only live, public pages are exported. Each relic carries its licence URL and rights holder, so a
re-user can tell at a glance what they may do with the record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.html import strip_tags
from wagtail.models import Locale

from heritage_cms.collection.models import CATALOGUE_FIELDS, RelicPage
from heritage_cms.core.licences import LICENCES
from heritage_cms.core.spreadsheet import safe_cell
from heritage_cms.sites.models import MonumentPage
from heritage_cms.tours.models import TourPage

CSV_COLUMNS = [
    "type",
    "id",
    "url",
    "locale",
    "title",
    "summary",
    "monument",
    *CATALOGUE_FIELDS,
    "latitude",
    "longitude",
]


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _cell(value):
    """A CSV cell: measurements as plain numbers, text as it is."""
    return _number(value) if isinstance(value, Decimal) else value


def _live(model, locale: Locale):
    return model.objects.live().public().filter(locale=locale).order_by("path")


def _url(page, request=None) -> str:
    return page.get_full_url(request)


def _quantity(value: Decimal | None, unit: str) -> dict | None:
    if value is None:
        return None
    return {"@type": "QuantitativeValue", "value": float(value), "unitCode": unit}


def monument_jsonld(page: MonumentPage, request=None) -> dict:
    data: dict = {
        "@type": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
        "@id": _url(page, request),
        "url": _url(page, request),
        "name": page.title,
        "description": page.summary or strip_tags(page.description),
        "inLanguage": page.locale.language_code,
        "address": page.address,
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"https://schema.org/{day}" for day in hours.schema_org_days],
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in page.opening_hours.all()
        ],
        "isAccessibleForFree": not page.fares.exists(),
    }
    if page.latitude is not None and page.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(page.latitude),
            "longitude": float(page.longitude),
        }
    if page.fares.exists():
        data["offers"] = [
            {
                "@type": "Offer",
                "name": fare.visitor,
                "price": fare.price_vnd.amount,
                "priceCurrency": "VND",
            }
            for fare in page.fares.all()
        ]
    return data


def relic_jsonld(page: RelicPage, request=None) -> dict:
    licence = LICENCES[page.licence]
    monument = page.get_parent()
    data: dict = {
        "@type": "VisualArtwork",
        "@id": _url(page, request),
        "url": _url(page, request),
        "name": page.title,
        "description": page.summary or strip_tags(page.description),
        "inLanguage": page.locale.language_code,
        "identifier": page.inventory_number or None,
        "artMedium": page.material or None,
        "dateCreated": page.date_made or None,
        "temporalCoverage": page.reign or page.dynasty or None,
        "height": _quantity(page.height_cm, "CMT"),
        "width": _quantity(page.width_cm, "CMT"),
        "depth": _quantity(page.depth_cm, "CMT"),
        "weight": _quantity(page.weight_kg, "KGM"),
        "contentLocation": {
            "@type": "Place",
            "name": monument.title,
            "url": _url(monument, request),
        },
        "license": licence.url or None,
        "copyrightNotice": str(licence.label) if not licence.url else None,
        "copyrightHolder": (
            {"@type": "Organization", "name": page.rights_holder} if page.rights_holder else None
        ),
        "creditText": page.rights_holder or None,
    }
    return {key: value for key, value in data.items() if value is not None}


def tour_jsonld(page: TourPage, request=None) -> dict:
    return {
        "@type": "TouristTrip",
        "@id": _url(page, request),
        "url": _url(page, request),
        "name": page.title,
        "description": page.summary or strip_tags(page.description),
        "inLanguage": page.locale.language_code,
        "itinerary": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "identifier": stop.stop_code,
                    "item": {"@id": _url(stop.target.localized.specific, request)},
                }
                for position, stop in enumerate(page.stops.select_related("target"), start=1)
            ],
        },
    }


def collection_jsonld(locale: Locale, request=None) -> dict:
    graph = [monument_jsonld(page, request) for page in _live(MonumentPage, locale)]
    graph += [relic_jsonld(page, request) for page in _live(RelicPage, locale)]
    graph += [tour_jsonld(page, request) for page in _live(TourPage, locale)]
    return {"@context": "https://schema.org", "@graph": graph}


def _csv_rows(locale: Locale, request=None) -> Iterator[dict]:
    for page in _live(MonumentPage, locale):
        yield {
            "type": "monument",
            "id": page.pk,
            "url": _url(page, request),
            "locale": locale.language_code,
            "title": page.title,
            "summary": page.summary,
            "dynasty": page.dynasty,
            "date_made": page.period,
            "latitude": _number(page.latitude),
            "longitude": _number(page.longitude),
        }
    for page in _live(RelicPage, locale):
        licence = LICENCES[page.licence]
        yield {
            "type": "relic",
            "id": page.pk,
            "url": _url(page, request),
            "locale": locale.language_code,
            "title": page.title,
            "summary": page.summary,
            "monument": page.get_parent().title,
            **{name: _cell(getattr(page, name)) for name in CATALOGUE_FIELDS},
            "licence": str(licence.label),
        }


def collection_csv(locale: Locale, request=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="raise")
    writer.writeheader()
    for row in _csv_rows(locale, request):
        writer.writerow({column: safe_cell(value) for column, value in row.items()})
    return buffer.getvalue()
