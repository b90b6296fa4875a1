"""On top, the commands: what a user runs (``python -m generator …``).

:mod:`.cli` (with :mod:`.cli_zh`, the Chinese help and messages of the command
line): ``build``, ``check``, ``serve``, ``new``, ``import``, ``schema``;
:mod:`.serve`: the live preview; :mod:`.newmonth`: a new month's data file.
The importer (:mod:`generator.importer`) is a stage of its own below.
"""
