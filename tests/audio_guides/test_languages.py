from __future__ import annotations

import pytest

from audio_guides.errors import UnsupportedLanguage
from audio_guides.languages import canonical_language, has_han, has_kana, looks_like_pinyin


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("vi-VN", "vi"),
        ("zh_CN", "zh"),
        ("zh-Hans", "zh"),
        ("EN-gb", "en"),
        ("fr", "fr"),
        ("ja-JP", "ja"),
        ("ko", "ko"),
        ("cmn", "zh"),
    ],
)
def test_canonical(tag: str, code: str) -> None:
    assert canonical_language(tag) == code


def test_unknown_language() -> None:
    with pytest.raises(UnsupportedLanguage, match="xx"):
        canonical_language("xx-YY")


def test_scripts() -> None:
    assert has_han("Cửu Đỉnh (九鼎)")
    assert not has_han("きゅうてい")
    assert has_kana("カタカナ")


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("Huānyíng lái dào Shùnhuà.", True),
        ("zhong1 guo2 lǜ", True),
        ("Chào mừng đến Huế.", False),
        ("123 。", False),
    ],
)
def test_pinyin_detection(text: str, pinyin: bool) -> None:
    assert looks_like_pinyin(text) is pinyin
