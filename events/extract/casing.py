"""Capitals restored in text written in capitals (wire archives, headlines, OCR), length for length.

The extractors read case: a trigger is a lower-case word, a place or a person a capitalised one. A line written
in capitals would give nothing, or a place for every word. `restore_case` rewrites such lines as a writer would
have cased them, one character for one character, so that every offset still points into the original text:
names the project knows (the gazetteer's places, countries and demonyms) and words too rare to be ordinary
English (by `wordfreq`'s frequencies: a village, a surname) are capitalised, short rare words stay in
capitals (acronyms: "JNIM", "AFP"), the first word of a sentence is capitalised, and every other word is
written in lower case.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from gazetteer import Gazetteer

# A line is "in capitals" when this share of its letters (and at least this many letters) are capitals:
# a headline in capitals in a mixed-case article is restored, an acronym-rich sentence is not.
_CAPITALS_SHARE = 0.8
_MIN_LETTERS = 12
# Zipf frequency (log10 of occurrences per billion words): below RARE a word is no ordinary English word
# ("Djibo" 0, "Marib" 1.6); a place name is capitalised below COMMON_PLACE ("Mali" 3.5, not "Base" 5.1).
_RARE = 2.5
_COMMON_PLACE = 4.0
_ACRONYM_LETTERS = 4
_LONGEST_NAME = 4  # words in a place name looked up as one ("New Delhi", "Ras al Khaimah", "Republic of the Congo")
# grammar words inside a name, written in lower case there
_NAME_PARTICLES = frozenset({"of", "the", "and", "de", "du", "des", "da", "do", "dos", "das", "di", "y"})
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_SENTENCE_END = frozenset('.!?:;"\u201c\u201d')
_CLOSING_QUOTES = frozenset('"\u201d')
_LINE = re.compile(r"[^\n]+")
# four lower-case letters in a row: no line in capitals has them (a "McDONALD" has one, "(IANS)" none)
_LOWER_RUN = re.compile(r"[a-z]{4}")
# The calendar's names are names: "MONDAY" is "Monday" (form, as a date's shape is, not vocabulary)
_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                       "oct", "nov", "dec"})


def in_capitals(text: str) -> bool:
    """Whether `text` is written in capitals (see _CAPITALS_SHARE). Asked of every line of every article: a
    run of lower-case letters, found near the start of any ordinary line, answers at C speed."""
    if _LOWER_RUN.search(text) is not None and not text.isupper():
        return False
    upper = lower = 0
    for char in text:
        if char.isupper():
            upper += 1
        elif char.islower():
            lower += 1
    return upper + lower >= _MIN_LETTERS and upper >= _CAPITALS_SHARE * (upper + lower)


def restore_case(text: str, gazetteer: Gazetteer, vocabulary: frozenset[str] = frozenset()) -> str | None:
    """`text` with the lines written in capitals cased as a writer would (same length, same offsets), or None
    when no line is in capitals. `vocabulary`: the lower-case words the extractors read as words (an incident's
    "massacre", "ambush"), never a name even where a place bears it."""
    pieces: list[str] = []
    cursor = 0
    changed = False
    for line in _LINE.finditer(text):
        if not in_capitals(line.group()):
            continue
        pieces.append(text[cursor:line.start()])
        pieces.append(_cased(line.group(), gazetteer, vocabulary))
        cursor = line.end()
        changed = True
    if not changed:
        return None
    pieces.append(text[cursor:])
    restored = "".join(pieces)
    assert len(restored) == len(text)
    return restored


def _cased(line: str, gazetteer: Gazetteer, vocabulary: frozenset[str]) -> str:
    words = list(_WORD.finditer(line))
    out = list(line)
    names = _known_names(line, words, gazetteer, vocabulary)
    previous_end = 0
    for i, word in enumerate(words):
        text = word.group()
        start = word.start()
        gap, previous_end = line[previous_end:start], word.end()
        if i in names and i - 1 in names and text.lower() in _NAME_PARTICLES:
            cased = _lower(text)  # "Democratic Republic of Congo", "Bosnia and Herzegovina", "Pont de Kelbara"
        elif i in names or text.lower() in _CALENDAR:
            cased = _title(text)
        elif _is_acronym(text):
            cased = text
        elif zipf_frequency(text.lower(), "en") < _RARE and text.lower() not in vocabulary:
            cased = _title(text)
        else:
            cased = _lower(text)
        if _opens_sentence(gap, i == 0):
            cased = _title(cased) if cased.islower() else cased
        out[start:word.end()] = list(cased)
    return "".join(out)


def _known_names(line: str, words: list[re.Match[str]], gazetteer: Gazetteer, vocabulary: frozenset[str]) -> set[int]:
    """Indexes of the words that belong to a name the gazetteer knows: a country or a demonym always, another
    place when it is not a common English word (longest names first)."""
    known: set[int] = set()
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_NAME, len(words) - i), 0, -1):
            run = words[i:i + size]
            if any(line[a.end():b.start()].strip(" -") for a, b in zip(run, run[1:], strict=False)):
                continue  # a name's words stand next to each other
            name = _title(line[run[0].start():run[-1].end()])
            if (size > 1 or name.lower() not in vocabulary) and _names_a_place(name, size, gazetteer):
                known.update(range(i, i + size))
                i += size
                break
        else:
            i += 1
    return known


def _names_a_place(name: str, size: int, gazetteer: Gazetteer) -> bool:
    if gazetteer.country(name) is not None and len(name) > _ACRONYM_LETTERS:
        return True
    if size == 1 and gazetteer.country_of_demonym(name) is not None:
        return True
    if not gazetteer.contains(name):
        return False
    # one word: only when it is no common English word ("Base", "Said", "Army" are places somewhere)
    return size > 1 or zipf_frequency(name.lower(), "en") < _COMMON_PLACE


def _is_acronym(word: str) -> bool:
    return len(word) <= _ACRONYM_LETTERS and zipf_frequency(word.lower(), "en") < 3.5 and word.isupper()


def _opens_sentence(gap: str, first: bool) -> bool:
    """Whether a word opens a sentence, from the text between it and the word before (`first`: there is none):
    nothing but blanks at the line's start, or a stop, a colon or a quote last before it. Looking at the gap,
    not at all of the line before the word, keeps a long line in capitals linear."""
    last = gap.rstrip()
    if last.endswith(("...", "\u2026")):
        return False  # an ellipsis leaves a quotation out, mostly within its sentence ("humanity... and committed")
    if last and last[-1] in _CLOSING_QUOTES and last != gap:
        # a quote with a blank after it closes a quotation ('"substantial grounds" to accuse'): a sentence opens
        # after it only when the quotation ended one ('... to trial." Judges said')
        return len(last) > 1 and last[-2] in ".!?"
    return (first and not last) or (bool(last) and last[-1] in _SENTENCE_END)


def _lower(word: str) -> str:
    """Lower case, one character for one ("İ" lowers to two: kept)."""
    return "".join(_one(c, c.lower()) for c in word)


def _title(word: str) -> str:
    """First letter of each part a capital, the rest lower case, one character for one."""
    out = []
    capital = True
    for c in word:
        if c.isalpha():
            out.append(_one(c, c.upper() if capital else c.lower()))
            capital = False
        else:
            out.append(c)
            capital = c in " -"
    return "".join(out)


def _one(char: str, cased: str) -> str:
    """`cased`, unless casing made two characters of one ("ß" upper is "SS"): offsets must not move."""
    return cased if len(cased) == 1 else char
