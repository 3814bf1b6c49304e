-- The digest ledger: one row per attempt to send a profile's daily digest (digest/ledger.py).
-- A day counts as done only when one of its rows is 'sent' (the SMTP server accepted the message).
CREATE SEQUENCE digest_ids START 1;

CREATE TABLE digests (
    digest_id       BIGINT PRIMARY KEY DEFAULT nextval('digest_ids'),
    profile         VARCHAR NOT NULL,
    digest_date     DATE NOT NULL,         -- the Tokyo calendar day the digest is for
    status          VARCHAR NOT NULL,      -- sending | sent | failed | interrupted
    message_id      VARCHAR NOT NULL,      -- reused by the retry of an interrupted attempt
    recipients      VARCHAR[],
    listings        VARCHAR[],             -- 'site:listing_id' of every gig in the message
    content_since   TIMESTAMPTZ,           -- gigs first seen after this …
    content_until   TIMESTAMPTZ NOT NULL,  -- … and up to this (the next digest starts here)
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    error           VARCHAR,
    sender_host     VARCHAR,
    sender_pid      INTEGER
);
CREATE INDEX digests_profile_day ON digests (profile, digest_date);
