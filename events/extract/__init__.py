"""The pure extractors (no I/O): text.py (sentences) and matcher.py (phrases), shared; mentions -> claims -> assembly.
May import lexicon, errors, gazetteer, schemas only: nothing of ingest, store, cluster, outputs, cli, pipeline."""
