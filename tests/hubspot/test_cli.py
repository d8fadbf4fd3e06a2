"""``python -m guided_actions from-hubspot EXPORT_DIR -o snapshot.json``."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from guided_actions._cli import main
from guided_actions.crm import CrmSnapshot
from guided_actions.hubspot import snapshot_from_hubspot
from guided_actions.serialization import from_json
from tests.hubspot._payloads import DATA, record


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_an_export_folder_becomes_a_snapshot_file_and_the_counts_are_printed(tmp_path: Path) -> None:
    target = tmp_path / "snapshot.json"
    status, out, _ = run("from-hubspot", str(DATA / "export"), "-o", str(target))
    assert status == 0
    written = from_json(CrmSnapshot, target.read_text(encoding="utf-8"))
    export = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (DATA / "export").glob("*.json")}
    assert written == snapshot_from_hubspot(export).snapshot
    assert "contacts        4" in out
    assert "0 problems" in out


def test_problems_are_printed_and_the_good_records_still_written(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "contacts.json").write_text(json.dumps([record("1"), {"properties": {}}]), encoding="utf-8")
    (folder / "tickets.json").write_text("[]", encoding="utf-8")
    status, out, _ = run("from-hubspot", str(folder), "-o", str(tmp_path / "s.json"))
    assert status == 0
    assert "1 problem\n" in out
    assert "contacts[#1].id" in out
    assert "ignored tickets.json" in out
    assert from_json(CrmSnapshot, (tmp_path / "s.json").read_text(encoding="utf-8")).contact("1").id == "1"


def test_strict_mode_refuses_a_bad_export_with_one_error_line_per_problem(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "calls.json").write_text(json.dumps([record("k1"), record("k2")]), encoding="utf-8")
    status, _, err = run("from-hubspot", str(folder), "-o", str(tmp_path / "s.json"), "--strict")
    assert status == 2
    assert err.count("error: ") == 2
    assert "calls[k1].properties.hs_timestamp" in err
    assert not (tmp_path / "s.json").exists()


def test_a_missing_folder_an_empty_folder_and_bad_json_are_bad_input(tmp_path: Path) -> None:
    assert run("from-hubspot", str(tmp_path / "nope"), "-o", str(tmp_path / "s.json"))[0] == 2
    assert run("from-hubspot", str(tmp_path), "-o", str(tmp_path / "s.json"))[0] == 2
    shutil.copy(DATA / "export" / "owners.json", tmp_path / "owners.json")
    (tmp_path / "contacts.json").write_text("[{", encoding="utf-8")
    status, _, err = run("from-hubspot", str(tmp_path), "-o", str(tmp_path / "s.json"))
    assert status == 2
    assert "contacts.json is not valid JSON" in err
