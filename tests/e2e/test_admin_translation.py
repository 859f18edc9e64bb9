"""A translation in a real browser: a moderator publishes a new relic, a translator (and only a
translator) translates and submits it, a moderator (and only a moderator) approves it; visitors in
every language see the page all along, translated or as its mirror, never half-translated."""

import re

import pytest
from wagtail.users.models import UserProfile

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import MODERATORS, TRANSLATORS
from heritage_cms.core.tasks import synchronize_locale_trees
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.factories import MonumentPageFactory

pytestmark = pytest.mark.slow

TITLE = "Khánh Đỉnh"
SUMMARY = "Một đỉnh đồng đúc năm 1836, đặt trước điện Thái Hòa."
GUIDE = "Khánh Đỉnh được đúc dưới triều Minh Mạng. Trên thân đỉnh có chạm hình núi sông."
SENTENCES = ["Khánh Đỉnh được đúc dưới triều Minh Mạng.", "Trên thân đỉnh có chạm hình núi sông."]
TRANSLATIONS = {
    "en": [
        "Khánh Cauldron",
        "A bronze cauldron cast in 1836, standing before the Hall of Supreme Harmony.",
        "The Khánh Cauldron was cast under Minh Mạng.",
        "Mountains and rivers are carved on its body.",
    ],
    "fr": [
        "Urne Khánh",
        "Une urne de bronze fondue en 1836, devant le palais de l'Harmonie suprême.",
        "L'urne Khánh fut fondue sous le règne de Minh Mạng.",
        "Des montagnes et des fleuves sont ciselés sur sa panse.",
    ],
    "ja": [
        "慶鼎",
        "1836年に鋳造された青銅の鼎で、太和殿の前に置かれている。",
        "慶鼎は明命帝の治世に鋳造された。",
        "鼎の胴には山や川が彫られている。",
    ],
    "ko": [
        "경정",
        "1836년에 주조된 청동 솥으로, 태화전 앞에 놓여 있다.",
        "경정은 민망 황제 때 주조되었다.",
        "솥의 몸체에는 산과 강이 새겨져 있다.",
    ],
    "zh-hans": [
        "庆鼎",
        "一座铸于1836年的铜鼎，立于太和殿前。",
        "庆鼎铸于明命帝在位期间。",
        "鼎身上刻有山川图案。",
    ],
}
LANGUAGES = ["vi", "en", "fr", "ja", "ko", "zh-hans"]
PATH = "lang-minh-mang/khanh-dinh/"


@pytest.fixture
def desk(browser, live_server):
    """Staff work at a desk: a wide window, English admin."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live_server.url, locale="en-GB"
    )
    context.set_default_timeout(30_000)
    yield context
    context.close()


def staff(username, group):
    user = UserFactory(username=username, password="translate-it-1", groups=[group])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def log_in(desk, username):
    desk.clear_cookies()
    page = desk.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "translate-it-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    return page


def seen_by_visitors(phone, language) -> tuple[str, bool]:
    """The <h1> a visitor in ``language`` reads, and whether they are told it is a mirror."""
    page = phone.new_page()
    response = page.goto(f"/{language}/{PATH}")
    assert response.status == 200, f"{language}: {response.status}"
    heading = page.locator("main h1").first.inner_text()
    mirrored = page.locator(".untranslated-notice").count() == 1
    page.close()
    return heading, mirrored


def translate_segment(page, source_text, translated):
    segment = page.locator("li", has=page.get_by_text(source_text, exact=True)).last
    segment.get_by_role("button", name=re.compile("^(Translate|Edit)$")).click()
    segment.locator("textarea").fill(translated)
    segment.get_by_role("button", name="Save").click()
    segment.get_by_text(translated, exact=True).wait_for()


def test_a_translator_submits_a_translation_and_a_moderator_approves_it(
    desk, phone, transactional_db, home, en, staff_roles
):
    monument = MonumentPageFactory(parent=home, title="Lăng Minh Mạng", slug="lang-minh-mang")
    for page in (home, monument):
        translate_page(page, en, {"Lăng Minh Mạng": "Tomb of Minh Mạng"})
    synchronize_locale_trees.call()
    staff("moderator-only", MODERATORS)
    staff("translator-only", TRANSLATORS)

    # A moderator adds and publishes a new relic in Vietnamese, in the admin.
    admin = log_in(desk, "moderator-only")
    admin.goto(f"/admin/pages/add/collection/relicpage/{monument.pk}/")
    admin.locator("#id_title").wait_for(timeout=90_000)  # a heavy page on a busy machine
    admin.fill("#id_title", TITLE)
    admin.locator("#id_title").blur()
    admin.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    assert admin.locator("#id_slug").input_value() == "khanh-dinh"
    admin.fill("#id_summary", SUMMARY)
    admin.get_by_role("tab", name=re.compile("Catalogue")).click()
    admin.fill("#id_inventory_number", "HUE-DN-0100")
    admin.get_by_role("tab", name=re.compile("Audio and 3D")).click()
    admin.fill("#id_guide_text", GUIDE)
    admin.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    admin.locator("button[name='action-publish']").click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # Every language's visitors reach it at once: Vietnamese, told it is not translated yet.
    for language in LANGUAGES:
        assert seen_by_visitors(phone, language) == (TITLE, language != "vi"), language

    # The translator, and only a translator, translates it into English and submits it.
    translator = log_in(desk, "translator-only")
    for language in ["en", "fr", "ja", "ko", "zh-hans"]:
        mirror_id = _page_id(language)
        translator.goto(f"/admin/pages/{mirror_id}/edit/")
        translator.get_by_role("link", name="Translate this page").click()
        translator.locator("input[type=submit][value=Submit]").click()
        translator.wait_for_url(f"**/admin/pages/{mirror_id}/edit/")
        strings = TRANSLATIONS[language]
        translate_segment(translator, TITLE, strings[0])
        translate_segment(translator, SUMMARY, strings[1])
        translator.get_by_role("tab", name=re.compile("Audio and 3D")).click()
        translate_segment(translator, SENTENCES[0], strings[2])
        translate_segment(translator, SENTENCES[1], strings[3])
        # Nothing of this is live: visitors still read the mirror.
        assert seen_by_visitors(phone, language) == (
            TITLE if language == "en" else _english_or_vietnamese(),
            True,
        )
        translator.get_by_role("button", name="Submit for moderation").click()
        translator.get_by_text("was submitted for moderation").wait_for()
        assert seen_by_visitors(phone, language)[1], f"{language}: live before approval"

    # A moderator, and only a moderator, sees them waiting and approves them.
    moderator = log_in(desk, "moderator-only")
    for _ in range(5):
        moderator.goto("/admin/")
        moderator.get_by_role("button", name="Actions").first.click()
        with moderator.expect_navigation():
            moderator.get_by_role("button", name="Approve", exact=True).first.click()

    for language, strings in TRANSLATIONS.items():
        heading, mirrored = seen_by_visitors(phone, language)
        assert (heading, mirrored) == (strings[0], False), language
        page = phone.new_page()
        page.goto(f"/{language}/{PATH}")
        body = page.locator("main").inner_text()
        assert strings[2] in body and SENTENCES[0] not in body, language
        page.close()
    assert seen_by_visitors(phone, "vi") == (TITLE, False)


def _page_id(language):
    from wagtail.models import Page

    return Page.objects.get(slug="khanh-dinh", locale__language_code=language).pk


def _english_or_vietnamese():
    from wagtail.models import Page

    english = Page.objects.get(slug="khanh-dinh", locale__language_code="en")
    return english.title if not english.alias_of_id else TITLE
