"""The store: migrations, upserts with history, and when listings may be closed."""

from datetime import UTC, datetime, timedelta

from store.migrations import migrate
from store.runs import RunOutcome, finish_run, start_run
from store.upsert import upsert_listings
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def row(listing_id: str, *, budget: float = 5000.0, applicants: int = 0, detail: str = "fetched",
        rating: float | None = 4.8, scope: str = "crowdworks:new", list_hash: str | None = None, **extra):
    gig = Gig(site="crowdworks", listing_id=listing_id, url=f"https://crowdworks.jp/public/jobs/{listing_id}",
              title=f"案件{listing_id}", pay_type="fixed_price_payment", budget_max_yen=budget,
              applicants=applicants, client_rating=rating, crawled_at=T0.isoformat(), detail_status=detail,
              scope=scope, list_hash=list_hash or f"{budget}-{applicants}", **extra)
    out = normalize_gig(gig)
    out.update(derive(out))
    return out


def value(con, sql, **params):
    return con.execute(sql, params or None).fetchall()[0][0]


def test_migrating_twice_changes_nothing(memory_db):
    assert migrate(memory_db) == []
    assert value(memory_db, "SELECT count(*) FROM schema_migrations") >= 1


def test_upserting_twice_changes_nothing(memory_db):
    rows = [row("1"), row("2")]
    upsert_listings(memory_db, rows, run_id=1, now=T0)
    again = upsert_listings(memory_db, [row("1"), row("2")], run_id=2, now=T0 + timedelta(hours=1))
    assert (again.new, again.changed, again.unchanged, again.snapshots) == (0, 0, 2, 0)
    assert value(memory_db, "SELECT count(*) FROM listings") == 2


def test_first_seen_is_kept_and_last_seen_moves(memory_db):
    upsert_listings(memory_db, [row("1")], run_id=1, now=T0)
    upsert_listings(memory_db, [row("1")], run_id=2, now=T0 + timedelta(days=1))
    first, last = memory_db.execute("SELECT first_seen_at, last_seen_at FROM listings").fetchall()[0]
    assert first == T0
    assert last == T0 + timedelta(days=1)


def test_a_changed_price_writes_a_snapshot(memory_db):
    upsert_listings(memory_db, [row("1", budget=5000)], run_id=1, now=T0)
    result = upsert_listings(memory_db, [row("1", budget=6000)], run_id=2, now=T0 + timedelta(days=1))
    assert result.changed == 1
    history = memory_db.execute(
        "SELECT budget_max_yen FROM listing_snapshots WHERE listing_id = '1' ORDER BY seen_at").fetchall()
    assert history == [(5000,), (6000,)]


def test_more_applicants_write_a_snapshot(memory_db):
    upsert_listings(memory_db, [row("1", applicants=2)], run_id=1, now=T0)
    upsert_listings(memory_db, [row("1", applicants=9)], run_id=2, now=T0 + timedelta(days=1))
    assert value(memory_db, "SELECT max(applicants) FROM listing_snapshots") == 9


def test_a_skipped_detail_keeps_the_stored_detail_values(memory_db):
    upsert_listings(memory_db, [row("1", rating=4.8)], run_id=1, now=T0)
    upsert_listings(memory_db, [row("1", rating=None, detail="skipped")], run_id=2, now=T0 + timedelta(days=1))
    assert value(memory_db, "SELECT client_rating FROM listings") == 4.8
    assert value(memory_db, "SELECT detail_status FROM listings") == "fetched"


def test_one_listing_twice_in_a_batch_keeps_its_detail(memory_db):
    result = upsert_listings(memory_db, [row("1", rating=4.8), row("1", rating=None, detail="skipped")],
                             run_id=1, now=T0)
    assert result.duplicates_in_batch == 1
    assert value(memory_db, "SELECT client_rating FROM listings") == 4.8


def _run(con, seen: list[str], *, reason="finished", errors=0, complete=True, at=T0):
    run_id = start_run(con, "crowdworks", ["crowdworks:new"], at)
    upsert_listings(con, [row(i) for i in seen], run_id=run_id, now=at)
    outcome = RunOutcome(run_id=run_id, finish_reason=reason, errors=errors,
                         complete_scopes=["crowdworks:new"] if complete else [])
    return finish_run(con, outcome, "crowdworks", at, at + timedelta(minutes=5))


def _open(con):
    return {r[0] for r in con.execute("SELECT listing_id FROM listings WHERE status = 'open'").fetchall()}


def test_a_clean_complete_run_closes_what_it_did_not_see(memory_db):
    _run(memory_db, ["1", "2", "3"])
    closed = _run(memory_db, ["1", "2"], at=T0 + timedelta(days=1))
    assert closed == 1
    assert _open(memory_db) == {"1", "2"}
    assert value(memory_db, "SELECT status FROM listing_snapshots WHERE listing_id = '3' ORDER BY seen_at DESC") \
        == "closed"


def test_an_interrupted_run_closes_nothing(memory_db):
    _run(memory_db, ["1", "2", "3"])
    assert _run(memory_db, ["1"], reason="shutdown", at=T0 + timedelta(days=1)) == 0
    assert _open(memory_db) == {"1", "2", "3"}


def test_a_run_with_errors_closes_nothing(memory_db):
    _run(memory_db, ["1", "2", "3"])
    assert _run(memory_db, ["1"], errors=2, at=T0 + timedelta(days=1)) == 0


def test_an_incomplete_listing_set_closes_nothing(memory_db):
    _run(memory_db, ["1", "2", "3"])
    assert _run(memory_db, ["1"], complete=False, at=T0 + timedelta(days=1)) == 0


def test_a_sharp_drop_looks_broken_and_closes_nothing(memory_db):
    many = [str(i) for i in range(40)]
    _run(memory_db, many)
    assert _run(memory_db, many[:5], at=T0 + timedelta(days=1)) == 0
    assert len(_open(memory_db)) == 40


def test_a_seen_listing_reopens(memory_db):
    _run(memory_db, ["1", "2"])
    _run(memory_db, ["1"], at=T0 + timedelta(days=1))
    _run(memory_db, ["1", "2"], at=T0 + timedelta(days=2))
    assert _open(memory_db) == {"1", "2"}
    assert value(memory_db, "SELECT closed_at FROM listings WHERE listing_id = '2'") is None


def test_a_passed_deadline_closes_the_listing(memory_db):
    run_id = start_run(memory_db, "crowdworks", [], T0)
    upsert_listings(memory_db, [row("1", deadline="2026-10-01"), row("2", deadline="2027-01-01")],
                    run_id=run_id, now=T0)
    outcome = RunOutcome(run_id=run_id, finish_reason="shutdown", errors=1)
    assert finish_run(memory_db, outcome, "crowdworks", T0, T0) == 1
    assert _open(memory_db) == {"2"}


def test_the_run_is_recorded(memory_db):
    _run(memory_db, ["1"])
    reason, complete, finished = memory_db.execute(
        "SELECT finish_reason, complete_scopes, finished_at FROM crawl_runs").fetchall()[0]
    assert reason == "finished"
    assert complete == ["crowdworks:new"]
    assert finished is not None


def test_a_fully_read_row_drops_a_value_the_site_no_longer_shows(memory_db):
    upsert_listings(memory_db, [row("1", rating=4.8, tags=["急募"])], run_id=1, now=T0)
    upsert_listings(memory_db, [row("1", rating=None, tags=[])], run_id=2, now=T0 + timedelta(days=1))
    rating, tags, raw = memory_db.execute("SELECT client_rating, tags, raw FROM listings").fetchall()[0]
    assert (rating, tags) == (None, [])
    assert "client_rating" not in raw  # rescore reads raw: a stale key would bring the value back


def test_an_unavailable_detail_keeps_the_stored_detail_values(memory_db):
    upsert_listings(memory_db, [row("1", rating=4.8)], run_id=1, now=T0)
    upsert_listings(memory_db, [row("1", rating=None, detail="unavailable")], run_id=2, now=T0 + timedelta(days=1))
    assert value(memory_db, "SELECT client_rating FROM listings") == 4.8


def test_a_partial_row_keeps_the_stored_score_until_it_is_derived_from_the_merge(memory_db):
    upsert_listings(memory_db, [row("1", rating=4.8)], run_id=1, now=T0)
    stored = value(memory_db, "SELECT score FROM listings")
    partial = row("1", rating=None, detail="skipped")
    partial.update({name: None for name in ("score", "kind", "hourly_basis")})  # the pipeline leaves them
    upsert_listings(memory_db, [partial], run_id=2, now=T0 + timedelta(days=1))
    assert value(memory_db, "SELECT score FROM listings") == stored


def test_writing_a_row_never_drops_its_duplicate_group(memory_db):
    upsert_listings(memory_db, [row("1")], run_id=1, now=T0)
    memory_db.execute("UPDATE listings SET dup_group = 'g1'")
    upsert_listings(memory_db, [row("1", budget=7000)], run_id=2, now=T0 + timedelta(days=1))
    assert value(memory_db, "SELECT dup_group FROM listings") == "g1"


def test_rescoring_never_drops_the_duplicate_group(memory_db):
    from store.rescore import rescore

    upsert_listings(memory_db, [row("1")], run_id=1, now=T0)
    memory_db.execute("UPDATE listings SET dup_group = 'g1'")
    rescore(memory_db)
    assert value(memory_db, "SELECT dup_group FROM listings") == "g1"
