"""The DuckDB store: db (Store), rows, views, geocache; store.merge merges across articles in its transaction.
May import store.merge, lexicon (merge.toml), errors, version, gazetteer, schemas; never ingest, extract, cli."""
