"""Calendars (iCalendar, RFC 5545) derived from the checklists.

:func:`month_calendar` and :func:`year_calendar` turn checklist items that
have a real date into events a phone can import or subscribe to:

* the meeting slot as a timed event (2019-10-31 15:20–16:50, Asia/Shanghai);
* a meeting deadline (“2017年6月2日之前”), a work item's deadline, or a rule's
  fixed day as an all-day event on that day;
* an attachment's deadline with a time (“8月26日上午11:00前”) as an event at
  that moment with no duration (RFC 5545 3.6.1: a DTSTART with no DTEND);
* items with only a period (“11月中旬”, “长期坚持”, “10月内”) get no event: a
  period is never turned into a made-up day.

UIDs are ``<checklist id>@<site host>``, so re-publishing a month updates its
events in a subscribed calendar instead of duplicating them. Times are in
Asia/Shanghai with a VTIMEZONE, as the icalendar library writes it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from ..derive.checklist import ChecklistItem, derive_checklist
from ..model import MonthIssue, Organisation

TZ = ZoneInfo("Asia/Shanghai")
PRODID = "-//党支部组织生活指导材料//zh-CN"


def _events(issue: MonthIssue, org: Organisation, stamp: dt.datetime, checklist=None) -> list[icalendar.Event]:
    host = urlsplit(org.site_url).hostname or "localhost"
    page = f"{org.site_url}{issue.key}/"
    events = []
    for item in derive_checklist(issue) if checklist is None else checklist:
        event = _event(issue, item)
        if event is None:
            continue
        event.add("uid", f"{item.id}@{host}")
        event.add("dtstamp", stamp)
        event.add("url", page)
        desc = f"{issue.display_title}：{item.source}。责任人：{item.responsible}。"
        if item.basis:
            desc += f"依据：{item.basis}"
        event.add("description", desc)
        events.append(event)
    return events


def _event(issue: MonthIssue, item: ChecklistItem) -> icalendar.Event | None:
    event = icalendar.Event()
    if item.kind == "meeting":  # the meeting itself, never a 截止: timed when it has a time, else all day
        if item.location:
            event.add("location", item.location)
        if item.start:
            event.add("summary", item.text)
            event.add("dtstart", dt.datetime.combine(item.due, item.start, TZ))
            if item.end:
                event.add("dtend", dt.datetime.combine(item.due, item.end, TZ))
            return event
        # a day, or a last day (2017年6月2日之前): said in the summary, not as a 截止
        event.add("summary", item.text if item.due_zh is None or not item.due_zh.endswith("之前")
                  else f"{item.text}（{item.due_zh}）")
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        return event
    if item.due is None:
        return None
    if item.due_time is not None:
        event.add("summary", f"截止：{item.text}")
        event.add("dtstart", dt.datetime.combine(item.due, item.due_time, TZ))
        return event
    event.add("summary", (f"截止：{item.text}" if item.kind != "standing" else item.text))
    event.add("dtstart", item.due)
    event.add("dtend", item.due + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(name: str, events: list[icalendar.Event]) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def month_calendar(issue: MonthIssue, org: Organisation, stamp: dt.datetime, checklist=None) -> bytes:
    """The month's events as an .ics file (bytes, UTF-8, CRLF lines).

    Args:
        issue: the month (or a per-kind copy).
        org: supplies the site address for UIDs and links.
        stamp: DTSTAMP for every event (an aware datetime; the build's time).
        checklist: the issue's checklist as derived once per build; derived here when not given.
    """
    return _calendar(issue.display_title, _events(issue, org, stamp, checklist)).to_ical()


def year_calendar(year: int, issues: list[MonthIssue], org: Organisation, stamp: dt.datetime,
                  checklists: dict | None = None) -> bytes:
    """One feed for a year (bytes): every month's events, for a phone to subscribe to.

    ``checklists`` maps month keys to their checklists as derived once per build (derived here when not given).
    """
    events = [e for issue in sorted(issues, key=lambda m: m.key) if issue.year == year
              for e in _events(issue, org, stamp, (checklists or {}).get(issue.key))]
    return _calendar(f"{year}年党支部组织生活", events).to_ical()
