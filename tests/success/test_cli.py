"""``python -m guided_actions validate-settings``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from guided_actions._cli import main
from guided_actions.serialization import to_dict
from guided_actions.success import Sharing
from tests.success._support import schema, settings, view


def _run(tmp_path: Path, settings_doc: object, schema_doc: object) -> tuple[int, str, str]:
    s = tmp_path / "settings.json"
    p = tmp_path / "schema.json"
    s.write_text(json.dumps(settings_doc), encoding="utf-8")
    p.write_text(json.dumps(schema_doc), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate-settings", str(s), str(p)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_valid_settings_print_ok_and_exit_0(tmp_path: Path) -> None:
    assert _run(tmp_path, to_dict(settings()), to_dict(schema())) == (0, "ok\n", "")


def test_invalid_settings_print_one_line_per_problem_and_exit_2(tmp_path: Path) -> None:
    bad = settings(reports=tuple("abcdef"), default_views=(view(1, sharing=Sharing.PRIVATE),))
    code, out, _ = _run(tmp_path, to_dict(bad), to_dict(schema()))
    assert code == 2
    assert out.splitlines() == [
        "default_views[0].sharing: the default view 'View 1' must be shared with everyone, not private"
        " [default_view_not_shared]",
        "reports: at most 5 reports can be on the summary tab, got 6 [too_many_reports]",
    ]


def test_malformed_documents_exit_2_with_a_line_per_bad_field_of_both_files(tmp_path: Path) -> None:
    doc = to_dict(settings())
    doc["tier"] = "gold"
    code, out, err = _run(tmp_path, doc, {"objects": {}, "teams": [], "services_enabled": "yes"})
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert any("settings.json" in line and "$.tier" in line for line in lines)
    assert any("schema.json" in line and "services_enabled" in line for line in lines)
    assert "Traceback" not in err


def test_a_file_that_is_not_json_exits_2(tmp_path: Path) -> None:
    s = tmp_path / "settings.json"
    s.write_text("{", encoding="utf-8")
    err = io.StringIO()
    assert main(["validate-settings", str(s), str(s)], out=io.StringIO(), err=err) == 2
    assert "not valid JSON" in err.getvalue()
