"""`tanka crawl --mirror-state`: crawl a mirror that `tanka mirror serve` keeps running, day after day."""

import json

import pytest

from tanka import cli as tanka_cli
from tests.conftest import query


@pytest.mark.e2e
def test_a_running_mirror_is_crawled_again_after_a_day(start_mirror, tmp_path, capsys):
    mirror = start_mirror(sites=["crowdworks"], listings=40, seed=4)
    state = tmp_path / "mirror.json"
    state.write_text(json.dumps(mirror.state()))
    db = tmp_path / "t.duckdb"
    assert tanka_cli.main(["crawl", "--mirror-state", str(state), "--db", str(db)]) == 0
    mirror.advance(1)
    assert tanka_cli.main(["crawl", "--mirror-state", str(state), "--db", str(db)]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if line.startswith("crowdworks:")]
    assert len(summaries) == 2
    changed = query(db, "SELECT count(*) FROM listing_history WHERE new_applicants > 0")[0][0]
    assert changed > 0


def test_an_unreadable_state_file_is_one_line(tmp_path, capsys):
    code = tanka_cli.main(["crawl", "--mirror-state", str(tmp_path / "none.json"), "--db", str(tmp_path / "t.duckdb")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("tanka: cannot read the mirror's state file")


def test_a_site_the_mirror_does_not_serve_is_never_crawled_live(start_mirror, tmp_path, capsys):
    mirror = start_mirror(sites=["crowdworks"], listings=10)
    state = tmp_path / "mirror.json"
    state.write_text(json.dumps(mirror.state()))
    code = tanka_cli.main(["crawl", "lancers", "--mirror-state", str(state), "--db", str(tmp_path / "t.duckdb")])
    assert code == 1
    assert capsys.readouterr().err.startswith("tanka: the mirror does not serve 'lancers'")
