"""Paragraphs and sentences with their offsets in the article text."""

from __future__ import annotations

import re
from ctypes import byref, c_char_p, c_int, c_int32, create_string_buffer
from dataclasses import dataclass

import blingfire

# A blank line ends a paragraph, except where a layout break cut a sentence in two (the next block starts in
# lower case): web copy often carries such breaks, and a sentence split there loses its verb or its object.
_BLOCK = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", re.S)
_SENTENCE_END = ('.', '!', '?', '"', '\u201d', "'", '\u2019', ':', ')')


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int

    def local(self, offset: int) -> int:
        """Article offset -> offset inside this sentence."""
        return offset - self.start


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, with layout breaks inside a sentence joined back."""
    blocks = [(m.start(), m.end()) for m in _BLOCK.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in blocks:
        if merged:
            prev_start, prev_end = merged[-1]
            if not text[prev_start:prev_end].endswith(_SENTENCE_END) and text[start].islower():
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the article in order; single newlines inside a paragraph also end a line-sentence
    when the line has no terminal punctuation (titles, bylines, datelines)."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for l_start, l_end in _lines(text, p_start, p_end):
            chunk = text[l_start:l_end]
            # blingfire sees newlines as spaces so that offsets stay aligned with the original text
            for s, e in sentence_spans(chunk.replace("\n", " ")):
                for start, end in _digit_starts(text, l_start + s, l_start + e):
                    sentences.append(Sentence(len(sentences), start, end, text[start:end], number))
    return sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of blingfire's sentences. blingfire's own offsets helper maps UTF-8 byte
    offsets back to characters in a Python loop over every byte (a sixth of our extraction time); here ASCII
    text needs no mapping and other text is mapped at the sentence boundaries only."""
    encoded = text.encode("utf-8")
    size = len(encoded)
    if not size:
        return []
    out = create_string_buffer(size * 2 + 1)
    capacity = len(out)
    # the library may write offsets up to the output buffer's size: the arrays must be as long
    starts, ends = (c_int32 * capacity)(), (c_int32 * capacity)()
    found = _TO_SENTENCES(c_char_p(encoded), c_int(size), byref(out), byref(starts), byref(ends), c_int(capacity))
    if found < 0 or found > capacity:
        return []
    count = out.value.count(b"\n") + 1
    if text.isascii():
        return [(starts[i], ends[i] + 1) for i in range(count)]

    def char(offset: int) -> int:
        return len(encoded[:offset].decode("utf-8", "ignore"))

    return [(char(starts[i]), char(ends[i] + 1)) for i in range(count)]


_TO_SENTENCES = blingfire.blingfire.TextToSentencesWithOffsets


# blingfire keeps "... was killed. 1 fatality." together: a sentence may start with a figure. Not after an
# abbreviation that takes a number ("No. 5", "Sept. 12").
_DIGIT_START = re.compile(r"(?<=[a-z)\]])\.\s+(?=\d)")
_NUMBERED_ABBREVIATIONS = frozenset({"no", "nos", "nr", "approx", "st", "mt", "fig", "vol", "p", "pp", "art", "sec",
                                     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                     "dec", "km", "ca", "op", "ch", "para"})


def _digit_starts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for m in _DIGIT_START.finditer(text, start, end):
        word = re.search(r"(\w+)$", text[cursor:m.start()])
        if word and (len(word.group(1)) == 1 or word.group(1).lower() in _NUMBERED_ABBREVIATIONS):
            continue  # "5 p.m. 12 protesters", "Sept. 12": an abbreviation, not the end of a sentence
        pieces.append((cursor, m.start() + 1))
        cursor = m.end()
    pieces.append((cursor, end))
    return pieces


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at single newlines that follow a line without sentence-final punctuation and
    precede a capitalised line: a heading or byline stacked above the body."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in re.finditer(r"\s*\n\s*", text[start:end]):
        left_end = start + m.start()
        right_start = start + m.end()
        left = text[cursor:left_end]
        if left and not left.endswith(_SENTENCE_END) and right_start < end and not text[right_start].islower():
            pieces.append((cursor, left_end))
            cursor = right_start
    pieces.append((cursor, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]
