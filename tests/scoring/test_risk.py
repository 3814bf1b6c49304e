"""Risk flags: real scam signals are caught, real honest listings are left alone."""

from __future__ import annotations

import ast
import json

import pytest
from parsel import Selector

from tanka.normalize.text import nfkc
from tanka.scoring.risk import LABELS, PayFacts, find_flags
from tanka.scoring.score import PENALTIES
from tests.conftest import shared_page

PAID = PayFacts(stated=True, net_hourly_yen=1200)
CHEAP = PayFacts(stated=True, net_hourly_yen=200, yen_per_char=0.2)


def flags(text: str, pay: PayFacts = PAID, **row) -> list[str]:
    return find_flags(nfkc(text), row, pay, 1121)


@pytest.mark.parametrize(("text", "expected"), [
    # moving contact off the platform (CrowdWorks FAQ 10596, Lancers FAQ l1036/598)
    ("詳細はLINEでお伝えしますので、応募後にLINE IDを教えてください。", ["off_platform_contact"]),
    ("本契約発注前にzoomかLINEビデオ電話で面談を実施します。それまでは連絡ボード使用", ["off_platform_contact"]),
    ("ご応募の際はメールアドレスを記載してください", ["off_platform_contact"]),
    ("まずはTelegramでご連絡ください", ["off_platform_contact"]),
    # after the order it is allowed: a small flag only (Shufti 369277, real)
    ("※発注前はシュフティ連絡ボード、発注後はチャットワークを使用します", ["external_tool"]),
    ("日々のやり取りはチャットワークとなります。", ["external_tool"]),
    # the worker pays
    ("作業開始前に専用教材（初期費用 29,800円）のご購入をお願いしています。", ["upfront_payment"]),
    ("セミナーへ参加していただきます", ["upfront_payment"]),
    ("商品を購入していただき、レビューをお願いします", ["upfront_payment"]),
    # work before escrow
    ("まずは無償のテストライティングをお願いします", ["work_before_escrow"]),
    ("仮払い前に作業を開始してください", ["work_before_escrow"]),
    # MLM, signing up, direct trade
    ("権利収入が得られるネットワークビジネスのご案内も可能です。", ["mlm"]),
    ("アプリをダウンロードするだけの簡単作業", ["signup_harvest"]),
    ("手数料がかからないよう、2回目以降は直接契約でお願いします。", ["off_platform_payment"]),
    # reviews, income promises (real CrowdWorks titles)
    ("【アキュラホームで建てた方限定】レビュー投稿（150文字100円）", ["reviews_or_likes"]),
    ("【1件3万円】未経験でも月20万〜を目指せる／飲食店への無料サービス案内", ["income_promise"]),
    # fees and purchases (DOMAIN.md §5.1; the phrasings and their variants)
    ("マニュアル代として3,000円が必要です", ["upfront_payment"]),
    ("ツール（月額2,980円）をご購入ください", ["upfront_payment"]),
    ("作業には専用ツール(月額2,980円)をご購入ください。", ["upfront_payment"]),
    ("月額980円のプランにご加入ください", ["upfront_payment"]),
    ("教材費として5,000円をお振込みください", ["upfront_payment"]),
    ("最初に3,000円が必要です", ["upfront_payment"]),
    ("サポート費用は月々5,000円です", ["upfront_payment"]),
    # contact off the platform before a contract, by any tool
    ("応募後、メールアドレスをお送りください", ["off_platform_contact"]),
    ("まずは電話番号を教えてください", ["off_platform_contact"]),
    ("応募後にChatworkのIDを教えてください", ["off_platform_contact"]),
    ("まずはDiscordのサーバーに参加してください", ["off_platform_contact"]),
    # payment off the platform
    ("2回目以降は直接お振込みします", ["off_platform_payment"]),
    ("報酬は現地で手渡しとなります", ["off_platform_payment"]),
    # too good to be true
    ("スマホで誰でも月収30万円！", ["income_promise"]),
    ("誰でも月収◯万円を目指せます", ["income_promise"]),
    ("1日5分で月10万円も可能！主婦の方大歓迎", ["income_promise"]),
    # not flags
    ("※ミーティングの費用として200円お支払いいたします。", []),  # CrowdWorks 13254910 (real): the client pays
    ("商品の手渡しはありません", []),
    ("初期費用は一切かかりません。登録料無料。", []),
    ("※ネットワークビジネス(MLM)・アフィリエイトではありません", []),
    ("まずはオンラインで概要共有し、案件との相性を確認させてください。", []),
    ("LINE公式アカウントの構築、リッチメニュー作成", []),
    ("Slack連携、LINE API連携の経験", []),
    ("オリパの虎でオリパを引いて購入したことがある方、感想などを教えてください！", []),
    ("【高収入・成果重視】とにかく稼ぎたいエンジニア", []),
    ("通信費は自己負担となります", []),
])
def test_flags(text, expected):
    assert flags(text) == expected


def test_skill_up_pitch_is_a_flag_only_with_far_below_market_pay():
    text = "【初心者OK】【実績作りに】WEBデザイナーに役立つ講義コンテンツの感想・アンケートの回答"
    assert (flags(text, CHEAP), flags(text, PAID)) == (["pay_in_experience"], [])


def test_a_tiny_survey_posted_as_a_project():
    # 「【簡単！5問で100円！】…」, max_budget 100.0, 10 slots (CrowdWorks, real)
    row = {"pay_type": "fixed", "budget_max_yen": 100, "slots": 10}
    assert flags("恋愛についての質問に、ご自身の意見を回答して頂くお仕事", **row) == ["survey_as_project"]


def test_many_slots_for_a_one_yen_budget():
    # 「好きな時間にコツコツ在宅データ入力！」, max_budget 1.0, 1,000 slots (CrowdWorks, real)
    row = {"pay_type": "fixed", "budget_max_yen": 1, "slots": 1000}
    assert flags("好きな時間にコツコツ在宅データ入力！", **row) == ["unclear_unit_pay"]


def test_no_pay_at_all():
    assert flags("インタビューにご協力をお願いいたします", PayFacts(stated=False)) == ["pay_not_stated"]


def test_crowdworks_own_agency_is_not_a_gig():
    assert flags("Rubyエンジニア募集", client_name="クラウドワークス テック") == ["not_a_gig"]


def test_every_flag_has_a_label_and_a_penalty():
    assert set(LABELS) == set(PENALTIES)


def test_the_three_scam_phrasings_sink_a_listing_in_derive():
    from tanka.items import Gig
    from tanka.normalize.listing import normalize_gig
    from tanka.scoring import derive

    def out(note: str) -> dict:
        return derive(normalize_gig(Gig(site="crowdworks", listing_id="1", pay_type="fixed_price_payment",
                                        budget_min_yen=10000.0, budget_max_yen=30000.0, slots=10,
                                        title="【初心者歓迎】在宅データ入力スタッフ募集", description=note,
                                        crawled_at="2026-11-02T09:00:00+09:00")))

    clean = out("丁寧にサポートします。")
    for note in ("マニュアル代として3,000円が必要です。", "ツール(月額2,980円)をご購入ください。",
                 "応募後、メールアドレスをお送りください。"):
        flagged = out(note)
        assert flagged["score"] < clean["score"] - 30 and not flagged["beginner_ok"], note


def test_every_pattern_can_be_ruled_out_by_its_literals():
    from tanka.scoring.risk import _CONTACT_TOOLS, _PATTERNS

    assert not any(g.always_runs for g in [*_PATTERNS.values(), _CONTACT_TOOLS])


# --- no false alarms on the real listings in the fixtures ---------------------------------------------
# Real listings that do carry a serious signal, checked by reading them.
SERIOUS_ON_PURPOSE = {
    "13063985": {"signup_harvest"},  # クレカ特典: a credit-card sign-up posted as モニター業務 (CrowdWorks PR slot)
    "367567": {"off_platform_contact"},  # interview by LINE video before the order (Shufti)
}
SERIOUS = {code for code, points in PENALTIES.items() if points >= 30}


def real_texts() -> list[tuple[str, str]]:
    texts = []
    jobs = json.loads(shared_page("crowdworks", "jobs_new.json").read_text(encoding="utf-8"))["searchResult"]
    for slot in ("job_offers", "pr_diamond", "pr_platinum", "pr_gold"):
        texts += [(str(e["job_offer"]["id"]), e["job_offer"]["title"] + "\n" + e["job_offer"]["description_digest"])
                  for e in jobs[slot]]
    details = json.loads(shared_page("crowdworks", "detail_values.json").read_text(encoding="utf-8"))
    texts += [(str(d["id"]), (d.get("title") or "") + "\n" + (d.get("description") or "")) for d in details]
    for line in shared_page("shufti", "rendered_jobs_2025-04.txt").read_text(encoding="utf-8").splitlines():
        if "Job data: " in line:
            job = ast.literal_eval(line.split("Job data: ", 1)[1])
            texts.append((job["id"], job["title"] + "\n" + job["description"]))
    for name in ("search_keyword_ai.html", "search_category_system.html", "cards_task_input.html"):
        page = Selector(shared_page("lancers", name).read_text(encoding="utf-8"))
        for card in page.css("div.p-search-job-media[onclick]"):
            text = " ".join(card.css("a.p-search-job-media__title ::text, div.js-job-show-description ::text").getall())
            texts.append((card.attrib["onclick"], text))
    return texts


def test_real_listings_raise_no_serious_flag_but_the_known_ones():
    found = {}
    for listing_id, text in real_texts():
        serious = set(flags(text)) & SERIOUS
        if serious:
            found[listing_id] = serious
    assert found == SERIOUS_ON_PURPOSE
