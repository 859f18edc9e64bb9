"""Demo-like content for the browser tests: a monument with hours and fares, a relic with a
processed 3D model (the real pipeline), hotspots and a spoken audio guide (espeak-ng), a tour
with two stops — in Vietnamese and English."""

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Locale

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.collection.models import Model3D, RelicHotspot
from heritage_cms.collection.services import request_processing
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.factories import (
    MonumentFareFactory,
    MonumentOpeningHoursFactory,
    MonumentPageFactory,
)
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory
from tests.heritage_cms.test_models3d import scan_zip

GUIDE_VI = "Cửu Đỉnh là chín chiếc đỉnh đồng đúc dưới triều Minh Mạng, đặt trước Thế Miếu."
ENGLISH = {
    "Lăng Minh Mạng": "Tomb of Minh Mạng",
    "Cửu Đỉnh": "The Nine Dynastic Urns",
    "Buổi sáng ở Đại Nội": "A morning in the Imperial City",
    "Hình rồng": "Dragon relief",
    GUIDE_VI: "The Nine Dynastic Urns were cast in bronze under Emperor Minh Mạng.",
}


@dataclass
class Visit:
    monument: object
    relic: object
    tour: object
    en_monument: object
    en_relic: object
    en_tour: object
    model: Model3D


def build(home) -> Visit:
    en = Locale.objects.get(language_code="en")
    monument = MonumentPageFactory(parent=home, title="Lăng Minh Mạng", slug="lang-minh-mang")
    MonumentOpeningHoursFactory(page=monument)
    MonumentFareFactory(page=monument, price_vnd=150_000)

    model = Model3D(title="Cao Đỉnh", units="mm", up_axis="y")
    model.source = SimpleUploadedFile("urn.zip", scan_zip())
    model.save()
    request_processing(model)  # outside a transaction: the pipeline runs now (immediate tasks)
    model.refresh_from_db()
    assert model.status == "done", model.message

    relic = RelicPageFactory(
        parent=monument, title="Cửu Đỉnh", slug="cuu-dinh", model_3d=model, guide_text=GUIDE_VI
    )
    relic.hotspots.add(
        RelicHotspot(label="Hình rồng", note="Chạm nổi.", position="0 0.4 0.4", locale=relic.locale)
    )
    relic.save_revision().publish()  # makes the Vietnamese audio guide

    tour = TourPageFactory(parent=home, title="Buổi sáng ở Đại Nội", slug="buoi-sang")
    TourStopFactory(tour=tour, target=relic, stop_code="205")
    TourStopFactory(tour=tour, target=monument, stop_code="206")
    tour.save_revision().publish()

    # Translate what is in the database (the in-memory pages still hold unsaved child rows).
    monument, relic, tour = (
        page.specific_class.objects.get(pk=page.pk) for page in (monument, relic, tour)
    )
    translate_page(home, en, {})
    en_monument = translate_page(monument, en, ENGLISH)
    en_relic = translate_page(relic, en, ENGLISH)
    en_tour = translate_page(tour, en, ENGLISH)
    return Visit(monument, relic, tour, en_monument, en_relic, en_tour, model)
