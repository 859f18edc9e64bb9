"""The shape of the demo content, kept apart from the facts in ``content/*.yaml``.

Every visitor-facing string is bilingual: Vietnamese is the source language of the
CMS, English is seeded as a wagtail-localize translation of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import dataclass_transform

from pydantic import ConfigDict, with_config

# A key the schema does not know (a typo in the YAML) is an error, not silently dropped.
STRICT = ConfigDict(extra="forbid")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record[C](cls: type[C]) -> type[C]:
    """A frozen dataclass that the content loader validates with ``STRICT``."""
    return with_config(STRICT)(dataclass(frozen=True)(cls))


@record
class T:
    """A string in the source language (vi) and its English translation."""

    vi: str
    en: str


@record
class Hours:
    """Opening hours for a run of weekdays (0 = Monday … 6 = Sunday), local time."""

    first_day: int
    last_day: int
    opens: time
    closes: time


@record
class Fare:
    """A published admission price in whole Vietnamese đồng."""

    visitor: T
    price_vnd: int
    note: T | None = None


@record
class DemoHotspot:
    """A point of interest; ``near`` is snapped to the generated mesh's surface at seed time."""

    label: T
    note: T
    near: tuple[float, float, float]


@record
class DemoModel:
    """An illustrative 3D model built by ``heritage_cms.demo.meshes.<builder>()``."""

    builder: str
    hotspots: list[DemoHotspot] = field(default_factory=list)


@record
class PageContent:
    """What every demo page has; its Vietnamese side fills the source page."""

    slug: str
    title: T
    summary: T
    description: list[T]  # paragraphs


@record
class Relic(PageContent):
    inventory_number: str
    dynasty: T
    reign: T  # e.g. "Minh Mạng (1820–1841)"
    date_made: T  # free text, e.g. "1835–1837"
    material: T
    location_within_site: T
    provenance: T
    condition: str  # one of: excellent, good, fair, poor, conservation
    licence: str  # one of heritage_cms.core.licences keys, e.g. "cc-by-4.0"
    rights_holder: T
    guide_text: T  # the script an audio guide will read, 60–150 words
    designation: T | None = None  # e.g. national treasure status
    height_cm: float | None = None
    width_cm: float | None = None
    depth_cm: float | None = None
    weight_kg: float | None = None
    dimensions_note: T | None = None
    model: DemoModel | None = None


@record
class Monument(PageContent):
    history: list[T]  # paragraphs
    dynasty: T
    period: T  # e.g. "1804–1833"
    address: T
    latitude: float
    longitude: float
    opening_hours: list[Hours]
    opening_hours_note: T | None
    fares: list[Fare]
    guide_text: T
    relics: list[Relic] = field(default_factory=list)


@record
class Stop:
    """A tour stop: ``target`` is the slug of a monument or relic in this content."""

    target: str
    stop_code: str  # short, numeric, unique across the demo
    note: T


@record
class Tour(PageContent):
    duration_minutes: int
    stops: list[Stop]


@record
class Home:
    title: T
    intro: T
