"""``python -m guided_actions demo``: the library on the embedded demo portal."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from guided_actions._cli._common import parse_instant

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``demo`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo", help="run the library on the embedded demo portal and print an overview"
    )
    parser.add_argument(
        "--now", default=None, help="the instant to run at (ISO 8601 with offset); default: the demo's own"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the demo overview."""
    from guided_actions._demo import DEMO_NOW, demo_portal, render_overview

    now = parse_instant(args.now) if args.now else DEMO_NOW
    crm = demo_portal()
    out.write(render_overview(crm, now=now))
    return 0
