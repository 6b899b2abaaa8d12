"""What one sentence mentions: triggers, actors, dates, places, control; sentence.py gathers them all.
May import events.extract (text, matcher), lexicon, errors, gazetteer, schemas; never claims or assembly."""
