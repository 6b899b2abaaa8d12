"""Cross-article merging, run inside the store's write transaction: rules (pure), index (bulk writes), sql.
May import events.store (rows), lexicon, errors, schemas; nothing of extract, ingest, cluster, outputs, cli."""
