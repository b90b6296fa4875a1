"""CPU time of every target's render, summed by kind, in this one process.

Usage::

    .venv/bin/python bench/target_kinds.py PROJECT

Reads and plans ``PROJECT`` (for instance an archive kept by ``bench/archive_build.py --keep``) with the
code of the checkout it is run from, then runs each target's job (:meth:`generator.builder.targets.Target.run`)
here, one after another, timing each with ``time.process_time()``, and prints per kind the count, the
CPU seconds and the mean. No workers, no site engine, no Pagefind: the render work alone, steadier
than a whole build's CPU on a shared machine. Figures go to docs/benchmarks-build.md.
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from generator.builder.targets import plan
    from generator.derive import derive
    from generator.read.readers import read_project

    root = Path(sys.argv[1])
    start = time.process_time()
    project = read_project(root)
    targets = plan(project, derive(project))
    print(f"read, derive, plan: {time.process_time() - start:.2f} s CPU")
    import weasyprint  # noqa: F401  (loaded before the first target, as the build's workers have it)

    kinds: dict[str, list[float]] = collections.defaultdict(list)
    for target in targets:
        start = time.process_time()
        target.run()
        kinds[target.kind].append(time.process_time() - start)
    for kind, times in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
        print(f"{kind:<15} {len(times):4d} {sum(times):8.2f} s {sum(times) / len(times):7.3f} s each")
    print(f"total {sum(sum(t) for t in kinds.values()):.2f} s CPU")


if __name__ == "__main__":
    main()
