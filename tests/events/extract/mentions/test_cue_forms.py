"""Every negation, modality, reference and state cue of cues.toml, each in a sentence of its own: the cue word
before (or, for a state, after) the trigger marks the trigger as no incident of this sentence (`blocked_by`)."""

from __future__ import annotations

import pytest

from events.extract.mentions.triggers import find_triggers
from events.lexicon import Lexicons

NEG, MOD, REF, STATE, EARLIER, GENERIC = ("cue.negation", "cue.modality", "cue.reference", "cue.state", "cue.earlier",
                                          "cue.generic")


@pytest.mark.parametrize(
    ("sentence", "trigger", "cue"),
    [
        # negation
        ("The ministry refuted that soldiers attacked the village.", "attacked", NEG),
        ("Scouts found no sign of clashes near the border.", "clashes", NEG),
        ("Guards prevented an attack on the prison.", "attack", NEG),
        # modality
        ("The rebels shall attack the town at dawn.", "attack", MOD),
        ("The militia threatens to attack the airport.", "attack", MOD),
        ("Armed herders threaten to attack the farms.", "attack", MOD),
        ("The cell planned to attack a church.", "attack", MOD),
        ("The gang was planning to attack the bank.", "attack", MOD),
        ("The group intends to attack the base.", "attack", MOD),
        ("The rebels intend to attack the mines.", "attack", MOD),
        ("The mayor fears that gunmen attack at night.", "attack", MOD),
        ("Families left the farms for fear of clashes.", "clashes", MOD),
        ("Analysts see a high risk of clashes.", "clashes", MOD),
        ("The threat of an attack kept the market shut.", "attack", MOD),
        ("The minister calls for a protest on Friday.", "protest", MOD),
        ("The union called for a protest at the port.", "protest", MOD),
        ("The party urged supporters to protest.", "protest", MOD),
        ("The cleric urges followers to protest.", "protest", MOD),
        ("The fighters are ready to attack the town.", "attack", MOD),
        ("The rebels were preparing to attack the garrison.", "attack", MOD),
        ("The group aims to attack the port.", "attack", MOD),
        ("The militia wants to attack the capital.", "attack", MOD),
        ("The students want to protest on Monday.", "protest", MOD),
        ("Gunmen were trying to attack the checkpoint.", "attack", MOD),
        ("Fighters attempted to attack the base.", "attack", MOD),
        ("The rebels are seeking to attack the port.", "attack", MOD),
        ("Insurgents seek to attack the capital.", "attack", MOD),
        ("Troops moved in order to attack the camp.", "attack", MOD),
        ("The group is able to attack the city.", "attack", MOD),
        ("Police prepared for potential clashes at the stadium.", "clashes", MOD),
        ("Measures that prevent clashes were adopted.", "clashes", MOD),
        ("Troops deployed to prevent clashes in the market.", "clashes", MOD),
        ("Shops closed early to avoid clashes.", "clashes", MOD),
        ("The warlord used threats to force an attack on the port.", "attack", MOD),
        ("Recruits signed up to fight in the clashes.", "clashes", MOD),
        ("The rebels set out to overthrow and attack the regime.", "attack", MOD),
        ("Villagers armed themselves to protect against attacks.", "attacks", MOD),
        ("The cell had explosives to carry out an attack.", "attack", MOD),
        ("Talks began to halt the clashes.", "clashes", MOD),
        ("Elders demanded a halt to the clashes.", "clashes", MOD),
        ("Leaders warned against any attack on the port.", "attack", MOD),
        ("The union condemns the attack on the school.", "attack", MOD),
        ("The bishop denounced the attack on the church.", "attack", MOD),
        # reference: an earlier incident named as the reason
        ("Residents fled following a militia attack.", "attack", REF),
        ("Schools closed following an attack on a teacher.", "attack", REF),
        ("Roads were shut following the clashes in the north.", "clashes", REF),
        ("Shops closed in reaction to the attack.", "attack", REF),
        ("A curfew was imposed in response to the clashes.", "clashes", REF),
        ("Elders met in retaliation for the killing of a herder.", "killing", REF),
        ("Students marched condemning the attack on their teacher.", "attack", REF),
        # modality's "denouncing" is checked first and blocks as well
        ("Women rallied denouncing the attack on a clinic.", "attack", MOD),
        ("Talks broke down over the killing and abduction of traders.", "abduction", REF),
        ("Traders gathered to denounce the attack on a shop.", "attack", REF),
        ("Clerics met to condemn the attack on a mosque.", "attack", REF),
        ("Farmers were protesting against the shelling of their fields.", "shelling", REF),
        ("Families marched demanding justice for the killing of a boy.", "killing", REF),
        ("Crowds gathered to commemorate the massacre at the mine.", "massacre", REF),
        ("A vigil commemorating the bombing was held at dusk.", "bombing", REF),
        ("Mourners honoured victims of the attack.", "attack", REF),
        ("Police sought those responsible for the attack.", "attack", REF),
        ("A man suspected of the killing was held.", "killing", REF),
        ("Two men were charged with the murder of a farmer.", "murder", REF),
        ("A soldier was sentenced for the killing of a boy.", "killing", REF),
        # earlier: an adjective of time right before the trigger names earlier incidents
        ("Turnout was low, unlike at previous rallies in the port.", "rallies", EARLIER),
        ("The town had been calm since earlier clashes with herders.", "clashes", EARLIER),
        ("Villagers recalled past attacks on the road to the mine.", "attacks", EARLIER),
        ("Residents said prior raids had emptied the market.", "raids", EARLIER),
        # generic: any or every instance, a rule and no incident
        ("Any attack on a health worker is a crime, the minister said.", "attack", GENERIC),
        ("Traders say every raid on the market costs them a week of sales.", "raid", GENERIC),
        # a participle after a determiner, or between a count and a noun, names people: an adjective or a noun
        ("Police rescued 12 kidnapped passengers near the dam.", "kidnapped", "cue.adjectival"),
        ("The governor visited the injured at the clinic.", "injured", "cue.adjectival"),
        ("Relatives of the abducted pupils gathered at the school.", "abducted", "cue.adjectival"),
        ("Kidnapped pupils regained their freedom at the school.", "Kidnapped", "cue.adjectival"),
        # state: a situation, not an incident
        ("Fighting continues in the east.", "Fighting", STATE),
        ("Fighting has persisted for weeks.", "Fighting", STATE),
        ("Fighting persists near the dam.", "Fighting", STATE),
        ("Clashes persisted through the night.", "Clashes", STATE),
        ("Clashes are ongoing in the valley.", "Clashes", STATE),
        ("Fighting has intensified around the airport.", "Fighting", STATE),
        ("Fighting has spread to the suburbs.", "Fighting", STATE),
    ],
)
def test_each_cue_of_cues_toml_blocks_the_trigger_it_governs(lexicons: Lexicons, sentence: str, trigger: str,
                                                             cue: str) -> None:
    blocked = {t.text: t.blocked_by for t in find_triggers(sentence, lexicons)}
    assert blocked.get(trigger, "no such trigger") == cue


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Anger spread over the killing of a trader and gunmen attacked the police post.", "attacked"),
        ("A man once charged with theft in the capital attacked a guard.", "attacked"),
        # "earlier" that opens the sentence dates the news; only the word next to the trigger says "earlier ones"
        ("Earlier on Monday, gunmen attacked the police post.", "attacked"),
        # a count before a participle with no noun after it is a headline's passive: the incident
        ("Two killed in an attack on the police post.", "killed"),
        ("Attacked by gunmen, the convoy turned back.", "Attacked"),
    ],
)
def test_a_cue_too_far_before_the_trigger_leaves_it_live(lexicons: Lexicons, sentence: str, trigger: str) -> None:
    blocked = {t.text: t.blocked_by for t in find_triggers(sentence, lexicons)}
    assert trigger in blocked and blocked[trigger] is None
