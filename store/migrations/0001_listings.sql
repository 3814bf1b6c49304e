-- The data contract: one row per listing, keyed (site, listing_id). See docs/DATA.md.
CREATE TABLE listings (
    site                    VARCHAR NOT NULL,
    listing_id              VARCHAR NOT NULL,
    url                     VARCHAR,
    title                   VARCHAR,
    category                VARCHAR,
    pay_type                VARCHAR,
    budget_min_yen          BIGINT,
    budget_max_yen          BIGINT,
    hourly_min_yen          BIGINT,
    hourly_max_yen          BIGINT,
    unit_price_yen          BIGINT,
    unit_minutes            DOUBLE,
    unit_chars              INTEGER,
    units                   INTEGER,
    site_hourly_yen         BIGINT,
    applicants              INTEGER,
    slots                   INTEGER,
    contracts               INTEGER,
    deadline                TIMESTAMPTZ,
    posted_at               TIMESTAMPTZ,
    client_id               VARCHAR,
    client_name             VARCHAR,
    client_rating           DOUBLE,
    client_orders           INTEGER,
    client_completion_rate  DOUBLE,
    client_verified         BOOLEAN,
    description             VARCHAR,
    tags                    VARCHAR[],
    status                  VARCHAR NOT NULL DEFAULT 'open',
    price_basis             VARCHAR,
    -- derived by scoring/ from the columns above; recomputed by `tanka rescore`
    kind                    VARCHAR,
    yen_per_char            DOUBLE,
    unit_price_source       VARCHAR,
    net_hourly_yen          DOUBLE,
    hourly_basis            VARCHAR,
    break_even_hours        DOUBLE,
    score                   DOUBLE,
    score_reasons           VARCHAR[],
    risk_flags              VARCHAR[],
    dup_group               VARCHAR,
    -- bookkeeping
    first_seen_at           TIMESTAMPTZ NOT NULL,
    last_seen_at            TIMESTAMPTZ NOT NULL,
    closed_at               TIMESTAMPTZ,
    list_hash               VARCHAR,
    detail_status           VARCHAR,
    detail_fetched_at       TIMESTAMPTZ,
    last_run_id             BIGINT,
    raw                     JSON,
    PRIMARY KEY (site, listing_id)
);

-- History: a row whenever price, applicants, slots or status change (and at first sight).
CREATE TABLE listing_snapshots (
    site            VARCHAR NOT NULL,
    listing_id      VARCHAR NOT NULL,
    seen_at         TIMESTAMPTZ NOT NULL,
    run_id          BIGINT,
    budget_min_yen  BIGINT,
    budget_max_yen  BIGINT,
    hourly_min_yen  BIGINT,
    hourly_max_yen  BIGINT,
    unit_price_yen  BIGINT,
    applicants      INTEGER,
    slots           INTEGER,
    contracts       INTEGER,
    status          VARCHAR
);
CREATE INDEX listing_snapshots_key ON listing_snapshots (site, listing_id);

CREATE SEQUENCE crawl_run_ids START 1;

-- One row per spider run, written when it starts and completed when it ends.
CREATE TABLE crawl_runs (
    run_id          BIGINT PRIMARY KEY DEFAULT nextval('crawl_run_ids'),
    site            VARCHAR NOT NULL,
    scopes          VARCHAR[],
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    finish_reason   VARCHAR,          -- NULL while running; Scrapy's reason afterwards
    items           INTEGER DEFAULT 0,
    new_listings    INTEGER DEFAULT 0,
    changed         INTEGER DEFAULT 0,
    errors          INTEGER DEFAULT 0,
    pages           INTEGER DEFAULT 0,
    complete_scopes VARCHAR[],
    closed_unseen   INTEGER DEFAULT 0,
    stats           JSON
);

-- Which listing sets (a site's full list, a category, a keyword) a listing was last seen in,
-- so that a complete crawl of one set closes only that set's vanished listings.
CREATE TABLE listing_scopes (
    site          VARCHAR NOT NULL,
    scope         VARCHAR NOT NULL,
    listing_id    VARCHAR NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site, scope, listing_id)
);
