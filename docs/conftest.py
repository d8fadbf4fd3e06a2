"""Run every ``python`` code block of the Markdown docs as a test (Sybil).

Blocks of one page share a namespace, top to bottom, like a reader typing them
into one session.  A block can check its output with ``assert``.
"""

from __future__ import annotations

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()],
    patterns=["*.md"],
    excludes=["_build/*"],
).pytest()
