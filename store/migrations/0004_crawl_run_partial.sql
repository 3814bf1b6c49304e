-- A run is partial when it may have missed listings: it did not finish normally, counted errors,
-- a list or detail page failed, or a listing was rejected (store/runs.py: is_partial). A partial
-- run closes no listing for being unseen. Ended runs recorded before this migration are judged
-- the same way from their stats; a run still going (finish_reason NULL) gets it when it ends.
ALTER TABLE crawl_runs ADD COLUMN partial BOOLEAN;
UPDATE crawl_runs SET partial = (
    finish_reason IS DISTINCT FROM 'finished'
    OR coalesce(errors, 0) > 0
    OR len(list_filter(coalesce(json_keys(stats), []), lambda k: starts_with(k, 'tanka/list/failed/')
                       OR starts_with(k, 'tanka/rejected/') OR k = 'tanka/detail/failed')) > 0
) WHERE finish_reason IS NOT NULL;
