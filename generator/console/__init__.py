"""The web console (``python -m generator console``): import, edit, check, preview, approve and publish a
month in a browser, for clerks (拟稿), leaders (签发) and the administrator (管理).

Django 5.2 (LTS): sessions, CSRF protection, the user model, groups and permissions and Argon2 password
hashing come from the framework, login throttling from django-axes; our code only joins them to the
project's own stages: :mod:`generator.importer` (Word in), :mod:`generator.read` (the check),
:mod:`generator.builder` (preview and publish). Layer: above ``importer``, below ``commands``.

Modules: :mod:`.settings` (configured from the environment), :mod:`.models` (the approval record),
:mod:`.content` (month files: load, round-trip save, check, import), :mod:`.history` (git),
:mod:`.preview` (preview and publish), :mod:`.views`, :mod:`.urls`, :mod:`.middleware`,
:mod:`.documents` and :mod:`.docviews` (shared documents and attachments: front matter form and Markdown body),
:mod:`.accounts` (users, for the 管理 role).
"""

from __future__ import annotations

import os
from pathlib import Path


def setup(root: Path | None = None) -> None:
    """Configures and starts Django for the project at ``root`` (default: ``CONSOLE_ROOT`` or this project).

    Call once per process before using the console's models or views.
    """
    if root is not None:
        os.environ["CONSOLE_ROOT"] = str(Path(root).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.console.settings")
    import django

    django.setup()
