"""The months as an Atom feed (RFC 4287), ``feed.xml`` at the site root, written with feedgenerator.

One entry per month, newest first: the month's title as on its page, its page
address, its date, and its 活动主题 (theme) as the summary when it has one.
The date is the month's own: 印发日期 (``published``) when the author gave it,
else the first day of the month, at 00:00 Beijing time; never the build
clock, so the feed is the same however often it is built, and the feed's own
``updated`` is the newest entry's date.
"""

from __future__ import annotations

import datetime as dt

import feedgenerator

from ..read.markdown import to_html
from ..model import MonthIssue, Project

FEED_PATH = "feed.xml"
"""Where the feed goes, relative to the site root; ``overrides/partials/zz-head.html`` links to it."""

BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def month_date(issue: MonthIssue) -> dt.datetime:
    """The month's date in the feed: 印发日期 if given, else the 1st of the month; 00:00 Beijing time."""
    day = getattr(issue, "published", None) or dt.date(issue.year, issue.month, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING)


def month_title(issue: MonthIssue) -> str:
    """The month's title as its page shows it (2019年10月党支部组织生活指导材料)."""
    return getattr(issue, "display_title", None) or f"{issue.month_zh}{issue.title}"


def months_feed(project: Project) -> str:
    """The Atom feed of ``project``'s months (XML text, UTF-8 declared).

    Addresses are absolute, under ``organisation.site_url``.
    """
    org = project.organisation
    base = org.site_url.rstrip("/") + "/"
    feed = feedgenerator.Atom1Feed(
        title=org.site_name, link=base, description=None, language="zh-CN", author_name=org.name,
        feed_url=base + FEED_PATH, feed_guid=base + FEED_PATH,
    )
    for issue in sorted(project.months, key=month_date, reverse=True):
        link = f"{base}{issue.key}/"
        theme = getattr(issue, "theme", None)
        feed.add_item(title=month_title(issue), link=link, unique_id=link, pubdate=month_date(issue),
                      updateddate=month_date(issue), description=to_html(theme) if theme else None,
                      author_name=getattr(issue, "publisher", None) or org.name)
    return feed.writeString("utf-8")
