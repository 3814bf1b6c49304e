-- Scores a beginner can trust (issue 13): volume, eligibility and availability as derived columns,
-- documented in docs/DATA.md ("Derived"). Rows stored before this migration get them on the next crawl
-- that sees them, or at once with `tanka rescore`.
ALTER TABLE listings ADD COLUMN earnable_net_yen BIGINT;    -- what one worker can earn from it, net
ALTER TABLE listings ADD COLUMN restricted BOOLEAN;         -- open only to a group (〜限定, 〜の方のみ, 経験者のみ …)
ALTER TABLE listings ADD COLUMN restrictions VARCHAR[];     -- those conditions, in the listing's words
ALTER TABLE listings ADD COLUMN filled BOOLEAN;             -- every task taken or every slot filled

-- Open gigs that can still be taken, best net hourly first; gigs without an hourly figure follow, by score.
CREATE OR REPLACE VIEW open_gigs AS
SELECT site, listing_id, kind, pay_type, title, net_hourly_yen, hourly_basis, pay_band, yen_per_char,
       net_unit_yen, break_even_hours, expected_value_yen, earnable_net_yen, net_is_estimate, score, score_reasons,
       risk_flags, restricted, restrictions, applicants, slots, deadline, client_name, dup_group, url
FROM listings
WHERE status = 'open' AND NOT coalesce(filled, FALSE)
ORDER BY net_hourly_yen DESC NULLS LAST, score DESC NULLS LAST;

-- What a beginner can take today: beginner-friendly, still open, no risk flag but the harmless ones;
-- gigs open to everyone first, then those limited to a group, each best score first.
CREATE OR REPLACE VIEW beginner_picks AS
SELECT site, listing_id, kind, title, score, net_hourly_yen, hourly_basis, pay_band, net_unit_yen,
       break_even_hours, earnable_net_yen, restricted, restrictions, score_reasons, risk_flags, deadline, url
FROM listings
WHERE status = 'open' AND beginner_ok AND NOT coalesce(filled, FALSE)
  AND len(list_filter(coalesce(risk_flags, []), lambda f: f NOT IN ('external_tool', 'pay_not_stated'))) = 0
ORDER BY coalesce(restricted, FALSE), score DESC NULLS LAST;
