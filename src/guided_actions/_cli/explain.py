"""``python -m guided_actions explain SNAPSHOT.json --type TYPE --subject KIND:ID --user ID --now ISO``.

Prints the rule's checklist for that subject and user: every creation criterion
and expiration condition with ✓ or ✗, and whether the action would be created.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from guided_actions._cli._common import CliError, parse_instant
from guided_actions._cli.reconcile import load_snapshot

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``explain`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explain",
        help="show why a guided action would or would not be created",
        description="Evaluate every criterion and condition of one rule for one subject and user.",
    )
    parser.add_argument("snapshot", metavar="SNAPSHOT.json", help="a CrmSnapshot document")
    parser.add_argument("--type", required=True, dest="action_type", help="the action type, e.g. email_replies")
    parser.add_argument("--subject", required=True, metavar="KIND:ID", help="the record, e.g. contact:c1")
    parser.add_argument("--user", required=True, metavar="ID", help="the user the action would be for")
    parser.add_argument("--now", required=True, help="the instant to evaluate at (ISO 8601 with offset)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Explain and print the checklist."""
    from guided_actions.actions import explain
    from guided_actions.crm import ObjectRef
    from guided_actions.errors import GuidedActionsError

    now = parse_instant(args.now)
    try:
        subject = ObjectRef.parse(args.subject)
    except GuidedActionsError as exc:
        raise CliError(f"--subject: {exc}") from None
    crm = load_snapshot(args.snapshot)
    out.write(str(explain(crm, args.action_type, subject, user_id=args.user, now=now)) + "\n")
    return 0
