"""Chunking on sentence boundaries: never more than the limit, never mid-word."""

from __future__ import annotations

import re

import pytest

from audio_guides.chunking import chunk_text, normalise_text, split_sentences

VI = (
    "Chào mừng quý khách đến với Cửu Đỉnh. Chín cái đỉnh đồng được đúc dưới thời vua "
    "Minh Mạng, từ năm 1835 đến năm 1837! Mỗi đỉnh nặng khoảng 1.5 tấn? Hãy nhìn kỹ."
)
ZH = (
    "九鼎是阮朝明命皇帝在一八三五年至一八三七年间铸造的。每个鼎上都刻有十七幅图案，包括山川、"
    "河流、动物和武器！它们象征着国家的统一与永恒？请仔细观赏。"
)
JA = (
    "フエの こうきゅうへ ようこそ。ここのつの かなえは、ミンマンていの じだいに つくられました！"
    "それぞれに じゅうななの えが きざまれています。"
)


def test_normalise_collapses_whitespace_and_nfc() -> None:
    decomposed = "Hue\u0302\u0301  \n\t  Cửu\u00a0Đỉnh \r\n"
    assert normalise_text(decomposed) == "Huế Cửu Đỉnh"


def test_latin_sentence_ends_but_not_decimals() -> None:
    sentences = split_sentences(VI)
    assert sentences == [
        "Chào mừng quý khách đến với Cửu Đỉnh.",
        "Chín cái đỉnh đồng được đúc dưới thời vua Minh Mạng, từ năm 1835 đến năm 1837!",
        "Mỗi đỉnh nặng khoảng 1.5 tấn?",
        "Hãy nhìn kỹ.",
    ]


def test_cjk_sentence_ends_without_spaces() -> None:
    sentences = split_sentences(ZH)
    assert len(sentences) == 4
    assert all(s[-1] in "。！？" for s in sentences)


@pytest.mark.parametrize("limit", [20, 40, 100])
def test_vietnamese_chunks_respect_limit_and_words(limit: int) -> None:
    chunks = chunk_text(VI, limit)
    words = set(VI.split())
    for chunk in chunks:
        assert len(chunk) <= limit
        assert set(chunk.split()) <= words  # no word was cut
    assert " ".join(chunks) == VI


@pytest.mark.parametrize("text", [ZH, JA])
def test_cjk_chunks_cut_at_punctuation(text: str) -> None:
    chunks = chunk_text(text, 30)
    assert all(len(c) <= 30 for c in chunks)
    assert "".join(chunks).replace(" ", "") == text.replace(" ", "")
    for chunk in chunks[:-1]:  # each cut falls right after a punctuation mark or a space
        assert re.search(r"[。！？，、]$", chunk) or text[text.index(chunk) + len(chunk)] == " "


def test_cjk_without_any_boundary_is_cut_at_the_limit() -> None:
    run = "九鼎" * 80
    chunks = chunk_text(run, 100)
    assert [len(c) for c in chunks] == [100, 60]


def test_short_sentences_are_packed_together() -> None:
    assert chunk_text("Một. Hai. Ba.", 100) == ["Một. Hai. Ba."]


def test_empty_text_has_no_chunks() -> None:
    assert chunk_text("  \n ", 100) == []
