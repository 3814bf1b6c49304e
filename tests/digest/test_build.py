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


# --- availability, eligibility, warnings -------------------------------------------------------------------
def extra_rows(db_path, rows):
    from tests.digest.conftest import write_rows

    write_rows(db_path, rows)


def test_a_filled_gig_is_never_picked_nor_in_the_subject(digest_db, tmp_path):
    from tanka.digest.render import subject
    from tests.digest.conftest import listing

    extra_rows(digest_db, [listing("9001", title="【在宅】お店の口コミのデータ入力作業", pay_type="task", kind="data_entry",
                                   net_hourly_yen=9000.0, hourly_basis="task_minutes", score=99.0, beginner_ok=True,
                                   filled=True, applicants=200, slots=200)])
    digest = build(digest_db, tmp_path)
    assert "9001" not in ids(digest)
    assert "¥9,000" not in subject(digest) and digest.goal.best_rate == max(g.net_hourly for g in digest.gigs
                                                                          if g.net_hourly)


def test_the_subjects_best_rate_is_a_pick_shown(digest_db, tmp_path):
    from tanka.digest.render import subject

    digest = build(digest_db, tmp_path, profile="limit = 2")
    shown = [g.net_hourly for g in digest.gigs if g.net_hourly]
    assert f"best ¥{round(max(shown)):,}/h" in subject(digest)


def test_a_gig_for_a_group_comes_after_every_gig_open_to_all(digest_db, tmp_path):
    from tests.digest.conftest import listing

    extra_rows(digest_db, [listing("9002", title="【女性限定】スキンケアに関するアンケート（所要時間5分）", pay_type="task",
                                   kind="survey", unit_price_yen=330, slots=500, applicants=10, score=95.0,
                                   beginner_ok=True, restricted=True, restrictions=["女性限定"])])
    assert ids(build(digest_db, tmp_path))[-1] == "9002"
    # a profile that meets the condition re-scores the gig without the penalty and ranks it by that score
    mine = build(digest_db, tmp_path, profile='eligible = ["女性"]')
    assert ids(mine).index("9002") < ids(mine).index("6006")  # 6006 scores 12


def test_watch_out_names_the_flagged_gigs_left_out_and_why(digest_db, tmp_path):
    digest = build(digest_db, tmp_path, profile="beginner_only = true")
    assert [(w.title, w.why) for w in digest.watch_out] == [
        ("簡単なLINE登録作業で月収30万円！", ["asks to move contact off the platform before the contract",
                                              "promises big income — too good to be true?"])]


def test_watch_out_leaves_out_gigs_outside_the_profile(digest_db, tmp_path):
    assert build(digest_db, tmp_path, profile='beginner_only = true\nsites = ["lancers"]').watch_out == []


def test_watch_out_is_in_the_text_and_the_html(digest_db, tmp_path):
    from tanka.digest.render import render

    rendered = render(build(digest_db, tmp_path, profile="beginner_only = true"), unsubscribe_hint="")
    assert "== Watch out ==" in rendered.text and "⚠ 簡単なLINE登録作業で月収30万円！ (CrowdWorks)" in rendered.text
    assert "Watch out</h2>" in rendered.html and "簡単なLINE登録作業で月収30万円！</a> (CrowdWorks)" in rendered.html


def test_the_built_in_demo_profile_is_for_beginners_at_500_chars_an_hour():
    from tanka.config import load_config

    demo = load_profile(load_config(None), "demo")
    assert (demo.beginner_only, demo.writing_speed, demo.eligible) == (True, 500, ())
