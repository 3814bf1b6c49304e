"""What `make demo` does, end to end and small: crawl the mirror of every site through the CLI,
then `tanka top`, the digest preview and the README's SQL examples on that database."""

import re
from pathlib import Path

import pytest

from tanka import cli as tanka_cli

ROOT = Path(__file__).resolve().parents[2]
README_SQL = re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    code = tanka_cli.main(["crawl", "--mirror", "--listings", "40", "--db", str(db)])
    assert code == 0
    return db


def run(capsys, *argv):
    code = tanka_cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.e2e
def test_every_site_is_crawled(demo_db, capsys):
    code, out, _ = run(capsys, "sql", "SELECT DISTINCT site FROM listings ORDER BY site", "--csv", "--db", str(demo_db))
    assert (code, out) == (0, "site\ncrowdworks\nlancers\nshufti\n")


@pytest.mark.e2e
def test_shufti_descriptions_were_rendered_by_the_browser(demo_db, capsys):
    _, out, _ = run(capsys, "sql", "SELECT count(*) FILTER (WHERE detail_status = 'fetched') AS rendered, "
                    "count(*) AS n FROM listings WHERE site = 'shufti'", "--csv", "--db", str(demo_db))
    rendered, total = out.splitlines()[1].split(",")
    assert int(rendered) == int(total) > 0


@pytest.mark.e2e
def test_top_shows_gigs_with_reasons(demo_db, capsys):
    code, out, _ = run(capsys, "top", "--limit", "5", "--db", str(demo_db))
    assert code == 0
    assert [line.split(".")[0].strip() for line in out.splitlines() if re.match(r"\s+\d+\.\s", line)] == \
        ["1", "2", "3", "4", "5"]
    assert "why:" in out


@pytest.mark.e2e
def test_the_demo_digest_preview_is_written(demo_db, capsys, tmp_path):
    preview = tmp_path / "digest.html"
    code, _, _ = run(capsys, "digest", "--profile", "demo", "--preview", str(preview), "--db", str(demo_db))
    assert code == 0
    assert "Path to ¥100,000 a month" in preview.read_text(encoding="utf-8")


@pytest.mark.e2e
def test_top_in_japanese_has_japanese_headings_and_reasons(demo_db, capsys):
    """Done when: `tanka top --lang ja --db data/demo.duckdb` prints Japanese headings and reasons."""
    code, out, _ = run(capsys, "top", "--lang", "ja", "--limit", "5", "--db", str(demo_db))
    assert code == 0
    assert out.startswith("tanka top — 募集中の") and "手取り＝サイトの手数料を引いて" in out
    assert "理由：" in out and "手取り時給 ¥" in out and "why:" not in out


@pytest.mark.e2e
def test_the_japanese_digest_preview(demo_db, capsys, tmp_path):
    """Done when: `tanka digest --profile demo --lang ja --preview x.html` writes <html lang="ja"> and a
    Japanese subject."""
    preview = tmp_path / "x.html"
    code, out, _ = run(capsys, "digest", "--profile", "demo", "--lang", "ja", "--preview", str(preview),
                       "--db", str(demo_db))
    html = preview.read_text(encoding="utf-8")
    assert code == 0 and out.startswith("プレビュー：")
    assert '<html lang="ja">' in html and "月¥100,000への道のり" in html and "用語集" in html
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.startswith("tanka ") and "月" in title and "日(" in title and "新着" in title


@pytest.mark.e2e
@pytest.mark.parametrize("sql", README_SQL, ids=[f"readme-sql-{n}" for n in range(len(README_SQL))])
def test_the_readme_sql_examples_run_on_the_demo_database(demo_db, capsys, sql):
    code, _, err = run(capsys, "sql", sql, "--db", str(demo_db))
    assert (code, err) == (0, "")
