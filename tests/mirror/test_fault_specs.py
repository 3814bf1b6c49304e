"""`--fault KIND[=ARG]@PATTERN`: the mirror's fault mode from the command line."""

import pytest

from tanka.mirror.faults import from_spec


def test_a_status_refuses_matching_pages():
    (fault,) = from_spec(r"403@^/work/detail/\d+")
    assert (fault.pattern, fault.status) == (r"^/work/detail/\d+", 403)


def test_429_carries_its_retry_after():
    (fault,) = from_spec("429=30@^/public/jobs")
    assert (fault.status, fault.headers["Retry-After"]) == (429, "30")


def test_503_bursts_say_how_many():
    (fault,) = from_spec("503=5@^/public/jobs")
    assert (fault.status, fault.times) == (503, 5)


def test_a_login_redirect_also_serves_the_login_page():
    assert [f.status for f in from_spec("login=lancers@^/work/search")] == [302, 200]


def test_an_encoding_is_checked():
    with pytest.raises(ValueError, match="unknown encoding: klingon"):
        from_spec("encoding=klingon@^/")


@pytest.mark.parametrize(("spec", "message"), [
    ("403", "say which pages"), ("melt@^/", "unknown kind 'melt'"), ("403@(", "missing \\)"),
    ("login=mixi@^/", "'mixi'"),
])
def test_a_bad_spec_is_a_clear_error(spec, message):
    with pytest.raises(ValueError, match=message):
        from_spec(spec)
