"""Text normalisation and sentence-boundary chunking.

gTTS cuts at 100 characters and may split a Chinese/Japanese word in two; we chunk ourselves on
sentence ends (Latin ``.!?…`` and CJK ``。！？``), then clause marks (``,;:，、；：``), then spaces,
and only as a last resort between two characters of an unspaced script.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# A sentence ends after CJK terminal punctuation (no space needed), or after Latin terminal
# punctuation followed by whitespace (so "1.5" stays whole); closing quotes/brackets stay
# with their sentence.
_SENTENCE_END = re.compile(r"[。！？]+[」』）)\"”’]*\s*|[.!?…]+[\"”’)」』]*(?:\s+|$)")
_CLAUSE_END = re.compile(r"(?<=[,;:，、；：])")


def normalise_text(text: str) -> str:
    """NFC, whitespace collapsed, invisible format marks dropped: layout is not content."""
    text = unicodedata.normalize("NFC", text)
    # Control characters separate words; format characters (soft hyphen, ZWJ) sit inside them.
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn")
    )
    return _WS.sub(" ", text).strip()


def split_sentences(text: str) -> list[str]:
    """Split normalised text into sentences, keeping their punctuation."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _split_long(piece: str, max_chars: int) -> list[str]:
    """Break one over-long sentence: clause marks, then words, then characters."""
    if len(piece) <= max_chars:
        return [piece]
    clauses = [c.strip() for c in _CLAUSE_END.split(piece) if c.strip()]
    if len(clauses) > 1:
        out: list[str] = []
        for clause in _merge(clauses, max_chars):
            out.extend(_split_long(clause, max_chars))
        return out
    words = piece.split(" ")
    if len(words) > 1:
        out = []
        for part in _merge(words, max_chars, sep=" "):
            out.extend(_split_long(part, max_chars))
        return out
    # An unspaced run (CJK without punctuation) longer than the limit: no better boundary known.
    return [piece[i : i + max_chars] for i in range(0, len(piece), max_chars)]


def _joiner(a: str, b: str) -> str:
    """No space between CJK pieces, one space between anything else."""
    cjk_end = bool(a) and unicodedata.east_asian_width(a[-1]) in ("W", "F")
    cjk_start = bool(b) and unicodedata.east_asian_width(b[0]) in ("W", "F")
    return "" if cjk_end or cjk_start else " "


def _merge(parts: list[str], max_chars: int, sep: str | None = None) -> list[str]:
    """Greedily pack consecutive parts into pieces of at most ``max_chars``."""
    out: list[str] = []
    current = ""
    for part in parts:
        if not current:
            current = part
            continue
        glue = sep if sep is not None else _joiner(current, part)
        if len(current) + len(glue) + len(part) <= max_chars:
            current = current + glue + part
        else:
            out.append(current)
            current = part
    if current:
        out.append(current)
    return out


def chunk_text(text: str, max_chars: int) -> list[str]:
    """Chunks of at most ``max_chars``, cut at the best boundary available, in reading order."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    pieces: list[str] = []
    for sentence in split_sentences(normalise_text(text)):
        pieces.extend(_split_long(sentence, max_chars))
    return _merge(pieces, max_chars)
