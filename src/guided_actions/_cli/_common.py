"""Helpers shared by the CLI commands: reading files, parsing ``--now``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pendulum

__all__ = ["CliError", "parse_instant", "read_json"]

# Never hand pendulum a bare word: ``pendulum.parse("now")`` would read the clock.
_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


class CliError(Exception):
    """Bad command-line input; each line is printed as ``error: <line>`` and the exit status is 2."""

    def __init__(self, lines: str | Iterable[str]) -> None:
        self.lines = (lines,) if isinstance(lines, str) else tuple(lines)
        super().__init__("; ".join(self.lines))


def read_json(path: str) -> Any:
    """The parsed JSON content of a file, or a :class:`CliError` naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


def parse_instant(text: str, *, option: str = "--now") -> pendulum.DateTime:
    """An ISO 8601 instant with an offset or ``Z``; naive or fuzzy values are refused."""
    if not _ISO_INSTANT.match(text):
        raise CliError(
            f"{option}: {text!r} is not an ISO 8601 date-time with a UTC offset or Z, e.g. 2026-03-02T09:00:00Z"
        )
    try:
        value = pendulum.parse(text, strict=True, exact=True, tz=None)
    except (ValueError, TypeError) as exc:
        raise CliError(f"{option}: {text!r} is not an ISO 8601 date-time ({exc})") from None
    if not isinstance(value, pendulum.DateTime) or value.tzinfo is None:
        raise CliError(f"{option}: {text!r} needs a UTC offset or Z, e.g. 2026-03-02T09:00:00Z")
    return value
