"""Crawl health for the digest: which site's last crawl failed or looked broken, from crawl_runs.

A site looks broken when its last run did not finish (interrupted, abandoned, closed for an
error), counted errors, stored no items, saw a changed list layout, or stored far fewer items
than its previous finished run. A site nobody crawled for two days is stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb

SITE_LABELS = {"crowdworks": "CrowdWorks", "lancers": "Lancers", "shufti": "Shufti"}
# A run that kept fewer than this share of the previous finished run's items dropped sharply …
DROP_SHARE = 0.5
# … when the previous run had at least this many (small runs swing too much to judge).
DROP_MIN_PREVIOUS = 20
STALE_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class SiteHealth:
    site: str
    label: str
    ok: bool
    summary: str  # one line for the digest
    last_run_at: datetime | None = None
    items: int | None = None


def _stats(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    return out if isinstance(out, dict) else {}


def _when(moment: datetime) -> str:
    return f"{moment.month}/{moment.day} {moment:%H:%M}"


def _problems(run: dict[str, Any], previous: dict[str, Any] | None, now: datetime,
              running_timeout: timedelta) -> list[str]:
    reason = run["finish_reason"]
    if reason is None:
        if now - run["started_at"] <= running_timeout:
            return []
        return ["it never finished (interrupted)"]
    problems = []
    if reason == "abandoned":
        problems.append("it never finished (interrupted)")
    elif reason != "finished":
        problems.append(f"it ended abnormally ({reason})")
    if run["errors"]:
        problems.append(f"{run['errors']} error{'s' * (run['errors'] != 1)}")
    if not run["items"]:
        problems.append("it stored no listings (a changed page layout, or access refused?)")
    elif previous and previous["items"] >= DROP_MIN_PREVIOUS and run["items"] < DROP_SHARE * previous["items"]:
        problems.append(f"listings dropped sharply ({previous['items']} → {run['items']})")
    if _stats(run["stats"]).get("tanka/list/layout_changed"):
        problems.append("the list page layout looks changed")
    if now - run["started_at"] > STALE_AFTER:
        problems.append("no crawl since then")
    return problems


def crawl_health(con: duckdb.DuckDBPyConnection, sites: list[str], now: datetime,
                 running_timeout: timedelta = timedelta(hours=1)) -> list[SiteHealth]:
    """One entry per site in `sites` or in crawl_runs, problems first."""
    cursor = con.execute(
        """SELECT site, run_id, started_at, finish_reason, coalesce(items, 0) AS items,
                  coalesce(errors, 0) AS errors, stats
           FROM crawl_runs QUALIFY row_number() OVER (PARTITION BY site ORDER BY run_id DESC) <= 10
           ORDER BY site, run_id DESC"""
    )
    columns = [d[0] for d in cursor.description]
    runs: dict[str, list[dict[str, Any]]] = {}
    for values in cursor.fetchall():
        run = dict(zip(columns, values, strict=True))
        runs.setdefault(run["site"], []).append(run)
    out = []
    for site in sorted(set(sites) | set(runs)):
        label = SITE_LABELS.get(site, site)
        history = runs.get(site, [])
        if not history:
            out.append(SiteHealth(site, label, False, "never crawled"))
            continue
        latest, earlier = history[0], history[1:]
        note = ""
        if latest["finish_reason"] is None and now - latest["started_at"] <= running_timeout and earlier:
            latest, earlier = earlier[0], earlier[1:]  # judge the last run that ended
            note = " (a crawl is running now)"
        previous = next((r for r in earlier if r["finish_reason"] == "finished"), None)
        problems = _problems(latest, previous, now, running_timeout)
        when = _when(latest["started_at"])
        if latest["finish_reason"] is None and not problems:
            summary = f"first crawl running since {when}"
        elif problems:
            summary = f"last crawl {when}: " + "; ".join(problems) + note
        else:
            summary = f"last crawl {when}: OK ({latest['items']:,} listings)" + note
        out.append(SiteHealth(site, label, not problems, summary, latest["started_at"], latest["items"]))
    return sorted(out, key=lambda h: (h.ok, h.site))
