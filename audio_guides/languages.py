"""Language codes and writing-system detection.

Engines decide what they can read from the script actually present in the text, not from the
language label alone: a Vietnamese guide quoting 九鼎 must not be read as "Chinese letter".
"""

from __future__ import annotations

import re

from audio_guides.errors import UnsupportedLanguage

#: The platform's guide languages (canonical codes).
LANGUAGES: frozenset[str] = frozenset({"vi", "en", "fr", "zh", "ja", "ko"})

#: ISO 639-2 codes for ID3 TLAN / comments.
ISO639_2: dict[str, str] = {
    "vi": "vie",
    "en": "eng",
    "fr": "fra",
    "zh": "zho",
    "ja": "jpn",
    "ko": "kor",
}

_ALIASES: dict[str, str] = {
    "cmn": "zh",
    "zho": "zh",
    "vie": "vi",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "jpn": "ja",
    "kor": "ko",
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Letters of Hanyu Pinyin: ASCII, ü/ê and the tone-marked vowels (plus the rare ḿ, ń, ň, ǹ).
_PINYIN_EXTRA = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêḿńňǹĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜÊ")


def canonical_language(code: str) -> str:
    """Map a BCP 47 tag ("vi-VN", "zh-Hans", "zh_CN", "en-GB") to one of :data:`LANGUAGES`."""
    tag = code.strip().replace("_", "-").lower()
    primary = tag.split("-", 1)[0]
    primary = _ALIASES.get(primary, primary)
    if primary not in LANGUAGES:
        known = ", ".join(sorted(LANGUAGES))
        raise UnsupportedLanguage(f"unsupported language {code!r} (supported: {known})")
    return primary


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def has_kana(text: str) -> bool:
    return _KANA.search(text) is not None


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def looks_like_pinyin(text: str) -> bool:
    """True when every letter belongs to pinyin (so Vietnamese "Huế, Đỉnh" is rejected)."""
    letters = [ch for ch in text if _LATIN_LETTER.match(ch)]
    return bool(letters) and all(ch.isascii() or ch in _PINYIN_EXTRA for ch in letters)
