"""Bad settings and arguments get one line, never a traceback (issue 17, part 6).

The settings file is checked once, when it is loaded, against tanka/config_schema.py; filter
values on the command line (sites, kinds, listing sets) get the nearest valid value suggested."""

from __future__ import annotations

import logging
import tomllib

import pytest

from store import open_store
from tanka.cli import main
from tanka.config import DEFAULTS, ConfigError, load_config
from tanka.config_schema import SCHEMA, Number, Section, Text, check


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "t.duckdb"
    with open_store(path):
        pass
    return path


def settings(tmp_path, text):
    path = tmp_path / "tanka.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code, err, *words):
    lines = [line for line in err.splitlines() if not line.startswith("WARNING")]
    return code != 0 and len(lines) == 1 and "Traceback" not in err and all(w in lines[0] for w in words)


# ----- the probes ------------------------------------------------------------------------------------------
def test_a_crawl_timeout_that_is_not_a_number(tmp_path, db, capsys):
    path = settings(tmp_path, '[schedule]\ncrawl_timeout = "abc"\n')
    code, _, err = run(capsys, "status", "--db", str(db), "--config", str(path))
    assert one_line_error(code, err, str(path), "[schedule] crawl_timeout", "'abc'")


def test_profiles_that_are_not_a_table(tmp_path, db, capsys):
    path = settings(tmp_path, "profiles = 5\n")
    code, _, err = run(capsys, "top", "--profile", "demo", "--db", str(db), "--config", str(path))
    assert one_line_error(code, err, str(path), "profiles must be a table")


def test_a_fee_rate_that_is_not_a_number(tmp_path, capsys):
    path = settings(tmp_path, '[fees]\nshufti_fee_rate = "x"\n')
    code, _, err = run(capsys, "net", "shufti", "1000", "--config", str(path))
    assert one_line_error(code, err, str(path), "[fees] shufti_fee_rate")


def test_a_writing_speed_in_words_is_refused_not_ignored(tmp_path):
    path = settings(tmp_path, '[scoring]\nwriting_speed_chars_per_hour = "fast"\n')
    with pytest.raises(ConfigError, match=r"\[scoring\] writing_speed_chars_per_hour must be a number > 0"):
        load_config(path)


@pytest.mark.parametrize("command", [["top", "--profile", "demo"], ["digest", "--profile", "demo", "--preview", "x"]])
def test_a_negative_profile_limit_is_refused_by_every_command(tmp_path, db, capsys, command):
    path = settings(tmp_path, "[profiles.demo]\nlimit = -3\n")
    code, _, err = run(capsys, *command, "--db", str(db), "--config", str(path))
    assert one_line_error(code, err, "[profiles.demo] limit", "-3")


def test_unknown_keys_and_sections_are_named_in_a_warning(tmp_path, caplog):
    path = settings(tmp_path, "[scoring]\nwriting_sped = 500\n[scorin]\nx = 1\n")
    with caplog.at_level(logging.WARNING, logger="tanka.config"):
        load_config(path)
    text = caplog.text
    assert "[scoring] writing_sped (did you mean 'writing_speed_chars_per_hour'?)" in text and "[scorin]" in text


def test_an_unknown_key_still_loads(tmp_path):
    assert load_config(settings(tmp_path, "[scoring]\nnew_idea = 1\n")).section("scoring")["new_idea"] == 1


@pytest.mark.parametrize(("text", "words"), [
    ('[crawl]\nsites = ["crowdwork"]\n', ["[crawl] sites", "did you mean 'crowdworks'"]),
    ('[crawl]\nmax_pages = -1\n', ["[crawl] max_pages"]),
    ('[crawl.lists]\nlancers = ["categry:writing"]\n', ["[crawl.lists] lancers", "did you mean 'category'"]),
    ('[schedule]\ntimezone = "Asia/Tokio"\n', ["[schedule] timezone"]),
    ('[smtp]\nport = 70000\n', ["[smtp] port"]),
    ('[smtp]\nsecurity = "tls"\n', ["[smtp] security"]),
    ('[profiles.me]\nrecipient = "a@example.com"\nsites = ["CrowdWorks"]\n', ["[profiles.me] sites", "'crowdworks'"]),
    ('[profiles.me]\nsend_time = "25:00"\n', ["[profiles.me] send_time"]),
    ('[profiles.me]\nbeginner_only = "yes"\n', ["[profiles.me] beginner_only", "true or false"]),
    ('[fees]\ncrowdworks_tier1_rate = 1.5\n', ["[fees] crowdworks_tier1_rate"]),
    ('[fees]\nlancers_fee_base = "pretax"\n', ["[fees] lancers_fee_base", "did you mean 'pre_tax'"]),
])
def test_a_bad_value_names_its_key_and_file(tmp_path, text, words):
    path = settings(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert all(w in str(error.value) for w in [str(path), *words]), str(error.value)


def test_a_good_file_loads(tmp_path):
    path = settings(tmp_path, """
[crawl]
sites = ["crowdworks", "lancers"]
max_pages = 2
[crawl.lists]
lancers = ["new", "category:task/input"]
[schedule]
crawl = "every 1h"
[fees]
lancers_fee_base = "tax_incl"
shufti_fee_rate = 0.12
[profiles.morning]
recipient = ["a@example.com"]
send_time = "07:30"
enabled = false
categories = "writing"
""")
    assert load_config(path).profile("morning")["enabled"] is False


# ----- the schema itself -------------------------------------------------------------------------------------------
def test_the_defaults_satisfy_the_schema_and_every_default_is_declared():
    with DEFAULTS.open("rb") as handle:
        found = check(tomllib.load(handle))
    assert (found.errors, found.unknown) == ([], [])


def test_a_new_setting_is_one_line_in_the_schema():
    extended = Section({**SCHEMA.keys, "ui": Section({"language": Text(choices=("en", "ja"))})})
    assert check({"ui": {"language": "jp"}}, extended).errors == [
        "[ui] language must be one of 'en', 'ja', not 'jp'"]


@pytest.mark.parametrize(("rule", "value", "ok"), [
    (Number(minimum=1, whole=True), 1, True), (Number(minimum=1, whole=True), 1.5, False),
    (Number(above=0), 0, False), (Number(above=0), True, False), (Number(above=0), float("nan"), False),
])
def test_number_rules(rule, value, ok):
    assert (rule.problem(value) is None) is ok


# ----- typos on the command line -------------------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "words"), [
    (["top", "--site", "crowdwork"], ["unknown site 'crowdwork'", "did you mean 'crowdworks'"]),
    (["top", "--site", "CrowdWorks"], ["unknown site 'CrowdWorks'", "did you mean 'crowdworks'"]),
    (["top", "--kind", "writng"], ["unknown kind 'writng'", "did you mean 'writing'"]),
    (["crawl", "lancers", "--lists", "categry:writing"], ["categry:writing", "did you mean 'category'"]),
    (["crawl", "crowdworks", "--lists", "category"], ["say which, e.g. category:249"]),
    (["net", "crowdwork", "100"], ["did you mean 'crowdworks'"]),
])
def test_a_typo_in_a_filter_suggests_the_nearest_value(db, capsys, argv, words):
    code, out, err = run(capsys, *argv, "--db", str(db))
    assert one_line_error(code, err, *words) and out == ""


@pytest.mark.parametrize("argv", [["top", "--limit", "-3"], ["status", "--runs", "-1"],
                                  ["sql", "SELECT 1", "--width", "-2"], ["crawl", "--max-pages", "-1"]])
def test_negative_counts_are_refused(db, capsys, argv):
    code, out, err = run(capsys, *argv, "--db", str(db))
    assert one_line_error(code, err, "must be") and out == ""
