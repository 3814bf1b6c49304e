"""The same gig on two sites (or posted twice) is one group; different gigs are not."""

from __future__ import annotations

from store import connect
from tanka.scoring.dupes import DupCandidate, group_duplicates, title_key
from tests.conftest import query
from tests.scoring.conftest import LISTINGS, build_store


def D(site: str, listing_id: str, title: str, client: str | None, pay: float | None) -> DupCandidate:
    return DupCandidate(site, listing_id, title, client, pay)


def test_decoration_does_not_change_a_title_key():
    assert title_key("【急募】商品情報の データ入力 ★在宅OK") == title_key("商品情報のデータ入力（在宅）")


def test_full_width_and_case_do_not_change_a_title_key():
    assert title_key("ＳＥＯ記事の作成：ガーデニング") == title_key("seo記事の作成 ガーデニング")


def test_same_title_and_pay_on_two_sites_is_one_gig():
    groups = group_duplicates([
        D("crowdworks", "1", "【急募】Shopifyストアの商品登録と説明文作成（継続あり）", None, 5000),
        D("lancers", "9", "Shopifyストアの商品登録と説明文作成★継続あり", "yamada_media", 5000),
    ])
    assert groups[("crowdworks", "1")] == groups[("lancers", "9")]


def test_same_title_but_different_pay_is_two_gigs():
    assert group_duplicates([
        D("crowdworks", "1", "Shopifyストアの商品登録と説明文作成", None, 5000),
        D("lancers", "9", "Shopifyストアの商品登録と説明文作成", None, 20000),
    ]) == {}


def test_clearly_different_clients_are_two_gigs():
    assert group_duplicates([
        D("crowdworks", "1", "Shopifyストアの商品登録と説明文作成", "yamada_media", 5000),
        D("lancers", "9", "Shopifyストアの商品登録と説明文作成", "株式会社グリーンリーフ", 5000),
    ]) == {}


def test_a_generic_short_title_is_not_enough():
    assert group_duplicates([D("crowdworks", "1", "データ入力", None, 1000), D("lancers", "2", "データ入力", None, 1000)]) == {}


def test_the_same_client_posting_one_gig_twice_on_one_site():
    # Shufti 375865 / 377450: same client, title and numbers (real)
    title = "【初心者さん歓迎】スキマ時間でできる♪スマホ在宅ワーク・商品登録サポート"
    groups = group_duplicates([D("shufti", "375865", title, "yi_maru", 50), D("shufti", "377450", title, "yi_maru", 50)])
    assert groups[("shufti", "375865")] == groups[("shufti", "377450")]


def test_one_client_two_topics_are_two_gigs():
    assert group_duplicates([
        D("crowdworks", "1", "筋トレに関する記事作成（1,500文字程度）", "ことのは編集部", 1800),
        D("crowdworks", "2", "節約術に関する記事作成（1,500文字程度）", "ことのは編集部", 1800),
    ]) == {}


def test_a_group_is_named_after_its_first_member_whatever_the_order():
    a = D("lancers", "9", "Shopifyストアの商品登録と説明文作成", None, 5000)
    b = D("crowdworks", "1", "Shopifyストアの商品登録と説明文作成", None, 5000)
    assert group_duplicates([a, b]) == group_duplicates([b, a])


# --- in the store -------------------------------------------------------------------------------------
def test_the_store_groups_the_cross_posted_writing_gig(store_path):
    rows = query(store_path, "SELECT site, listing_id FROM listings WHERE dup_group IS NOT NULL ORDER BY site")
    assert rows == [("crowdworks", "13000001"), ("lancers", "5500001")]


def test_a_closed_listing_leaves_its_group(store_path):
    from store.dupes import assign_dup_groups

    con = connect(store_path)
    try:
        con.execute("UPDATE listings SET status = 'closed' WHERE listing_id = '5500001'")
        assert assign_dup_groups(con) == 0
        assert con.execute("SELECT count(dup_group) FROM listings").fetchall() == [(0,)]
    finally:
        con.close()


def test_grouping_twice_gives_the_same_groups(tmp_path):
    path = build_store(tmp_path / "a.duckdb", LISTINGS)
    first = query(path, "SELECT site, listing_id, dup_group FROM listings ORDER BY ALL")
    con = connect(path)
    try:
        from store.dupes import assign_dup_groups

        assign_dup_groups(con)
    finally:
        con.close()
    assert query(path, "SELECT site, listing_id, dup_group FROM listings ORDER BY ALL") == first
