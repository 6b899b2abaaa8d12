"""One article's events: frames (one a sentence), dating, incidents (frames merged, claims attached), records.
May import events.extract with its mentions and claims, lexicon, errors, gazetteer, schemas; nothing above."""
