"""Stage 3, render: the model and its derivations → the bytes of each output, one module per output.

- :mod:`.booklet` (with :mod:`.landscape` and :mod:`.imposition`): the PDF booklet
  (GB/T 9704-2012), its A5 saddle-stitch copy, the checklist pages, year plans,
  shared documents; :mod:`.fonts` resolves the faces;
- :mod:`.word` (with :mod:`.word_month`): the Word copy (.docx);
- :mod:`.calendar`: the .ics calendars;
- :mod:`.pages` (with :mod:`.indexes` and :mod:`.feed`): the site's plain
  Markdown pages, folder pages and Atom feed, for any site engine;
- :mod:`.templating` (the Jinja environment) and :mod:`.paths` (where each
  output lives in the site) are shared by them.

Each function here is pure: model objects in, text or bytes out; nothing is
written to disk (that is :mod:`generator.builder`'s job). Imports only
:mod:`generator.derive`, :mod:`generator.read` and :mod:`generator.model`.
"""
