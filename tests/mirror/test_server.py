"""The mirror's HTTP side: control endpoints, robots.txt, faults, request log."""

import json
import urllib.error
import urllib.request
from datetime import date

import pytest

from tanka.mirror.server import Fault, Mirror, MirrorSite, Page


def _echo(request):
    return Page(f"{request.path} day={request.day} page={request.page_number()}")


TOY = MirrorSite(name="toy", hosts={"TOY_BASE_URL": _echo}, kinds={"fixed": 1.0}, id_base=1000,
                 robots={"TOY_BASE_URL": "User-agent: *\nDisallow: /private/\n"})


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr("tanka.mirror.server.discover_sites", lambda: {"toy": TOY})
    mirror = Mirror(seed=3, listings=50, start_date=date(2026, 11, 2),
                    faults=[Fault(r"^/blocked", 403), Fault(r"^/slow", 429, times=1, headers={"Retry-After": "1"})])
    with mirror:
        yield mirror


def get(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as reply:
            return reply.status, reply.read().decode(), dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_pages_come_from_the_site_handler(toy):
    status, body, _ = get(toy.base_urls["TOY_BASE_URL"] + "/list?page=3")
    assert (status, body) == (200, "/list day=0 page=3")


def test_advance_moves_the_day(toy):
    base = toy.base_urls["TOY_BASE_URL"]
    status, body, _ = get(base + "/_mirror/advance?days=2", method="POST")
    assert status == 200
    assert json.loads(body)["day"] == 2
    assert get(base + "/x")[1] == "/x day=2 page=1"


def test_state_names_the_base_urls(toy):
    state = json.loads(get(toy.base_urls["TOY_BASE_URL"] + "/_mirror/state")[1])
    assert state["base_urls"] == toy.base_urls
    assert state["seed"] == 3


def test_robots_txt_is_served(toy):
    assert "Disallow: /private/" in get(toy.base_urls["TOY_BASE_URL"] + "/robots.txt")[1]


def test_a_fault_answers_instead_of_the_page(toy):
    assert get(toy.base_urls["TOY_BASE_URL"] + "/blocked/1")[0] == 403


def test_a_fault_limited_to_once_fires_once(toy):
    base = toy.base_urls["TOY_BASE_URL"]
    first = get(base + "/slow")
    assert (first[0], first[2]["Retry-After"]) == (429, "1")
    assert get(base + "/slow")[0] == 200


def test_requests_are_logged(toy):
    get(toy.base_urls["TOY_BASE_URL"] + "/a/1")
    get(toy.base_urls["TOY_BASE_URL"] + "/a/2")
    assert toy.requested(r"^/a/") == ["/a/1", "/a/2"]


def test_every_fault_option_counts(toy):
    fault = Fault(r"^/x", 403, every=2)
    assert [fault.applies("S", "/x") for _ in range(4)] == [False, True, False, True]
