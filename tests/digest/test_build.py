"""The digest's content from a database of synthetic rows: which gigs, in what order and groups, since when."""

from datetime import timedelta

import pytest

from store import connect, open_store
from tanka.digest.build import build_digest
from tanka.digest.profile import load_profile
from tests.digest.conftest import NOW, PICKED_IDS, settings_file


def build(db_path, tmp_path, profile="", now=NOW):
    config = settings_file(tmp_path, 25, profile=profile)
    con = connect(db_path, read_only=True)
    try:
        return build_digest(con, config, load_profile(config, "demo"), now)
    finally:
        con.close()


@pytest.fixture
def digest(digest_db, tmp_path):
    return build(digest_db, tmp_path)


def ids(digest):
    return [g.listing_id for g in digest.gigs]


def test_picks_are_new_open_gigs_best_first(digest):
    assert ids(digest) == PICKED_IDS


def test_a_gig_posted_on_two_sites_is_shown_once(digest):
    assert "7007" not in ids(digest)


def test_counts_new_and_matching_gigs(digest):
    assert (digest.new_total, digest.matched) == (7, 7)


def test_the_first_digest_looks_back_a_day(digest):
    assert (digest.first, digest.since) == (True, NOW - timedelta(hours=24))


def test_groups_follow_the_best_gig_of_each_kind_of_pay(digest):
    assert [title for title, _ in digest.groups] == ["Hourly work", "Tasks (paid per item)", "Writing (paid per article)",
                                                     "Fixed-price projects", "Contests"]


def test_keys_name_site_and_listing(digest):
    assert digest.keys[:2] == ["crowdworks:1001", "lancers:2002"]


def test_goal_path_uses_the_picks_net_hourly_rates(digest):
    goal = digest.goal
    assert (goal.counted, goal.median_rate, goal.best_rate) == (4, (1028.5 + 1068.0) / 2, 1287.0)


def test_goal_hours_at_the_best_rate(digest):
    assert digest.goal.hours(1287.0) == pytest.approx(100_000 / 1287.0)


def test_the_limit_caps_the_picks(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile="limit = 2")) == ["1001", "2002"]


def test_sites_filter_and_a_twin_left_alone(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile='sites = ["lancers", "shufti"]')) == ["7007", "2002", "3003"]


def test_beginner_only(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile="beginner_only = true")) == ["1001", "3003"]


def test_min_net_hourly_drops_unknown_and_low_pay(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile="min_net_hourly_yen = 1050")) == ["1001", "3003"]


def test_keywords_match_title_or_description_width_folded(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile='keywords = ["マニュアル", "ＬＩＮＥ"]')) == ["1001", "6006"]


def test_exclude_words(digest_db, tmp_path):
    assert "6006" not in ids(build(digest_db, tmp_path, profile='exclude_words = ["月収"]'))


def test_categories_match_kind_or_site_category(digest_db, tmp_path):
    assert ids(build(digest_db, tmp_path, profile='categories = ["writing", "アンケート"]')) == ["2002", "3003"]


def test_after_a_sent_digest_only_later_gigs_count(digest_db, tmp_path):
    with open_store(digest_db) as con:
        con.execute(
            """INSERT INTO digests (profile, digest_date, status, message_id, content_until, started_at)
               VALUES ('demo', DATE '2026-11-28', 'sent', '<a@b>', $until, $until)""",
            {"until": NOW - timedelta(hours=4)},
        )
        con.execute("UPDATE listings SET first_seen_at = $t WHERE listing_id = '2002'", {"t": NOW - timedelta(hours=1)})
    digest = build(digest_db, tmp_path)
    assert (digest.first, ids(digest)) == (False, ["2002"])


def test_a_gig_stored_late_with_an_earlier_time_is_not_lost_nor_repeated(digest_db, tmp_path):
    """A crawl stamps first_seen_at before it waits for the file: such a row can predate the last digest."""
    until = NOW - timedelta(hours=4)
    with open_store(digest_db) as con:
        con.execute(
            """INSERT INTO digests (profile, digest_date, status, message_id, listings, content_until, started_at)
               VALUES ('demo', DATE '2026-11-28', 'sent', '<a@b>', ['lancers:2002'], $until, $until)""",
            {"until": until},
        )
        con.execute("UPDATE listings SET first_seen_at = $t WHERE listing_id IN ('2002', '3003')",
                    {"t": until - timedelta(minutes=10)})
    assert ids(build(digest_db, tmp_path)) == ["3003"]


def test_a_failed_digest_does_not_move_the_window(digest_db, tmp_path):
    with open_store(digest_db) as con:
        con.execute(
            """INSERT INTO digests (profile, digest_date, status, message_id, content_until, started_at)
               VALUES ('demo', DATE '2026-11-28', 'failed', '<a@b>', $until, $until)""",
            {"until": NOW - timedelta(hours=1)},
        )
    assert ids(build(digest_db, tmp_path)) == PICKED_IDS


def test_an_empty_database_builds_an_empty_digest(tmp_path):
    path = tmp_path / "empty.duckdb"
    with open_store(path):
        pass
    digest = build(path, tmp_path)
    assert (digest.gigs, digest.goal.counted) == ([], 0)


def test_a_profile_writing_speed_rescores_writing_gigs(digest_db, tmp_path):
    # stored at 1,000字/h (1.2円/字 × 1,000 × 0.89); the profile writes 250 an hour
    digest = build(digest_db, tmp_path, profile="writing_speed_chars_per_hour = 250")
    article = next(g for g in digest.gigs if g.listing_id == "3003")
    assert (article.net_hourly, article.hourly_basis, digest.benchmark.writing_speed) == (
        pytest.approx(1068 / 4, abs=1), "assuming you write 250 characters an hour", 250)


def test_a_profile_writing_speed_leaves_other_gigs_alone(digest_db, tmp_path):
    digest = build(digest_db, tmp_path, profile="writing_speed_chars_per_hour = 250")
    assert next(g for g in digest.gigs if g.listing_id == "1001").net_hourly == 1287.0
