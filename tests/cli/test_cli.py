"""The tanka command line: read-only SQL, formats, parameters, and one-line errors."""

import json
from datetime import UTC, datetime

import pytest

from store import connect, open_store
from store.runs import RunOutcome, finish_run, start_run
from store.upsert import upsert_listings
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive

NOW = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def _row(site, listing_id, title, budget):
    row = normalize_gig(Gig(site=site, listing_id=listing_id, title=title, pay_type="fixed_price_payment",
                            budget_max_yen=budget, crawled_at=NOW.isoformat(), url=f"https://x/{listing_id}"))
    row.update(derive(row))
    return row


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.duckdb"
    with open_store(path) as con:
        run_id = start_run(con, "crowdworks", ["crowdworks:new"], NOW)
        upsert_listings(con, [_row("crowdworks", "1", "記事作成のお仕事", 5000),
                              _row("lancers", "2", "データ入力", 20000)], run_id=run_id, now=NOW)
        finish_run(con, RunOutcome(run_id=run_id, finish_reason="finished", items=2,
                                   complete_scopes=["crowdworks:new"]), "crowdworks", NOW, NOW)
    return path


def run(capsys, *argv):
    code = tanka_cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sql_prints_an_aligned_table(db, capsys):
    code, out, _ = run(capsys, "sql", "SELECT listing_id, title FROM listings ORDER BY listing_id", "--db", str(db))
    assert code == 0
    assert out.splitlines()[0].split() == ["listing_id", "title"]
    assert out.splitlines()[2].split() == ["1", "記事作成のお仕事"]


def test_sql_named_parameters(db, capsys):
    code, out, _ = run(capsys, "sql", "SELECT title FROM listings WHERE site = $site", "-p", "site=lancers",
                       "--csv", "--db", str(db))
    assert (code, out) == (0, "title\nデータ入力\n")


def test_sql_json_lines(db, capsys):
    _, out, _ = run(capsys, "sql", "SELECT listing_id, budget_max_yen FROM listings ORDER BY 1", "--json",
                    "--db", str(db))
    assert [json.loads(line) for line in out.splitlines()] == [
        {"listing_id": "1", "budget_max_yen": 5000}, {"listing_id": "2", "budget_max_yen": 20000}]


def test_sql_is_read_only(db, capsys):
    code, _, err = run(capsys, "sql", "DELETE FROM listings", "--db", str(db))
    assert code == 1
    assert err.startswith("tanka: SQL error:")
    assert len(err.strip().splitlines()) == 1
    con = connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM listings").fetchall()[0][0] == 2
    con.close()


def test_a_bad_query_is_one_line(db, capsys):
    code, out, err = run(capsys, "sql", "SELEC nonsense", "--db", str(db))
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1


def test_a_missing_database_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1
    assert err.startswith("tanka: no database at")


def test_a_locked_database_is_one_line(db, capsys, monkeypatch):
    from store import DatabaseLocked

    def locked(*args, **kwargs):
        raise DatabaseLocked(f"database {db} is in use by another process (a crawl or the scheduler)")

    monkeypatch.setattr("tanka.command.connect", locked)
    code, _, err = run(capsys, "sql", "SELECT 1", "--db", str(db))
    assert code == 1
    assert "in use by another process" in err
    assert len(err.strip().splitlines()) == 1


def test_an_unknown_site_is_one_line(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    code, out, err = run(capsys, "parse", "nosuchsite", str(page))
    assert (code, out, len(err.splitlines())) == (2, "", 1)
    assert err.startswith("tanka parse: argument site: unknown site 'nosuchsite'")


def test_an_unreadable_file_is_one_line(capsys):
    code, out, err = run(capsys, "parse", "crowdworks", "/nonexistent/page.html")
    assert (code, out) == (1, "")
    assert err.strip() == "tanka: cannot read /nonexistent/page.html: no such file"


def test_status_lists_runs_and_counts(db, capsys):
    code, out, _ = run(capsys, "status", "--db", str(db))
    assert code == 0
    assert "finished" in out
    assert "crowdworks" in out


def test_status_judges_each_site(db, capsys):
    _, out, _ = run(capsys, "status", "--db", str(db))
    assert "crowdworks  stale   last crawl 11/2 09:00: OK (2 listings); no crawl since then" in out


def test_status_exits_non_zero_when_a_site_is_failing(db, capsys):
    with open_store(db) as con:
        run_id = start_run(con, "lancers", ["lancers:new"], datetime.now(UTC))
        finish_run(con, RunOutcome(run_id=run_id, finish_reason="finished", items=0), "lancers",
                   datetime.now(UTC), datetime.now(UTC))
    code, out, err = run(capsys, "status", "--db", str(db))
    assert (code, err.strip()) == (1, "tanka: failing: lancers")
    assert "lancers     FAILING" in out


def test_schedule_list_prints_each_job_and_its_next_run(tmp_path, capsys):
    code, out, _ = run(capsys, "schedule", "--list", "--db", str(tmp_path / "t.duckdb"))
    assert code == 0
    assert [line.split("  ")[0] for line in out.splitlines()[2:]] == ["crawl crowdworks", "crawl lancers",
                                                                      "digest demo"]
    assert out.splitlines()[2].endswith(" JST")


def test_migrate_is_idempotent(tmp_path, capsys):
    path = str(tmp_path / "m.duckdb")
    assert run(capsys, "migrate", "--db", path)[0] == 0
    code, _, err = run(capsys, "migrate", "--db", path)
    assert (code, err.strip()) == (0, "up to date")


def test_rescore_rewrites_every_row(db, capsys):
    code, _, err = run(capsys, "rescore", "--db", str(db))
    assert (code, err.strip()) == (0, "rescored 2 listings")


def test_tanka_db_environment_variable_is_the_default(db, capsys, monkeypatch):
    monkeypatch.setenv("TANKA_DB", str(db))
    code, out, _ = run(capsys, "sql", "SELECT count(*) AS n FROM listings", "--csv")
    assert (code, out) == (0, "n\n2\n")


def test_a_crawl_of_a_site_already_being_crawled_is_refused_with_its_holder(tmp_path, capsys):
    from store.locks import crawl_lock

    db = tmp_path / "t.duckdb"
    with crawl_lock(db, "crowdworks").acquire(by="tanka schedule"):
        code, _, err = run(capsys, "crawl", "crowdworks", "--mirror", "--listings", "5", "--db", str(db))
    assert code == 1
    assert "tanka: crowdworks not crawled: a crowdworks crawl into this database is already running: pid " in err
    assert "(tanka schedule)" in err


@pytest.mark.e2e
def test_a_crawl_of_a_faulty_mirror_fails_and_status_says_so(tmp_path, capsys):
    db = str(tmp_path / "t.duckdb")
    code, out, _ = run(capsys, "crawl", "crowdworks", "--mirror", "--listings", "20", "--db", db,
                         "--fault", "403@^/public/jobs")
    assert code == 1
    assert "PROBLEM: blocked: " in out and "1 list page failed (http_403)" in out
    code, out, _ = run(capsys, "status", "--db", db)
    assert code == 1
    assert "crowdworks  FAILING" in out


def test_a_bad_fault_spec_is_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "crawl", "--mirror", "--db", str(tmp_path / "t.duckdb"), "--fault", "melt@^/")
    assert code == 1
    assert err.startswith("tanka: fault 'melt@^/': unknown kind 'melt'")
