-- conflict-events analyst views, applied by the store after schema.sql (CREATE OR REPLACE: always current).
-- Every view and column carries a COMMENT: `events schema` prints them, and DuckDB clients see them in
-- duckdb_views() / duckdb_columns(). Background events (history an article recalls) are left out of
-- every analyst view; they stay in the `events` table.

-- ISO 3166-1 alpha-2 to numeric, as ACLED's `iso` column writes countries (Kosovo is 0, as in ACLED).
CREATE OR REPLACE VIEW country_codes AS
SELECT * FROM (VALUES
    ('AD', 20), ('AE', 784), ('AF', 4), ('AG', 28), ('AI', 660), ('AL', 8), ('AM', 51), ('AN', 530),
    ('AO', 24), ('AQ', 10), ('AR', 32), ('AS', 16), ('AT', 40), ('AU', 36), ('AW', 533), ('AX', 248),
    ('AZ', 31), ('BA', 70), ('BB', 52), ('BD', 50), ('BE', 56), ('BF', 854), ('BG', 100), ('BH', 48),
    ('BI', 108), ('BJ', 204), ('BL', 652), ('BM', 60), ('BN', 96), ('BO', 68), ('BQ', 535), ('BR', 76),
    ('BS', 44), ('BT', 64), ('BV', 74), ('BW', 72), ('BY', 112), ('BZ', 84), ('CA', 124), ('CC', 166),
    ('CD', 180), ('CF', 140), ('CG', 178), ('CH', 756), ('CI', 384), ('CK', 184), ('CL', 152),
    ('CM', 120), ('CN', 156), ('CO', 170), ('CR', 188), ('CS', 891), ('CU', 192), ('CV', 132),
    ('CW', 531), ('CX', 162), ('CY', 196), ('CZ', 203), ('DE', 276), ('DJ', 262), ('DK', 208),
    ('DM', 212), ('DO', 214), ('DZ', 12), ('EC', 218), ('EE', 233), ('EG', 818), ('EH', 732),
    ('ER', 232), ('ES', 724), ('ET', 231), ('FI', 246), ('FJ', 242), ('FK', 238), ('FM', 583),
    ('FO', 234), ('FR', 250), ('GA', 266), ('GB', 826), ('GD', 308), ('GE', 268), ('GF', 254),
    ('GG', 831), ('GH', 288), ('GI', 292), ('GL', 304), ('GM', 270), ('GN', 324), ('GP', 312),
    ('GQ', 226), ('GR', 300), ('GS', 239), ('GT', 320), ('GU', 316), ('GW', 624), ('GY', 328),
    ('HK', 344), ('HM', 334), ('HN', 340), ('HR', 191), ('HT', 332), ('HU', 348), ('ID', 360),
    ('IE', 372), ('IL', 376), ('IM', 833), ('IN', 356), ('IO', 86), ('IQ', 368), ('IR', 364),
    ('IS', 352), ('IT', 380), ('JE', 832), ('JM', 388), ('JO', 400), ('JP', 392), ('KE', 404),
    ('KG', 417), ('KH', 116), ('KI', 296), ('KM', 174), ('KN', 659), ('KP', 408), ('KR', 410),
    ('KW', 414), ('KY', 136), ('KZ', 398), ('LA', 418), ('LB', 422), ('LC', 662), ('LI', 438),
    ('LK', 144), ('LR', 430), ('LS', 426), ('LT', 440), ('LU', 442), ('LV', 428), ('LY', 434),
    ('MA', 504), ('MC', 492), ('MD', 498), ('ME', 499), ('MF', 663), ('MG', 450), ('MH', 584),
    ('MK', 807), ('ML', 466), ('MM', 104), ('MN', 496), ('MO', 446), ('MP', 580), ('MQ', 474),
    ('MR', 478), ('MS', 500), ('MT', 470), ('MU', 480), ('MV', 462), ('MW', 454), ('MX', 484),
    ('MY', 458), ('MZ', 508), ('NA', 516), ('NC', 540), ('NE', 562), ('NF', 574), ('NG', 566),
    ('NI', 558), ('NL', 528), ('NO', 578), ('NP', 524), ('NR', 520), ('NU', 570), ('NZ', 554),
    ('OM', 512), ('PA', 591), ('PE', 604), ('PF', 258), ('PG', 598), ('PH', 608), ('PK', 586),
    ('PL', 616), ('PM', 666), ('PN', 612), ('PR', 630), ('PS', 275), ('PT', 620), ('PW', 585),
    ('PY', 600), ('QA', 634), ('RE', 638), ('RO', 642), ('RS', 688), ('RU', 643), ('RW', 646),
    ('SA', 682), ('SB', 90), ('SC', 690), ('SD', 729), ('SE', 752), ('SG', 702), ('SH', 654),
    ('SI', 705), ('SJ', 744), ('SK', 703), ('SL', 694), ('SM', 674), ('SN', 686), ('SO', 706),
    ('SR', 740), ('SS', 728), ('ST', 678), ('SV', 222), ('SX', 534), ('SY', 760), ('SZ', 748),
    ('TC', 796), ('TD', 148), ('TF', 260), ('TG', 768), ('TH', 764), ('TJ', 762), ('TK', 772),
    ('TL', 626), ('TM', 795), ('TN', 788), ('TO', 776), ('TR', 792), ('TT', 780), ('TV', 798),
    ('TW', 158), ('TZ', 834), ('UA', 804), ('UG', 800), ('UM', 581), ('US', 840), ('UY', 858),
    ('UZ', 860), ('VA', 336), ('VC', 670), ('VE', 862), ('VG', 92), ('VI', 850), ('VN', 704),
    ('VU', 548), ('WF', 876), ('WS', 882), ('XK', 0), ('YE', 887), ('YT', 175), ('ZA', 710),
    ('ZM', 894), ('ZW', 716)
) AS codes(country_code, iso);
COMMENT ON VIEW country_codes IS 'ISO 3166-1 alpha-2 country codes with their numeric codes (ACLED''s iso)';
COMMENT ON COLUMN country_codes.country_code IS 'ISO 3166-1 alpha-2 code';
COMMENT ON COLUMN country_codes.iso IS 'ISO 3166-1 numeric code (0 for Kosovo, as ACLED writes it)';

-- The actors of each news event by role; several in one role are joined by '; ' in their order. The
-- inter codes are those of the first actor in the role.
CREATE OR REPLACE VIEW event_actor_roles AS
SELECT event_id,
       string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'actor1') AS actor1,
       string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'assoc_actor_1') AS assoc_actor_1,
       string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'actor2') AS actor2,
       string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'assoc_actor_2') AS assoc_actor_2,
       arg_min(inter, ordinal) FILTER (WHERE role = 'actor1') AS inter1,
       arg_min(inter, ordinal) FILTER (WHERE role = 'actor2') AS inter2
FROM event_actors GROUP BY event_id;
COMMENT ON VIEW event_actor_roles IS 'one row per event with actors: names joined by role, ACLED inter codes';
COMMENT ON COLUMN event_actor_roles.event_id IS 'the event';
COMMENT ON COLUMN event_actor_roles.actor1 IS 'actor1 name(s), ''; ''-joined in order';
COMMENT ON COLUMN event_actor_roles.assoc_actor_1 IS 'actors associated with actor1';
COMMENT ON COLUMN event_actor_roles.actor2 IS 'actor2 name(s), ''; ''-joined in order';
COMMENT ON COLUMN event_actor_roles.assoc_actor_2 IS 'actors associated with actor2';
COMMENT ON COLUMN event_actor_roles.inter1 IS 'ACLED actor type code of the first actor1';
COMMENT ON COLUMN event_actor_roles.inter2 IS 'ACLED actor type code of the first actor2';

-- The one place an event is mapped at when a view has one row per event (ACLED and GED do): the first
-- resolved place in the sentence, else the first place mentioned. (An aggregate, not a window: DuckDB
-- spills aggregates to disk, so exports over millions of events keep to their memory limit.)
CREATE OR REPLACE VIEW event_main_place AS
SELECT p.* FROM event_places p
JOIN (SELECT event_id, coalesce(min(ordinal) FILTER (WHERE latitude IS NOT NULL), min(ordinal)) AS ordinal
      FROM event_places GROUP BY event_id) m ON m.event_id = p.event_id AND m.ordinal = p.ordinal;
COMMENT ON VIEW event_main_place IS 'the place each event is mapped at: first resolved place, else first named';
COMMENT ON COLUMN event_main_place.event_id IS 'the event';
COMMENT ON COLUMN event_main_place.ordinal IS 'position of the place among the event''s places';
COMMENT ON COLUMN event_main_place.mention IS 'the place name as written';
COMMENT ON COLUMN event_main_place.span_start IS 'start offset of the mention in the article text';
COMMENT ON COLUMN event_main_place.span_end IS 'end offset of the mention in the article text';
COMMENT ON COLUMN event_main_place.geonameid IS 'GeoNames id, or a supplement id';
COMMENT ON COLUMN event_main_place.location IS 'the place''s name as the text writes it where the text names the place itself (a town, or a name the gazetteer lacks, coded at its admin unit or country), else the resolved area''s or country''s name';
COMMENT ON COLUMN event_main_place.country IS 'country name as ACLED writes it';
COMMENT ON COLUMN event_main_place.country_code IS 'ISO 3166-1 alpha-2';
COMMENT ON COLUMN event_main_place.admin1 IS 'first-order administrative division';
COMMENT ON COLUMN event_main_place.admin2 IS 'second-order administrative division';
COMMENT ON COLUMN event_main_place.latitude IS 'decimal degrees';
COMMENT ON COLUMN event_main_place.longitude IS 'decimal degrees';
COMMENT ON COLUMN event_main_place.feature_class IS 'GeoNames feature class: P, A, ...';
COMMENT ON COLUMN event_main_place.feature_code IS 'GeoNames feature code: PPL, ADM1, PCLI, ...';
COMMENT ON COLUMN event_main_place.population IS 'population of the place, if known';
COMMENT ON COLUMN event_main_place.geo_precision IS '1 the named town, 2 near it or part of a region, 3 region or country';
COMMENT ON COLUMN event_main_place.rule IS 'how the mention was found and resolved';

-- ACLED's export columns, names and order, so that scripts written for ACLED files run unchanged.
-- time_precision: day 1, week 2, month or year 3 (ACLED's codes). disorder_type follows ACLED's grouping of
-- event types. iso is numeric via country_codes. region, admin3, source_scale and tags are not derived:
-- NULL. notes is the evidence sentence; timestamp is the import time in Unix seconds.
CREATE OR REPLACE VIEW events_acled AS
SELECT e.event_id AS event_id_cnty,
       e.event_date,
       year(e.event_date)::INTEGER AS year,
       CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 ELSE 3 END AS time_precision,
       CASE WHEN e.sub_event_type = 'Excessive force against protesters' THEN 'Political violence; Demonstrations'
            WHEN e.event_type IN ('Battles', 'Explosions/Remote violence', 'Violence against civilians')
                 OR e.sub_event_type = 'Mob violence' THEN 'Political violence'
            WHEN e.event_type IN ('Protests', 'Riots') THEN 'Demonstrations'
            ELSE 'Strategic developments' END AS disorder_type,
       e.event_type,
       e.sub_event_type,
       a.actor1,
       a.assoc_actor_1,
       a.inter1,
       a.actor2,
       a.assoc_actor_2,
       a.inter2,
       CASE WHEN a.inter1 IS NULL AND a.inter2 IS NULL THEN NULL
            WHEN a.inter1 IS NULL OR a.inter2 IS NULL THEN 10 * coalesce(a.inter1, a.inter2)
            ELSE 10 * least(a.inter1, a.inter2) + greatest(a.inter1, a.inter2) END AS interaction,
       CASE WHEN e.event_type = 'Violence against civilians' OR a.inter2 = 7 OR a.actor2 LIKE 'Civilians%'
            THEN 'Civilian targeting' END AS civilian_targeting,
       cc.iso,
       NULL::VARCHAR AS region,
       p.country,
       p.admin1,
       p.admin2,
       NULL::VARCHAR AS admin3,
       p.location,
       p.latitude,
       p.longitude,
       p.geo_precision,
       CASE WHEN ms.sources IS NULL THEN ar.source
            ELSE array_to_string(list_distinct(list_prepend(ar.source, ms.sources)), '; ') END AS source,
       NULL::VARCHAR AS source_scale,
       e.sentence AS notes,
       e.fatalities,
       NULL::VARCHAR AS tags,
       epoch(ar.imported_at)::BIGINT AS timestamp
FROM events e
JOIN articles ar ON ar.article_id = e.article_id
LEFT JOIN event_actor_roles a ON a.event_id = e.event_id
LEFT JOIN event_main_place p ON p.event_id = e.event_id
LEFT JOIN country_codes cc ON cc.country_code = p.country_code
LEFT JOIN (SELECT m.kept_event_id, list(DISTINCT x.source ORDER BY x.source) FILTER (WHERE x.source IS NOT NULL) AS sources
           FROM event_merges m JOIN events me ON me.event_id = m.merged_event_id
           JOIN articles x ON x.article_id = me.article_id
           WHERE m.undone_at IS NULL GROUP BY m.kept_event_id) ms ON ms.kept_event_id = e.event_id
WHERE NOT e.background
  AND e.event_id NOT IN (SELECT merged_event_id FROM event_merges WHERE undone_at IS NULL);  -- an event merged into another article's report of the incident shows there
COMMENT ON VIEW events_acled IS 'news events in ACLED''s export columns and order, one row per event';
COMMENT ON COLUMN events_acled.event_id_cnty IS 'the event id (ours, not ACLED''s country-numbered id)';
COMMENT ON COLUMN events_acled.event_date IS 'the day the event took place (start of its period)';
COMMENT ON COLUMN events_acled.year IS 'year of event_date';
COMMENT ON COLUMN events_acled.time_precision IS 'ACLED date precision: 1 day, 2 week, 3 month or year';
COMMENT ON COLUMN events_acled.disorder_type IS 'Political violence, Demonstrations or Strategic developments';
COMMENT ON COLUMN events_acled.event_type IS 'ACLED event type';
COMMENT ON COLUMN events_acled.sub_event_type IS 'ACLED sub-event type';
COMMENT ON COLUMN events_acled.actor1 IS 'actor1 name(s), ''; ''-joined';
COMMENT ON COLUMN events_acled.assoc_actor_1 IS 'actors associated with actor1';
COMMENT ON COLUMN events_acled.inter1 IS 'ACLED actor type code of actor1';
COMMENT ON COLUMN events_acled.actor2 IS 'actor2 name(s), ''; ''-joined';
COMMENT ON COLUMN events_acled.assoc_actor_2 IS 'actors associated with actor2';
COMMENT ON COLUMN events_acled.inter2 IS 'ACLED actor type code of actor2';
COMMENT ON COLUMN events_acled.interaction IS 'the two inter codes, lower first (12); one actor type alone x10 (60)';
COMMENT ON COLUMN events_acled.civilian_targeting IS '''Civilian targeting'' when civilians were the target';
COMMENT ON COLUMN events_acled.iso IS 'ISO 3166-1 numeric code of the country';
COMMENT ON COLUMN events_acled.region IS 'ACLED region: not derived, always NULL';
COMMENT ON COLUMN events_acled.country IS 'country name as ACLED writes it';
COMMENT ON COLUMN events_acled.admin1 IS 'first-order administrative division';
COMMENT ON COLUMN events_acled.admin2 IS 'second-order administrative division';
COMMENT ON COLUMN events_acled.admin3 IS 'third-order administrative division: not derived, always NULL';
COMMENT ON COLUMN events_acled.location IS 'the place the event is mapped at';
COMMENT ON COLUMN events_acled.latitude IS 'decimal degrees';
COMMENT ON COLUMN events_acled.longitude IS 'decimal degrees';
COMMENT ON COLUMN events_acled.geo_precision IS '1 the named town, 2 near it or part of a region, 3 region or country';
COMMENT ON COLUMN events_acled.source IS 'the outlets that reported the event, ''; ''-joined (several when articles were merged)';
COMMENT ON COLUMN events_acled.source_scale IS 'ACLED source scale: not derived, always NULL';
COMMENT ON COLUMN events_acled.notes IS 'the evidence sentence';
COMMENT ON COLUMN events_acled.fatalities IS 'ACLED''s conservative figure over the claims';
COMMENT ON COLUMN events_acled.tags IS 'ACLED tags: not derived, always NULL';
COMMENT ON COLUMN events_acled.timestamp IS 'when the article was imported, Unix seconds (UTC)';

-- UCDP GED's names for the events GED codes: organised violence (Battles, Explosions/Remote violence,
-- Violence against civilians). Unlike GED, events without a death are kept: filter on best > 0 for GED's rule.
-- type_of_violence: Violence against civilians 3 (one-sided); otherwise 1 (state-based) when a side is
-- state forces (inter 1), else 2 (non-state).
-- where_prec from our geo_precision: 1 -> 1 (the place itself), 2 -> 2 (near it, within 25 km), 3 -> 3
-- for a second-order division (ADM2), 6 for a country (PCL*), else 4 (first-order division or region).
-- date_prec from our date_precision: day 1, week 3, month 4, year 5; date_end is the end of that period.
-- best is our fatalities, ACLED's conservative figure (the same number as events_acled.fatalities); low and
-- high are the range over the claims, widened to take best in, because GED requires low <= best <= high in
-- every row. The range can miss best both ways: ACLED codes a vague or open figure below the range the words
-- allow ("dozens" is 12, of 24..99; "more than 30" is 30, of 31..), and an account given per victim group is
-- summed ("two soldiers and three civilians" is 5, above either figure). Best is kept and the range widened,
-- not best clamped into the range: best is a figure the coding rules stand by, so it is a reasonable estimate
-- and GED's low and high bound the reasonable estimates; clamping would make the two views disagree.
CREATE OR REPLACE VIEW events_ged AS
SELECT e.event_id AS id,
       year(e.event_date)::INTEGER AS year,
       CASE WHEN e.event_type = 'Violence against civilians' THEN 3
            WHEN a.inter1 = 1 OR a.inter2 = 1 THEN 1
            ELSE 2 END AS type_of_violence,
       a.actor1 AS side_a,
       a.actor2 AS side_b,
       1 + coalesce(mc.merged, 0) AS number_of_sources,
       concat_ws(', ', ar.source, strftime(ar.published_at, '%Y-%m-%d'), ar.title) AS source_article,
       ar.source AS source_office,
       ar.published_at AS source_date,
       ar.title AS source_headline,
       c.claimants AS source_original,
       CASE WHEN p.latitude IS NULL THEN NULL
            WHEN p.geo_precision = 1 THEN 1
            WHEN p.geo_precision = 2 THEN 2
            WHEN p.feature_code LIKE 'ADM2%' THEN 3
            WHEN p.feature_code LIKE 'PCL%' THEN 6
            ELSE 4 END AS where_prec,
       p.location AS where_coordinates,
       p.mention AS where_description,
       p.admin1 AS adm_1,
       p.admin2 AS adm_2,
       p.latitude,
       p.longitude,
       'POINT (' || p.longitude || ' ' || p.latitude || ')' AS geom_wkt,
       p.country,
       CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 3 WHEN 'month' THEN 4 ELSE 5 END AS date_prec,
       e.event_date AS date_start,
       CASE e.date_precision WHEN 'day' THEN e.event_date
            WHEN 'week' THEN (e.event_date + INTERVAL 6 DAY)::DATE
            WHEN 'month' THEN last_day(e.event_date)
            ELSE make_date(year(e.event_date), 12, 31) END AS date_end,
       e.fatalities AS best,
       least(e.fatalities_low, e.fatalities) AS low,  -- least/greatest skip NULL: no claim, no range
       greatest(e.fatalities_high, e.fatalities) AS high
FROM events e
JOIN articles ar ON ar.article_id = e.article_id
LEFT JOIN event_actor_roles a ON a.event_id = e.event_id
LEFT JOIN event_main_place p ON p.event_id = e.event_id
LEFT JOIN (SELECT event_id, string_agg(DISTINCT claimant, '; ' ORDER BY claimant) AS claimants
           FROM claims WHERE event_id IS NOT NULL GROUP BY event_id) c ON c.event_id = e.event_id
LEFT JOIN (SELECT kept_event_id, count(DISTINCT merged_event_id) AS merged FROM event_merges
           WHERE undone_at IS NULL GROUP BY kept_event_id) mc ON mc.kept_event_id = e.event_id
WHERE NOT e.background
  AND e.event_type IN ('Battles', 'Explosions/Remote violence', 'Violence against civilians')
  AND e.event_id NOT IN (SELECT merged_event_id FROM event_merges WHERE undone_at IS NULL);
COMMENT ON VIEW events_ged IS 'news events of organised violence in UCDP GED''s column names';
COMMENT ON COLUMN events_ged.id IS 'the event id';
COMMENT ON COLUMN events_ged.year IS 'year of date_start';
COMMENT ON COLUMN events_ged.type_of_violence IS '1 state-based, 2 non-state, 3 one-sided (violence against civilians)';
COMMENT ON COLUMN events_ged.side_a IS 'actor1';
COMMENT ON COLUMN events_ged.side_b IS 'actor2';
COMMENT ON COLUMN events_ged.number_of_sources IS 'articles behind the event';
COMMENT ON COLUMN events_ged.source_article IS 'outlet, publication date and headline of the article';
COMMENT ON COLUMN events_ged.source_office IS 'the outlet';
COMMENT ON COLUMN events_ged.source_date IS 'publication date of the article';
COMMENT ON COLUMN events_ged.source_headline IS 'the article''s title';
COMMENT ON COLUMN events_ged.source_original IS 'who gave the figures: the claimants, ''; ''-joined';
COMMENT ON COLUMN events_ged.where_prec IS 'GED location precision 1-7 (see the view''s comments for the mapping)';
COMMENT ON COLUMN events_ged.where_coordinates IS 'name of the place the coordinates are of';
COMMENT ON COLUMN events_ged.where_description IS 'the place as the article names it';
COMMENT ON COLUMN events_ged.adm_1 IS 'first-order administrative division';
COMMENT ON COLUMN events_ged.adm_2 IS 'second-order administrative division';
COMMENT ON COLUMN events_ged.latitude IS 'decimal degrees';
COMMENT ON COLUMN events_ged.longitude IS 'decimal degrees';
COMMENT ON COLUMN events_ged.geom_wkt IS 'the point as WKT';
COMMENT ON COLUMN events_ged.country IS 'country name as ACLED writes it';
COMMENT ON COLUMN events_ged.date_prec IS 'GED date precision: 1 day, 3 week, 4 month, 5 year';
COMMENT ON COLUMN events_ged.date_start IS 'first day of the event''s period';
COMMENT ON COLUMN events_ged.date_end IS 'last day of the event''s period';
COMMENT ON COLUMN events_ged.best IS 'best estimate of deaths (ACLED''s conservative figure)';
COMMENT ON COLUMN events_ged.low IS 'lowest figure claimed, or best when lower: low <= best <= high';
COMMENT ON COLUMN events_ged.high IS 'highest figure claimed, or best when higher';

-- Every claim with the event it counts for and its article; claims of background events are left out,
-- article-level claims (no event) are kept with empty event columns.
CREATE OR REPLACE VIEW event_claims AS
SELECT c.claim_id, c.event_id, c.article_id, c.kind, c.count_low, c.count_high, c.qualifier, c.coded,
       c.victim, c.claimant, c.hedged, c.hedges, c.evidence, c.span_start, c.span_end,
       e.event_date, e.event_type, e.sub_event_type, p.country, p.location,
       ar.published_at, ar.source, ar.title, ar.url
FROM claims c
JOIN articles ar ON ar.article_id = c.article_id
LEFT JOIN events e ON e.event_id = c.event_id
LEFT JOIN event_main_place p ON p.event_id = c.event_id
WHERE e.background IS NULL OR NOT e.background;
COMMENT ON VIEW event_claims IS 'every casualty claim with its event and article (background events left out)';
COMMENT ON COLUMN event_claims.claim_id IS 'the claim';
COMMENT ON COLUMN event_claims.event_id IS 'the event it counts for; NULL if article-level';
COMMENT ON COLUMN event_claims.article_id IS 'the article it was read in';
COMMENT ON COLUMN event_claims.kind IS 'killed, injured, casualties, captured, abducted, missing, displaced, arrested, combatants';
COMMENT ON COLUMN event_claims.count_low IS 'lowest count the claim allows';
COMMENT ON COLUMN event_claims.count_high IS 'highest count; NULL when open-ended (''more than 100'')';
COMMENT ON COLUMN event_claims.qualifier IS 'exact, at_least, at_most, approximate, range, vague';
COMMENT ON COLUMN event_claims.coded IS 'the figure ACLED''s rules code for the claim';
COMMENT ON COLUMN event_claims.victim IS 'who was counted: civilians, soldiers, ...';
COMMENT ON COLUMN event_claims.claimant IS 'who made the claim, or ''reporter'' when the article asserts it';
COMMENT ON COLUMN event_claims.hedged IS 'the claim is hedged (likely, reportedly, unconfirmed)';
COMMENT ON COLUMN event_claims.hedges IS 'the hedge words found, ''; ''-joined';
COMMENT ON COLUMN event_claims.evidence IS 'the exact text of the claim';
COMMENT ON COLUMN event_claims.span_start IS 'start offset of the claim in the article text';
COMMENT ON COLUMN event_claims.span_end IS 'end offset of the claim in the article text';
COMMENT ON COLUMN event_claims.event_date IS 'date of the event';
COMMENT ON COLUMN event_claims.event_type IS 'ACLED event type of the event';
COMMENT ON COLUMN event_claims.sub_event_type IS 'ACLED sub-event type of the event';
COMMENT ON COLUMN event_claims.country IS 'country the event is mapped in';
COMMENT ON COLUMN event_claims.location IS 'place the event is mapped at';
COMMENT ON COLUMN event_claims.published_at IS 'publication date of the article';
COMMENT ON COLUMN event_claims.source IS 'the outlet';
COMMENT ON COLUMN event_claims.title IS 'the article''s title';
COMMENT ON COLUMN event_claims.url IS 'the article''s URL';

-- Every article behind each news event: its own, and those of events merged into it as reports of the same
-- incident (event_merges), each with the sentence that reported it.
CREATE OR REPLACE VIEW event_sources AS
SELECT coalesce(m.kept_event_id, e.event_id) AS event_id, ar.article_id, ar.published_at, ar.source, ar.title,
       ar.url, ar.origin, c.claimants, e.sentence, e.event_id AS reported_as, m.merge_id
FROM events e
JOIN articles ar ON ar.article_id = e.article_id
LEFT JOIN event_merges m ON m.merged_event_id = e.event_id AND m.undone_at IS NULL
LEFT JOIN (SELECT event_id, string_agg(claimant, '; ' ORDER BY first_seen, claimant) AS claimants
           FROM (SELECT event_id, claimant, min(span_start) AS first_seen FROM claims
                 WHERE event_id IS NOT NULL GROUP BY ALL)
           GROUP BY event_id) c ON c.event_id = e.event_id
WHERE NOT e.background;
COMMENT ON VIEW event_sources IS 'every article behind each news event, with who gave its figures';
COMMENT ON COLUMN event_sources.event_id IS 'the event (the kept one when several articles reported it)';
COMMENT ON COLUMN event_sources.article_id IS 'an article reporting it';
COMMENT ON COLUMN event_sources.published_at IS 'publication date of the article';
COMMENT ON COLUMN event_sources.source IS 'the outlet';
COMMENT ON COLUMN event_sources.title IS 'the article''s title';
COMMENT ON COLUMN event_sources.url IS 'the article''s URL';
COMMENT ON COLUMN event_sources.origin IS 'where the article was read from: path, path:line or URL';
COMMENT ON COLUMN event_sources.claimants IS 'who gave the event''s figures in this article, ''; ''-joined';
COMMENT ON COLUMN event_sources.sentence IS 'the sentence of this article that reports the event';
COMMENT ON COLUMN event_sources.reported_as IS 'the event as extracted from this article (merged into event_id, or itself)';
COMMENT ON COLUMN event_sources.merge_id IS 'the merge that linked this article (NULL for the event''s own article)';

-- Counts per day, country and event type over the news events (an event counts in the country it is
-- mapped in; NULL when it has no place).
CREATE OR REPLACE VIEW daily_counts AS
SELECT event_date AS date, country, event_type, count(*) AS events, sum(fatalities)::BIGINT AS fatalities
FROM events_acled
GROUP BY ALL;
COMMENT ON VIEW daily_counts IS 'news events and fatalities per day, country and event type';
COMMENT ON COLUMN daily_counts.date IS 'the event date';
COMMENT ON COLUMN daily_counts.country IS 'country the events are mapped in';
COMMENT ON COLUMN daily_counts.event_type IS 'ACLED event type';
COMMENT ON COLUMN daily_counts.events IS 'number of events';
COMMENT ON COLUMN daily_counts.fatalities IS 'sum of their fatalities';
