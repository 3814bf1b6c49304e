"""Eligibility: gigs open to a group only are flagged with the condition in words, not for beginners
when it is experience or a qualification, ranked below gigs open to all — unless the profile opts in.

Strings are real titles and description lines of the fixture pages (CrowdWorks jobs_new.json and
detail_values.json, Lancers search_keyword_ai.html, Shufti's guest API and rendered pages)."""

from __future__ import annotations

from typing import Any

import pytest

from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.scoring import derive
from tanka.scoring.eligibility import restrictions, unmet
from tanka.scoring.profiles import ranking_key, restricted_for
from tanka.scoring.reasons import reason_texts

CRAWLED_AT = "2026-11-02T09:00:00+09:00"


@pytest.mark.parametrize(("text", "expected"), [
    ("【男性限定】DMMオンラインクリニックでAGA治療を受けたことがある方、教えてください！",
     [("男性限定", "group"), ("DMMオンラインクリニックでAGA治療を受けたことがある方", "usage")]),
    ("アンケート【住宅ローン組んでる方限定】組んでいる住宅ローンについて教えてください", [("住宅ローン組んでる方限定", "usage")]),
    ("【アキュラホームで建てた方限定】レビュー投稿（150文字100円）", [("アキュラホームで建てた方限定", "usage")]),
    ("【宿泊・接客業従事者の方】外国人観光客の「急な体調不良対応」に関するアンケート", [("宿泊・接客業従事者の方", "group")]),
    ("【ピュアリーピンクを使用したことがある方】インタビューにご協力をお願いいたします！",
     [("ピュアリーピンクを使用したことがある方", "usage")]),
    ("お葬式をあげた方へのアンケート_ver121_002", [("お葬式をあげた方", "usage")]),
    ("【簡単】オリパの虎でオリパを引いて購入したことがある方、感想などを教えてください！",
     [("オリパの虎でオリパを引いて購入したことがある方", "usage")]),
    ("急募★２万円★データ入力★女性限定★未経験者歓迎★完全在宅ワークファッションサイトの商品登録", [("女性限定", "group")]),
    ("♪海外ECサイト「ebay」にて出品作業【女性のみ　主婦の方歓迎】ノルマなし！簡単作業★", [("女性のみ", "group")]),
    ("►▻5000円/2件【20代限定・オンライン】転職・スキルアップスクールについての情報収集", [("20代限定", "group")]),
    ("【急募】福岡在住の方限定！梱包発送作業をお任せします", [("福岡在住の方限定", "group")]),
    ("☆★7000円/2件★☆オンライン限定！【IT・エンジニア経験者限定】転職サービスなどの調査",
     [("IT・エンジニア経験者限定", "experience")]),
    ("【ペン字講師・硬筆指導経験者限定】美文字メディアの記事監修・教材チェックをお願いします",
     [("ペン字講師・硬筆指導経験者限定", "experience")]),
    ("急募【現職ITエンジニア限定】半年以内に転職検討中の方向け30分ヒアリング", [("現職ITエンジニア限定", "experience")]),
    ("【裁縫経験者求む】【ペットケージ用 防寒飛び散り防止カバー 】の裁縫のお仕事", [("経験者求む", "experience")]),
    ("看護師資格をお持ちの方", [("看護師資格をお持ちの方", "qualification")]),
    # who is welcome, equipment, anyone's own choice, and what every user meets: no conditions
    ("【初心者の方限定】簡単作業", []),
    ("【主婦様向け/１件60円】海外向けECサイトへ出品するための商品リサーチのお仕事", []),
    ("男性・女性OK！ 未経験者大歓迎 高額 ★1件4200円★ 脱毛・美容サロンのモニター調査", []),
    ("【スマホでのお仕事限定】30秒簡単作業！コピペするだけ", []),
    ("【期間限定】※4000円/1件※IT・エンジニア経験者対象！転職サービスなどについて", [("IT・エンジニア経験者対象", "experience")]),
    ("全年齢対象のゲーム", []),
    ("【ライター経験者歓迎】", []),
    ("【ネイル好きの方】ジェルネイル商品のInstagram運用", []),
    ("【看護師・医療職】このままでいいのか悩んでいる方へ｜働き方を見つめ直すライター募集", []),
    ("【ハイブリッド／日本語ネイティブ限定】不動産査定SaaSのAI自動化エンジニア募集", []),
])
def test_conditions_in_the_titles(text, expected):
    assert [(r.condition, r.kind) for r in restrictions(text)] == expected


@pytest.mark.parametrize(("description", "expected"), [
    ("・実務経験3年以上", [("実務経験3年以上", "experience")]),
    ("※下記の内容にご同意頂ける方のみご応募ください", []),  # anyone may agree
    ("フルタイムで稼働できる方のみ", []),
    ("ご契約前に一度弊社とオンラインで面談機会をいただける方のみ", []),
    ("経験2年以上の方優遇", []),
])
def test_conditions_in_descriptions(description, expected):
    assert [(r.condition, r.kind) for r in restrictions("", description)] == expected


def test_a_profile_meeting_every_condition_opts_in():
    found = restrictions("【男性限定】DMMオンラインクリニックでAGA治療を受けたことがある方、教えてください！")
    assert [r.condition for r in unmet(found, ["男性"])] == ["DMMオンラインクリニックでAGA治療を受けたことがある方"]
    assert unmet(found, ["男性", "AGA"]) == []


def row_of(**values: Any) -> dict[str, Any]:
    return normalize_gig(Gig(**{"site": "lancers", "listing_id": "1", "crawled_at": CRAWLED_AT, **values}))


SURVEY = {"pay_type": "タスク", "price_text": "33 円 / 件", "slots": 500, "applicants": 10,
          "category": "/work/search/task/monitor"}


def test_a_restricted_gig_says_so_in_words():
    out = derive(row_of(title="★女性限定★ スキンケアに関するアンケート", **SURVEY))
    assert (out["restricted"], out["restrictions"]) == (True, ["女性限定"])
    assert "only for some people: 女性限定" in reason_texts(out["score_reasons"])


def test_a_group_condition_keeps_a_gig_for_beginners_but_experience_does_not():
    group = derive(row_of(title="★女性限定★ スキンケアに関するアンケート", **SURVEY))
    experience = derive(row_of(title="【IT・エンジニア経験者限定】転職サービスなどの調査", **SURVEY))
    assert (group["beginner_ok"], experience["beginner_ok"]) == (True, False)
    assert "not for beginners: asks for experience (IT・エンジニア経験者限定)" in reason_texts(experience["score_reasons"])


def test_a_qualification_is_not_for_beginners():
    out = derive(row_of(title="健康コラムの監修", description="看護師資格をお持ちの方", pay_type="プロジェクト",
                        price_text="10,000 円 / 固定"))
    assert (out["beginner_ok"], "not for beginners: needs a qualification (看護師資格をお持ちの方)" in
            reason_texts(out["score_reasons"])) == (False, True)


def test_a_restricted_gig_scores_below_the_same_gig_open_to_all():
    assert derive(row_of(title="★女性限定★ スキンケアに関するアンケート", **SURVEY))["score"] < \
        derive(row_of(title="スキンケアに関するアンケート", **SURVEY))["score"]


def test_the_ranking_puts_every_restricted_gig_below_every_open_one():
    restricted = {**row_of(title="★女性限定★ スキンケアに関するアンケート", **SURVEY), "score": 99.0,
                  "restricted": True, "restrictions": ["女性限定"]}
    open_to_all = {**row_of(title="スキンケアに関するアンケート", **SURVEY), "score": 20.0, "restricted": False,
                   "restrictions": []}
    assert sorted([restricted, open_to_all], key=lambda r: ranking_key(r, None)) == [open_to_all, restricted]


def test_an_eligible_profile_ranks_the_gig_as_open_to_all():
    row = {"score": 99.0, "restricted": True, "restrictions": ["女性限定"]}
    assert (restricted_for(row, None), restricted_for(row, {"eligible": ["女性"]})) == (True, False)


def test_an_eligible_profile_scores_it_without_the_penalty():
    row = row_of(title="★女性限定★ スキンケアに関するアンケート", **SURVEY)
    mine = derive(row, {"eligible": ["女性"]})
    assert mine["score"] == derive(row_of(title="スキンケアに関するアンケート", **SURVEY))["score"]
    assert "open to you: 女性限定 (your profile's eligible)" in reason_texts(mine["score_reasons"])
