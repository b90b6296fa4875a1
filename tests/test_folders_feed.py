"""Every folder of the site has a page, and the months are an Atom feed linked from every page (both engines)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

from conftest import ROOT, site_pages
from generator.render import feed
from generator.read.readers import read_project

ATOM = "{http://www.w3.org/2005/Atom}"
THEME_FOLDERS = {"assets", "pagefind"}
"""Folders of the engine's theme files and the search index: not pages a reader navigates to."""


def soup(site_dir, rel):
    return BeautifulSoup((site_dir / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def local_links(site_dir, rel, page):
    """The article's links to files of this site, as paths under the site root."""
    base = "http://x/" + rel
    out = []
    for a in page.select("article a[href]"):
        url = urljoin(base, a["href"])
        if url.startswith("http://x/"):
            out.append(unquote(urlparse(url).path).lstrip("/"))
    return out


def test_every_folder_has_a_page(site):
    _, site_dir = site
    folders = [d for d in site_dir.rglob("*") if d.is_dir() and not THEME_FOLDERS & set(d.relative_to(site_dir).parts)]
    assert {"plan", "calendar", "documents"} <= {d.name for d in folders}
    missing = [str(d.relative_to(site_dir)) for d in folders if not (d / "index.html").is_file()]
    assert not missing, f"folders without a page: {missing}"


def test_folder_pages_link_to_what_is_there(site):
    _, site_dir = site
    for rel in ("plan/", "calendar/", "documents/"):
        links = local_links(site_dir, rel, soup(site_dir, rel))
        assert links, rel
        for link in links:
            target = site_dir / link.split("#")[0]
            assert target.is_file() or (target / "index.html").is_file(), f"{rel}: broken link {link}"


def test_calendar_page_tells_phones_how_to_subscribe(site, built):
    result, site_dir = built[0], site[1]
    page = soup(site_dir, "calendar/")
    text = page.select_one("article").get_text()
    assert "iPhone" in text and "安卓" in text and "添加已订阅的日历" in text and "导入" in text
    url = result.project.organisation.site_url
    hrefs = [a["href"] for a in page.select("article a[href]")]
    for ics in sorted(site_dir.glob("calendar/*.ics")):
        assert "webcal://" + (url + f"calendar/{ics.name}").split("://", 1)[1] in hrefs, ics.name
        assert url + f"calendar/{ics.name}" in text
    headings = [h.get_text() for h in page.select("article h2")]
    assert headings[:2] == ["iPhone 和 iPad", "安卓手机"]


def test_documents_page_lists_every_shared_document(site, built):
    result, site_dir = built[0], site[1]
    text = soup(site_dir, "documents/").select_one("article").get_text()
    for doc in result.project.shared:
        assert doc.title in text
        if doc.doc_number:
            assert doc.doc_number in text
        for annex in doc.annexes:
            assert annex.title in text


def test_folder_pages_are_in_the_navigation(site):
    _, site_dir = site
    home = soup(site_dir, "")
    hrefs = {unquote(urljoin("http://x/", a["href"])) for a in home.select("nav.md-nav--primary a[href]")}
    for rel in ("plan/", "calendar/", "documents/"):
        assert "http://x/" + rel in hrefs, rel


def test_feed_lists_the_months_with_their_own_dates(site, built):
    result, site_dir = built[0], site[1]
    root = ET.fromstring((site_dir / "feed.xml").read_bytes())
    entries = root.findall(f"{ATOM}entry")
    project = result.project
    assert len(entries) == len(project.months)
    url = project.organisation.site_url
    for entry, issue in zip(entries, sorted(project.months, key=feed.month_date, reverse=True)):
        assert entry.findtext(f"{ATOM}title") == f"{issue.month_zh}{issue.title}"
        assert entry.find(f"{ATOM}link").get("href") == f"{url}{issue.key}/"
        day = issue.published or dt.date(issue.year, issue.month, 1)
        assert entry.findtext(f"{ATOM}updated") == f"{day.isoformat()}T00:00:00+08:00"
        summary = entry.findtext(f"{ATOM}summary")
        assert (summary is None) == (not issue.theme)
        if issue.theme:
            assert BeautifulSoup(summary, "html.parser").get_text().strip() == issue.theme.strip()
    assert root.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)


def test_feed_uses_the_publication_date_and_never_the_clock():
    project = read_project(ROOT)
    issue = project.months[0]
    assert feed.month_date(issue) == dt.datetime(issue.year, issue.month, 1, tzinfo=feed.BEIJING) or issue.published
    dated = dataclasses.replace(issue, published=dt.date(issue.year, issue.month, 12))
    assert feed.month_date(dated).date() == dt.date(issue.year, issue.month, 12)
    assert feed.months_feed(project) == feed.months_feed(read_project(ROOT))  # same content, same bytes


def test_every_page_links_the_feed_in_its_head(site):
    _, site_dir = site
    for html in site_pages(site_dir, "*.html"):  # the 公众号 copy is no site page
        links = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select(
            "head link[rel=alternate][type='application/atom+xml']")
        assert len(links) == 1, html
        target = urljoin("http://x/" + html.relative_to(site_dir).as_posix(), links[0]["href"])
        expected = "/feed.xml"  # 404.html too: its links are relative to the site's root at any base path (site/notfound.py)
        assert unquote(urlparse(target).path) == expected, (html, links[0]["href"])
