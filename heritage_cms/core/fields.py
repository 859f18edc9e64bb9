"""Model fields that translate well."""

import re

from django.db import models
from wagtail_localize.segments import StringSegmentValue

# A sentence runs to Latin terminal punctuation followed by a space (so "1.5" stays whole), to
# CJK terminal punctuation (no space needed), to a line break, or to the end; closing quotes and
# brackets stay with their sentence. The same boundaries as audio_guides.chunking.
_SENTENCE = re.compile(
    r"""\S.*?(?:[.!?…]+["”’)」』]*(?=\s|$)|[。！？]+[」』）)"”’]*|(?=[^\S\n]*\n)|$)""", re.S
)
_CJK_END = re.compile(r"[。！？][」』）)\"”’]*$")


def split_sentences(text: str) -> list[tuple[str, str]]:
    """``text`` as (whitespace before, sentence) pairs; joined back they are ``text`` again."""
    pieces, position = [], 0
    for match in _SENTENCE.finditer(text):
        pieces.append((text[position : match.start()], match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces


class SentencesTextField(models.TextField):
    """Plain text that wagtail-localize offers sentence by sentence, not as one block.

    An audio guide's script is paragraphs of sentences: one sentence is what a translator can
    translate, and a changed sentence is all that waits for them when the source changes.
    Line breaks and spacing between sentences are kept; a space after a Chinese or Japanese
    full stop is dropped, as those scripts put none.
    """

    def get_translatable_segments(self, value):
        return [
            StringSegmentValue(str(index), sentence)
            for index, (_space, sentence) in enumerate(split_sentences(value or ""))
            if sentence
        ]

    def restore_translated_segments(self, value, segments):
        translated = {segment.path: segment.render_text() for segment in segments}
        out: list[str] = []
        for index, (space, sentence) in enumerate(split_sentences(value or "")):
            if space == " " and out and _CJK_END.search(out[-1]):
                space = ""
            out.append(space)
            out.append(translated.get(str(index), sentence) if sentence else "")
        return "".join(out)
