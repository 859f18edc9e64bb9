"""Text folding so that search forgives what phone keyboards leave out.

Visitors type "Thien Mu" for "Thiên Mụ" and "hue" for "Huế"; Chinese and Japanese have no spaces,
so a word inside a title is not a token to a full-text engine. ``fold`` maps both the indexed text
and the query into the same plain form: diacritics stripped (đ → d included, which Unicode does not
decompose), lower-cased, and runs of CJK characters spelled out as overlapping bigrams.
"""

import re
import unicodedata

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})  # the one letter NFD leaves whole
_WORD = re.compile(r"\w+")


def strip_diacritics(text: str) -> str:
    """'Lăng Tự Đức' → 'Lang Tu Duc' (Hangul and kana are left whole)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def _cjk_grams(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def fold(text: str) -> str:
    """The form both the search index and the query are reduced to."""
    if not text:
        return ""
    # Hangul syllables decompose under NFD; keep them whole by folding only non-CJK runs.
    parts: list[str] = []
    last = 0
    for match in _CJK.finditer(text):
        parts.append(strip_diacritics(text[last : match.start()]).lower())
        parts.append(f" {_cjk_grams(match.group())} ")
        last = match.end()
    parts.append(strip_diacritics(text[last:]).lower())
    return " ".join(_WORD.findall("".join(parts)))
