"""The command line: ``python -m guided_actions COMMAND ...``.

The CLI is the only part of the library that reads files or the environment;
the domain never imports it.  Each command lives in its own module of this
package and plugs in through a ``register(subparsers)`` function listed in
:data:`COMMANDS`.  Bad input ends with exit status 2 and one clear line per
problem on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TextIO

from guided_actions._cli._common import CliError
from guided_actions.errors import GuidedActionsError

__all__ = ["COMMANDS", "main"]

#: The modules (in this package) whose ``register`` adds a sub-command, in help order.
COMMANDS: tuple[str, ...] = ("demo", "reconcile", "explain", "validate_settings", "from_hubspot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m guided_actions",
        description="Guided actions and CRM workspace logic, on files or on the embedded demo portal.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"guided_actions._cli.{name}")
        except ModuleNotFoundError as exc:  # a command still being written
            if exc.name != f"guided_actions._cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 a command's "not ok", 2 bad input)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return int(exc.code or 0)
    try:
        return int(args.func(args, out))
    except CliError as exc:
        for line in exc.lines:
            print(f"error: {line}", file=err)
        return 2
    except GuidedActionsError as exc:
        problems = getattr(exc, "problems", None)
        if problems:
            for problem in problems:
                print(f"error: {problem}", file=err)
        else:
            print(f"error: {exc}", file=err)
        return 2
