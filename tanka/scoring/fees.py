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

The rule rows themselves live with each site's spider (`fees = FeeSchedule(...)` in
spiders/<site>.py), found through the site registry (tanka.sites); this module only applies them.

`net_amount` is the exact, rounded amount for one contract (`tanka net`); `net_value` is the same
rule without rounding, for rates (yen per hour, per character) where rounding one unit would distort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class FeeSchedule:
    """How one site takes its fee: named FeeRule rows (each overridable in [fees] as
    `<site>_<name>`; a rule called `rate` also as `<site>_fee_rate`) and the way they combine.

    * `tiers`: (rate rule, upper limit rule or None) from the first yen up, as CrowdWorks' 20/10/5%.
    * `pay_type_rates`: a flat rate rule for one pay type (CrowdWorks' task format).
    * `adds_tax`: the listed amount is pre-tax; consumption tax is added to it and to the fee, as in
      the platforms' own examples. False: the fee rate is taken from the listed amount as it is.
    * `fee_on_total`: the fee is taken from the tax-inclusive amount (else from the listed one);
      `fee_base_setting` names a [fees] key whose value "tax_incl" / "pre_tax" overrides it.
    A site is an estimate (≈ in every output) while any of its rate rules is unconfirmed.

    Each spider declares its schedule (`ListingSpider.fees`): tanka.sites finds it.
    """

    rules: tuple[FeeRule, ...]
    tiers: tuple[tuple[str, str | None], ...] = (("rate", None),)
    pay_type_rates: Mapping[str, str] = field(default_factory=dict)
    adds_tax: bool = True
    fee_on_total: bool = False
    fee_base_setting: str | None = None

    @property
    def site(self) -> str:
        return self.rules[0].site

    @property
    def confirmed(self) -> bool:
        rate_names = {rate for rate, _ in self.tiers} | set(self.pay_type_rates.values())
        return all(r.confirmed for r in self.rules if r.name in rate_names)

    def rule(self, name: str) -> FeeRule:
        for fee in self.rules:
            if fee.name == name:
                return fee
        raise KeyError(f"no fee rule {self.site}/{name}")


CONSUMPTION_TAX = FeeRule("all", "consumption_tax_rate", 0.10, date(2019, 10, 1), "消費税法 (standard rate 10%)", True)


def schedule_for(site: str) -> FeeSchedule | None:
    """The site's fee schedule from the site registry; None for a site tanka has no rule for."""
    from tanka.sites import registry

    info = next((s for s in registry() if s.name == site), None)
    return info.fees if info is not None else None


def fee_rules() -> tuple[FeeRule, ...]:
    """Every fee rule: the consumption tax, then each registered site's rows."""
    from tanka.sites import registry

    return (CONSUMPTION_TAX, *(rule for s in registry() if s.fees for rule in s.fees.rules))


def rule(site: str, name: str) -> FeeRule:
    if site == "all" and name == CONSUMPTION_TAX.name:
        return CONSUMPTION_TAX
    schedule = schedule_for(site)
    if schedule is None:
        raise KeyError(f"no fee rule {site}/{name}")
    return schedule.rule(name)


def is_estimate(site: str, fees: Mapping[str, Any] | None = None) -> bool:
    """True when the site's fee is not confirmed, or tanka has no fee rule for the site (its
    figures are then before any fee): its net figures are estimates."""
    schedule = schedule_for(site)
    return schedule is None or not schedule.confirmed


def _setting(fees: Mapping[str, Any] | None, key: str, default: Any) -> Any:
    value = (fees or {}).get(key)
    return default if value is None else value


_cache: dict[tuple[str, int], tuple[Any, dict[str, float]]] = {}


def _rates(schedule: FeeSchedule, fees: Mapping[str, Any] | None) -> dict[str, float]:
    """The site's rules as numbers, with any `<site>_<name>` override from the [fees] settings.
    Remembered per settings object (a crawl passes the same one for every row)."""
    cached = _cache.get((schedule.site, id(fees)))
    if cached is not None and cached[0] is fees:
        return cached[1]
    if len(_cache) > 64:
        _cache.clear()
    rates = _read_rates(schedule, fees)
    _cache[(schedule.site, id(fees))] = (fees, rates)
    return rates


def _read_rates(schedule: FeeSchedule, fees: Mapping[str, Any] | None) -> dict[str, float]:
    site = schedule.site
    out = {f.name: float(_setting(fees, f"{site}_{f.name}", f.value)) for f in schedule.rules}
    if "rate" in out:  # the settings file calls it <site>_fee_rate (shufti_fee_rate = 0.11)
        out["rate"] = float(_setting(fees, f"{site}_fee_rate", out["rate"]))
    out["tax"] = float(_setting(fees, "consumption_tax_rate", CONSUMPTION_TAX.value))
    on_total = schedule.fee_on_total
    if schedule.fee_base_setting:  # which amount the rate is taken from: a setting (DOMAIN.md §1.3)
        on_total = _setting(fees, schedule.fee_base_setting, "tax_incl" if on_total else "pre_tax") == "tax_incl"
    out["fee_on_total"] = 1.0 if on_total else 0.0
    return out


def _fee_excl(schedule: FeeSchedule, base: float, rates: Mapping[str, float], pay_type: str | None) -> float:
    """The fee before tax on `base`: a pay type's flat rate, else the tiers from the first yen up."""
    flat = schedule.pay_type_rates.get(pay_type or "")
    if flat:
        return rates[flat] * base
    fee, floor_yen = 0.0, 0.0
    for rate, limit in schedule.tiers:
        ceiling = rates[limit] if limit else float("inf")
        fee += rates[rate] * max(min(base, ceiling) - floor_yen, 0.0)
        floor_yen = ceiling
    return fee


def _known(site: str) -> FeeSchedule:
    schedule = schedule_for(site)
    if schedule is None:
        from tanka.sites import UnknownSite
        from tanka.sites import site as registered

        registered(site)  # an unknown name: UnknownSite naming the known ones
        raise UnknownSite(f"no fee rule for {site!r} yet: its spider declares no `fees`")
    return schedule


def _received(site: str, amount: float, pay_type: str | None, fees: Mapping[str, Any] | None,
              rounded: bool) -> float:
    schedule = _known(site)
    floor = (lambda x: float(int(x + 1e-9))) if rounded else (lambda x: x)
    rates = _rates(schedule, fees)
    if not schedule.adds_tax:
        return floor(amount - _fee_excl(schedule, amount, rates, pay_type))
    total = floor(amount * (1 + rates["tax"]))  # the tax-inclusive contract amount T
    fee_excl = floor(_fee_excl(schedule, total if rates["fee_on_total"] else amount, rates, pay_type))
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
    schedule = _known(site)
    rates = _rates(schedule, fees)
    if not (schedule.adds_tax and rates["fee_on_total"]):
        return net_amount(site, int(total / (1 + rates["tax"]) + 1e-9), pay_type, fees)
    fee_excl = int(_fee_excl(schedule, total, rates, pay_type) + 1e-9)
    return total - fee_excl - int(fee_excl * rates["tax"] + 1e-9)


def net_value(site: str, amount: float, pay_type: str | None = None, fees: Mapping[str, Any] | None = None) -> float:
    """The same rule without rounding: for rates (¥/h, ¥/字) and tiny unit prices."""
    return _received(site, max(float(amount), 0.0), pay_type, fees, rounded=False)


def net_factor(site: str, pay_type: str | None = None, fees: Mapping[str, Any] | None = None) -> float:
    """Received ÷ listed for a small contract (the first tier): CW 0.858, Lancers 0.935, Shufti 0.89."""
    return net_value(site, 10_000.0, pay_type, fees) / 10_000.0
