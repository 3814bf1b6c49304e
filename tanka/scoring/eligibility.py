"""Who may take a gig: conditions that open a listing to a group only (〜限定, 〜の方のみ, …).

Real forms (the fixtures and ../shared/docs/sites/*.md): 【住宅ローン組んでる方限定】, 【男性限定】, ★女性限定★,
【アキュラホームで建てた方限定】, 【宿泊・接客業従事者の方】, 【IT・エンジニア経験者限定】,
「AGA治療を受けたことがある方、教えてください」, 「お葬式をあげた方へのアンケート」. Each condition is kept in the
listing's own words with what kind it is:

* experience     work experience (経験者限定, 実務経験3年以上) — not for beginners;
* qualification  a licence or certificate (看護師資格, 有資格者) — not for beginners;
* group          gender, age, life stage, where one lives (女性限定, 妊婦様限定, 30代の方限定, 東京都在住の方);
* usage          having bought, used or done something (〜を受けたことがある方, 〜で建てた方限定).

Phrases that only say who is welcome (初心者の方歓迎, 主婦様向け, 経験者優遇) or need ordinary equipment
(パソコンをお持ちの方) are not conditions. Text is NFKC-folded first. Pure; never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tanka.normalize.text import nfkc

EXPERIENCE, QUALIFICATION, GROUP, USAGE = "experience", "qualification", "group", "usage"
# Conditions of these kinds make a listing not beginner_ok (the others only rank it lower).
NOT_FOR_BEGINNERS = frozenset({EXPERIENCE, QUALIFICATION})

# What a condition may be made of: no bracket, sentence end or decoration (・ is kept: 宿泊・接客業).
_PART = r"[^\s【】\[\]()「」『』<>!?、。,./|:;★☆◆◇■□●○◎♪※~＼＿\-]"
_PERSON = (r"(?:方|者|様|さん|女性|男性|ママ|パパ|主婦|主夫|学生|妊婦|シニア|世代|\d+代|ユーザー|オーナー|会員|"
           r"エンジニア|ライター|デザイナー|クリエイター|看護師|薬剤師|保育士|医師|講師|教師)")
# Said of a reader or of who is welcome, not a condition.
_WELCOME_AFTER = re.compile(r"\s*(?:の方|がある方|のある方|をお持ちの方|の方は)?\s*(?:も|は|が|に|を)?\s*(?:大?歓迎|優遇|尚可|OK|ok|可|向け|おすすめ|オススメ|ぴったり|大丈夫|"
                            r"でも|なら|であれば|募集|積極)")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 【男性限定】, 【住宅ローン組んでる方限定】, 経験者限定, 妊婦様限定, 30代の方限定
    ("limited", re.compile(rf"{_PART}{{0,30}}?{_PERSON}\s*(?:様)?\s*(?:に)?限定")),
    # IT・エンジニア経験者対象, 20代の女性が対象 (not 対象外: what is not asked for)
    ("target", re.compile(rf"{_PART}{{0,30}}?{_PERSON}\s*(?:様)?\s*(?:が)?対象(?!外|者)")),
    # 経験者のみ, 女性の方のみ, 在住の方のみ
    ("only", re.compile(rf"{_PART}{{0,30}}?{_PERSON}\s*(?:様)?\s*のみ")),
    # 〜を受けたことがある方, 〜したことのある方, 〜を利用中の方, 〜在住の方 (in the title)
    ("done", re.compile(rf"{_PART}{{1,30}}?(?:ことがある|ことのある|経験がある|経験のある|利用中の|使用中の|ご利用の|"
                        rf"在住の|にお住まいの|に住んでいる|されている|している|中の)\s*方")),
    # お葬式をあげた方へのアンケート
    ("to", re.compile(rf"{_PART}{{1,30}}?た方(?=への?(?:アンケート|インタビュー|調査|質問|ヒアリング))")),
    # 【宿泊・接客業従事者の方】: a bracket that is only a kind of person
    ("bracket", re.compile(rf"(?<=【){_PART}{{2,30}}?(?:の方|従事者|経験者|在住者|保有者|の皆様)(?=】)")),
    # 実務経験3年以上, 経験3年以上, 経験者求む
    ("experience", re.compile(r"(?:実務|業務|職務)?経験\s*\d+\s*年以上|\d+\s*年以上の(?:実務|業務)?経験|"
                              r"(?:実務|業務)経験(?:が)?(?:必須|必要)|経験者(?:求む|必須)")),
    # 看護師資格をお持ちの方, 有資格者, 宅建士の方のみ, 資格必須
    ("qualification", re.compile(rf"{_PART}{{0,20}}?(?:資格|免許)\s*(?:が)?(?:必須|必要|をお持ちの方|保有者|所持者|保持者|"
                                 r"のある方|がある方|をお持ちであること)|有資格者")),
)
# Kinds of condition, read from its words.
_QUALIFICATION_WORDS = re.compile(r"資格|免許|看護師|薬剤師|保育士|介護福祉士|社会保険労務士|社労士|税理士|行政書士|司法書士|宅建|"
                                  r"弁護士|医師|栄養士|歯科衛生士|理学療法士|作業療法士|会計士|ファイナンシャルプランナー|"
                                  r"登録販売者|美容師|調理師|(?<![A-Za-z])FP(?![A-Za-z])")
_EXPERIENCE_WORDS = re.compile(r"経験|現職|\d+\s*年以上|(?:エンジニア|ライター|デザイナー|編集者|翻訳者|プログラマー|マーケター|"
                               r"講師)の方")
_GROUP_WORDS = re.compile(r"女性|男性|主婦|主夫|ママ|パパ|妊婦|妊娠|学生|シニア|高齢|\d+\s*(?:代|歳)|在住|お住まい|住んで|"
                          r"子育て|育児|出産|ご夫婦|既婚|未婚|独身|国籍|在留|ビザ|留学生|障がい|障害|従事者|勤務|"
                          r"働いている|会社員|経営者|オーナー")
# Consumer experience (治療を受けた経験) is no work experience.
_CONSUMER = re.compile(r"治療|受診|利用|使用|購入|体験|出産|妊娠|介護|育児")
# Equipment nearly every worker has: needing it is no condition on who may apply.
_EQUIPMENT = re.compile(r"パソコン|PC|スマホ|スマートフォン|携帯|iPhone|Android|インターネット|ネット環境|通信環境|Wi-?Fi|"
                        r"メールアドレス|アカウント|Word|Excel|ワード|エクセル|Google|Zoom|LINE|時間|ご自宅|自宅|在宅|"
                        r"副業|初心者|未経験|どなた|誰でも|全員|皆様|みなさま|お客様|ご応募|応募|ご興味|興味", re.IGNORECASE)
# Written to readers, what a job pitches, or what any applicant can decide for themselves: 「悩んでいる方へ」
# 「稼ぎたい方」「ネイル好きの方」「稼働できる方のみ」「下記の内容にご同意頂ける方のみ」 are no conditions on who may apply.
_NOT_A_CONDITION = re.compile(r"(?:たい|思う|思っている|考えている|悩んでいる|困っている|探している|気になる|好きな|得意な)方$|"
                              r"好き|興味|関心|できる|可能な|同意|了承|承諾|抵抗|以下の|下記の|上記の|次の|満たす|"
                              r"面談|打ち合わせ|継続の方|出品者$|たい(?:ユーザー|人|方|者)$")
# Conditions every user tanka is made for meets (an individual who lives in Japan and speaks Japanese).
_ALWAYS_MET = re.compile(r"^(?:(?:18|20)歳以上|成人|個人|日本人|日本在住|日本国内在住|国内在住|日本語ネイティブ|日本国籍|日本語を母国語|"
                         r"日本国籍・日本在住の個人)|日本語を母国語とする|日本語ネイティブ|日本人の")


@dataclass(frozen=True)
class Restriction:
    """One condition on who may take the gig, in the listing's words."""

    condition: str
    kind: str  # experience | qualification | group | usage

    @property
    def for_beginners(self) -> bool:
        return self.kind not in NOT_FOR_BEGINNERS


def _kind(condition: str) -> str:
    group = _GROUP_WORDS.search(condition)
    if _QUALIFICATION_WORDS.search(condition) and not re.search("在留資格", condition):
        return QUALIFICATION
    if _EXPERIENCE_WORDS.search(condition) and not _CONSUMER.search(condition) and not group:
        return EXPERIENCE
    return GROUP if group else USAGE


def _clean(condition: str) -> str:
    return condition.strip(" ・:").removeprefix("※").lstrip("の・").strip()


def _is_condition(text: str, match: re.Match[str], name: str) -> bool:
    condition = _clean(match.group(0))
    if len(condition) < 2 or _EQUIPMENT.search(condition):
        return False
    if _NOT_A_CONDITION.search(condition.removesuffix("限定").removesuffix("のみ")) or _ALWAYS_MET.search(condition):
        return False
    # 「〜の経験がある方歓迎」「実務経験3年以上の方優遇」 say who is welcome, not who may apply
    return not (name in ("done", "bracket", "to", "experience") and _WELCOME_AFTER.match(text, match.end()))


def _found(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    wanted = set(names)
    spans = []
    for name, pattern in _PATTERNS:
        if name not in wanted:
            continue
        for match in pattern.finditer(text):
            if _is_condition(text, match, name):
                spans.append((match.start(), match.end(), _clean(match.group(0))))
    return spans


def _distinct(spans: list[tuple[int, int, str]]) -> list[str]:
    """Conditions in text order, a span inside a longer one dropped, each wording once."""
    kept: list[tuple[int, int, str]] = []
    for start, end, condition in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(start >= s and end <= e for s, e, _ in kept):
            continue
        kept.append((start, end, condition))
    return list(dict.fromkeys(c for _, _, c in kept))


_ALL = tuple(name for name, _ in _PATTERNS)
# The description explains the work at length: only its explicit forms count there.
_DESCRIPTION = ("limited", "only", "target", "experience", "qualification")


def restrictions(title: str | None, description: str | None = None, folded: bool = False) -> list[Restriction]:
    """The listing's conditions on who may take it, title first. `folded`: texts already NFKC."""
    out: list[str] = []
    for text, names in ((title, _ALL), (description, _DESCRIPTION)):
        if text:
            out += _distinct(_found(text if folded else nfkc(text), names))
    return [Restriction(c, _kind(c)) for c in dict.fromkeys(out)]


def unmet(found: Sequence[Restriction], eligible: Sequence[str]) -> list[Restriction]:
    """The conditions the user has not said they meet (profile `eligible = ["女性", "子育て中"]`): a
    condition is met when it contains one of the eligible words (NFKC, any case)."""
    met = set(unmet_conditions([r.condition for r in found], eligible, met=True))
    return [r for r in found if r.condition not in met]


def unmet_conditions(conditions: Sequence[str], eligible: Sequence[str], met: bool = False) -> list[str]:
    """unmet() for conditions as stored (`listings.restrictions`); `met=True` gives the met ones instead."""
    words = [nfkc(w).casefold() for w in eligible if w and w.strip()]
    return [c for c in conditions if any(w in nfkc(c).casefold() for w in words) == met]
