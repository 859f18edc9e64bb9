"""An uncached visitor page costs a few SQL queries, however rich the page is.

Each page is built as the demo builds it (gallery, history with images, fares and hours, a 3D
model with points of interest, audio guides, English and Japanese translations, a tour with
stops on monuments and relics), rendered once so its image renditions exist, and then measured
with an empty cache: the number of queries must stay within the budget and must not grow when
the page has twice as many images, relics, points of interest or stops.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction
from wagtail_factories import ImageFactory

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.collection.models import Model3D, RelicHotspot, RelicImage
from heritage_cms.core import generation
from heritage_cms.core.translation import translate_page
from heritage_cms.guides.models import AudioGuide
from heritage_cms.sites.factories import (
    MonumentFareFactory,
    MonumentOpeningHoursFactory,
    MonumentPageFactory,
)
from heritage_cms.sites.models import MonumentGalleryImage
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory

pytestmark = pytest.mark.django_db

# Queries once the server has seen the page (Wagtail's site root paths and renditions cached),
# in the page's own or a translated language. Before: home 12-13, monument 22-23, relic 19-20,
# tour 30-35, the last three growing with every image, point of interest and stop; then home
# 7-8, monument 11-12, relic 8-9, tour 7-8; then home 6, monument 10, relic 7, tour 6.
#
# The first request after a publish (a new content generation, core/generation.py) in each
# worker: the path with the language switcher's translations and whether anything on it is
# private (one), the served page's specific row (one), then the page's own lists (home:
# monuments, tours; monument: hours, fares, gallery, story images, renditions, relics; relic:
# points of interest, images, renditions; tour: stops, their pages in the visitor's language).
# The site and the root in the visitor's language are kept per sites generation: a publish of
# any other page leaves them (before: home 6, monument 10, relic 7, tour 6).
AFTER_PUBLISH_BUDGET = {"home": 4, "monument": 8, "relic": 5, "tour": 4}
# Every later request until the next publish: the
# site, the root, the pages on the path and the served page's row (with its story's images) are
# kept per generation in each worker, and the home page's lists are a cached fragment: home 0,
# monument 5 (hours, fares, gallery, renditions, relics), relic 3 (points of interest, images,
# renditions), tour 2 (stops, their pages in the visitor's language).
QUERY_BUDGET = {"home": 0, "monument": 5, "relic": 3, "tour": 2}
assert max(AFTER_PUBLISH_BUDGET.values()) <= 8  # the goal, for every type


def _guide(page, text: str) -> AudioGuide:
    """A finished guide, as the worker leaves it (the MP3 itself is not read by the page)."""
    guide, _created = AudioGuide.objects.update_or_create(
        page=page,
        defaults={
            "transcript": text,
            "text_hash": "0" * 64,
            "status": AudioGuide.Status.DONE,
            "audio": f"guides/{page.pk}-{page.locale.language_code}.mp3",
            "duration_s": 42.0,
        },
    )
    return guide


def _model_3d(name: str) -> Model3D:
    return Model3D.objects.create(
        title=name,
        source=f"models3d/sources/{name}.zip",
        status="done",
        derivatives={
            level: f"models3d/{name}/{level}.{ext}"
            for level, ext in (("low", "glb"), ("high", "glb"), ("poster", "webp"))
        },
    )


def build_site(home, size: int, prefix: str = "") -> dict:
    """A monument with ``size`` of everything a visitor page lists, in three languages."""
    monument = MonumentPageFactory(
        parent=home,
        title="Hoàng thành Huế",
        slug=f"{prefix}hoang-thanh",
        guide_text="Hoàng thành là nơi thiết triều.",
        history=[
            {"type": "paragraph", "value": "<p>Xây dựng từ năm 1804.</p>"},
            *(
                {
                    "type": "image",
                    "value": {"image": ImageFactory().pk, "alt_text": "Ngọ Môn"},
                }
                for _ in range(size)
            ),
        ],
    )
    MonumentOpeningHoursFactory(page=monument)
    MonumentFareFactory(page=monument, visitor="Người lớn", price_vnd=200_000)
    MonumentFareFactory(page=monument, visitor="Trẻ em 7–12", price_vnd=40_000)
    for number in range(size):
        MonumentGalleryImage.objects.create(
            page=monument,
            locale=monument.locale,
            image=ImageFactory(),
            caption=f"Ngọ Môn {number}",
            sort_order=number,
        )
    relics = []
    for number in range(size):
        relic = RelicPageFactory(
            parent=monument,
            slug=f"bao-vat-{number}",
            guide_text=f"Bảo vật số {number}.",
            model_3d=_model_3d(f"{prefix}relic-{number}"),
        )
        for point in range(size):
            RelicHotspot.objects.create(
                page=relic,
                locale=relic.locale,
                label=f"Hình rồng {point}",
                note="Chạm nổi.",
                position=f"0.{point} 0.5 -0.3",
                sort_order=point,
            )
        for picture in range(size):
            RelicImage.objects.create(
                page=relic,
                locale=relic.locale,
                image=ImageFactory(),
                caption=f"Mặt {picture}",
                sort_order=picture,
            )
        relic.save_revision().publish()
        relics.append(relic)
    monument.save_revision().publish()
    tour = TourPageFactory(parent=home, slug=f"{prefix}mot-buoi-sang")
    targets = [monument, *relics]
    for number in range(2 * size):
        TourStopFactory(tour=tour, target=targets[number % len(targets)], sort_order=number)
    tour.save_revision().publish()

    pages = [home, monument, *relics, tour]
    for language in ("en", "ja"):
        locale = Locale.objects.get(language_code=language)
        for page in pages:
            if page.has_translation(locale):
                continue
            translated = translate_page(page, locale, {})
            if getattr(translated.specific, "guide_text", ""):
                _guide(translated, translated.specific.guide_text)
    for page in [monument, *relics]:
        _guide(page, page.guide_text)
    return {"home": home, "monument": monument, "relic": relics[0], "tour": tour}


def count_queries(
    client, page, language: str, *, cold: bool, published: bool = False
) -> tuple[int, str, list[str]]:
    """Queries of one anonymous request once the page has been seen (its renditions made);
    ``cold`` empties every cache first (site root paths, renditions), as after a restart;
    ``published``: the first request after a publish (a new content generation)."""
    with translation.override(language):
        url = page.get_translation(Locale.objects.get(language_code=language)).url
    warm = client.get(url)
    assert warm.status_code == 200
    if cold:
        for cache in caches.all():
            cache.clear()
    if published:
        generation.bump()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("kind", ["home", "monument", "relic", "tour"])
def test_an_uncached_page_costs_few_queries_whatever_its_size(client, home, settings, kind):
    """Within budget in every script we serve (Vietnamese, English, Japanese), on the first
    request after a publish and on every one after it; twice the images, relics, points of interest
    and stops cost the same number of queries."""
    settings.VISITOR_PAGE_CACHE_SECONDS = 0
    small = build_site(home, 2)
    for language in ("vi", "en", "ja"):
        count, _html, sql = count_queries(client, small[kind], language, cold=False)
        budget = QUERY_BUDGET[kind]
        assert count <= budget, f"{kind} in {language}: {count} queries\n" + "\n".join(sql)
        count, _html, sql = count_queries(client, small[kind], language, cold=False, published=True)
        assert count <= AFTER_PUBLISH_BUDGET[kind], (
            f"{kind} in {language} after a publish: {count} queries\n" + "\n".join(sql)
        )
    small_count, small_html, _sql = count_queries(client, small[kind], "en", cold=True)
    large = build_site(home, 4, prefix="large-")
    large_count, large_html, sql = count_queries(client, large[kind], "en", cold=True)
    assert large_count == small_count, "\n".join(sql)
    assert len(large_html) > len(small_html), "the larger page shows more"


def test_a_private_section_stays_private_with_the_faster_routing(client, home, monument, relic):
    """The view restriction on a monument still guards its relics, and private pages stay out
    of the lists visitors see."""
    PageViewRestriction.objects.create(
        page=monument, restriction_type=PageViewRestriction.PASSWORD, password="ngo-mon"
    )
    response = client.get(relic.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cửu Đỉnh" not in html and 'type="password"' in html
    assert "Lăng Minh Mạng" not in client.get(home.url).content.decode()


def test_unknown_and_unpublished_paths_are_not_found(client, home, monument, relic):
    assert client.get(monument.url + "khong-co/").status_code == 404
    assert client.get(relic.url + "khong-co/").status_code == 404
    relic.unpublish()
    assert client.get(relic.url).status_code == 404
    assert client.get(monument.url).status_code == 200
