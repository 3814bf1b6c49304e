"""store/market.py: the market's spread of pay per kind and site, and new gigs per day, over a window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from store.market import distributions, market_kinds, new_per_day
from tests.conftest import tokyo

NOW = tokyo(2026, 12, 7, 12, 0)


def add(con, listing_id, site, kind, hourly, posted_days_ago, **values):
    row = {"site": site, "listing_id": listing_id, "title": "t", "status": "open", "kind": kind,
           "net_hourly_yen": hourly, "posted_at": NOW - timedelta(days=posted_days_ago),
           "first_seen_at": NOW, "last_seen_at": NOW, **values}
    con.execute(f"INSERT INTO listings ({', '.join(row)}) VALUES ({', '.join('$' + k for k in row)})", row)


@pytest.fixture
def market(memory_db):
    for n, hourly in enumerate([800, 1000, 1200, 1400, 1600]):
        add(memory_db, f"c{n}", "crowdworks", "data_entry", hourly, 1 + n)
    for n, hourly in enumerate([500, 900, 1300]):
        add(memory_db, f"l{n}", "lancers", "data_entry", hourly, 2, status="closed")
    add(memory_db, "old", "lancers", "data_entry", 99_999, 40)  # outside a 30-day window
    add(memory_db, "w1", "lancers", "writing", None, 3, pay_type="writing", yen_per_char=1.0, net_unit_yen=890)
    return memory_db


def test_the_spread_per_kind_over_every_site_then_per_site(market):
    found = distributions(market, "net_hourly_yen", NOW - timedelta(days=30), below=1121)
    assert [(d.kind, d.site, d.count) for d in found] == [
        ("data_entry", None, 8), ("data_entry", "crowdworks", 5), ("data_entry", "lancers", 3)]
    crowdworks = found[1]
    assert (crowdworks.median, crowdworks.p25, crowdworks.p75, crowdworks.low, crowdworks.high) == \
        (1200, 1000, 1400, 800, 1600)
    assert crowdworks.below == 2  # ¥800 and ¥1,000 pay less than the minimum wage


def test_a_closed_gig_still_belongs_to_the_market_but_an_old_one_does_not(market):
    (every, *_rest) = distributions(market, "net_hourly_yen", NOW - timedelta(days=30))
    assert every.count == 8 and every.high == 1600


def test_too_few_gigs_make_no_spread(market):
    found = distributions(market, "net_hourly_yen", NOW - timedelta(days=30), min_count=4)
    assert [(d.site, d.count) for d in found] == [(None, 8), ("crowdworks", 5)]


def test_pay_per_item_reads_tasks_and_writing_only(market):
    found = distributions(market, "net_unit_yen", NOW - timedelta(days=30))
    assert [(d.kind, d.site, d.median) for d in found] == [("writing", None, 890), ("writing", "lancers", 890)]


def test_new_gigs_per_tokyo_day(market):
    days = new_per_day(market, NOW - timedelta(days=3), site="crowdworks")
    assert days == [(date(2026, 12, 4), "crowdworks", 1), (date(2026, 12, 5), "crowdworks", 1),
                    (date(2026, 12, 6), "crowdworks", 1)]


def test_kinds_by_how_many_were_posted(market):
    assert market_kinds(market, NOW - timedelta(days=30)) == [("data_entry", 8), ("writing", 1)]
