"""The same gig posted more than once: on two sites, or twice on one site by the same client.

Two open listings are one gig when
* their clients have the same name (width and case folded), their titles are alike
  (ratio ≥ SAME_CLIENT_TITLE_RATIO: all but identical) and they pay the same — on one site
  (mass posting) or on two; or
* they are on different sites, their titles are the same or nearly so (ratio ≥ TITLE_RATIO, and
  long enough not to be a generic 「データ入力」), they pay the same (within PAY_TOLERANCE), and
  their clients' names, where both are shown, are alike (usernames differ between sites).
Groups are transitive (union-find) and named after their first member (site, id order).
Titles are compared as keys without decoration (symbols, emoji, brackets, stock phrases), distinct
keys first, so thousands of listings with one templated title cost one comparison.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from tanka.normalize.text import nfkc

SAME_CLIENT_TITLE_RATIO = 0.95  # one gig posted again, not two topics of one client ("筋トレ" vs "節約術")
TITLE_RATIO = 0.9
CLIENT_RATIO = 0.6
PAY_TOLERANCE = 0.15
MIN_KEY_CHARS = 10  # shorter titles (「データ入力」) say too little to call two listings one gig
# Fuzzy title matches are looked for among titles sharing this many leading characters.
_PREFIX, _CLIENT_PREFIX = 6, 3
_WINDOW = 30  # listings of one title, sorted by pay: each is compared with this many before it

# Decoration that differs between two postings of one gig: symbols, emoji, brackets, spaces and a
# few stock phrases.
_NOT_WORD = re.compile(r"[^0-9a-z\u3040-\u30ff\u3400-\u9fff]+")
_STOCK = re.compile(r"急募|募集(?:中|します)?|お願いします|のお仕事|のお願い|初心者(?:さん)?(?:大)?歓迎|未経験(?:者)?(?:ok|歓迎)|"
                    r"完全在宅|在宅ok|在宅|継続あり|長期|スキマ時間|主婦(?:さん)?(?:大)?歓迎")


@dataclass(frozen=True)
class DupCandidate:
    site: str
    listing_id: str
    title: str | None
    client_name: str | None
    pay_yen: float | None  # one comparable gross figure: hourly, unit price, or budget


def title_key(title: str | None) -> str:
    """「【急募】商品情報の データ入力 ★在宅OK」 and 「商品情報のデータ入力（在宅）」 → the same key."""
    if not title:
        return ""
    return _NOT_WORD.sub("", _STOCK.sub("", nfkc(title).lower()))


def client_key(name: str | None) -> str:
    return _NOT_WORD.sub("", nfkc(name).lower()) if name else ""


def same_pay(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= PAY_TOLERANCE * max(a, b)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _cluster(keys: list[str], ratio: float, prefix: int) -> dict[str, str]:
    """key → representative key, joining alike keys (only keys sharing `prefix` leading characters)."""
    union = _UnionFind()
    index = {key: n for n, key in enumerate(keys)}
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        blocks[key[:prefix]].append(key)
    for block in blocks.values():
        for n, a in enumerate(block):
            for b in block[n + 1:]:
                matcher = SequenceMatcher(None, a, b, autojunk=False)
                if matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio:
                    union.union(index[a], index[b])
    return {key: keys[union.find(index[key])] for key in keys}


def _clients_alike(a: str, b: str) -> bool:
    return not a or not b or a == b or SequenceMatcher(None, a, b, autojunk=False).ratio() >= CLIENT_RATIO


def _join_same_pay(union: _UnionFind, items: list[DupCandidate], members: list[int],
                   allowed: Callable[[int, int], bool]) -> None:
    """Join members that pay the same: sorted by pay, each is compared with the few before it."""
    if len(members) < 2:
        return
    members.sort(key=lambda i: (items[i].pay_yen is None, items[i].pay_yen or 0))
    for n, i in enumerate(members):
        for j in members[max(0, n - _WINDOW):n]:
            if same_pay(items[i].pay_yen, items[j].pay_yen) and allowed(i, j):
                union.union(i, j)


def group_duplicates(rows: Iterable[DupCandidate]) -> dict[tuple[str, str], str]:
    """(site, listing_id) → group id, for every listing that has a duplicate."""
    items = sorted(rows, key=lambda r: (r.site, r.listing_id))
    keys = [title_key(r.title) for r in items]
    clients = [client_key(r.client_name) for r in items]
    union = _UnionFind()
    # Same client, alike titles (any sites).
    by_client: dict[str, list[int]] = defaultdict(list)
    for i, client in enumerate(clients):
        if client and keys[i]:
            by_client[client].append(i)
    for members in by_client.values():
        if len(members) < 2:
            continue
        clusters = _cluster(sorted({keys[i] for i in members}), SAME_CLIENT_TITLE_RATIO, _CLIENT_PREFIX)
        by_title: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_title[clusters[keys[i]]].append(i)
        for alike in by_title.values():
            _join_same_pay(union, items, alike, lambda i, j: True)
    # Different sites, (nearly) the same title, the same pay.
    long_keys = sorted({k for k in keys if len(k) >= MIN_KEY_CHARS})
    clusters = _cluster(long_keys, TITLE_RATIO, _PREFIX)
    by_title: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key in clusters:
            by_title[clusters[key]].append(i)
    for members in by_title.values():
        _join_same_pay(union, items, members,
                       lambda i, j: items[i].site != items[j].site and _clients_alike(clients[i], clients[j]))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in list(union.parent):
        groups[union.find(i)].append(i)
    out = {}
    for root, members in groups.items():
        if len(members) < 2:
            continue
        first_member = items[root]
        group_id = "dup-" + hashlib.sha1(f"{first_member.site}:{first_member.listing_id}".encode()).hexdigest()[:10]
        for i in members:
            out[(items[i].site, items[i].listing_id)] = group_id
    return out
