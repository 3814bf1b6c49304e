"""Your own list of gigs: `tanka mark SITE:ID STATE` and `tanka mine`."""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from typing import Any

from store import open_store
from store.marks import STATES, TAKEN, add_mark, listing_exists, mark_history, month_earned, my_gigs
from tanka.command import EXIT_OK, CommandError, add_command, read_only
from tanka.config import load_config
from tanka.i18n import _
from tanka.normalize.dates import TOKYO, tokyo_month
from tanka.output import format_table, truncate
from tanka.sites import site as site_info

_YEN = re.compile(r"^[¥￥]?\s*([0-9][0-9,]*)\s*円?$")


def parse_ref(text: str) -> tuple[str, str]:
    """"crowdworks:12345" → ("crowdworks", "12345"); the site must be a registered one."""
    site, sep, listing_id = text.strip().partition(":")
    if not sep or not site or not listing_id.strip():
        raise CommandError(_("{ref!r} is not SITE:ID (e.g. crowdworks:12345678)").format(ref=text))
    return site_info(site.strip().lower()).name, listing_id.strip()


def parse_yen_amount(text: str) -> int:
    match = _YEN.match(text.strip())
    if not match:
        raise CommandError(_("--earned takes an amount in yen, e.g. 8580 or 8,580円, not {text!r}").format(text=text))
    return int(match.group(1).replace(",", ""))


def goal_yen(config: Any, profile: str | None) -> int:
    """The monthly goal: the profile's monthly_goal_yen, else [scoring] monthly_goal_yen, else 100,000."""
    section = config.profile(profile) if profile else {}
    value = section.get("monthly_goal_yen") or config.scoring.get("monthly_goal_yen") or 100_000
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise CommandError(_("monthly_goal_yen must be a number > 0, not {value!r}").format(value=value))
    return int(value)


def earned_line(earned: int, goal: int, gigs: int) -> str:
    share = earned / goal if goal else 0
    return _("This month: ¥{earned:,} earned of your ¥{goal:,} goal ({share:.0%}), from {gigs} gig(s) taken; "
             "¥{left:,} to go").format(earned=earned, goal=goal, share=share, gigs=gigs, left=max(goal - earned, 0))


def cmd_mark(args: argparse.Namespace) -> int:
    site, listing_id = parse_ref(args.listing)
    earned = parse_yen_amount(args.earned) if args.earned is not None else None
    if earned is not None and args.state not in TAKEN:
        raise CommandError(_("--earned goes with won or done, not {state}").format(state=args.state))
    now = datetime.now(TOKYO)
    with open_store(args.db) as con:
        if not listing_exists(con, site, listing_id):
            raise CommandError(_("no listing {site}:{id} in {db} (see `tanka top` or `tanka mine` for ids)").format(
                site=site, id=listing_id, db=args.db))
        add_mark(con, site=site, listing_id=listing_id, state=args.state, now=now, note=args.note, earned_yen=earned)
    extra = _(", earned ¥{earned:,}").format(earned=earned) if earned is not None else ""
    print(_("marked {site}:{id} {state}{extra}").format(site=site, id=listing_id, state=args.state, extra=extra))
    return EXIT_OK


def add_mark_command(commands: Any) -> None:
    p = add_command(commands, "mark", cmd_mark,
                    _("mark a gig applied, saved, hidden, won, lost or done (kept with its history)"),
                    "tanka mark crowdworks:12345678 applied --note \"sent a proposal\"")
    p.add_argument("listing", metavar="SITE:ID", help=_("the gig, e.g. crowdworks:12345678"))
    p.add_argument("state", choices=STATES)
    p.add_argument("--note", help=_("a note kept with the mark"))
    p.add_argument("--earned", metavar="YEN", help=_("with won/done: what the gig paid you, after the site's fee"))


def _on_site(row: dict[str, Any], now: datetime) -> str:
    if row.get("listing_status") is None:
        return _("not stored")
    if row["listing_status"] != "open":
        closed = row.get("closed_at")
        return _("closed {when:%m-%d}").format(when=closed.astimezone(TOKYO)) if closed else _("closed")
    parts = [_("open")]
    deadline = row.get("deadline")
    if deadline is not None:
        parts.append(_("until {when:%m-%d %H:%M}").format(when=deadline.astimezone(TOKYO)))
    if row.get("applicants") is not None:
        parts.append(_("{n} applied").format(n=row["applicants"]))
    return ", ".join(parts)


def cmd_mine(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    goal = goal_yen(config, args.profile)
    now = datetime.now(TOKYO)
    con = read_only(args.db)
    try:
        rows = my_gigs(con, args.state or None)
        month = month_earned(con, *tokyo_month(now))
        history = {(r["site"], r["listing_id"]): mark_history(con, r["site"], r["listing_id"])
                   for r in rows} if args.history else {}
    finally:
        con.close()
    if not rows:
        print(_("No marked gigs yet. Mark one with: tanka mark SITE:ID applied|saved|hidden|won|lost|done"))
    else:
        table = [(f"{r['marked_at'].astimezone(TOKYO):%m-%d %H:%M}", r["state"], f"{r['site']}:{r['listing_id']}",
                  truncate(r.get("title") or "", 40), _on_site(r, now),
                  "" if r.get("earned_yen") is None else f"¥{r['earned_yen']:,}", r.get("note") or "")
                 for r in rows]
        print(format_table([_("marked"), _("state"), _("gig"), _("title"), _("on the site now"), _("earned"),
                            _("note")], table, max_width=44))
        for (site, listing_id), marks in history.items():
            print(f"\n{site}:{listing_id}")
            for mark in marks:
                earned = "" if mark["earned_yen"] is None else f"  ¥{mark['earned_yen']:,}"
                print(f"  {mark['marked_at'].astimezone(TOKYO):%Y-%m-%d %H:%M}  {mark['state']}{earned}"
                      f"  {mark['note'] or ''}".rstrip())
    print()
    print(earned_line(month.earned_yen, goal, month.taken))
    return EXIT_OK


def add_mine(commands: Any) -> None:
    p = add_command(commands, "mine", cmd_mine, _("your marked gigs, their state on the site, and the month's "
                                                  "earnings against your goal"), "tanka mine --state applied")
    p.add_argument("--state", action="append", choices=STATES, help=_("only this state (repeatable)"))
    p.add_argument("--history", action="store_true", help=_("every mark of each gig, oldest first"))
    p.add_argument("--profile", help=_("use this profile's monthly_goal_yen"))


