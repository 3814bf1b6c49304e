-- Scoring: the net amounts behind the score, and views for the questions people ask most.
-- Columns are documented in docs/DATA.md ("Derived"), the views in docs/SQL.md.
ALTER TABLE listings ADD COLUMN net_unit_yen BIGINT;          -- one task / article / item after the fee
ALTER TABLE listings ADD COLUMN net_budget_min_yen BIGINT;    -- fixed price / prize bounds after the fee
ALTER TABLE listings ADD COLUMN net_budget_max_yen BIGINT;
ALTER TABLE listings ADD COLUMN expected_value_yen BIGINT;    -- contests: net prize ÷ (entries + 1)
ALTER TABLE listings ADD COLUMN net_is_estimate BOOLEAN;      -- the site's fee is not confirmed (Shufti)
ALTER TABLE listings ADD COLUMN beginner_ok BOOLEAN;          -- says beginners are welcome, no red flag
ALTER TABLE listings ADD COLUMN pay_band VARCHAR;             -- red / amber / green / highlight vs the benchmark

-- Open gigs, best net hourly first; gigs without an hourly figure follow, by score.
CREATE VIEW open_gigs AS
SELECT site, listing_id, kind, pay_type, title, net_hourly_yen, hourly_basis, pay_band, yen_per_char,
       net_unit_yen, break_even_hours, expected_value_yen, net_is_estimate, score, score_reasons,
       risk_flags, applicants, slots, deadline, client_name, dup_group, url
FROM listings
WHERE status = 'open'
ORDER BY net_hourly_yen DESC NULLS LAST, score DESC NULLS LAST;

-- What a beginner can take today: beginner-friendly, no risk flag but the harmless ones, best score first.
CREATE VIEW beginner_picks AS
SELECT site, listing_id, kind, title, score, net_hourly_yen, hourly_basis, pay_band, net_unit_yen,
       break_even_hours, score_reasons, risk_flags, deadline, url
FROM listings
WHERE status = 'open' AND beginner_ok
  AND len(list_filter(coalesce(risk_flags, []), lambda f: f NOT IN ('external_tool', 'pay_not_stated'))) = 0
ORDER BY score DESC NULLS LAST;

-- One row per client and site: how many gigs, how they pay, how many raised red flags.
CREATE VIEW client_record AS
SELECT site, coalesce(client_id, client_name) AS client_key, any_value(client_name) AS client_name,
       count(*) AS listings, count(*) FILTER (WHERE status = 'open') AS open_listings,
       max(client_rating) AS rating, max(client_orders) AS orders,
       max(client_completion_rate) AS completion_rate, bool_or(client_verified) AS verified,
       round(median(net_hourly_yen), 0) AS median_net_hourly_yen,
       round(avg(score), 1) AS avg_score,
       count(*) FILTER (WHERE len(coalesce(risk_flags, [])) > 0) AS flagged_listings,
       list_distinct(flatten(list(coalesce(risk_flags, [])))) AS flags_seen,
       min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at
FROM listings
WHERE client_id IS NOT NULL OR client_name IS NOT NULL
GROUP BY site, coalesce(client_id, client_name);

-- Price and applicant history of every listing, one row per change, with what changed.
-- pay_yen: the one figure a change is measured on (lowest hourly wage, unit price, or the budget).
CREATE VIEW listing_history AS
SELECT site, listing_id, title, seen_at, status, budget_min_yen, budget_max_yen, hourly_min_yen,
       hourly_max_yen, unit_price_yen, pay_yen, applicants, slots, contracts,
       applicants - lag(applicants) OVER w AS new_applicants,
       pay_yen - lag(pay_yen) OVER w AS price_change_yen
FROM (SELECT s.*, l.title,
             coalesce(s.hourly_min_yen, s.unit_price_yen, s.budget_max_yen, s.budget_min_yen) AS pay_yen
      FROM listing_snapshots s LEFT JOIN listings l USING (site, listing_id))
WINDOW w AS (PARTITION BY site, listing_id ORDER BY seen_at);

-- The same gig posted more than once (on several sites, or twice on one): one row per group.
CREATE VIEW duplicate_groups AS
SELECT dup_group, count(*) AS listings, list_sort(list_distinct(list(site))) AS sites,
       max(net_hourly_yen) AS best_net_hourly_yen, max(net_unit_yen) AS best_net_unit_yen,
       max(score) AS best_score, any_value(title) AS title, list(url ORDER BY site, listing_id) AS urls
FROM listings
WHERE dup_group IS NOT NULL
GROUP BY dup_group;
