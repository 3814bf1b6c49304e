"""Documentation that must not fall behind the code (sqlite-utils' test_docs)."""

import re
from pathlib import Path

import pytest

from tanka.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_readme_starts_with_the_two_newcomer_commands():
    first_block = README.split("```")[1]
    assert "make demo" in first_block
    assert "make test" in first_block


@pytest.mark.parametrize("command", commands())
def test_every_command_is_in_the_readme(command):
    assert f"`tanka {command}`" in README


@pytest.mark.parametrize("command", commands())
def test_every_command_has_an_example_in_its_help(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    assert "example: tanka " in sub.description


def test_the_ci_script_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_linked_doc_exists():
    for target in re.findall(r"\]\(((?:docs|bench|tanka)/[^)#]+|[a-z_]+\.(?:py|toml|md))\)", README):
        assert (ROOT / target).exists(), target


README_JA = (ROOT / "README.ja.md").read_text(encoding="utf-8")


def test_the_readme_links_the_japanese_readme_at_its_top():
    assert "[README.ja.md](README.ja.md)" in "\n".join(README.splitlines()[:4])


@pytest.mark.parametrize("section", ["## 用語集", "### Windows", "### macOS", "### Linux", "## はじめての収集",
                                     "## はじめてのダイジェスト（Gmail で送る）", "アプリ パスワード",
                                     "## 責任ある使い方", "## 表示の言語"])
def test_the_japanese_readme_is_complete(section):
    assert section in README_JA


def test_both_readmes_have_the_glossary_with_what_a_good_value_is():
    for term in ("手取り時給", "おすすめ度", "作業時間の目安", "文字単価", "手数料"):
        assert term in README and term in README_JA
    assert "minimum wage" in README and "最低賃金" in README_JA
