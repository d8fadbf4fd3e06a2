"""``python -m guided_actions reconcile SNAPSHOT.json --now ISO [--known ACTIONS.json] [--user ID] [--format …]``.

``--format table`` (the default) prints what changed, one action per line.
``--format json`` prints a JSON list of guided action documents: every action
the host should store (the active ones, those that expired now, and those that
had expired before and came in with ``--known``).  That list is exactly what
``--known`` takes next time, so a shell loop can keep a store in a file.
``--known`` also accepts a whole ``Reconciliation`` document (as
``guided_actions.serialization.to_json(result)`` writes it).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from guided_actions._cli._common import CliError, parse_instant, read_json
from guided_actions.errors import GuidedActionsError

__all__ = ["load", "load_known", "load_snapshot", "register", "render_table", "run"]


def load(cls: Any, data: Any, source: str) -> Any:
    """``data`` read as a ``cls`` value with the library's converter; problems become CLI lines."""
    from guided_actions.serialization import from_dict

    try:
        return from_dict(cls, data)
    except GuidedActionsError as exc:
        problems = getattr(exc, "problems", None)
        if problems:
            raise CliError(f"{source}: {problem}" for problem in problems) from None
        raise CliError(f"{source}: {exc}") from None


def load_snapshot(path: str) -> Any:
    """The ``CrmSnapshot`` in a JSON file."""
    from guided_actions.crm import CrmSnapshot

    return load(CrmSnapshot, read_json(path), path)


def load_known(path: str) -> tuple[Any, ...]:
    """Stored actions: a JSON list of guided actions, or a whole reconciliation document."""
    from guided_actions.actions import GuidedAction, Reconciliation

    data = read_json(path)
    if isinstance(data, dict):
        result = load(Reconciliation, data, path)
        return tuple(result.created + result.updated + result.unchanged + result.expired)
    if not isinstance(data, list):
        raise CliError(f"{path}: expected a JSON list of guided actions (or a reconciliation object)")
    return tuple(load(list[GuidedAction], data, path))


def register(subparsers: Any) -> None:
    """Add the ``reconcile`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "reconcile",
        help="reconcile stored guided actions with a snapshot file",
        description="Create, update and expire guided actions for a CRM snapshot at an instant.",
    )
    parser.add_argument("snapshot", metavar="SNAPSHOT.json", help="a CrmSnapshot document")
    parser.add_argument("--now", required=True, help="the instant to reconcile at (ISO 8601 with offset)")
    parser.add_argument("--known", metavar="ACTIONS.json", help="the stored actions (a previous --format json output)")
    parser.add_argument("--user", action="append", dest="users", metavar="ID", help="only this user (repeatable)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    parser.set_defaults(func=run)


def render_table(result: Any, registry: Any) -> str:
    """What changed, one line per action: status, owner, title, subject, and the reason or items."""
    rows: list[tuple[str, ...]] = []
    for label, actions in (
        ("created", result.created),
        ("updated", result.updated),
        ("expired", result.expired),
        ("unchanged", result.unchanged),
    ):
        for action in actions:
            detail = action.expiry_reason or ""
            if action.subject.kind.value == "user":
                detail = ", ".join(str(item) for item in action.items)
            rows.append((label, action.owner_id, action.title(registry), str(action.subject), detail))
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.append(
        f"{len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.expired)} expired, {len(result.unchanged)} unchanged"
    )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Reconcile and print the result."""
    from guided_actions.actions import ActionStatus, GuidedAction, default_registry, reconcile
    from guided_actions.serialization import to_json

    now = parse_instant(args.now)
    crm = load_snapshot(args.snapshot)
    known = load_known(args.known) if args.known else ()
    registry = default_registry()
    result = reconcile(crm, now=now, known=known, registry=registry, user_ids=args.users)
    if args.format == "json":
        earlier = [a for a in known if a.status is ActionStatus.EXPIRED]
        store = [*result.active, *result.expired, *earlier]
        out.write(to_json(store, as_type=list[GuidedAction], indent=2) + "\n")
    else:
        out.write(render_table(result, registry))
    return 0
