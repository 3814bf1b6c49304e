"""`tanka sql` reads the open database and nothing else (issue 17, part 1).

Each probe is what a careless user or an attacker would type. The guard is DuckDB's own
(store/db.py: external access off, no extension autoload, configuration locked), so every read
path (`sql`, `top`, `status`, the digest) has it; these tests go through `tanka sql`.
"""

from __future__ import annotations

import os
import shutil

import pytest

from store import connect, open_store
from tanka import cli as tanka_cli


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.duckdb"
    with open_store(path) as con:
        con.execute("INSERT INTO listings (site, listing_id, title, status, first_seen_at, last_seen_at) VALUES "
                    "('lancers', '1', 'データ入力', 'open', now(), now()), ('lancers', '2', '記事作成', 'open', now(), now())")
    return path


def sql(capsys, db, query, *options):
    code = tanka_cli.main(["sql", query, "--db", str(db), *options])
    out, err = capsys.readouterr()
    return code, out, err


def refused(code, out, err):
    return code == 1 and out == "" and len(err.splitlines()) == 1 and err.startswith("tanka: ")


def titles(path):
    con = connect(path, read_only=True)
    try:
        return con.execute("SELECT listing_id, title FROM listings ORDER BY 1").fetchall()
    finally:
        con.close()


STORED = [("1", "データ入力"), ("2", "記事作成")]


def test_copy_to_writes_no_file(db, tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert refused(*sql(capsys, db, f"COPY listings TO '{target}'")) and not target.exists()


def test_copy_to_overwrites_no_file(db, tmp_path, capsys):
    target = tmp_path / "keep.txt"
    target.write_text("mine")
    sql(capsys, db, f"COPY listings TO '{target}' (FORMAT csv)")
    assert target.read_text() == "mine"


def test_export_database_writes_no_folder(db, tmp_path, capsys):
    target = tmp_path / "export"
    assert refused(*sql(capsys, db, f"EXPORT DATABASE '{target}'")) and not target.exists()


def test_another_database_cannot_be_attached_and_emptied(db, tmp_path, capsys):
    other = tmp_path / "other.duckdb"
    shutil.copy(db, other)
    code, out, err = sql(capsys, db, f"ATTACH '{other}' AS o (READ_ONLY false)")
    assert refused(code, out, err) and titles(other) == STORED


def test_the_open_file_cannot_be_changed_through_a_hard_link(db, tmp_path, capsys):
    link = tmp_path / "link.duckdb"
    os.link(db, link)
    assert refused(*sql(capsys, db, f"ATTACH '{link}' AS l (READ_WRITE)"))
    assert titles(db) == STORED


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/**')",
    "SELECT * FROM read_blob('/etc/hostname')",
    "SELECT * FROM 'other.parquet'",
])
def test_local_files_cannot_be_read(db, capsys, query):
    assert refused(*sql(capsys, db, query))


@pytest.mark.parametrize("query", ["INSTALL httpfs", "LOAD httpfs", "SELECT * FROM 'https://example.com/x.csv'"])
def test_no_extension_is_installed_or_loaded(db, capsys, query):
    assert refused(*sql(capsys, db, query))


@pytest.mark.parametrize("query", ["SET enable_external_access = true", "SET TimeZone = 'UTC'",
                                   "RESET lock_configuration", "PRAGMA enable_profiling"])
def test_settings_cannot_be_changed(db, capsys, query):
    assert refused(*sql(capsys, db, query))


def test_a_refusal_says_how_to_save_results(db, tmp_path, capsys):
    _, _, err = sql(capsys, db, f"COPY listings TO '{tmp_path / 'x.csv'}'")
    assert "--csv > " in err


@pytest.mark.parametrize("query", ["DELETE FROM listings", "UPDATE listings SET title = 'x'",
                                   "DROP TABLE listings", "CREATE TABLE t AS SELECT 1"])
def test_writes_are_refused(db, capsys, query):
    assert refused(*sql(capsys, db, query)) and titles(db) == STORED


def test_two_statements_are_refused_and_none_runs(db, capsys):
    code, out, err = sql(capsys, db, "SELECT 1; SELECT 2")
    assert refused(code, out, err) and "one SQL statement" in err


def test_a_hidden_second_statement_is_refused(db, capsys):
    assert refused(*sql(capsys, db, "SELECT title FROM listings; DELETE FROM listings"))


@pytest.mark.parametrize("query", ["", "   ", "-- only a comment", "/* a comment */", ";"])
def test_an_empty_query_is_one_line(db, capsys, query):
    code, out, err = sql(capsys, db, query)
    assert refused(code, out, err) and "empty" in err


def test_one_statement_with_its_semicolon_runs(db, capsys):
    assert sql(capsys, db, "SELECT count(*) AS n FROM listings;", "--csv")[:2] == (0, "n\n2\n")


def test_inf_nan_and_null_print_in_a_table(db, capsys):
    code, out, _ = sql(capsys, db, "SELECT 1/0 AS a, -1/0 AS b, 'nan'::double AS c, NULL AS d, 1.5 AS e")
    assert (code, out.splitlines()[2].split()) == (0, ["inf", "-inf", "NaN", "1.5"])


def test_inf_nan_and_null_print_as_csv(db, capsys):
    assert sql(capsys, db, "SELECT 1/0 AS a, 'nan'::double AS b, NULL AS c", "--csv")[1] == "a,b,c\ninf,NaN,\n"


def test_inf_nan_and_null_print_as_valid_json(db, capsys):
    import json

    _, out, _ = sql(capsys, db, "SELECT 1/0 AS a, 'nan'::double AS b, NULL AS c, [1/0] AS d", "--json")
    assert json.loads(out) == {"a": "Infinity", "b": "NaN", "c": None, "d": ["Infinity"]}


def test_the_open_file_still_reads_normally(db, capsys):
    code, out, _ = sql(capsys, db, "SELECT title FROM listings WHERE site = $site ORDER BY listing_id",
                       "-p", "site=lancers", "--csv")
    assert (code, out) == (0, "title\nデータ入力\n記事作成\n")


def test_every_read_connection_is_guarded(db):
    con = connect(db, read_only=True)
    try:
        settings = dict(con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
            "'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration')").fetchall())
    finally:
        con.close()
    assert settings == {"enable_external_access": "false", "autoinstall_known_extensions": "false",
                        "autoload_known_extensions": "false", "lock_configuration": "true"}


def test_the_store_still_writes(db):
    with open_store(db) as con:
        con.execute("UPDATE listings SET title = 'changed' WHERE listing_id = '1'")
    assert titles(db)[0] == ("1", "changed")
