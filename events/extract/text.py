"""Paragraphs and sentences with their offsets in the article text."""

from __future__ import annotations

import logging
import re
from ctypes import byref, c_char, c_int32
from dataclasses import dataclass

import blingfire

_log = logging.getLogger(__name__)

# Work per sentence grows faster than its length (phrase overlaps, look-backs over its words): a "sentence" of
# thousands of words (a list, a table flattened, a repeated token) is cut into pieces of at most this many words,
# which bounds the work per piece and keeps the article's time linear. Real sentences stay far below (the longest
# of the evaluation corpora has 82 words).
MAX_SENTENCE_WORDS = 250

# A line break ends a paragraph, except where a layout break cut a sentence in two (the next block starts in
# lower case): web copy often carries such breaks, and a sentence split there loses its verb or its object.
_SENTENCE_END = ('.', '!', '?', '"', '\u201d', "'", '\u2019', ':', ')')


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
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
    merged: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        if merged:
            prev_start, prev_end = merged[-1]
            if not text.endswith(_SENTENCE_END, prev_start, prev_end) and text[start].islower():
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def _blocks(text: str) -> list[tuple[int, int]]:
    """Each line that holds text, whitespace trimmed. Paragraphs come from any layout: a blank line, a single
    newline (feeds and web pages join paragraphs so), or a line break (`paragraphs` joins back a line that a
    layout break cut inside a sentence)."""
    blocks: list[tuple[int, int]] = []
    for m in _NONBLANK_LINE.finditer(text):
        start, stop = m.span()
        while start < stop and text[start].isspace():
            start += 1
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if start < stop:
            blocks.append((start, stop))
    return blocks


_NONBLANK_LINE = re.compile(r"[^\n]+")


def split_sentences(text: str, document: str = "text") -> list[Sentence]:
    """Sentences of the article in order, paragraph by paragraph (a title, a byline or a dateline on a line of its
    own is a paragraph of its own: see `paragraphs`). `document` names the text in the warning logged when a
    sentence too long is cut."""
    sentences: list[Sentence] = []
    # blingfire sees newlines as spaces so that offsets stay aligned with the original text (the newlines left
    # inside a paragraph are layout breaks of a sentence, joined back by `paragraphs`)
    lines = [(number, p_start, text[p_start:p_end].replace("\n", " "))
             for number, (p_start, p_end) in enumerate(paragraphs(text))]
    scratch = _Scratch(max((_capacity(line) for _, _, line in lines), default=0))
    for number, l_start, line in lines:
        # most lines hold no stop before a figure, and one search over the line says so
        figure = _DIGIT_START.search(text, l_start, l_start + len(line)) is not None
        for s, e in sentence_spans(line, scratch):
            span = (l_start + s, l_start + e)
            for piece in _digit_starts(text, *span) if figure else (span,):
                for start, end in _bounded(text, *piece, document):
                    sentences.append(Sentence(len(sentences), start, end, text[start:end], number))
    return sentences


_WORD = re.compile(r"\S+")


def _bounded(text: str, start: int, end: int, document: str) -> list[tuple[int, int]]:
    """The sentence, or its pieces of MAX_SENTENCE_WORDS words when it is longer (with a logged warning)."""
    if end - start < MAX_SENTENCE_WORDS * 2:
        return [(start, end)]  # a word and its space take two characters at least: most sentences are not counted
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    if len(words) <= MAX_SENTENCE_WORDS:
        return [(start, end)]
    _log.warning("%s: a sentence of %d words at offset %d was cut into pieces of %d words", document, len(words),
                 start, MAX_SENTENCE_WORDS)
    return [(words[i][0], words[min(i + MAX_SENTENCE_WORDS, len(words)) - 1][1])
            for i in range(0, len(words), MAX_SENTENCE_WORDS)]


class _Scratch:
    """blingfire's output buffers, shared by the lines of one article: allocating them for every line cost a
    third of the splitting. Sizes are rounded up to a power of two because ctypes makes (and keeps forever) a
    new array type for every new length, which takes longer than the splitting."""

    __slots__ = ("size", "out", "starts", "ends", "refs")

    def __init__(self, needed: int) -> None:
        size = self.size = 1 << max(0, needed - 1).bit_length()
        self.out = (c_char * size)()
        # the library may write offsets up to the output buffer's size: the arrays must be as long
        self.starts, self.ends = (c_int32 * size)(), (c_int32 * size)()
        self.refs = (byref(self.out), byref(self.starts), byref(self.ends))


def _capacity(text: str) -> int:
    """The output buffer blingfire is given for a text: twice its UTF-8 size, and a terminating NUL."""
    return (len(text) if text.isascii() else len(text.encode("utf-8"))) * 2 + 1


def sentence_spans(text: str, scratch: _Scratch | None = None) -> list[tuple[int, int]]:
    """(start, end) character offsets of blingfire's sentences. blingfire's own offsets helper maps UTF-8 byte
    offsets back to characters in a Python loop over every byte (a sixth of our extraction time); here ASCII
    text needs no mapping and other text is mapped at the sentence boundaries only."""
    encoded = text.encode("utf-8")
    size = len(encoded)
    if not size:
        return []
    capacity = size * 2 + 1
    if scratch is None or scratch.size < capacity:
        scratch = _Scratch(capacity)
    out, starts, ends = scratch.out, scratch.starts, scratch.ends
    # ctypes passes bytes as char* and ints as int
    found = _TO_SENTENCES(encoded, size, *scratch.refs, capacity)
    if found < 0 or found > capacity:
        return []
    # the output is NUL-terminated, so what a longer line left in a shared buffer is never read
    count = out.value.count(b"\n") + 1
    if text.isascii():
        return [(s, e + 1) for s, e in zip(starts[:count], ends[:count], strict=True)]

    def char(offset: int) -> int:
        return len(encoded[:offset].decode("utf-8", "ignore"))

    return [(char(s), char(e + 1)) for s, e in zip(starts[:count], ends[:count], strict=True)]


_TO_SENTENCES = blingfire.blingfire.TextToSentencesWithOffsets


# blingfire keeps "... was killed. 1 fatality." together: a sentence may start with a figure. Not after an
# abbreviation that takes a number ("No. 5", "Sept. 12").
_DIGIT_START = re.compile(r"\.(?<=[a-z)\]]\.)\s+(?=\d)")  # from the stop: the engine skips to stops alone
_NUMBERED_ABBREVIATIONS = frozenset({"no", "nos", "nr", "approx", "st", "mt", "fig", "vol", "p", "pp", "art", "sec",
                                     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                                     "dec", "km", "ca", "op", "ch", "para"})


_LAST_WORD = re.compile(r"(\w+)$")


def _digit_starts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for m in _DIGIT_START.finditer(text, start, end):
        word = _LAST_WORD.search(text[cursor:m.start()])
        if word and (len(word.group(1)) == 1 or word.group(1).lower() in _NUMBERED_ABBREVIATIONS):
            continue  # "5 p.m. 12 protesters", "Sept. 12": an abbreviation, not the end of a sentence
        pieces.append((cursor, m.start() + 1))
        cursor = m.end()
    pieces.append((cursor, end))
    return pieces
