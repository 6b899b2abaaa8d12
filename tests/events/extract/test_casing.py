"""Capitals restored in text written in capitals, length for length, and the same events as mixed case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.extract.casing import in_capitals, restore_case
from events.extract.mentions.triggers import trigger_words
from events.pipeline import Extraction, Pipeline

Extract = Callable[..., Extraction]


@pytest.mark.parametrize(
    ("line", "capitals"),
    [
        ("GUNMEN KILLED FIVE SOLDIERS NEAR DJIBO", True),
        ("GUNMEN KILLED FIVE IN McDONALD VILLAGE", True),  # one cased name in a line of capitals
        ("Gunmen killed five soldiers near Djibo", False),
        ("JNIM AND ISGS", False),  # too few letters to say
        ("The UN and AFP said NATO and ECOWAS met", False),  # acronyms in a mixed-case line
    ],
)
def test_a_line_is_in_capitals_when_most_of_its_letters_are(line: str, capitals: bool) -> None:
    assert in_capitals(line) is capitals


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("GUNMEN KILLED FIVE SOLDIERS IN AN ATTACK ON AN ARMY BASE IN DJIBO ON MONDAY, OFFICIALS SAID.",
         "Gunmen killed five soldiers in an attack on an army base in Djibo on Monday, officials said."),
        # a place of several words, a demonym, an acronym too rare to be a word, a month
        ("NEW DELHI, JAN 18 (IANS) -- BOKO HARAM MILITANTS KILLED 12 VILLAGERS IN BORNO STATE. THE MALIAN ARMY "
         "SAID JNIM CLAIMED IT.",
         "New Delhi, Jan 18 (IANS) -- Boko Haram militants killed 12 villagers in Borno state. The Malian army "
         "said JNIM claimed it."),
        # a mixed-case line is left as it is; only the line in capitals is restored
        ("Mali: attack in the north\nREBELS ATTACKED THE TOWN OF KIDAL ON TUESDAY.",
         "Mali: attack in the north\nRebels attacked the town of Kidal on Tuesday."),
        # a closing quote ends a sentence only after a stop; an opening one opens a quotation
        ('THE COURT FOUND "SUBSTANTIAL GROUNDS" TO TRY THEM. HE SAID "WE WILL APPEAL." THE HEARING ENDED IN GAO.',
         'The court found "Substantial grounds" to try them. He said "We will appeal." The hearing ended in Gao.'),
        # a name of four words, its grammar words in lower case; an incident's word is never a name, though a place
        # bears it ("Massacre" is a town of Dominica)
        ("JUDGES SAID HE WAS BEHIND THE MASSACRE OF HUNDREDS IN THE DEMOCRATIC REPUBLIC OF CONGO IN 2003.",
         "Judges said he was behind the massacre of hundreds in the Democratic Republic of Congo in 2003."),
        # an ellipsis leaves words out within the sentence
        ("THE JUDGES CONFIRMED THE CHARGES... AND SENT THEM TO TRIAL IN GAO.",
         "The judges confirmed the charges... and sent them to trial in Gao."),
    ],
)
def test_capitals_are_restored_as_a_writer_would_case_the_text(pipeline: Pipeline, text: str, restored: str) -> None:
    assert restore_case(text, pipeline.gazetteer, pipeline.lexicons.compiled(trigger_words)) == restored


def test_text_without_capitals_is_left_alone(pipeline: Pipeline) -> None:
    assert restore_case("Rebels attacked the town of Kidal on Tuesday.", pipeline.gazetteer) is None


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed five soldiers in an attack on an army base in Djibo on Monday, officials said.",
        "Boko Haram militants killed 12 villagers in Gwoza on Tuesday, residents said.",
        "Hundreds of teachers protested in Dakar on Thursday to demand unpaid wages.",
    ],
)
def test_a_text_in_capitals_gives_the_events_of_its_mixed_case_text_quoted_as_written(extract: Extract,
                                                                                     text: str) -> None:
    mixed, shouted = extract(text), extract(text.upper())
    assert [(e.event_type, e.sub_event_type, e.event_date, e.fatalities, [p.place.name for p in e.places])
            for e in shouted.events] == [
        (e.event_type, e.sub_event_type, e.event_date, e.fatalities, [p.place.name for p in e.places])
        for e in mixed.events]
    upper = text.upper()
    for event in shouted.events:  # every span quotes the article as it came, in capitals
        assert event.sentence == upper[event.sentence_start:event.sentence_end]
        assert all(ev.text == upper[ev.start:ev.end] for ev in event.evidence if ev.end > ev.start)
