"""One category taxonomy (`kind`) for the three sites' own categories, tags and titles.

Evidence is read in order of reliability: a Lancers category path (/work/search/task/input), a
site category name (CrowdWorks detail breadcrumbs, Lancers divisions), Shufti's job tags, a
CrowdWorks category id, then words of the title, and finally the pay type (記事単価 → writing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from tanka.normalize.text import nfkc

KINDS = ("writing", "data_entry", "survey", "design", "development", "translation", "video", "admin",
         "marketing", "photo", "other")

# Lancers /work/search/<top>[/<sub>]: sub-categories first, then top-level categories.
LANCERS_PATHS: dict[str, str] = {
    "task/input": "data_entry", "task/data": "data_entry", "task/analysis": "data_entry",
    "task/review": "survey", "task/monitor": "survey", "task/survey": "survey", "task/questionnaire": "survey",
    "task/grouping": "data_entry", "task/writing": "writing", "task/photo": "photo",
    "salesmarketing/survey_research": "survey", "multimedia/photo": "photo", "multimedia/narration": "video",
    "system": "development", "web": "development", "design": "design", "writing": "writing",
    "translation": "translation", "multimedia": "video", "business": "admin", "salesmarketing": "marketing",
    "task": "data_entry",
}
# CrowdWorks category ids seen in real list data, with the jobs they held (inferred from those jobs'
# titles: the list JSON has no category names). Unknown ids fall through to the title.
CROWDWORKS_IDS: dict[int, str] = {
    2: "development", 15: "development", 16: "development", 226: "development", 242: "development",
    18: "design", 27: "design", 36: "writing", 37: "writing", 41: "writing",
    56: "writing", 228: "writing", 49: "admin", 52: "data_entry", 54: "data_entry", 55: "data_entry",
    58: "data_entry", 86: "data_entry", 201: "data_entry", 202: "data_entry", 249: "data_entry",
    107: "survey", 108: "survey", 57: "marketing", 133: "marketing", 136: "marketing", 172: "marketing",
    292: "marketing", 80: "video", 265: "video", 293: "video", 121: "photo", 154: "translation",
}
# Words in a category name, a tag or a title. Order matters: the first kind with a hit wins, so the
# narrow kinds (translation, survey …) come before the broad ones (development, admin).
WORDS: tuple[tuple[str, str], ...] = (
    ("translation", r"翻訳|通訳|英訳|和訳|英日|日英|中日|日中|ネイティブチェック"),
    # アンケート集計/結果/作成 is work on a survey (tallying it, writing it), not answering one
    ("survey", r"アンケート(?!の?(?:集計|結果|作成|フォーム作成))|モニター|インタビュー|ヒアリング|レビュー投稿|口コミ|感想|体験談募集|質問に答え|座談会|調査協力|"
               r"(?:について|方、|方に|経験を|体験を|理由を|意見を|感想を)教えて(?:ください|下さい)|"
               r"に関する調査|(?:に|を)回答|回答する|questionary"),
    ("video", r"動画|映像|youtube|ショート|ナレーション|ムービー|tiktok|リール|mv制作|アニメーション"),
    ("photo", r"撮影|写真|フォト|カメラマン|採寸"),
    ("writing", r"ライティング|ライター|記事|執筆|コラム|ブログ|文章|リライト|校正|校閲|シナリオ|台本|原稿|"
                r"コピーライト|キャッチコピー|ネーミング|解説作成|文字起こし|テープ起こし|書籍"),
    ("design", r"デザイン|ロゴ|バナー|イラスト|lp制作|canva|サムネ|チラシ|名刺|画像(?:制作|作成|加工)|"
               r"パッケージ|アイコン|キャラクター|漫画|マンガ|dtp|illustrator|photoshop|(?<![a-z])cg(?![a-z])"),
    ("development", r"開発|システム|プログラ|エンジニア|コーディング|html|css|php|python|ruby|rails|java|"
                    r"wordpress|アプリ|ツール|shopify|構築|aws|vba|マクロ|スクレイピング|サーバ|インフラ|"
                    r"web制作|ホームページ|サイト制作|自動化|chatgpt|データ分析|(?<![a-z])(?:ai|api|gas)(?![a-z])"),
    ("data_entry", r"データ入力|入力|集計|タイピング|キーパンチ|転記|商品登録|出品|コピペ|リスト作成|素材収集|"
                   r"(?<!市場)リサーチ|情報収集|データ(?:作成|整理|収集)|検品|梱包|仕分け|data_entry|register"),
    ("marketing", r"営業|テレアポ|架電|sns運用|運用代行|マーケティング|広告|集客|販促|instagram|インスタ|"
                  r"アフィリエイト|セールス|代理店|市場(?:調査|リサーチ)|(?<![a-z])(?:pr|seo)(?![a-z])"),
    ("admin", r"事務|秘書|アシスタント|経理|電話|受電|メール対応|スケジュール|カスタマー|サポート|"
              r"バックオフィス|コールセンター|チャット対応|労務|総務"),
)
_WORDS = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in WORDS)
_LANCERS_PATH = re.compile(r"/work/search/([a-z_]+)(?:/([a-z_]+))?")
# Shufti's job tags that are categories (the rest are beginner markers).
SHUFTI_TAGS = {"アンケート": "survey", "データ入力": "data_entry", "商品登録": "data_entry"}


def _lancers_path(values: Iterable[str]) -> str | None:
    for value in values:
        match = _LANCERS_PATH.search(value)
        if match:
            top, sub = match.groups()
            return LANCERS_PATHS.get(f"{top}/{sub}") or LANCERS_PATHS.get(top)
    return None


def _words(text: str) -> str | None:
    if not text:
        return None
    for kind, pattern in _WORDS:
        if pattern.search(text):
            return kind
    return None


def _crowdworks_id(extra: Mapping[str, Any]) -> str | None:
    value = extra.get("category_id")
    try:
        return CROWDWORKS_IDS.get(int(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


def classify(row: Mapping[str, Any], folded_title: str | None = None) -> str:
    """The row's `kind` (one of KINDS); "other" when nothing says what the work is.
    `folded_title`: the title already NFKC-folded (derive folds it once for every rule)."""
    raw = row.get("raw") or {}
    extra = raw.get("extra") or {} if isinstance(raw, Mapping) else {}
    if not isinstance(extra, Mapping):
        extra = {}
    category = nfkc(str(row.get("category") or ""))
    hints = [category, *(str(v) for v in extra.values() if isinstance(v, str))]
    kind = _lancers_path(hints)
    if kind:
        return kind
    if row.get("pay_type") == "writing":  # CrowdWorks' 記事単価: an article of a stated length
        return "writing"
    tags = [str(t) for t in row["tags"]] if isinstance(row.get("tags"), list | tuple) else []
    kind = next((SHUFTI_TAGS[t] for t in tags if t in SHUFTI_TAGS), None)
    kind = kind or _words(category) or _crowdworks_id(extra)
    title = folded_title if folded_title is not None else nfkc(str(row.get("title") or ""))
    return kind or _words(title) or "other"
