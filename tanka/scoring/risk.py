"""Scam and low-quality signals (../shared/docs/DOMAIN.md §5) found in one listing.

A flag is a code (stored in `listings.risk_flags`) with a short label a beginner understands
(shown in `score_reasons`, `tanka top` and the digest). A hit is a warning with a reason, not a
verdict; how much each flag costs is set in scoring/score.py (PENALTIES), which also raises the two
flags that rest on numbers rather than words (unreliable_client, below_market). Text is matched
NFKC-folded, and a term followed by a negation (初期費用なし, 登録料無料 …) does not count. Each form's
source is in docs/SCORING.md §6 and ../shared/docs/DOMAIN.md §5.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tanka.scoring.reasons import flag_label
from tanka.scoring.textmatch import Gated, LiteralScan

# Every flag, most serious first (the order flags are listed and shown in); labels are in scoring.reasons.
FLAG_ORDER: tuple[str, ...] = (
    "off_platform_contact", "external_tool", "upfront_payment", "work_before_escrow", "pay_in_experience", "mlm",
    "signup_harvest", "off_platform_payment", "unreliable_client", "reviews_or_likes", "income_promise",
    "survey_as_project", "below_market", "unclear_unit_pay", "pay_not_stated", "contest_gamble", "not_a_gig",
)
LABELS: dict[str, str] = {flag: flag_label(flag) for flag in FLAG_ORDER}

_NEGATION = re.compile(r"\s*(?:は|も|が|等|など|の)?\s*(?:一切)?\s*(?:なし|無し|不要|無料|0円|ゼロ|一切|かかりません|"
                       r"ありません|いりません|いただきません|頂きません|発生しません|必要ありません|負担なし)")
# A sentence that denies or forbids what it names (「MLMではありません」「LINE交換は禁止」) flags nothing.
_DENIAL = re.compile(r"ではありません|ではない|じゃない|禁止|お断り|NG|不可|ご遠慮|しません|いたしません|はありません|"
                     r"ございません|かかりません|一切ありません")
_SENTENCE_END = re.compile(r"[。!?\n■●◆【]")
_CONTACT_TOOLS = Gated([
    r"(?<![A-Za-z])LINE(?![A-Za-z])", r"(?<![A-Za-z])Line(?![A-Za-z])", r"line\.me", r"(?<![ァ-ヴー])ライン(?![ァ-ヴー])",
    "Telegram", "テレグラム", "Discord", "ディスコード", "Chatwork", "ChatWork", "チャットワーク", "Slack", "スラック",
    r"Instagram\s*(?:の)?\s*DM", r"インスタ\s*(?:の)?\s*DM", "WhatsApp", "WeChat", "カカオトーク",
])
_ANY_TOOL = LiteralScan(_CONTACT_TOOLS.literals | {"メールアドレス", "メアド", "電話番号", "連絡先", "Gmail", "gmail"})
# Tools as the subject of the work (a LINE account to build, a Slack integration) are no contact request.
_TOOL_AS_WORK = re.compile(r"\s*(?:公式)?\s*(?:スタンプ|公式アカウント|アカウント(?:の)?(?:運用|構築)|構築|連携|API|LIFF|"
                           r"Harness|通知|承認|チャンネル|bot|ボット|ミニアプリ|広告|集客|導線|フロー|配信|施策)",
                           re.IGNORECASE)
_CONTACT_USE = re.compile(r"ID|@|で(?:の)?(?:連絡|ご連絡|やり取り|やりとり|お伝え|詳細|説明|フォロー|相談|面談|通話|お話)|"
                          r"に(?:登録|追加|招待)|(?:を)?(?:追加|交換)|友だち|友達|グループ|やり取り|やりとり|連絡|通話|"
                          r"コミュニケーション|面談|面接|打ち合わせ|MTG|(?:に|へ)参加|サーバー", re.IGNORECASE)
_BEFORE_CONTRACT = re.compile(r"応募(?:後|の際|時|前)|まずは|詳細は|事前に|面談前|契約前|発注前|仮払い前|"
                              r"追加して|追加をお願い|登録して|ID(?:を|の|まで)(?:教え|送|お知らせ|記載)|お伝えします|ご連絡ください")
_AFTER_CONTRACT = re.compile(r"(?:発注|契約|仮払い|採用|受注|納品|当選|承認|決定)(?:後|以降|してから)|サービス外申請|"
                             r"通ってから|日々の|業務中|作業中")
_LINE = re.compile(r"LINE|Line|line\.me|ライン")
# 「応募後、メールアドレスをお送りください」「まずは電話番号を教えてください」(DOMAIN.md §5.1: FAQ 10562, 10596)
_CONTACT_EMAIL = re.compile(r"(?:応募|ご連絡|まず|事前に|契約前|発注前|面談前).{0,20}(?:メールアドレス|メアド|Gmail|電話番号|"
                            r"連絡先)(?:を|の)?(?:お|ご)?(?:教え|送|記載|記入|お知らせ|交換|連絡)", re.IGNORECASE)

_PATTERNS: dict[str, Gated] = {
    "upfront_payment": Gated([
        "初期費用", "登録料", "入会金", "加入金", "保証金", "教材費", "教材代", "情報商材", "立替", "立て替え",
        # DOMAIN.md §5.1 (消費者庁 2022-04-13; 盛岡市消費生活センター): paying for a manual, a tool, support
        "マニュアル代", "ツール代", "ツール購入", "サポート費用", "サポート料金", "ガイドブック代",
        r"(?:商材|教材|ツール|マニュアル|キット|ソフト|プラン|コース|ガイドブック)\s*(?:\([^)]{0,20}\))?\s*(?:を|の)?(?:ご)?"
        r"購入(?:ください|下さい|して|いただ|が必要|をお願い|必須)",
        r"月額.{0,15}?(?:を|の)?(?:ご)?(?:購入|契約|加入)(?:ください|下さい|して|いただ|が必要|必須)",
        # 「マニュアル代として3,000円が必要です」; not 「費用として200円お支払いいたします」 (the client pays)
        r"(?:代|費用?|料金?)として\s*\d[\d,]*\s*円(?:が|を)?(?:必要|ご負担|お振込|かかり|"
        r"お支払い?(?:ください|下さい|いただ|頂|をお願い))",
        r"(?:最初に|始める前に|開始前に|事前に|参加前に)\s*\d[\d,]*\s*円(?:が|を|の)?(?:必要|ご負担|お振込|"
        r"お支払い?(?:ください|下さい|いただ|頂|をお願い))",
        r"受講料(?:を|が)?(?:お支払|必要|お願い|かかり)",
        r"(?:商材|教材|ツール|マニュアル|キット|商品)(?:を|の)?(?:ご)?購入(?:して|いただ|が必要|をお願い|必須)",
        r"購入(?:が必要|をお願い|していただ|必須)", r"入金(?:を)?(?:お願い|して)", r"振込.{0,10}お願い",
        r"セミナー(?:へ|に|の)?(?:参加|受講)", r"説明会(?:へ|に|の)?(?:参加|ご参加)", "資料請求",
    ]),
    "work_before_escrow": Gated([
        r"仮払い(?:の)?前", "先に作業", "先行して作業", r"無償(?:の|で)?(?:テスト|トライアル|作業)",
        r"無報酬(?:の|で)?(?:テスト|トライアル|作業)", r"無給(?:の|で)?(?:テスト|トライアル|作業)",
        r"テスト(?:ライティング|記事|作業)?(?:は)?(?:無償|無報酬|無給)", "無料テスト", "無償テスト",
    ]),
    "mlm": Gated([r"(?<![A-Za-z])MLM(?![A-Za-z])", "ネットワークビジネス", "マルチ商法", "マルチレベル", "権利収入",
                  "ダウンライン"]),
    "signup_harvest": Gated([
        r"メルマガ(?:に|へ|の)?登録", r"メールマガジン(?:に|へ|の)?登録",
        r"アカウント(?:を)?(?:作成|開設)(?:して|していただ|する(?:だけ|のみ))",
        r"アプリ(?:を)?(?:ダウンロード|インストール)(?:して|していただ|する(?:だけ|のみ))", "口座開設",
        r"無料登録(?:して|していただ|する(?:だけ|のみ))", r"会員登録(?:して|していただ|する(?:だけ|のみ))",
        r"カード(?:を|の)?(?:作成|発行|申し?込)", "クレカ特典",
    ]),
    "off_platform_payment": Gated([
        "直接契約", "直接取引", r"直接(?:の)?(?:お)?支払", r"サイト外(?:で|での)(?:取引|支払|契約)",
        # DOMAIN.md §5.1 (CrowdWorks 利用規約 第8条11項): 「直接お振込み」, cash in hand
        r"直接(?:の)?(?:お)?振(?:り)?込", r"(?:報酬|お支払い|支払い|支払|給与|謝礼)(?:は|を)?.{0,8}手渡し",
        r"手渡し(?:で|にて)(?:の)?(?:お)?(?:支払|お渡し)",
        r"手数料(?:が|を)?(?:かからない|節約|浮かせ|省)",
    ]),
    "reviews_or_likes": Gated([
        r"アカウント(?:の)?(?:貸|売|譲)", r"フォロー(?:を)?(?:して|する|お願い|だけ)",
        r"いいね(?:を)?(?:して|する|押|お願い|だけ)", r"高評価(?:を)?(?:して|する|押|お願い|だけ)",
        "口コミ投稿", "レビュー投稿", "サクラ", "やらせ", r"代理(?:で)?(?:投稿|購入)",
    ]),
    "income_promise": Gated([
        r"月収\s*\d", r"月\s*\d+\s*万(?:円)?\s*(?:以上|~|〜|を目指|稼|可能|も|超)", r"日給\s*\d+\s*万",
        r"誰でも(?:簡単に)?稼げ", r"スマホ(?:1台)?だけで(?:稼|月|簡単)", "高収入", "不労所得", "即金", "ノーリスク",
        "楽して稼",
        # too good to be true (消費者庁 2022-04-13: 「誰でも1日当たり数万円を稼ぐことができる」)
        r"誰でも.{0,8}(?:月収|月\s*\d|日給|日収|稼)", r"月収\s*[一二三四五六七八九十百]+\s*万",
        r"(?:1日|一日)\s*\d+\s*(?:分|時間)(?:だけ)?で.{0,6}(?:月|稼|万)",
    ]),
    # CrowdWorks' own placement services, also when the client's name is hidden (「クラウドワークス テック事務局です」)
    "not_a_gig": Gated(["ハイクラス案件紹介", r"クラウドワークス\s*(?:公式|フリサプ|テック事務局)", "フリサプ公式", "テックエージェント",
                        "フリーランス参画支援サービス"]),
}
_ANY_SIGNAL = LiteralScan(set().union(*(g.literals for g in _PATTERNS.values())))
# An income claim is only suspicious when it is pitched at people with no skills.
_EASY = ("簡単", "カンタン", "かんたん", "誰でも", "未経験", "スマホ", "初心者", "スキル不要", "主婦", "ママ", "学生")
_EXPERIENCE_PAY = Gated(["実績作り", "実績づくり", r"スキルアップ(?:に|のため|になる|できる|につなが)", "勉強になる",
                         "経験を積め", "後払い"])
_SURVEY = ("アンケート", "質問に答", "質問に回答", "に回答", "を回答")
AGENCY_CLIENTS = {"クラウドワークス テック", "クラウドワークステック", "cw_agent", "ランサーズ テックエージェント"}


@dataclass(frozen=True)
class PayFacts:
    """What the risk rules need to know about the pay (computed by scoring.hourly)."""

    stated: bool  # any pay at all (budget, hourly, unit price, text)
    yen_per_char: float | None = None
    net_hourly_yen: float | None = None
    text_unit_price: bool = False  # the title/description states a per-item price
    budget_max_yen: int | None = None  # the budget's upper bound, as read by scoring.hourly


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 80), start)), default=max(0, start - 80))
    right = _SENTENCE_END.search(text, end, end + 80)
    return text[left:right.start() if right else min(len(text), end + 80)]


def _counts(text: str, match: re.Match[str]) -> bool:
    """A hit that is not negated right after it (初期費用なし) nor denied in its sentence (MLMではありません)."""
    if _NEGATION.match(text, match.end(), min(len(text), match.end() + 16)):
        return False
    return not _DENIAL.search(_sentence(text, match.start(), match.end()))


def _search(pattern: Gated | re.Pattern[str], text: str) -> bool:
    return any(_counts(text, m) for m in pattern.finditer(text))


def _contact_flag(text: str) -> str | None:
    """off_platform_contact (asked before the contract), external_tool (talking on it), or None."""
    flag = None
    if not _ANY_TOOL.any(text):
        return None
    for match in _CONTACT_TOOLS.finditer(text):
        if _TOOL_AS_WORK.match(text, match.end()) or not _counts(text, match):
            continue
        sentence = _sentence(text, match.start(), match.end())
        if not _CONTACT_USE.search(sentence):
            continue
        if _AFTER_CONTRACT.search(sentence):
            flag = "external_tool"
        elif _BEFORE_CONTRACT.search(sentence) or (_LINE.fullmatch(match.group(0))
                                                   and _CONTACT_USE.match(text, match.end())):
            return "off_platform_contact"
        else:
            flag = "external_tool"
    if _search(_CONTACT_EMAIL, text):
        return "off_platform_contact"
    return flag


def find_flags(text: str, row: Mapping[str, Any], pay: PayFacts, benchmark_yen: float) -> list[str]:
    """Risk flag codes for one listing, most serious first. `text` is NFKC title + description."""
    flags = []
    contact = _contact_flag(text)
    if contact:
        flags.append(contact)
    if _ANY_SIGNAL.any(text):
        flags += [code for code, pattern in _PATTERNS.items() if _search(pattern, text)]
    if "income_promise" in flags and not any(word in text for word in _EASY):
        flags.remove("income_promise")
    if str(row.get("client_name") or "").strip() in AGENCY_CLIENTS and "not_a_gig" not in flags:
        flags.append("not_a_gig")
    low_pay = ((pay.yen_per_char is not None and pay.yen_per_char < 0.3)
               or (pay.net_hourly_yen is not None and pay.net_hourly_yen < 0.5 * benchmark_yen))
    if _EXPERIENCE_PAY.search(text) and (low_pay or not pay.stated):
        flags.append("pay_in_experience")
    budget = pay.budget_max_yen if pay.budget_max_yen is not None else row.get("budget_max_yen")
    slots = row.get("slots") if isinstance(row.get("slots"), int) else 0
    if isinstance(budget, bool) or not isinstance(budget, int | float):
        budget = None
    if row.get("pay_type") == "fixed" and budget is not None:
        if budget <= 500 and slots >= 10 and any(word in text for word in _SURVEY):
            flags.append("survey_as_project")
        elif budget <= 1000 and slots >= 50 and not pay.text_unit_price:
            flags.append("unclear_unit_pay")
    if not pay.stated:
        flags.append("pay_not_stated")
    if row.get("pay_type") == "competition":
        flags.append("contest_gamble")
    return sorted(dict.fromkeys(flags), key=FLAG_ORDER.index)
