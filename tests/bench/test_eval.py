"""make eval: the labelled set is well-formed, every labelled listing is found, and the figures are
computed as documented (precision@k, avoid@20, take-above-avoid pairs)."""

from __future__ import annotations

import pytest

from bench.eval import LABEL_VALUES, PAGES, Labelled, figures, labelled, load_labels, ranked
from tests.conftest import SHARED_FIXTURES


def test_every_label_is_take_fine_or_avoid_with_a_one_line_reason():
    entries = load_labels()
    assert len(entries) >= 200
    assert {e["label"] for e in entries} == set(LABEL_VALUES)
    assert all(e["why"].strip() and "\n" not in e["why"] for e in entries)
    keys = [e["key"] for e in entries]
    assert len(keys) == len(set(keys))


def test_labelled_pages_are_the_saved_pages_and_the_mirror():
    pages = {e["key"].split("#")[0] for e in load_labels()}
    assert pages <= set(PAGES) | {"mirror:crowdworks", "mirror:lancers", "mirror:shufti"}


def item(key: str, label: str, score: float, **row) -> Labelled:
    return Labelled(key, label, "", {"score": score, "beginner_ok": True, "restricted": False, "filled": False, **row})


def test_figures():
    items = [item("a", "take", 90), item("b", "avoid", 80), item("c", "take", 70),
             item("d", "avoid", 60, restricted=True, restrictions=["女性限定"]), item("e", "fine", 50, filled=True)]
    result = figures(items, "default")
    assert [i.key for i in ranked(items)] == ["a", "b", "c", "d"]  # filled out, restricted last
    assert (result.listed, result.precision_10, result.avoid_20) == (4, 0.2, 2)
    # pairs (take, avoid): a>b, a>d, c<b, c>d → 3 of 4
    assert (result.pairs, result.pairwise) == (4, 0.75)


def test_beginner_ranking_leaves_out_gigs_not_for_beginners_and_counts_them_below():
    items = [item("a", "take", 90, beginner_ok=False), item("b", "avoid", 80)]
    result = figures(items, "beginner", beginner=True)
    assert (result.listed, result.pairwise) == (1, 0.0)


@pytest.mark.slow  # parses and scores every labelled page
def test_every_labelled_listing_is_found_and_scored():
    if not all((SHARED_FIXTURES / page).is_file() for page in PAGES):
        pytest.skip("real pages not available: ../shared/fixtures is absent in this checkout")
    items = labelled()
    assert len(items) == len(load_labels()) and all(i.row.get("score") is not None for i in items)


def test_a_label_read_against_another_listing_stops_the_evaluation():
    if not all((SHARED_FIXTURES / page).is_file() for page in PAGES):
        pytest.skip("real pages not available: ../shared/fixtures is absent in this checkout")
    entry = {"key": "shufti/guest_jobs_tag1_p1.json#385148", "title": "another listing", "label": "avoid", "why": "x"}
    with pytest.raises(ValueError, match="title changed"):
        labelled([entry])


def test_every_label_records_the_title_it_was_written_for():
    assert all(e.get("title") for e in load_labels())
