"""The quick tests that spare costly patterns never change what the patterns find."""

from __future__ import annotations

import re
import sys

import pytest

from events.extract.matcher import (
    LAST_SPACE,
    BoundedKeys,
    PhraseList,
    PhraseMatcher,
    Scanner,
    WordFilter,
    leading_letters,
    lowered_in_place,
)
from events.extract.mentions import triggers
from events.extract.mentions.triggers import find_triggers
from events.extract.text import paragraphs
from events.lexicon import Lexicons

_KILLED = re.compile(r"\b(?:shot dead|killed)\b", re.I)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen KILLED two herders near the well.", True),
        ("Two traders were shot dead at the market.", True),
        ("The convoy reached the town without incident.", False),
        ("The market reopened on Monday after the floods.", False),
        ("A farmer was kılled in the raid.", True),  # dotless i: the pattern matches, so the filter must not refuse
        ("Two traders were ſhot dead at the market.", True),  # long s
        ("Gunmen KİLLED two herders.", True),  # dotted capital I
        ("Gunmen \u212aILLED two herders.", True),  # Kelvin sign
        ("Le marché a rouvert lundi après les inondations.", False),  # other letters pair with no ASCII one
    ],
)
def test_the_word_filter_refuses_only_texts_the_pattern_cannot_match(text: str, expected: bool) -> None:
    words = WordFilter.build(["killed", "dead"])
    assert words.may_match(text) is expected
    if _KILLED.search(text):
        assert words.may_match(text)


def test_a_filter_of_non_ascii_words_refuses_nothing() -> None:
    words = WordFilter.build(["tué", "killed"])
    assert words.may_match("Nothing happened in the village today.")


@pytest.mark.parametrize(
    "text",
    [
        "Police dispersed the protesters with tear gas and arrested three of them.",
        "Soldiers and police officers were deployed to the square.",
        "Nobody was hurt when the crowd gathered outside the governor's office.",
    ],
)
def test_a_cue_list_trie_starts_where_its_longest_first_alternation_does(text: str) -> None:
    phrases = ("police", "police officers", "soldiers", "tear gas", "crowd")
    cues = PhraseList.build("cue.test", phrases)
    flat, trie = cues.longest.search(text), cues.anywhere.search(text)
    assert (flat.start() if flat else None) == (trie.start() if trie else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked Gao.\n\nTroops responded.", [(0, 20), (22, 39)]),
        ("Rebels attacked Gao.\n \n\t\nTroops responded.  ", [(0, 20), (25, 42)]),
        ("A\n\nRebels attacked Gao.", [(0, 1), (3, 23)]),
        # a feed's paragraphs joined by single newlines are paragraphs too
        ("Rebels attacked Gao.\nTroops responded.", [(0, 20), (21, 38)]),
        # a layout break inside a sentence (the next line starts in lower case) joins back
        ("Rebels attacked the town\nof Gao at dawn.", [(0, 40)]),
    ],
)
def test_paragraphs_keep_their_offsets(text: str, expected: list[tuple[int, int]]) -> None:
    assert paragraphs(text) == expected


def _plain_hits(text: str, keys: list[str], underscore: bool) -> list[tuple[int, int, str]]:
    """Every occurrence of every key whose neighbours are no word characters, found the slow way."""
    def word(c: str) -> bool:
        return c.isalnum() or (underscore and c == "_")

    hits = []
    for key in keys:
        i = text.find(key)
        while i >= 0:
            j = i + len(key)
            if (i == 0 or not word(text[i - 1])) and (j == len(text) or not word(text[j])):
                hits.append((i, j, key))
            i = text.find(key, i + 1)
    return sorted(hits)


_KEYS = ["is", "us", "u.s.", "armed group", "armed groups", "group", "people's", "men", "_x", "al shabaab"]


@pytest.mark.parametrize("underscore", [True, False])
@pytest.mark.parametrize(
    "text",
    [
        "this is the armed group that is here, and his men.",
        "the u.s. and us forces met the armed  group, an armed-group and armed groups.",
        "the people's militia and the peoples' militia; women and men",
        "is_it is _x_ x_is is",
        "the naïve ıs is—is, al shabaab’s al shabaab men’s",
        "",
    ],
)
def test_bounded_keys_find_exactly_the_whole_word_occurrences(text: str, underscore: bool) -> None:
    keys = BoundedKeys.build([(k, k) for k in _KEYS], underscore=underscore)
    assert sorted(keys.find(text)) == _plain_hits(text, _KEYS, underscore)


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb exploded; the bombing killed two, and another bomb-maker was held.",
        "In March, protesters marched; the March rally was a car-bomb scare (car bombs).",
        "İstanbul: a bomb_ car bomb bombings IED and an ied-like device.",
    ],
)
def test_the_word_bounded_scan_finds_what_the_plain_scan_does(text: str) -> None:
    built = PhraseMatcher.build([("bomb", 1), ("car bomb", 2), ("bombing", 3), ("march", 4), ("IED", 5),
                                 ("bomb-maker", 6)])
    assert built.find(text) == PhraseMatcher(built._automaton).find(text)


_CLAUSE_BREAK = re.compile(r"[;:]|,\s(?:but|while|and)\s|\bwhich\b|\bwho\b")


@pytest.mark.parametrize(
    "text",
    [
        "Police, who arrived late, said the crowd which gathered was calm; no one was hurt: a relief",
        "Somewhich whom, whoever which-way who's, but the rebels, while talks went on, and then",
        "The army said it would not attack, but the rebels said otherwise.",
    ],
)
def test_the_clause_break_splits_like_its_plain_spelling(text: str) -> None:
    assert triggers._CLAUSE_BREAK.split(text) == _CLAUSE_BREAK.split(text)


def _plain_blocked(lexicons: Lexicons, sentence: str, start: int, end: int) -> str | None:
    c = lexicons.compiled(triggers.cues)
    clause = _CLAUSE_BREAK.split(re.sub(r"\([^()]*\)", " ", sentence[:start]))[-1]
    words = re.findall(r"[\w'’-]+", clause)
    if words and sentence[:start].lstrip().startswith(words[0]):
        words[0] = words[0].lower()
    for window, phrases, rule in ((c.negation_window, c.negation, "cue.negation"),
                                  (c.modality_window, c.modality, "cue.modality"),
                                  (c.reference_window, c.reference, "cue.reference")):
        tail = " " + " ".join(words[-window:]) + " "
        if any(f" {p} " in tail for p in phrases):
            return rule
    clause = re.split(r"[;:,.]", sentence[end:], maxsplit=1)[0]
    head = " " + " ".join(re.findall(r"[\w'’-]+", clause.lower())[:c.state_window]) + " "
    return "cue.state" if any(f" {p} " in head for p in c.state) else None


@pytest.mark.parametrize(
    "sentence",
    [
        "The army denied that its soldiers (who were on patrol) attacked the village.",
        "No one was killed when gunmen attacked the convoy, but fighting has continued since.",
        "May attacks continue? Militants may attack again, officials warned; they did NOT attack yesterday.",
        "Clashes that the militia didn't-start erupted after the killing of a chief: fighting is ongoing.",
        "Protesters, who feared arrests, marched after a raid; riots (which could spread) have spread.",
    ],
)
def test_cue_hints_never_change_which_triggers_are_blocked(lexicons: Lexicons, sentence: str) -> None:
    found = find_triggers(sentence, lexicons)
    assert found
    assert [t.blocked_by for t in found] == [_plain_blocked(lexicons, sentence, t.start, t.end) for t in found]


_CUES = ("tear gas", "dispersed", "rubber bullets", "live ammunition")


@pytest.mark.parametrize(
    "text",
    [
        "Police fired TEAR GAS and Rubber Bullets at the crowd.",
        "The crowd Dispersed peacefully after the speeches.",
        "Troops used live ammunition; the crowd dıspersed.",  # dotless i matches i under re.IGNORECASE
        "The march ended without incident.",
    ],
)
def test_a_cue_list_finds_what_its_plain_alternation_finds(text: str) -> None:
    # the plain spelling: one alternation, longest phrase first
    m = re.search(r"\b(?:live ammunition|rubber bullets|dispersed|tear gas)\b", text, re.I)
    assert PhraseList.build("cue.test", _CUES).first(text) == (m.group(0).lower() if m else None)


_CUE = re.compile(r"(?<![\w-])(?:according\s+to|said|told|a\s+statement\s+from)\b", re.I)
_SCANNER = Scanner.build({"cue": (_CUE, ["according to", "said", "told", "a statement from"])})


@pytest.mark.parametrize(
    "text",
    [
        "The army said two soldiers died, according to a statement from the ministry.",
        "ACCORDING TO the mayor, gunmen told residents to leave.",
        "According  to the mayor (two spaces), and according\tto the police (a tab).",
        "According\u00a0to the governor, with a no-break space.",
        "The ſpokesman ſaid so, with long s; the mayor ACCORDİNG to nobody; tOLD with a dotless ı: toıd.",
        "Nobody unsaid anything and no one retold the story.",
        "",
    ],
)
def test_the_scanner_finds_what_its_pattern_finds_wherever_it_is_tried(text: str) -> None:
    assert [m.span() for m in _SCANNER.scan("cue", text)] == [m.span() for m in _CUE.finditer(text)]


@pytest.mark.parametrize(
    ("fragment", "keys"),
    [
        (r"ha(?:s|ve|d)\s+(?:[\w,]+\s+){0,8}?since", ["ha"]),
        (r"(?:comes?|came)\s+(?:\w+\s+){0,3}(?:after|since)", ["come", "came"]),  # "s?": the s may be absent
        (r"(?:convicted|found\s+guilty|on\s+trial)\b", ["convicted", "found", "on"]),
        (r"Often|(?:a(?:b|c)|d)e", ["often", "a", "d"]),
        (r"exchang\w* fire", ["exchang"]),
        (r"ab+", ["ab"]),
        # a start that is no plain letters: scanned whole
        (r"\bwar", None), (r"[ab]c", None), (r"(?:ab)?c", None), (r"(?:a|[xy])b", None), (r"a{2}b", None),
        (r"a?b", None), (r"(?=a)ab", None), (r"(?-i:Ab)", None), (r"(?:ab", None),
    ],
)
def test_the_leading_letters_of_a_fragment_are_where_each_of_its_matches_starts(fragment: str,
                                                                              keys: list[str] | None) -> None:
    assert leading_letters(fragment) == keys


@pytest.mark.parametrize(
    "text",
    [
        "More than 3,000 people have been killed since 2015; it came a week after a similar attack.",
        "HAS SO FAR, since THEN, to  date (two spaces), to\tdate (a tab).",
        "The ſame group haſ ſo far killed 40, it came days after.",
        "Nothing here but a quiet market day.",
        "",
    ],
)
def test_a_scanner_keyed_by_leading_letters_finds_what_the_pattern_finds(text: str) -> None:
    fragments = [r"ha(?:s|ve)\s+so\s+far", r"since\s+then", r"to\s+date", r"(?:comes?|came)\s+(?:\w+\s+){0,3}after",
                 r"a\s+similar\s+attack"]
    pattern = re.compile(rf"\b(?:{'|'.join(fragments)})", re.I)
    keys = [key for fragment in fragments for key in leading_letters(fragment) or [""]]
    scanner = Scanner.build({"cue": (pattern, keys)})
    assert [m.span() for m in scanner.scan("cue", text)] == [m.span() for m in pattern.finditer(text)]


def test_no_whitespace_character_lies_beyond_the_last_one_the_scanner_knows() -> None:
    # text holding any whitespace but the space is scanned whole; the scanner lists them only up to LAST_SPACE
    assert [hex(c) for c in range(LAST_SPACE + 1, sys.maxunicode + 1) if chr(c).isspace()] == []


@pytest.mark.parametrize(
    ("text", "lowered"),
    [
        ("Gunmen KILLED two herders.", "gunmen killed two herders."),
        ("Gunmen kılled two herders in Diyarbakır.", "gunmen killed two herders in diyarbakir."),
        ("The ſoldiers were KİLLED in İdlib.", "the soldiers were killed in idlib."),
        ("ǄEMAL and ẞTRASSE: other capitals lower as usual.", "ǆemal and ßtrasse: other capitals lower as usual."),
    ],
)
def test_text_is_lowered_as_the_patterns_read_it_one_character_for_one(text: str, lowered: str) -> None:
    assert lowered_in_place(text) == lowered and len(lowered) == len(text)
