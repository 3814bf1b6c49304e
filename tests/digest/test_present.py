"""How one listing row is shown: money, bands, competition, client, deadline, flags, and hostile text."""

import re
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanka.digest.present import (
    band,
    client_text,
    competition_text,
    deadline_text,
    flag_text,
    net_price_text,
    one_line,
    present,
    price_text,
    safe_url,
    yen,
)
from tests.digest.conftest import HOSTILE_TITLE, NOW, listing


def show(**values):
    return present(listing("1", **values), now=NOW, benchmark=1121, writing_speed=500)


@given(st.text())
def test_one_line_never_keeps_a_line_break_or_control(text):
    out = one_line(text)
    assert not any(c in out for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00")


@given(st.text(), st.integers(min_value=2, max_value=300))
def test_one_line_respects_the_limit(text, limit):
    assert len(one_line(text, limit)) <= limit


def test_one_line_flattens_a_header_injection_attempt():
    assert one_line(HOSTILE_TITLE) == "<script>alert(1)</script> 危険な案件 Bcc: evil@example.com"


@given(st.text())
def test_safe_url_only_passes_http_addresses(text):
    out = safe_url(text)
    assert out is None or out.startswith(("http://", "https://"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://x.jp/a b", "data:text/html,hi", "//x.jp", None, 7,
                                 "https://x.jp/\nBcc: y"])
def test_unsafe_urls_get_no_link(url):
    assert safe_url(url) is None


def test_a_listing_url_is_kept():
    assert safe_url("https://crowdworks.jp/public/jobs/13426523") == "https://crowdworks.jp/public/jobs/13426523"


# ----- links only to the sites (issue 17, part 5) ---------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://www.lancers.jp/work/detail/5", "https://app.shufti.jp/jobs/7",
                                 "http://127.0.0.1:8123/public/jobs/9"])
def test_the_sites_and_the_demo_mirror_are_linked(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", ["https://evil.example/jobs/1", "https://crowdworks.jp.evil.example/jobs/1",
                                 "https://xn--crowdwrks-s5a.jp/jobs/1", "http://192.168.1.1/admin"])
def test_an_address_off_the_sites_is_not_linked(url):
    assert safe_url(url) is None


def test_an_address_off_the_sites_shows_as_text_no_client_links():
    gig = show(url="https://evil.example/pay?x=1")
    assert (gig.url, gig.other_url) == (None, "https[:]//evil[.]example/pay?x=1")


def test_a_site_address_has_no_plain_text_copy():
    assert show().other_url == ""


def test_the_rendered_digest_links_only_to_the_sites(tmp_path):
    from tanka.digest import build
    from tanka.digest.profile import load_profile
    from tests.digest.conftest import ROWS, RUNS, settings_file, write_rows

    rows = [{**ROWS[0], "url": "https://evil.example/steal"}, *ROWS[1:]]
    write_rows(tmp_path / "tanka.duckdb", rows, RUNS)
    config = settings_file(tmp_path, 25)
    rendered = build(config, tmp_path / "tanka.duckdb", load_profile(config, "demo"), NOW)[1]
    hrefs = re.findall(r'href="([^"]+)"', rendered.html)
    assert hrefs and not [h for h in hrefs if "evil" in h] and "evil.example" not in rendered.text
    assert "evil[.]example" in rendered.html and "evil[.]example" in rendered.text


@pytest.mark.parametrize(("amount", "text"), [(None, "unknown"), (1287.4, "¥1,287"), (55, "¥55"), (1.0296, "¥1.03"),
                                               (0.5, "¥0.5")])
def test_yen(amount, text):
    assert yen(amount) == text


@pytest.mark.parametrize(("hourly", "key"), [(None, "unknown"), (500, "red"), (561, "amber"), (1120, "amber"),
                                             (1121, "green"), (1681, "green"), (1682, "highlight")])
def test_bands_follow_the_benchmark(hourly, key):
    assert band(hourly, 1121)[0] == key


def test_the_stored_band_wins():
    assert band(1300, 1121, "amber")[0] == "amber"


def test_a_band_just_below_the_benchmark_does_not_read_as_one_times():
    assert band(1068, 1121)[1] == "practice only (0.9× minimum wage)"


def test_price_of_an_hourly_gig():
    assert price_text(listing("1", pay_type="hourly", hourly_min_yen=1500, hourly_max_yen=2000)) == "¥1,500–2,000 an hour"


def test_price_of_a_task():
    row = listing("1", pay_type="task", unit_price_yen=110, unit_minutes=3.0)
    assert price_text(row) == "¥110 per task (about 3 min each)"


def test_price_of_an_article():
    row = listing("1", pay_type="writing", unit_price_yen=1200, unit_chars=1000, yen_per_char=1.2)
    assert price_text(row) == "¥1,200 per article (1,000 chars, ¥1.20/char)"


def test_price_of_a_negotiable_project():
    assert price_text(listing("1", pay_type="fixed")) == "pay not stated"


def test_net_price_of_an_article_is_also_per_character():
    row = listing("1", pay_type="writing", unit_price_yen=1200, yen_per_char=1.2, net_unit_yen=1068, net_is_estimate=True)
    assert net_price_text(row) == "≈¥1,068 per article after the fee, ¥1.07/char"


def test_net_price_of_a_fixed_budget():
    row = listing("1", pay_type="fixed", net_budget_min_yen=8580, net_budget_max_yen=17160)
    assert net_price_text(row) == "¥8,580–17,160 after the fee"


def test_net_price_of_a_contest_names_the_expected_value():
    row = listing("1", pay_type="competition", net_budget_min_yen=25740, net_budget_max_yen=25740,
                  expected_value_yen=2340)
    assert net_price_text(row) == "¥25,740 after the fee; ¥2,340 per entry on average (paid only if you win)"


def test_an_unscored_row_has_no_net_price():
    assert net_price_text(listing("1", pay_type="task", unit_price_yen=55)) is None


def test_competition_of_a_project():
    assert competition_text(listing("1", applicants=12, slots=3)) == "12 applicants for 3 places · 4.0 per place"


def test_competition_of_a_task():
    assert competition_text(listing("1", pay_type="task", applicants=120, slots=500)) == "120 of 500 items done"


def test_competition_unknown():
    assert competition_text(listing("1")) == "applicants unknown"


def test_client_trust():
    row = listing("1", client_name="株式会社サンプル", client_rating=4.8, client_orders=23, client_completion_rate=95.0,
                  client_verified=True)
    assert client_text(row) == "株式会社サンプル · rated 4.8/5 · 23 orders · 95% completed · identity verified"


def test_client_without_a_rating_says_so():
    assert client_text(listing("1", client_verified=False)) == "not rated yet · identity NOT verified"


def test_deadline_tomorrow():
    assert deadline_text(NOW + timedelta(days=1), NOW) == "closes tomorrow (Sun, 11/29 07:30)"


def test_no_deadline():
    assert deadline_text(None, NOW) == "no deadline shown"


def test_flag_codes_read_as_sentences():
    assert flag_text("upfront_payment") == "asks you to pay or buy something first"


def test_an_unknown_flag_is_shown_as_it_is():
    assert flag_text("new_flag") == "new_flag"


def test_an_unscored_listing_is_shown_as_unscored():
    gig = show(pay_type="competition", budget_max_yen=30000)
    assert (gig.score, gig.net_hourly_text, gig.band, gig.hourly_basis) == (None, "unknown", "unknown", "")


def test_the_hourly_basis_names_the_writing_speed():
    assert show(net_hourly_yen=900.0, hourly_basis="writing_speed").hourly_basis == (
        "assuming you write 500 characters an hour")


def test_an_unconfirmed_fee_marks_the_hourly_pay():
    assert show(net_hourly_yen=900.0, hourly_basis="site_estimate", net_is_estimate=True).net_hourly_text == "≈¥900/h"


def test_hostile_reasons_and_flags_are_flattened():
    gig = show(score_reasons=["a\r\nb"], risk_flags=["x\ny", ""])
    assert (gig.reasons, gig.flags) == (["a b"], ["x y"])
