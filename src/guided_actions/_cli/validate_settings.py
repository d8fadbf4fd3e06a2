"""``python -m guided_actions validate-settings SETTINGS.json SCHEMA.json``.

Checks customer success settings against a portal schema: prints ``ok`` and exits
0 when they are valid; otherwise prints one line per problem
(``path: message [code]``) and exits 2.  A file that is not JSON, or not a
settings / schema document, also exits 2 with one line per bad field.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO, TypeVar

from guided_actions._cli._common import CliError, read_json

__all__ = ["register", "run", "structure"]

T = TypeVar("T")


def register(subparsers: Any) -> None:
    """Add the ``validate-settings`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate-settings",
        help="check customer success settings against a portal schema",
        description="Print 'ok' (exit 0) or every problem of the settings, one per line (exit 2).",
    )
    parser.add_argument("settings", metavar="SETTINGS.json", help="a CustomerSuccessSettings document")
    parser.add_argument("schema", metavar="SCHEMA.json", help="a PortalSchema document")
    parser.set_defaults(func=run)


def structure(cls: type[T], data: Any, source: str) -> T:
    """``data`` as a ``cls`` value; every bad field becomes a line naming the file and the path.

    Uses the library's converter (``guided_actions.serialization.from_dict``) when
    it is available, else a small ``cattrs`` converter of its own.
    """
    from guided_actions.errors import GuidedActionsError

    try:
        from guided_actions.serialization import from_dict
    except ImportError:  # pragma: no cover - the serialization module is part of the library
        return _structure_locally(cls, data, source)
    try:
        return from_dict(cls, data)
    except GuidedActionsError as exc:
        problems = getattr(exc, "problems", None)
        raise CliError([f"{source}: {p}" for p in problems] if problems else f"{source}: {exc}") from None


def _structure_locally(cls: type[T], data: Any, source: str) -> T:  # pragma: no cover - fallback
    import cattrs

    from guided_actions.errors import GuidedActionsError

    converter = cattrs.Converter(forbid_extra_keys=True)
    try:
        return converter.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        raise CliError([f"{source}: {line}" for line in cattrs.transform_error(exc, path="$")]) from None
    except GuidedActionsError as exc:
        raise CliError(f"{source}: {exc}") from None


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the settings file against the schema file."""
    from guided_actions.success import CustomerSuccessSettings, PortalSchema, validate_settings

    lines: list[str] = []
    settings = schema = None
    try:
        settings = structure(CustomerSuccessSettings, read_json(args.settings), args.settings)
    except CliError as exc:
        lines.extend(exc.lines)
    try:
        schema = structure(PortalSchema, read_json(args.schema), args.schema)
    except CliError as exc:
        lines.extend(exc.lines)
    if settings is None or schema is None:
        raise CliError(lines)  # both files' problems at once
    problems = validate_settings(settings, schema)
    if not problems:
        out.write("ok\n")
        return 0
    for problem in problems:
        out.write(f"{problem}\n")
    return 2
