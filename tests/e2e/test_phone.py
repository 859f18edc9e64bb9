"""The phone never dead-ends: pages that fit 360 and 390 px without sideways scrolling or words
cut in two (in Vietnamese, English, Japanese, Korean and Chinese), an offline page that leads to
what the phone holds, a map that becomes a labelled plan without tiles, the audio guide's resume
point shown before play, and a pass paid from the card's balance."""

import re
from pathlib import Path

import pytest
from wagtail.models import Locale

from heritage_cms.cards import access
from heritage_cms.cards.factories import ProductFactory
from heritage_cms.cards.issuing import issue_card
from heritage_cms.cards.models import Entitlement
from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core.money import VND
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.factories import (
    MonumentFareFactory,
    MonumentOpeningHoursFactory,
    MonumentPageFactory,
    SiteFactory,
)
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory
from tests.ledger_credit import credit

from .conftest import ARTIFACTS, PHONE, needs_tts

pytestmark = pytest.mark.slow

LANGUAGES = ("vi", "en", "ja", "ko", "zh-hans")
FARES = [("Người lớn", 150_000, ""), ("Trẻ em từ 7 đến 12 tuổi", 30_000, "Xuất trình giấy tờ")]
GUIDE_VI = "Cửu Đỉnh là chín chiếc đỉnh đồng đúc dưới triều Minh Mạng, đặt trước Thế Miếu."
# Real translations of the source strings, as translators would enter them.
STRINGS = {
    "en": {
        "Lăng Minh Mạng": "Tomb of Minh Mạng",
        "Chùa Thiên Mụ": "Thiên Mụ Pagoda",
        "Cửu Đỉnh": "The Nine Dynastic Urns",
        "Buổi sáng ở Đại Nội": "A morning in the Imperial City",
        "Người lớn": "Adult",
        "Trẻ em từ 7 đến 12 tuổi": "Children aged 7 to 12",
        "Xuất trình giấy tờ": "Show an ID",
    },
    "ja": {
        "Lăng Minh Mạng": "ミンマン帝廟",
        "Chùa Thiên Mụ": "ティエンムー寺",
        "Cửu Đỉnh": "九鼎",
        "Buổi sáng ở Đại Nội": "王宮の朝",
        "Người lớn": "大人",
        "Trẻ em từ 7 đến 12 tuổi": "7歳から12歳までの子ども",
        "Xuất trình giấy tờ": "身分証明書を提示してください",
    },
    "ko": {
        "Lăng Minh Mạng": "민망 황제릉",
        "Chùa Thiên Mụ": "티엔무 사원",
        "Cửu Đỉnh": "구정",
        "Buổi sáng ở Đại Nội": "황궁의 아침",
        "Người lớn": "성인",
        "Trẻ em từ 7 đến 12 tuổi": "7세부터 12세까지 어린이",
        "Xuất trình giấy tờ": "신분증을 제시하세요",
    },
    "zh-hans": {
        "Lăng Minh Mạng": "明命皇陵",
        "Chùa Thiên Mụ": "天姥寺",
        "Cửu Đỉnh": "九鼎",
        "Buổi sáng ở Đại Nội": "皇城的早晨",
        "Người lớn": "成人",
        "Trẻ em từ 7 đến 12 tuổi": "7至12岁儿童",
        "Xuất trình giấy tờ": "请出示证件",
    },
}

# Every visible text element of the page, in the browser: nothing wider than its box or the
# screen, no word split across two lines (words found with Intl.Segmenter, so Japanese and
# Chinese words count too; each word's Range.getClientRects() must stay on one line), and no
# field whose placeholder is cut.
LAYOUT_PROBLEMS = "\n".join(
    line
    for line in (Path(__file__).parent / "layout_problems.js").read_text().splitlines()
    if not line.startswith("//")
)


@pytest.fixture
def hue(transactional_db, home):
    """Two monuments (one free to enter), a relic with a spoken guide, a tour, a pass, a card
    holding 500.000 ₫ — translated into English, Japanese, Korean and Chinese. (Minutes on a
    shared machine: the tests below each walk several pages on one build.)"""
    needs_tts()
    return _build_hue(home)


def _build_hue(home) -> dict:
    monument = MonumentPageFactory(
        parent=home, title="Lăng Minh Mạng", slug="lang-minh-mang", site=SiteFactory(code="lmm")
    )
    MonumentOpeningHoursFactory(page=monument)
    for visitor, price, note in FARES:
        MonumentFareFactory(page=monument, visitor=visitor, price_vnd=price, note=note)
    pagoda = MonumentPageFactory(
        parent=home,
        title="Chùa Thiên Mụ",
        slug="chua-thien-mu",
        latitude="16.453500",
        longitude="107.544700",
        site=SiteFactory(code="ctm"),
    )
    relic = RelicPageFactory(parent=monument, title="Cửu Đỉnh", slug="cuu-dinh")
    relic.save_revision().publish()
    tour = TourPageFactory(parent=home, title="Buổi sáng ở Đại Nội", slug="buoi-sang")
    TourStopFactory(tour=tour, target=relic, stop_code="205")
    TourStopFactory(tour=tour, target=monument, stop_code="206")
    tour.save_revision().publish()
    pages = {
        "monument": monument.specific_class.objects.get(pk=monument.pk),
        "relic": relic.specific_class.objects.get(pk=relic.pk),
        "tour": tour.specific_class.objects.get(pk=tour.pk),
    }
    pagoda = pagoda.specific_class.objects.get(pk=pagoda.pk)
    urls = {"vi": {"home": "/vi/", **{kind: page.url for kind, page in pages.items()}}}
    urls["vi"]["pagoda"] = pagoda.url
    for code in LANGUAGES[1:]:
        locale, _created = Locale.objects.get_or_create(language_code=code)
        translate_page(home, locale, {})
        urls[code] = {"home": f"/{code}/"}
        for kind, page in pages.items():
            urls[code][kind] = translate_page(page, locale, STRINGS[code]).url
        urls[code]["pagoda"] = translate_page(pagoda, locale, STRINGS[code]).url
    # The guide text after the translations, so only the Vietnamese guide is spoken (espeak-ng).
    relic = pages["relic"]
    relic.guide_text = GUIDE_VI
    relic.save_revision().publish()
    product = ProductFactory(
        name="Vé Lăng Minh Mạng, 1 lượt", sites=["lmm"], price=VND(150_000), valid_days=1
    )
    card = issue_card("9704180200000555", "04AB12CD34EF55", access_code="HUE555")
    credit(card, 500_000)
    return {"urls": urls, "card": card, "product": product}


def new_card_holding(amount: int):
    """A card of its own for a test that spends."""
    card = issue_card(f"97041802{amount:08d}"[:16], f"04CC{amount:010X}", access_code="HUE999")
    credit(card, amount)
    return card


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


def test_every_visitor_page_fits_360_and_390_px_in_five_languages(browser, live_server, hue):
    token = access.make_link_token(hue["card"])
    found = {}
    for width in (360, 390):
        context = browser.new_context(
            **{**PHONE, "viewport": {"width": width, "height": 800}}, base_url=live_server.url
        )
        try:
            page = context.new_page()
            for code in LANGUAGES:
                urls = {**hue["urls"][code], "card": f"/{code}/card/{token}/"}
                for kind in ("home", "monument", "relic", "tour", "card"):
                    page.goto(urls[kind])
                    if kind in ("home", "monument"):  # the map (the plan, without internet)
                        page.locator("[data-map]").first.scroll_into_view_if_needed()
                    page.wait_for_timeout(300)
                    problems = layout_problems(page)
                    if problems:
                        found[f"{kind} {code} {width}px"] = problems[:6]
                    shot = ARTIFACTS / f"layout-{width}-{code}-{kind}.png"
                    page.screenshot(path=shot, full_page=True)
        finally:
            context.close()
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())

    # The check fails where it must: the old "overflow-wrap: anywhere" in the fares table.
    context = browser.new_context(**PHONE, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto(hue["urls"]["vi"]["monument"])
        page.add_style_tag(content="body { overflow-wrap: anywhere } .fares th { width: 1px }")
        assert any("broken across lines" in problem for problem in layout_problems(page))
        page.add_style_tag(content=".lead { width: 30rem; white-space: nowrap }")
        assert any("leaves the screen" in problem for problem in layout_problems(page))

        # Top-up amounts: the whole label is a 44 px target, the radio beside its words.
        page.goto(f"/vi/card/{token}/")
        for choice in page.locator(".amounts label.choice").all():
            box = choice.bounding_box()
            radio = choice.locator("input[type=radio]").bounding_box()
            text = choice.locator("span").bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44
            assert abs((radio["y"] + radio["height"] / 2) - (text["y"] + text["height"] / 2)) < 4
            assert 0 <= text["x"] - (radio["x"] + radio["width"]) <= 16, "label by its radio"
        page.locator(".amounts label.choice span").nth(1).click()  # a tap on the words
        assert page.locator("input[name=preset]").nth(1).is_checked()
    finally:
        context.close()


def wait_for_service_worker(page) -> None:
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    page.wait_for_function(
        "caches.open('heritage-pages-v1').then(c => c.keys())"
        ".then(keys => keys.some(k => k.url.endsWith('/ja/offline/'))"
        " && keys.some(k => new URL(k.url).pathname === '/ja/'))"
    )


def check_offline_a_page_not_on_the_phone_leads_to_what_is(phone, hue):
    urls = hue["urls"]["ja"]
    page = phone.new_page()
    page.goto(urls["relic"])  # the first page seen: a QR code on a sign, say
    wait_for_service_worker(page)
    page.goto(urls["relic"])  # seen again, now through the service worker
    page.goto(urls["tour"])
    phone.set_offline(True)

    page.goto(urls["monument"])  # never visited, no tour downloaded
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "史跡・文化財を検索" in page.content(), "the page's frame in the visitor's language"
    assert page.locator("[data-offline-list]").is_visible()
    visited = page.locator("[data-offline-pages] a")
    visited.first.wait_for()
    titles = visited.all_inner_texts()
    assert "九鼎" in titles and "王宮の朝" in titles, titles
    page.screenshot(path=ARTIFACTS / "offline-ja.png", full_page=True)

    page.get_by_role("link", name=re.compile("ホーム|Home")).first.click()
    page.wait_for_url(f"**{urls['home']}")
    assert page.locator("h1").is_visible(), "the home page is always on the phone"
    assert page.get_by_role("link", name="王宮の朝").count(), "with the tours"
    page.goto(urls["tour"])
    assert page.locator("h1").inner_text() == "王宮の朝"


def check_the_map_without_tiles_is_a_labelled_plan_of_the_monuments(phone, hue):
    page = phone.new_page()
    tiles = []
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: (tiles.append(1), route.abort()),
    )
    page.goto(hue["urls"]["ko"]["home"])
    page.locator("[data-map]").scroll_into_view_if_needed()
    plan = page.locator("[data-map].map-plan")
    plan.wait_for(timeout=20_000)
    assert tiles, "the page asked the configured tile server first"
    labels = plan.locator("li a").all_inner_texts()
    assert sorted(labels) == sorted(["민망 황제릉", "티엔무 사원"])
    assert plan.locator(".map-notice").inner_text()
    # North at the top: Thiên Mụ (16.45° N) above the tomb (16.39° N).
    north, south = (
        plan.locator("li", has_text=name).bounding_box() for name in ("티엔무 사원", "민망 황제릉")
    )
    assert north["y"] < south["y"]
    page.screenshot(path=ARTIFACTS / "map-plan-ko.png", full_page=False)
    plan.locator("li a", has_text="민망 황제릉").click()
    page.wait_for_url(f"**{hue['urls']['ko']['monument']}")


def check_the_tile_server_comes_from_the_setting(phone, hue, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/hue/{z}/{x}/{y}.png"
    page = phone.new_page()
    asked = []
    page.route(
        re.compile(r"^https://tiles\.example\.org/"),
        lambda route: (asked.append(route.request.url), route.abort()),
    )
    page.goto(hue["urls"]["en"]["home"])
    assert page.locator("[data-map]").get_attribute("data-tiles") == settings.MAP_TILE_URL
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.locator("[data-map].map-plan").wait_for(timeout=20_000)
    assert asked and "/hue/" in asked[0]


def check_the_audio_guide_shows_where_it_will_resume_before_play(phone, hue):
    page = phone.new_page()
    page.goto(hue["urls"]["vi"]["relic"])
    audio = page.locator("[data-audio-guide] audio")
    src = audio.get_attribute("src")
    assert not page.locator("[data-resume]").is_visible(), "nothing to resume the first time"
    page.evaluate(
        "([src]) => localStorage.setItem('heritage:guide-position:' + src, '83.4')", [src]
    )
    page.reload()
    resume = page.locator("[data-resume]")
    assert resume.is_visible() and "1:23" in resume.inner_text()
    assert audio.evaluate("a => a.paused"), "shown before play, no autoplay"
    page.goto(hue["urls"]["en"]["relic"])  # the English page has its own guide and position
    english = page.locator("[data-resume]")
    assert not english.count() or not english.is_visible()


def check_a_pass_paid_from_the_balance_in_the_browser_sells_once(phone, hue):
    card, product = new_card_holding(400_000), hue["product"]
    page = phone.new_page()
    page.goto(f"/ja/card/{access.make_link_token(card)}/")
    item = page.locator(f"[data-product='{product.code}']")
    assert "ミンマン帝廟" in item.inner_text() and "Vé Lăng" not in item.inner_text()
    pay = item.locator("form:has(input[value=buy_balance]) button")
    pay.dblclick()  # an impatient double tap: two submits of the same form
    page.wait_for_selector(".messages li")
    assert re.sub(r"\D", "", page.locator("[data-balance]").inner_text()) == "250000"
    assert "credited" not in page.locator(".messages").inner_text()
    assert Entitlement.objects.filter(card=card, product=product).count() == 1
    assert not card.payments.exists()
    assert "ミンマン帝廟" in page.locator(".card-passes").inner_text()


def check_no_ticket_is_offered_where_entry_is_free(phone, hue):
    page = phone.new_page()
    page.goto(hue["urls"]["zh-hans"]["pagoda"])
    assert page.locator(".free-entry").is_visible()
    assert page.locator(".visit .actions a").count() == 1, "top up only, no 'Buy a ticket'"
    page.goto(hue["urls"]["zh-hans"]["monument"])
    assert page.locator(".visit .actions a").count() == 2


def test_without_network_or_tiles_the_phone_still_leads_somewhere(phone, hue, settings):
    check_the_map_without_tiles_is_a_labelled_plan_of_the_monuments(phone, hue)
    check_the_tile_server_comes_from_the_setting(phone, hue, settings)
    check_offline_a_page_not_on_the_phone_leads_to_what_is(phone, hue)


def test_resume_point_pass_from_balance_and_free_entry(phone, hue):
    check_the_audio_guide_shows_where_it_will_resume_before_play(phone, hue)
    check_a_pass_paid_from_the_balance_in_the_browser_sells_once(phone, hue)
    check_no_ticket_is_offered_where_entry_is_free(phone, hue)
