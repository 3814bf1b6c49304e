"""tanka/web/charts.py: SVG drawn on the server — readable axes, the minimum wage where it belongs,
and every text escaped."""

from __future__ import annotations

import re
from datetime import date, timedelta

import lxml.etree
import pytest

from tanka.web.charts import SpreadRow, history_chart, nice_ceiling, per_day_chart, spread_chart
from tests.conftest import tokyo


def yen(value: float) -> str:
    return f"¥{value:,.0f}"


@pytest.mark.parametrize(("value", "top"), [(0, 1), (1, 1), (1.2, 2), (2.1, 2.5), (3, 5), (1121, 2000),
                                            (1600, 2000), (9000, 10000)])
def test_nice_ceiling(value, top):
    assert nice_ceiling(value) == top


def parse(svg: str):
    return lxml.etree.fromstring(str(svg).encode())


def test_the_minimum_wage_line_sits_at_its_value():
    rows = [SpreadRow("データ入力", "5 gigs", 800, 1000, 1200, 1400, 1600)]
    svg = parse(spread_chart(rows, yen, "Net pay per hour", (1121, "minimum wage ¥1,121/h")))
    ns = {"s": "http://www.w3.org/2000/svg"}
    line = svg.find(".//s:line[@class='benchmark']", ns)
    # the axis runs 0 → ¥2,000 over 384 units from x=8
    assert float(line.get("x1")) == pytest.approx(8 + 384 * 1121 / 2000, abs=0.1)
    median = svg.find(".//s:line[@class='median']", ns)
    assert float(median.get("x1")) == pytest.approx(8 + 384 * 1200 / 2000, abs=0.1)


def test_labels_are_escaped():
    rows = [SpreadRow("<script>alert(1)</script>", "&", 1, 2, 3, 4, 5)]
    svg = str(spread_chart(rows, yen, "<b>title</b>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    parse(svg)  # well-formed


def test_a_history_steps_from_snapshot_to_snapshot_until_now():
    start = tokyo(2026, 12, 1, 9, 0)
    points = [(start, 1000), (start + timedelta(days=2), 1200)]
    svg = parse(history_chart(points, yen, "Pay", start + timedelta(days=4), lambda d: f"{d:%m/%d}"))
    path = svg.find(".//{http://www.w3.org/2000/svg}path").get("d")
    assert re.fullmatch(r"M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+ H392\.0", path)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "¥1,000" in texts and "¥1,200" in texts


def test_no_history_is_a_dash():
    assert ">—<" in str(history_chart([], yen, "Pay", tokyo(2026, 12, 1), str))


def test_per_day_bars_stack_the_sites_of_each_day():
    first = date(2026, 12, 1)
    counts = [(first, "CrowdWorks", 3), (first, "Lancers", 2), (first + timedelta(days=2), "Lancers", 5)]
    svg = parse(per_day_chart(counts, ["CrowdWorks", "Lancers"], first, first + timedelta(days=2), "New", str))
    bars = svg.findall(".//{http://www.w3.org/2000/svg}rect")
    assert [b.get("class") for b in bars] == ["bar series-0", "bar series-1", "bar series-1"]
    heights = [float(b.get("height")) for b in bars]
    assert heights[0] / heights[1] == pytest.approx(3 / 2) and heights[2] == pytest.approx(heights[0] + heights[1])
