"""The mirror's synthetic market: deterministic, and alive from one day to the next."""

from datetime import date

from tanka.mirror.world import World

START = date(2026, 11, 2)


def world(seed: int = 1, size: int = 200) -> World:
    return World(seed, size, START, kinds={"crowdworks": {"fixed": 1, "task": 1, "writing": 1}})


def ids(w: World, day: int) -> set[int]:
    return {g.id for g in w.open_gigs("crowdworks", day)}


def test_the_same_seed_gives_the_same_listings():
    a, b = world(), world()
    assert [(g.id, g.title, g.budget_max, g.unit_price) for g in a.open_gigs("crowdworks", 0)] == \
           [(g.id, g.title, g.budget_max, g.unit_price) for g in b.open_gigs("crowdworks", 0)]


def test_another_seed_gives_other_listings():
    assert [g.title for g in world(1).open_gigs("crowdworks", 0)] != \
           [g.title for g in world(2).open_gigs("crowdworks", 0)]


def test_day_zero_holds_about_size_open_listings():
    assert 150 <= len(ids(world(size=200), 0)) <= 250


def test_newest_first():
    gigs = world().open_gigs("crowdworks", 0)
    assert [g.id for g in gigs] == sorted((g.id for g in gigs), reverse=True)


def test_a_day_later_some_listings_closed_and_some_appeared():
    w = world()
    before, after = ids(w, 0), ids(w, 1)
    assert before - after
    assert after - before


def test_applicants_grow_with_the_days():
    w = world()
    pairs = [(gig, w.find("crowdworks", gig.id, 3)) for gig in w.open_gigs("crowdworks", 0)]
    still_open = [(gig, later) for gig, later in pairs if later is not None]
    assert len(still_open) >= 10  # enough listings live three days to say something
    assert all(later.applicants >= gig.applicants for gig, later in still_open)
    assert any(later.applicants > gig.applicants for gig, later in still_open)


def test_some_listings_change_their_price():
    w = world()
    changed = 0
    for gig in w.open_gigs("crowdworks", 0):
        later = w.find("crowdworks", gig.id, 4)
        if later and (later.budget_max, later.unit_price) != (gig.budget_max, gig.unit_price):
            changed += 1
    assert changed > 0


def test_a_closed_listing_is_found_only_when_asked():
    w = world()
    gone = next(iter(ids(w, 0) - ids(w, 1)))
    assert w.find("crowdworks", gone, 1) is None
    assert w.find("crowdworks", gone, 1, include_closed=True).id == gone


def test_kinds_follow_the_site_mix():
    kinds = {g.kind for g in world().open_gigs("crowdworks", 0)}
    assert kinds <= {"fixed", "task", "writing"}


def test_deadlines_are_in_the_future_of_the_mirror_day():
    w = world()
    for gig in w.open_gigs("crowdworks", 0):
        assert gig.deadline >= w.now(0).date()
