"""Platform fees against the platforms' own worked examples (../shared/docs/DOMAIN.md §1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.cli import main
from tanka.scoring.fees import fee_rules, net_amount, net_factor, net_from_tax_inclusive, net_value
from tanka.sites import site_names

SITES = tuple(site_names())
FEE_RULES = fee_rules()


def test_crowdworks_official_example():
    # crowdworks.jp/pages/guides/employee/fee: 10,000円 → 11,000 − (2,200 + 220) = 8,580円
    assert net_amount("crowdworks", 10_000) == 8580


def test_crowdworks_tiers_on_a_tax_inclusive_250000():
    # writer-biz.com: fee 20,000 + 10,000 + 2,500 = 32,500, + tax 3,250 → 214,250円
    assert net_from_tax_inclusive("crowdworks", 250_000) == 214_250


def test_crowdworks_100000_crosses_into_the_second_tier():
    # T = 110,000: 20,000 + 1,000 = 21,000 + tax 2,100 → 86,900
    assert net_amount("crowdworks", 100_000) == 86_900


def test_crowdworks_task_format_is_a_flat_20_percent():
    # T = 110: 22 + 2 = 24 → 86
    assert net_amount("crowdworks", 100, pay_type="task") == 86


def test_crowdworks_task_format_stays_20_percent_above_the_tier():
    assert net_amount("crowdworks", 300_000, pay_type="task") == 330_000 - 66_000 - 6_600


def test_lancers_official_faq():
    # lancers.jp/faq/A1034/945: 15% of the pre-tax amount + tax → 11,000 − 1,650 = 9,350円
    assert net_amount("lancers", 10_000) == 9350


def test_lancers_tax_inclusive_reading():
    # drama.co.jp: 16.5% of 11,000 = 1,815 → 9,185円 (the setting lancers_fee_base = "tax_incl")
    assert net_amount("lancers", 10_000, fees={"lancers_fee_base": "tax_incl"}) == 9185


def test_shufti_provisional_rate():
    # DOMAIN.md §1.4: 100円 → 89円 at 11%
    assert net_amount("shufti", 100) == 89


def test_shufti_rate_is_a_setting():
    assert net_amount("shufti", 100, fees={"shufti_fee_rate": 0.2}) == 80


def test_any_rule_can_be_overridden_by_name():
    assert net_amount("crowdworks", 100, pay_type="task", fees={"crowdworks_task_rate": 0.0}) == 110


def test_net_factors_match_domain_md():
    assert [round(net_factor(site), 4) for site in SITES] == [0.858, 0.935, 0.89]


def test_every_fee_rule_names_its_source():
    assert all(rule.source for rule in FEE_RULES)


def test_only_shufti_rules_are_unconfirmed():
    assert {rule.site for rule in FEE_RULES if not rule.confirmed} == {"shufti"}


def test_unknown_site_is_an_error():
    with pytest.raises(LookupError):
        net_amount("coconala", 1000)


@given(st.sampled_from(SITES), st.integers(min_value=0, max_value=10**9), st.sampled_from([None, "task"]))
def test_net_is_never_negative_nor_above_the_tax_inclusive_amount(site, amount, pay_type):
    assert 0 <= net_amount(site, amount, pay_type) <= amount * 1.1 + 1


@given(st.sampled_from(SITES), st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=10**6))
def test_more_pay_never_nets_less(site, amount, more):
    assert net_amount(site, amount + more) >= net_amount(site, amount)


@given(st.sampled_from(SITES), st.floats(min_value=0, max_value=1e7))
def test_unrounded_value_is_within_a_yen_or_two_of_the_rounded_one(site, amount):
    assert abs(net_value(site, amount) - net_amount(site, int(amount))) <= net_factor(site) + 3


# --- `tanka net SITE AMOUNT` --------------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "printed"), [
    (["crowdworks", "10000"], "8580"),
    (["lancers", "10000"], "9350"),
    (["shufti", "100"], "89"),
    (["crowdworks", "100", "--pay-type", "task"], "86"),
])
def test_tanka_net_prints_only_the_amount(capsys, argv, printed):
    assert main(["net", *argv]) == 0
    assert capsys.readouterr().out == printed + "\n"


def test_tanka_net_reads_the_fee_settings(tmp_path, capsys):
    settings = tmp_path / "tanka.toml"
    settings.write_text('[fees]\nlancers_fee_base = "tax_incl"\n', encoding="utf-8")
    assert main(["net", "lancers", "10000", "--config", str(settings)]) == 0
    assert capsys.readouterr().out == "9185\n"


def test_tanka_net_unknown_site_is_one_line_on_stderr(capsys):
    assert main(["net", "coconala", "1000"]) == 2  # a bad argument: argparse's usage status
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown site 'coconala'" in captured.err
