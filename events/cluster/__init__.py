"""The Dask engine: extraction on a cluster (dask.py), the Parquet dataset it writes (parquet.py), loading it (load.py).
May import ingest, pipeline, store, lexicon, errors, version, gazetteer, schemas; never extract, outputs, cli."""
