"""Slugs made from Vietnamese titles keep their words readable (đ → d, tone marks dropped)."""

import json

import pytest

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core.slugs import ReadableSlugInput, readable_slug

# Every vowel with each of the five tone marks, and the toneless ă â ê ô ơ ư, both cases.
VOWELS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đỉnh đồng", "dinh-dong"),
        ("ĐỈNH ĐỒNG", "dinh-dong"),
        ("Lăng Tự Đức", "lang-tu-duc"),
        ("Điện Thái Hòa", "dien-thai-hoa"),
        ("Chùa Thiên Mụ – tháp Phước Duyên", "chua-thien-mu-thap-phuoc-duyen"),
        ("Cửu Đỉnh (1835–1837)", "cuu-dinh-18351837"),
    ],
)
def test_vietnamese_titles_become_readable_slugs(title, slug):
    assert readable_slug(title) == slug


@pytest.mark.parametrize("plain", sorted(VOWELS))
def test_every_toned_letter_becomes_its_plain_letter(plain):
    letters = VOWELS[plain]
    assert readable_slug(letters) == plain * len(letters)
    assert readable_slug(letters.upper()) == plain * len(letters)


def test_the_editors_slug_field_transliterates_the_same_letters():
    formatters = json.loads(ReadableSlugInput().attrs["data-w-slug-formatters-value"])
    replaced = {
        letter: plain
        for (pattern, *_flags), plain in formatters
        for letter in pattern.strip("[]").replace("\\", "")
    }
    for plain, letters in VOWELS.items():
        for letter in letters[1:]:
            assert replaced[letter] == plain and replaced[letter.upper()] == plain.upper()


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_a_readable_one(monument):
    first = RelicPageFactory(parent=monument, title="Đỉnh đồng", slug="")
    second = RelicPageFactory(parent=monument, title="Đỉnh đồng", slug="")
    assert (first.slug, second.slug) == ("dinh-dong", "dinh-dong-2")


@pytest.mark.django_db
def test_full_clean_fills_a_readable_slug(monument):
    from heritage_cms.collection.models import RelicPage

    page = RelicPage(title="Đỉnh đồng")
    page._cached_parent_obj = monument  # what Wagtail's create view sets
    page.full_clean(exclude=["path", "depth"])  # the tree places it on save
    assert page.slug == "dinh-dong"
