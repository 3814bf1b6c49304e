-- Issue 15: new-gig alerts and the user's own list of gigs. Documented in docs/DATA.md.

-- A crawl run is a full crawl or a quick poll (the first page(s) of each listing set, for alerts).
ALTER TABLE crawl_runs ADD COLUMN kind VARCHAR DEFAULT 'crawl';   -- crawl | poll
UPDATE crawl_runs SET kind = 'crawl' WHERE kind IS NULL;

-- The alert ledger (store/alerts.py): one row per attempt to send one profile's alert to one target
-- (an apprise URL as written in the settings, or "email" for the profile's recipients).
CREATE SEQUENCE alert_ids START 1;
CREATE TABLE alerts (
    alert_id     BIGINT PRIMARY KEY DEFAULT nextval('alert_ids'),
    profile      VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,       -- claimed | sending | sent | failed | released | interrupted
    listings     VARCHAR[] NOT NULL,     -- 'site:listing_id' of every gig in the message
    message_id   VARCHAR,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    error        VARCHAR,
    sender_host  VARCHAR,
    sender_pid   INTEGER
);
CREATE INDEX alerts_profile_target ON alerts (profile, target, status);

-- What makes an alert exactly once: a gig is claimed for a profile and target before it is sent,
-- and the claim stays once sent (or once a send may have happened). A failed send drops its claims.
CREATE TABLE alert_claims (
    profile      VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,
    site         VARCHAR NOT NULL,
    listing_id   VARCHAR NOT NULL,
    alert_id     BIGINT NOT NULL,
    claimed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile, target, site, listing_id)
);

-- Your gigs (`tanka mark`): every mark is a row, never updated or deleted, so the history stays.
-- Nothing else writes this table: crawls, rescoring and migrations leave it alone.
CREATE SEQUENCE my_gig_mark_ids START 1;
CREATE TABLE my_gigs (
    mark_id      BIGINT PRIMARY KEY DEFAULT nextval('my_gig_mark_ids'),
    site         VARCHAR NOT NULL,
    listing_id   VARCHAR NOT NULL,
    state        VARCHAR NOT NULL,       -- applied | saved | hidden | won | lost | done
    note         VARCHAR,
    earned_yen   BIGINT,                 -- what the gig paid you, net of the site's fee (won/done)
    marked_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX my_gigs_listing ON my_gigs (site, listing_id);

-- Each marked gig as it stands now: its latest state, latest note, and latest earned amount.
CREATE VIEW my_gig_states AS
SELECT site, listing_id,
       arg_max(state, mark_id) AS state,
       arg_max(note, mark_id) FILTER (WHERE note IS NOT NULL) AS note,
       arg_max(earned_yen, mark_id) FILTER (WHERE earned_yen IS NOT NULL) AS earned_yen,
       arg_max(marked_at, mark_id) FILTER (WHERE earned_yen IS NOT NULL) AS earned_at,
       min(marked_at) FILTER (WHERE state IN ('won', 'done')) AS taken_at,
       min(marked_at) AS first_marked_at,
       max(marked_at) AS marked_at,
       count(*) AS marks
FROM my_gigs
GROUP BY site, listing_id;
