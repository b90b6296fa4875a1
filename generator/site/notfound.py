"""The site's ``404.html`` made to work at any base path (``/``, ``/zuzhishenghuo/``, ``/x/y/`` …).

A web server answers every missing address with the site's ``404.html`` at that address
(nginx ``error_page 404``, GitHub Pages, the preview), so the page cannot link relatively to
where it lies, and the site engines write its links absolute, with the path of ``site_url``
(``/zuzhishenghuo/assets/…``): served under any other path it was an unstyled page with a
giant icon.

:func:`fix_404` rewrites those links relative to the site's root and puts a small script first
in the page's head that finds the root and declares it (``<base href>``) before any link is
read: the configured path if the server has ``404.html`` there (HTTP 200), else the nearest
folder of the address asked for that has it. Without script the relative links still work
for a missing address at the site's top level.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

PAGE = "404.html"

_BASE_SCRIPT = """<script>(function () {{
  var base = {configured}, path = location.pathname.replace(/[^/]*$/, ""), tried = [base];
  while (true) {{ tried.push(path); if (path === "/" || !path) break; path = path.replace(/[^/]*\\/$/, ""); }}
  for (var i = 0; i < tried.length; i++) {{
    try {{
      var probe = new XMLHttpRequest();
      probe.open("HEAD", tried[i] + "{page}", false);
      probe.send();
      if (probe.status === 200) {{ base = tried[i]; break; }}
    }} catch (e) {{}}
  }}
  document.write('<base href=' + JSON.stringify(base.replace(/["<>]/g, "")) + '>');
}})();</script>"""


def base_path(site_url: str) -> str:
    """The path part of ``site_url`` with one trailing slash (``/zuzhishenghuo/``; ``/`` for a bare host)."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def fix_404(site_dir: Path, site_url: str) -> bool:
    """Rewrites ``site_dir/404.html`` in place to work at any base path (see the module docstring).

    Args:
        site_dir: the assembled site (a copy: the engine's own output is not touched).
        site_url: the organisation's ``site_url`` whose path the engine wrote into the links.

    Returns:
        False when the site has no ``404.html`` (nothing to do), else True.
    """
    page = site_dir / PAGE
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    prefix = base_path(site_url)
    pattern = re.compile(r'(\s(?:href|src))="' + re.escape(prefix) + r'([^"]*)"')
    text = pattern.sub(lambda m: f'{m.group(1)}="{m.group(2) or "./"}"', text)
    if prefix != "/":  # the root written without its slash (Zensical's logo link)
        text = re.sub(r'(\s(?:href|src))="' + re.escape(prefix.rstrip("/")) + '"', r'\1="./"', text)
    if "<base " not in text:
        script = _BASE_SCRIPT.format(configured=json.dumps(prefix), page=PAGE)
        head = re.search(r"<head[^>]*>", text)
        at = head.end() if head else 0
        charset = re.compile(r"\s*<meta charset=[^>]*>").match(text, at)
        at = charset.end() if charset else at
        text = text[:at] + script + text[at:]
    page.unlink()  # may be a hard link to the engine's output: write a new file
    page.write_text(text, encoding="utf-8")
    return True
