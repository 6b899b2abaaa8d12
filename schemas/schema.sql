-- conflict-events store, schema version 1.3.0 (schemas/models.py holds the same contract as pydantic models).
-- Offsets (span_start, span_end) point into articles.text.
-- The event and claim tables have no PRIMARY KEY: DuckDB keeps such an index wholly in memory (about 1 GB at
-- 100,000 articles); the store guarantees their ids are unique (events/store.py checks who owns each id
-- before writing), and articles.article_id, the lookup every import makes, keeps its key.
CREATE TABLE IF NOT EXISTS schema_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published_at DATE,
    url VARCHAR,
    source VARCHAR,
    author VARCHAR,
    origin VARCHAR,
    content_hash VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    run_id VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    -- given (--published-at, a record's field), text (written in the file), mtime (the file's modification time)
    published_at_source VARCHAR
);
-- databases of schema 1.2 and older: the column above came last, so it is added last
ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_at_source VARCHAR;

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    event_date DATE,
    date_precision VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    sub_event_type VARCHAR NOT NULL,
    fatalities INTEGER NOT NULL,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    sentence VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    background BOOLEAN NOT NULL,
    extractor_version VARCHAR NOT NULL
);

-- Events an article's newer text or a newer extractor version replaced: kept, with when and by which run.
CREATE TABLE IF NOT EXISTS events_superseded (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    event_date DATE,
    date_precision VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    sub_event_type VARCHAR NOT NULL,
    fatalities INTEGER NOT NULL,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    sentence VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    background BOOLEAN NOT NULL,
    extractor_version VARCHAR NOT NULL,
    superseded_at TIMESTAMP NOT NULL,
    superseded_by_run VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_places (
    event_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    mention VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    geonameid VARCHAR,
    location VARCHAR,
    country VARCHAR,
    country_code VARCHAR,
    admin1 VARCHAR,
    admin2 VARCHAR,
    latitude DOUBLE,
    longitude DOUBLE,
    feature_class VARCHAR,
    feature_code VARCHAR,
    population BIGINT,
    geo_precision INTEGER NOT NULL,
    rule VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    inter INTEGER,
    country VARCHAR,
    mention VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    rule VARCHAR NOT NULL,
    suspected BOOLEAN NOT NULL,
    claimed BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id VARCHAR NOT NULL,
    event_id VARCHAR,
    article_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    count_low INTEGER,
    count_high INTEGER,
    qualifier VARCHAR NOT NULL,
    coded INTEGER,
    victim VARCHAR,
    claimant VARCHAR NOT NULL,
    hedged BOOLEAN NOT NULL,
    hedges VARCHAR,
    evidence VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    sentence_index INTEGER NOT NULL,
    rule VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS evidence (
    event_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    rule VARCHAR NOT NULL
);

-- Events of different articles merged as one incident (same type, within a day and 10 km, compatible actors:
-- events/lexicons/merge.toml). The merged event stays in `events`; the analyst views show the kept one, with
-- every article linked as a source. An undone merge keeps its row (undone_at set): the pair is not merged again.
CREATE TABLE IF NOT EXISTS event_merges (
    merge_id VARCHAR PRIMARY KEY,
    kept_event_id VARCHAR NOT NULL,
    merged_event_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    distance_km DOUBLE NOT NULL,
    days_apart INTEGER NOT NULL,
    run_id VARCHAR,
    merged_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS import_runs (
    run_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    seen INTEGER NOT NULL,
    new INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    status VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS import_failures (
    run_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    document VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (run_id, ordinal)
);

-- What an import run has to say that is not a failure (a feed cut at max_items, with how many items were skipped).
CREATE TABLE IF NOT EXISTS import_warnings (
    run_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    document VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    PRIMARY KEY (run_id, ordinal)
);

-- HTTP validators (ETag, Last-Modified) of the feeds and pages imported into this database, sent back to ask "has
-- it changed?". Written in the transaction that stores what they describe, so a database deleted, restored or
-- copied never inherits another one's 304s; kept per extractor version (a new version reads every page again).
CREATE TABLE IF NOT EXISTS fetch_validators (
    url VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    extractor_version VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL
);

-- Documents that failed, recorded once: later imports skip them (counted as skipped, not failed) until they change,
-- so that one bad file in a watched folder does not fail every run. `fingerprint` is what "unchanged" means: for an
-- article that could not be extracted or stored, a hash of it (text, id, title, date...) and the extractor version
-- (it is not extracted again); for a document that could not be read, the reason (it is read again, and reported
-- again only when it fails otherwise). `events imports --failures` lists them, `events retry` tries them again.
-- `skipped` counts the runs that skipped it since, the last at `skipped_at`. (Schema 1.3.0.)
CREATE TABLE IF NOT EXISTS failed_documents (
    document VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL,
    skipped INTEGER NOT NULL,
    skipped_at TIMESTAMP
);

-- How many documents a run skipped because they failed before and had not changed (a row only when it skipped
-- some; import_runs.seen counts them too). A table of its own, not a column: a minor version only adds tables.
CREATE TABLE IF NOT EXISTS import_skips (
    run_id VARCHAR PRIMARY KEY,
    skipped INTEGER NOT NULL
);

-- Answers of the optional online geocoder (events import --online-geocoding), so that no name is asked twice.
-- result_json is the gazetteer Place as JSON, NULL when the service knew no such place.
CREATE TABLE IF NOT EXISTS geocode_cache (
    query VARCHAR NOT NULL,
    country_codes VARCHAR NOT NULL,
    result_json VARCHAR,
    fetched_at TIMESTAMP NOT NULL,
    PRIMARY KEY (query, country_codes)
);
