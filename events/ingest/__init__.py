"""Reading in: readers (files), fetch, feeds, sources, scheduler, lock, importer (into the store), parallel.
May import pipeline, extract, store (via Store, not its merge), lexicon, errors, version, gazetteer, schemas."""
