"""Claims: quantities, victims, attribution (who says so, how sure), casualties (one claim a figure).
May import events.extract, extract.mentions, lexicon, errors, gazetteer, schemas; never extract.assembly."""
