"""What comes out of the store: export (CSV, JSON Lines, GeoJSON, Parquet), stats, report (one HTML file).
May import store, errors, version, gazetteer, schemas; never ingest, extract, pipeline, cluster, cli."""
