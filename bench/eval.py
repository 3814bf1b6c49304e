"""`make eval`: how well the ranking agrees with a reviewed, hand-labelled set of listings.

The labelled set is bench/eval_labels.toml: real listings of the saved pages (read in place from
../shared/fixtures, never copied — the file names a page and a listing id) and listings of the
replay mirror's market (seed 1, 300 listings a site, day 0, rendered in-process). Each carries a
label — take / fine / avoid — and a one-line reason, written from the listing's text (`--dump`
prints it without any score) before the scores were looked at.

Every labelled listing is scored as a crawl would score it (spider → normalize → derive) and
ranked the way `tanka top` ranks (gigs open to all first, then by score; filled gigs left out);
the beginner ranking keeps beginner_ok gigs only, as `tanka top --beginner`. Printed:

* precision@10 and @20 — the share of the top 10 / 20 labelled "take";
* avoid@20 — how many of the top 20 are labelled "avoid";
* pairwise accuracy — of every (take, avoid) pair, the share where take ranks above avoid
  (a gig left out of a ranking counts as ranked below every gig in it).

    python -m bench.eval            # the figures (BENCHMARKS.md records them)
    python -m bench.eval --dump     # every listing's text, no scores: what the labels are written from
    python -m bench.eval --list     # the labelled listings in ranking order, with label and score
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tanka.normalize.dates import TOKYO

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "eval_labels.toml"
FIXTURES = ROOT.parent / "shared" / "fixtures"
# The saved list pages and when each was captured (../shared/fixtures/README.md): relative deadlines
# (あと6日) and freshness are read against that time.
PAGES: dict[str, str] = {
    "crowdworks/jobs_new.json": "2026-04-27T12:00:00+09:00",
    "crowdworks/category_16.html": "2026-09-03T12:00:00+09:00",
    "crowdworks/search_ruby.html": "2026-09-04T12:00:00+09:00",
    "lancers/search_keyword_ai.html": "2026-06-06T12:00:00+09:00",
    "lancers/search_category_system.html": "2026-06-06T12:00:00+09:00",
    "lancers/cards_task_input.html": "2026-09-04T12:00:00+09:00",
    "lancers/search_type_project_2025-12.html": "2025-12-13T12:00:00+09:00",
    "lancers/search_type_competition_2025-12.html": "2025-12-13T12:00:00+09:00",
    "lancers/search_category_system_development_2025-12.html": "2025-12-13T12:00:00+09:00",
    "lancers/search_web_lp_2026-04.html": "2026-04-28T12:00:00+09:00",
    "shufti/guest_jobs_tag1_p1.json": "2026-09-04T12:00:00+09:00",
}
MIRROR_SEED, MIRROR_LISTINGS, MIRROR_DAY = 1, 300, 0
MIRROR_SITES = ("crowdworks", "lancers", "shufti")
LABEL_VALUES = ("take", "fine", "avoid")


@dataclass(frozen=True)
class Labelled:
    key: str  # "lancers/search_keyword_ai.html#5553927" or "mirror:crowdworks#13000453"
    label: str
    why: str
    row: dict[str, Any]


# ----- listings --------------------------------------------------------------------------------------
def fixture_rows(pages: Iterable[str] = PAGES) -> dict[str, dict[str, Any]]:
    """Every listing of the saved pages, scored: key "page#listing_id" → listings row."""
    from tanka.offline import listing_rows, parse_saved_page

    out = {}
    for page in pages:
        path = FIXTURES / page
        if not path.is_file():
            raise FileNotFoundError(f"{path}: ../shared/fixtures is not here; the evaluation reads the real pages")
        crawled = datetime.fromisoformat(PAGES[page])
        for row in listing_rows(parse_saved_page(page.split("/")[0], path, crawled_at=crawled), None, crawled):
            out[f"{page}#{row['listing_id']}"] = row
    return out


def mirror_rows(sites: Iterable[str] = MIRROR_SITES) -> dict[str, dict[str, Any]]:
    """Every listing of the mirror's market on its day, list and detail pages merged as a crawl
    merges them, scored at the mirror's clock: key "mirror:site#listing_id" → listings row."""
    from bench.pages import PageMaker, _target, rendered_job, spider
    from bench.parse import response
    from tanka.offline import listing_rows

    maker = PageMaker(MIRROR_LISTINGS, seed=MIRROR_SEED, day=MIRROR_DAY, demo=True)  # as `make demo` serves it
    now = maker.world.now(MIRROR_DAY)
    out = {}
    for site in sites:
        gigs, number = [], 1
        while True:
            listed = spider(site).parse_list(response(maker.list_page(site, number)))
            gigs += listed.gigs
            if not listed.next_url or not listed.gigs:
                break
            number += 1
        seen = set()
        for gig in gigs:
            if gig.listing_id in seen:  # a PR slot repeats a listing
                continue
            seen.add(gig.listing_id)
            request = spider(site).detail_request(gig)
            if request is not None:
                page = rendered_job(maker, site, int(gig.listing_id)) if request.meta.get("playwright") \
                    else maker.page(*_target(request.url))
                gig.merge(spider(site).parse_detail(response(page), gig))
                gig.detail_status = "fetched"
            gig.crawled_at = now.isoformat()
        for row in listing_rows(gigs, None, now):
            out[f"mirror:{site}#{row['listing_id']}"] = row
    return out


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["listing"]
    for entry in entries:
        if entry["label"] not in LABEL_VALUES:
            raise ValueError(f"{entry['key']}: label {entry['label']!r} is none of {LABEL_VALUES}")
    return entries


def labelled(entries: list[dict[str, str]] | None = None) -> list[Labelled]:
    entries = entries if entries is not None else load_labels()
    rows = fixture_rows({e["key"].split("#")[0] for e in entries if not e["key"].startswith("mirror:")})
    if any(e["key"].startswith("mirror:") for e in entries):
        rows.update(mirror_rows())
    missing = [e["key"] for e in entries if e["key"] not in rows]
    if missing:
        raise KeyError(f"labelled listings not found on their pages: {missing}")
    changed = [e["key"] for e in entries if e.get("title") is not None and rows[e["key"]].get("title") != e["title"]]
    if changed:
        raise ValueError(f"labelled listings whose title changed (relabel them from --dump): {changed}")
    return [Labelled(e["key"], e["label"], e["why"], rows[e["key"]]) for e in entries]


# ----- ranking and figures ------------------------------------------------------------------------------
def ranked(items: list[Labelled], beginner: bool = False) -> list[Labelled]:
    """`tanka top`'s order: filled gigs out, gigs open to all first, then by score (`beginner`:
    beginner_ok gigs only)."""
    from tanka.scoring.profiles import ranking_key

    kept = [i for i in items if not i.row.get("filled") and (i.row.get("beginner_ok") or not beginner)]
    return sorted(kept, key=lambda i: (*ranking_key(i.row, None), i.key))


@dataclass(frozen=True)
class Figures:
    ranking: str
    listed: int
    precision_10: float
    precision_20: float
    avoid_20: int
    pairwise: float
    pairs: int


def figures(items: list[Labelled], name: str, beginner: bool = False) -> Figures:
    order = ranked(items, beginner)
    position = {i.key: n for n, i in enumerate(order)}
    below = len(order)  # left out of the ranking: below every gig in it

    def share(k: int) -> float:
        top = order[:k]
        return sum(i.label == "take" for i in top) / k if top else 0.0

    takes = [i for i in items if i.label == "take"]
    avoids = [i for i in items if i.label == "avoid"]
    pairs = list(itertools.product(takes, avoids))
    # Both left out of the ranking: a tie, half right.
    right = sum(1.0 if position.get(t.key, below) < position.get(a.key, below) else
                0.5 if position.get(t.key, below) == position.get(a.key, below) else 0.0 for t, a in pairs)
    return Figures(name, len(order), share(10), share(20), sum(i.label == "avoid" for i in order[:20]),
                   right / len(pairs) if pairs else 0.0, len(pairs))


def report(items: list[Labelled]) -> str:
    counts = {value: sum(i.label == value for i in items) for value in LABEL_VALUES}
    lines = [f"tanka eval — {len(items)} labelled listings ({counts['take']} take, {counts['fine']} fine, "
             f"{counts['avoid']} avoid) from {LABELS.relative_to(ROOT)}",
             f"{'ranking':<28}{'ranked':>7}{'prec@10':>9}{'prec@20':>9}{'avoid@20':>10}{'take>avoid':>12}"]
    for source, keep in (("all", lambda i: True), ("saved pages", lambda i: not i.key.startswith("mirror:")),
                         ("mirror", lambda i: i.key.startswith("mirror:"))):
        subset = [i for i in items if keep(i)]
        for name, beginner in (("default", False), ("beginner", True)):
            f = figures(subset, name, beginner)
            lines.append(f"{source + ', ' + name:<28}{f.listed:>7}{f.precision_10:>9.2f}{f.precision_20:>9.2f}"
                         f"{f.avoid_20:>10}{f.pairwise:>12.3f}")
    return "\n".join(lines)


# ----- labelling aid ------------------------------------------------------------------------------------
def _pay(row: dict[str, Any]) -> str:
    """What the page shows of the pay, before any fee or scoring."""
    raw = row.get("raw") or {}
    parts = [str(raw.get("price_text") or "")]
    for name in ("budget_min_yen", "budget_max_yen", "hourly_min_yen", "hourly_max_yen", "unit_price_yen",
                 "unit_minutes", "unit_chars", "units", "site_hourly_yen", "yen_per_char"):
        if raw.get(name) not in (None, ""):
            parts.append(f"{name}={raw[name]}")
    return " ".join(p for p in parts if p)


def dump(rows: dict[str, dict[str, Any]], out: Any = sys.stdout) -> None:
    """Each listing's text and page facts, no derived column: what a label is written from."""
    for key, row in rows.items():
        client = " ".join(f"{k}={row[k]}" for k in ("client_name", "client_rating", "client_orders",
                                                     "client_completion_rate", "client_verified")
                          if row.get(k) is not None)
        counts = " ".join(f"{k}={row[k]}" for k in ("applicants", "slots", "contracts") if row.get(k) is not None)
        text = " ".join((row.get("description") or "").split())[:1500]
        print(f"## {key}\n  {row.get('pay_type')} | {_pay(row)} | {counts}\n  {row.get('title')}\n"
              f"  tags: {' '.join(row.get('tags') or [])} | {client} | {row.get('category') or ''}\n  {text}\n", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dump", action="store_true", help="every listing's text, no scores (for labelling)")
    mode.add_argument("--list", action="store_true", help="the labelled listings in ranking order")
    args = parser.parse_args(argv)
    if args.dump:
        dump({**fixture_rows(), **mirror_rows()})
        return 0
    items = labelled()
    if args.list:
        for n, item in enumerate(ranked(items), 1):
            print(f"{n:>3}. {item.row.get('score'):>5} {item.label:<5} {item.key}  {item.row.get('title')}")
        return 0
    print(report(items))
    print(f"(run {datetime.now(TOKYO):%Y-%m-%d %H:%M} JST; the figures go in BENCHMARKS.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
