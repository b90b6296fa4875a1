"""Stage 1, read: ``data/*.yml`` and ``content/**/*.md`` → the content model, or Chinese errors.

Every file is bounded first (:mod:`.limits`), parsed with line numbers
(:mod:`.yamlio`), validated against the JSON Schemas (:mod:`.schema`), held
against the HTML allow-list (:mod:`.sanitize`, with :mod:`.markdown`, the one
Markdown dialect), and turned into :mod:`generator.model` objects by
:mod:`.readers`; what reading an unchanged file found is kept by
:mod:`.readcache`. The commands that write into the project (import, new) ask
:mod:`.destination` first whether a path leads out of it through a link. Every problem is a :class:`.errors.ContentError` (file, line,
message and fix, in Chinese).

Takes: a project folder. Gives: :class:`generator.model.Project`
(:func:`read_project`), or raises :class:`.errors.ContentErrors`.
Imports only :mod:`generator.model`.
"""

from .readers import read_project

__all__ = ["read_project"]
