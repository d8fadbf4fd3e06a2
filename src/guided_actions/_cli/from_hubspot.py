"""``python -m guided_actions from-hubspot EXPORT_DIR -o snapshot.json``: HubSpot payloads → a snapshot file.

``EXPORT_DIR`` holds one JSON file per export key (``contacts.json``,
``owners.json``, ``pipelines.json``, ``associations.json``…), each exactly as
the HubSpot API returned it (a list of records, or a response with
``results``).  The command prints how many records of each kind were read and
every problem met, then writes the snapshot with
:func:`guided_actions.serialization.to_json`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from guided_actions._cli._common import CliError, read_json

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``from-hubspot`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "from-hubspot",
        help="build a snapshot file from a folder of HubSpot CRM API payloads",
        description=(
            "Read EXPORT_DIR/<key>.json for each export key (contacts, companies, deals, leads, tasks, "
            "meetings, calls, emails, notes, owners, pipelines, associations) and write a snapshot."
        ),
    )
    parser.add_argument("export_dir", metavar="EXPORT_DIR", help="folder with one JSON file per export key")
    parser.add_argument("-o", "--output", required=True, metavar="SNAPSHOT.json", help="where to write the snapshot")
    parser.add_argument(
        "--strict", action="store_true", help="refuse the export on any problem (exit status 2) instead of skipping"
    )
    parser.add_argument(
        "--portal-timezone", default="UTC", metavar="ZONE", help="the portal's IANA timezone (deal close dates)"
    )
    parser.set_defaults(func=run)


def _read_export(folder: Path) -> tuple[dict[str, Any], list[str]]:
    from guided_actions.hubspot import EXPORT_KEYS

    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder")
    export: dict[str, Any] = {}
    for key in EXPORT_KEYS:
        path = folder / f"{key}.json"
        if path.is_file():
            export[key] = read_json(str(path))
    ignored = sorted(p.name for p in folder.glob("*.json") if p.stem not in EXPORT_KEYS)
    if not export:
        raise CliError(f"{folder} holds none of {', '.join(k + '.json' for k in EXPORT_KEYS)}")
    return export, ignored


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Convert the export folder, print counts and problems, write the snapshot; 0 when written."""
    from guided_actions.hubspot import snapshot_from_hubspot
    from guided_actions.serialization import to_json

    export, ignored = _read_export(Path(args.export_dir))
    result = snapshot_from_hubspot(export, strict=args.strict, portal_timezone=args.portal_timezone)
    text = to_json(result.snapshot, indent=2)
    try:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"read {', '.join(sorted(export))} from {args.export_dir}", file=out)
    for name in ignored:
        print(f"ignored {name} (not an export key)", file=out)
    for kind, count in result.snapshot.counts().items():
        print(f"  {kind:<10} {count:>6}", file=out)
    n = len(result.problems)
    print(f"{n} problem{'s' if n != 1 else ''}", file=out)
    for problem in result.problems:
        print(f"  - {problem}", file=out)
    print(f"wrote {args.output}", file=out)
    return 0
