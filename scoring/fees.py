"""Each platform's worker fee, as dated data rows, applied the way the platforms' own examples do.

Amounts are whole yen. A listed amount is taken as the pre-tax contract amount C (docs/SCORING.md);
consumption tax (10%) is added to it and to the fee, fractions of a yen rounded down, exactly as in
the official worked examples:

* CrowdWorks: tiers 20% / 10% / 5% on the tax-inclusive amount T = C × 1.1, plus tax on the fee;
  task format a flat 20%.  C = 10,000円 → T 11,000 − (2,200 + 220) = **8,580円**.
* Lancers: 15% of C plus tax on the fee (16.5% of C), official FAQ.  10,000円 → 11,000 − 1,650 =
  **9,350円**; the setting ``lancers_fee_base = "tax_incl"`` gives a blog's reading, 9,185円.
* Shufti: no official figure; a provisional 11% (10% + tax) of the listed amount, and no tax is
  added because nobody knows whether Shufti's prices include it. Shufti figures are estimates.

`net_amount` is the exact, rounded amount for one contract (`tanka net`); `net_value` is the same
rule without rounding, for rates (yen per hour, per character) where rounding one unit would distort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class FeeRule:
    site: str
    name: str
    value: float
    effective_from: date | None  # None: not known since when (or not confirmed at all)
    source: str
    confirmed: bool


CW_FEE_PAGE = "https://crowdworks.jp/pages/guides/employee/fee"
LANCERS_NOTICE = "https://info.lancers.jp/28688"
LANCERS_FAQ = "https://www.lancers.jp/faq/A1034/945"
SHUFTI_SOURCES = "hakentobaito.com/shufti, heirnet.org (third party; no official page)"
SHUFTI_FEES_PAGE = "https://help.shufti.jp/support/solutions/articles/158000411223 (as recorded 2026-09-16)"

FEE_RULES: tuple[FeeRule, ...] = (
    FeeRule("all", "consumption_tax_rate", 0.10, date(2019, 10, 1), "消費税法 (standard rate 10%)", True),
    FeeRule("crowdworks", "tier1_rate", 0.20, None, CW_FEE_PAGE + " (10万円以下の部分)", True),
    FeeRule("crowdworks", "tier1_limit_yen", 100_000, None, CW_FEE_PAGE, True),
    FeeRule("crowdworks", "tier2_rate", 0.10, None, CW_FEE_PAGE + " (10万円超20万円以下の部分)", True),
    FeeRule("crowdworks", "tier2_limit_yen", 200_000, None, CW_FEE_PAGE, True),
    FeeRule("crowdworks", "tier3_rate", 0.05, None, CW_FEE_PAGE + " (20万円超の部分)", True),
    FeeRule("crowdworks", "task_rate", 0.20, date(2017, 6, 1),
            CW_FEE_PAGE + " (タスク形式); free 2015-10 → 2017-06-01, crowdworks.co.jp/news/0007152", True),
    FeeRule("lancers", "rate", 0.15, date(2022, 10, 1),
            LANCERS_NOTICE + " (一律16.5%(税込)); " + LANCERS_FAQ + " (税抜の15%, 税込16.5%)", True),
    FeeRule("shufti", "rate", 0.11, None, SHUFTI_SOURCES + ": 10% (税込11%)", False),
    FeeRule("shufti", "payout_fee_yen", 330, date(2025, 11, 5), SHUFTI_FEES_PAGE, False),
)

SITES = ("crowdworks", "lancers", "shufti")


class UnknownSite(LookupError):
    pass


def rule(site: str, name: str) -> FeeRule:
    for fee in FEE_RULES:
        if fee.site == site and fee.name == name:
            return fee
    raise KeyError(f"no fee rule {site}/{name}")


def is_estimate(site: str, fees: Mapping[str, Any] | None = None) -> bool:
    """True when the site's fee is not confirmed (Shufti), or tanka has no fee rule for the site
    (its figures are then before any fee): its net figures are estimates."""
    return site == "shufti" or site not in SITES


def _setting(fees: Mapping[str, Any] | None, key: str, default: Any) -> Any:
    value = (fees or {}).get(key)
    return default if value is None else value


_cache: dict[tuple[str, int], tuple[Any, dict[str, float]]] = {}


def _rates(site: str, fees: Mapping[str, Any] | None) -> dict[str, float]:
    """The site's rules as numbers, with any `<site>_<name>` override from the [fees] settings.
    Remembered per settings object (a crawl passes the same one for every row)."""
    cached = _cache.get((site, id(fees)))
    if cached is not None and cached[0] is fees:
        return cached[1]
    if len(_cache) > 64:
        _cache.clear()
    rates = _read_rates(site, fees)
    _cache[(site, id(fees))] = (fees, rates)
    return rates


def _read_rates(site: str, fees: Mapping[str, Any] | None) -> dict[str, float]:
    out = {f.name: float(_setting(fees, f"{site}_{f.name}", f.value)) for f in FEE_RULES if f.site == site}
    if "rate" in out:  # the settings file calls it <site>_fee_rate (shufti_fee_rate = 0.11)
        out["rate"] = float(_setting(fees, f"{site}_fee_rate", out["rate"]))
    out["tax"] = float(_setting(fees, "consumption_tax_rate", rule("all", "consumption_tax_rate").value))
    if site == "lancers":  # which amount the 15% is taken from: open question, a setting (DOMAIN.md §1.3)
        out["fee_base"] = 1.0 if _setting(fees, "lancers_fee_base", "pre_tax") == "tax_incl" else 0.0
    return out


def _crowdworks_fee_excl(total: float, rates: Mapping[str, float], task: bool) -> float:
    if task:
        return rates["task_rate"] * total
    limit1, limit2 = rates["tier1_limit_yen"], rates["tier2_limit_yen"]
    return (rates["tier1_rate"] * min(total, limit1)
            + rates["tier2_rate"] * min(max(total - limit1, 0.0), limit2 - limit1)
            + rates["tier3_rate"] * max(total - limit2, 0.0))


def _received(site: str, amount: float, pay_type: str | None, fees: Mapping[str, Any] | None,
              rounded: bool) -> float:
    if site not in SITES:
        raise UnknownSite(f"unknown site {site!r} (known: {', '.join(SITES)})")
    floor = (lambda x: float(int(x + 1e-9))) if rounded else (lambda x: x)
    rates = _rates(site, fees)
    if site == "shufti":
        return floor(amount * (1 - rates["rate"]))
    total = floor(amount * (1 + rates["tax"]))  # the tax-inclusive contract amount T
    if site == "crowdworks":
        fee_excl = floor(_crowdworks_fee_excl(total, rates, pay_type == "task"))
    else:
        fee_excl = floor(rates["rate"] * (total if rates["fee_base"] else amount))
    fee = fee_excl + floor(fee_excl * rates["tax"])
    return max(total - fee, 0.0)


def net_amount(site: str, amount: int, pay_type: str | None = None, fees: Mapping[str, Any] | None = None) -> int:
    """Yen reaching the worker (tax-inclusive, as paid out) for one contract of `amount` yen (pre-tax).

    >>> net_amount("crowdworks", 10000), net_amount("lancers", 10000), net_amount("shufti", 100)
    (8580, 9350, 89)
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    return int(_received(site, amount, pay_type, fees, rounded=True))


def net_from_tax_inclusive(site: str, total: int, pay_type: str | None = None,
                           fees: Mapping[str, Any] | None = None) -> int:
    """Like net_amount, for a tax-inclusive contract amount T (CrowdWorks' 250,000円 example → 214,250)."""
    if total < 0:
        raise ValueError("amount must not be negative")
    if site != "crowdworks":
        tax = float(_setting(fees, "consumption_tax_rate", 0.10))
        return net_amount(site, int(total / (1 + tax) + 1e-9), pay_type, fees)
    rates = _rates(site, fees)
    fee_excl = int(_crowdworks_fee_excl(total, rates, pay_type == "task") + 1e-9)
    return total - fee_excl - int(fee_excl * rates["tax"] + 1e-9)


def net_value(site: str, amount: float, pay_type: str | None = None, fees: Mapping[str, Any] | None = None) -> float:
    """The same rule without rounding: for rates (¥/h, ¥/字) and tiny unit prices."""
    return _received(site, max(float(amount), 0.0), pay_type, fees, rounded=False)


def net_factor(site: str, pay_type: str | None = None, fees: Mapping[str, Any] | None = None) -> float:
    """Received ÷ listed for a small contract (the first tier): CW 0.858, Lancers 0.935, Shufti 0.89."""
    return net_value(site, 10_000.0, pay_type, fees) / 10_000.0
