"""The web console's speed: save → check result, save → preview page updated, the month list of a
120-month archive, and the console process's memory at rest.

Usage::

    .venv/bin/python bench/console.py [--runs 5]

1. A git copy of the bundled project; the console in this process (Django test client, no network):
   ``save``: seconds from posting a changed 2019-10 to the answer with the check's result (the save
   writes the YAML, runs the project's check and commits; the preview is remade in the background);
   ``preview``: seconds from posting to the preview's month page holding the new text;
   ``document save``: the same as ``save`` for a shared document (front matter and Markdown body).
2. ``bench/archive.py`` writes a 120-month project; ``list``: seconds to answer ``/``.
3. ``python -m generator console`` started on the bundled copy, five pages requested, then left
   alone for 2 s: ``RSS MiB`` from /proc.

Each figure is the median of ``--runs``, wall and CPU (this process and its finished children) side by side.

Targets (issue 17): save ≤ 0.5 s, preview ≤ 1.5 s, list ≤ 1 s, RSS ≤ 150 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from test_console import _git_project as git_copy  # noqa: E402  (the tests' git copy of the project)


def cpu_now() -> float:
    """CPU seconds of this process and its finished children (git, the site engine's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn):
    wall, cpu = time.perf_counter(), cpu_now()
    value = fn()
    return value, time.perf_counter() - wall, cpu_now() - cpu


def median_pair(rows):
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-console-"))
    try:
        from archive import make_archive

        archive = tmp / "archive"
        archive.mkdir()
        make_archive(archive, 120)
        shutil.copytree(ROOT / "schema", archive / "schema", dirs_exist_ok=True)
        project = git_copy(tmp / "project")
        os.environ["CONSOLE_DATA"] = str(tmp / "data")
        from generator.console import setup

        setup(project)
        from django.conf import settings
        from django.contrib.auth.models import Group, User
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        user = User.objects.create_user("bench")
        user.groups.add(Group.objects.get(name="拟稿"))
        client = Client()
        client.force_login(user)
        from generator.console import preview, views

        client.get("/month/2019-10/data")
        preview.refresh(project, wait=True)            # the first preview and the read cache, as at start
        saves, previews = [], []
        for n in range(args.runs):
            loaded = client.get("/month/2019-10/data").json()
            place = f"第{n}会议室"
            loaded["data"]["sections"][0]["blocks"][0]["meeting"]["place"] = place
            body = json.dumps(loaded)
            start_wall, start_cpu = time.perf_counter(), cpu_now()
            answer = client.post("/month/2019-10/save", body, content_type="application/json")
            saves.append((time.perf_counter() - start_wall, cpu_now() - start_cpu))
            assert answer.status_code == 200 and not answer.json()["errors"], answer.content
            while True:
                site = preview.served(project)
                page = site / "2019-10" / "index.html" if site else None
                if page and page.is_file() and place in page.read_text(encoding="utf-8"):
                    break
                time.sleep(0.02)
            previews.append((time.perf_counter() - start_wall, cpu_now() - start_cpu))
            while preview.finishing(project):            # booklets done before the next save
                time.sleep(0.1)
        from urllib.parse import quote                   # a shared document: front matter and body, then the check
        doc = "/doc/documents/" + quote("西北政法大学机关党委-两学一做实施方案.md") + "/"
        docs = []
        for n in range(args.runs):
            loaded = client.get(doc + "data").json()
            body = json.dumps({"data": loaded["data"], "digest": loaded["digest"],
                               "body": loaded["body"].rstrip("\n") + f"\n\n第{n}段。\n"})
            start_wall, start_cpu = time.perf_counter(), cpu_now()
            answer = client.post(doc + "save", body, content_type="application/json")
            docs.append((time.perf_counter() - start_wall, cpu_now() - start_cpu))
            assert answer.status_code == 200 and not answer.json()["errors"], answer.content
            while preview.finishing(project):
                time.sleep(0.1)
        views.ROOT = archive                             # the month list of the 120-month archive
        lists = []
        for _ in range(args.runs):
            _, wall, cpu = timed(lambda: client.get("/"))
            lists.append((wall, cpu))
        months = client.get("/").content.decode().count("/history/")

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "CONSOLE_DATA": str(tmp / "data-server")}
        server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "console",
                                   "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            for _ in range(5):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5).read()
            time.sleep(2)
            rss = next(int(line.split()[1]) for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                       if line.startswith("VmRSS:")) / 1024
        finally:
            server.terminate()
            server.wait(timeout=20)

        print(f"{'measure':<34}{'wall s':>8}{'CPU s':>8}  target")
        for label, rows, target in (("save → check result (2019-10)", saves, "≤ 0.5"),
                                    ("save → preview page updated", previews, "≤ 1.5"),
                                    ("document save → check result", docs, "≤ 0.5"),
                                    (f"month list, {months} months", lists, "≤ 1")):
            wall, cpu = median_pair(rows)
            print(f"{label:<34}{wall:>8.3f}{cpu:>8.3f}  {target}")
        print(f"{'console RSS at rest':<34}{rss:>8.1f} MiB        ≤ 150")
        print(f"(median of {args.runs}; CPU: this process and its finished children; the machine: {os.cpu_count()} CPUs, load "
              f"{os.getloadavg()[0]:.1f})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
