"""Where a month's print set spends its CPU: the A4 booklet, its 工作清单 and the A5 copy, step by step.

Usage::

    .venv/bin/python bench/booklet_a5.py [--month 2019-10] [--runs 5]

Prints, for one month in one warm process, the least CPU time of ``--runs`` runs of each step
of :func:`generator.render.booklet.month_pdfs` (A4 layout, A4 tagged PDF, the checklist's pages
copied from the A4 PDF, A5 layout, A5 untagged PDF, imposition), and of the steps it replaced
(pypdf parse and shrink-imposition of the tagged A4, the checklist pages copied with pypdf). Only
prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--month", default="2019-10")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    import weasyprint
    from pypdf import PdfReader, PdfWriter

    from generator.derive import derive
    from generator.read.readers import read_project
    from generator.render import booklet as bk
    from generator.render.imposition import impose_a5

    project = read_project(ROOT)
    edition = next(e for e in derive(project).all_editions() if e.issue.key == args.month and e.issue.kind is None)
    issue, org = edition.issue, project.organisation
    font_config = bk.font_configuration()

    def least(step):
        step()
        times = []
        for _ in range(args.runs):
            t = time.process_time()
            result = step()
            times.append(time.process_time() - t)
        return min(times), result

    rows = []

    def row(label, step):
        seconds, result = least(step)
        rows.append((label, seconds))
        return result

    html = row("HTML (templates)", lambda: bk.month_html(issue, org, edition.checklist))
    a5_html = bk.for_paper(html, org, issue.cover, "A5")
    doc = row("A4 layout", lambda: weasyprint.HTML(string=html, base_url=str(ROOT)).render(font_config=font_config))
    a4 = row("A4 PDF (tagged PDF/UA-1)", lambda: doc.write_pdf(pdf_variant=bk.PDF_VARIANT))
    start = next(i for i, p in enumerate(doc.pages) if any(m[1] == bk.CHECKLIST_BOOKMARK for m in p.bookmarks))
    row("工作清单: pages of the A4 PDF (pypdf)", lambda: bk.checklist_pages(a4, start))
    doc5 = row("A5 layout", lambda: weasyprint.HTML(string=a5_html, base_url=str(ROOT)).render(font_config=font_config))
    a5 = row("A5 PDF (untagged)", lambda: doc5.write_pdf())
    row("A5 imposition", lambda: impose_a5(a5))
    row("whole month_pdfs", lambda: bk.month_pdfs(issue, org, edition.checklist, ROOT))
    row("whole month_pdfs without A5", lambda: bk.month_pdfs(issue, org, edition.checklist, ROOT, a5=False))
    rows.append(("— replaced: —", 0.0))

    def old_checklist():
        reader = PdfReader(io.BytesIO(a4))
        writer = PdfWriter()
        for page in reader.pages[start:]:
            writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)

    row("tried: 工作清单 written from the A4 layout", lambda: doc.copy(doc.pages[start:]).write_pdf(pdf_variant=bk.PDF_VARIANT))
    row("pypdf parse + shrink-impose of tagged A4", lambda: impose_a5(PdfReader(io.BytesIO(a4))))
    row("pypdf parse + checklist copy", old_checklist)
    print(f"month {args.month}: {len(doc.pages)} A4 pages, {len(doc5.pages)} A5 pages; least CPU s of {args.runs} runs")
    for label, seconds in rows:
        print(f"  {label:<42} {seconds:7.3f}" if seconds else f"  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
