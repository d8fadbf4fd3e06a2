"""The ``reconcile`` and ``explain`` commands on files: output, the ``--known`` loop, and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from guided_actions._cli import main
from guided_actions.actions import ActionType, GuidedAction
from guided_actions.serialization import from_json, to_json
from tests.actions._scenes import scene

NOW_TEXT = "2026-03-02T12:00:00Z"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    path = tmp_path / "portal.json"
    path.write_text(to_json(scene(ActionType.EMAIL_REPLIES).build()), encoding="utf-8")
    return path


class TestReconcileCommand:
    def test_the_table_lists_what_was_created(self, snapshot_file: Path) -> None:
        code, out, err = run("reconcile", str(snapshot_file), "--now", NOW_TEXT)
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0].split() == ["created", "u1", "Email", "replies", "contact:c1"]
        assert lines[1].split()[:2] == ["created", "u1"]
        assert out.strip().endswith("unchanged")

    def test_the_json_output_feeds_back_as_known(self, snapshot_file: Path, tmp_path: Path) -> None:
        code, out, _ = run("reconcile", str(snapshot_file), "--now", NOW_TEXT, "--format", "json")
        assert code == 0
        stored = from_json(list[GuidedAction], out)
        assert [a.type for a in stored] == ["email_replies", "contacts_awaiting_reply"]
        known = tmp_path / "known.json"
        known.write_text(out, encoding="utf-8")
        code, again, _ = run(
            "reconcile", str(snapshot_file), "--now", NOW_TEXT, "--known", str(known), "--format", "json"
        )
        assert code == 0
        assert from_json(list[GuidedAction], again) == stored

    def test_known_may_be_a_whole_reconciliation(self, snapshot_file: Path, tmp_path: Path) -> None:
        known = tmp_path / "result.json"
        known.write_text(to_json(scene(ActionType.EMAIL_REPLIES).reconcile()), encoding="utf-8")
        code, out, _ = run("reconcile", str(snapshot_file), "--now", NOW_TEXT, "--known", str(known))
        assert code == 0
        assert "0 created, 0 updated, 0 expired, 2 unchanged" in out

    def test_user_limits_the_users(self, snapshot_file: Path) -> None:
        code, out, _ = run("reconcile", str(snapshot_file), "--now", NOW_TEXT, "--user", "u2")
        assert code == 0
        assert out.strip() == "0 created, 0 updated, 0 expired, 0 unchanged"


class TestExplainCommand:
    def test_it_prints_the_checklist(self, snapshot_file: Path) -> None:
        code, out, _ = run(
            "explain",
            str(snapshot_file),
            "--type",
            "email_replies",
            "--subject",
            "contact:c1",
            "--user",
            "u1",
            "--now",
            NOW_TEXT,
        )
        assert code == 0
        assert "✓ assigned_to_you: assigned to you" in out
        assert "would be created" in out


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            pytest.param("{not json", "is not valid JSON", id="not JSON"),
            pytest.param(json.dumps({"users": [{"id": "u1"}]}), "email", id="missing field"),
            pytest.param(
                json.dumps({"users": [{"id": "u1", "email": "a@b.c"}], "bogus": 1}), "bogus", id="unknown key"
            ),
        ],
    )
    def test_a_bad_snapshot_exits_2_with_one_line_per_problem(self, tmp_path: Path, content: str, message: str) -> None:
        path = tmp_path / "bad.json"
        path.write_text(content, encoding="utf-8")
        code, out, err = run("reconcile", str(path), "--now", NOW_TEXT)
        assert code == 2
        assert out == ""
        assert message in err
        assert "Traceback" not in err
        assert all(line.startswith("error: ") for line in err.splitlines())

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            pytest.param(["--now", "2026-03-02T12:00:00"], "offset", id="naive now"),
            pytest.param(["--now", "yesterday"], "ISO 8601", id="fuzzy now"),
            pytest.param(["--now", NOW_TEXT, "--user", "ghost"], "ghost", id="unknown user"),
            pytest.param(["--now", NOW_TEXT, "--known", "/nonexistent/known.json"], "cannot read", id="missing known"),
        ],
    )
    def test_bad_options_exit_2(self, snapshot_file: Path, argv: list[str], message: str) -> None:
        code, _, err = run("reconcile", str(snapshot_file), *argv)
        assert code == 2
        assert message in err

    def test_known_that_is_not_a_list_of_actions_exits_2(self, snapshot_file: Path, tmp_path: Path) -> None:
        known = tmp_path / "known.json"
        known.write_text(json.dumps([{"id": "x"}]), encoding="utf-8")
        code, _, err = run("reconcile", str(snapshot_file), "--now", NOW_TEXT, "--known", str(known))
        assert code == 2
        assert str(known) in err

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            pytest.param(["--type", "email_reply", "--subject", "contact:c1"], "did you mean", id="type typo"),
            pytest.param(["--type", "email_replies", "--subject", "contact"], "KIND:ID", id="bad subject"),
            pytest.param(["--type", "email_replies", "--subject", "planet:c1"], "unknown object kind", id="bad kind"),
        ],
    )
    def test_bad_explain_questions_exit_2(self, snapshot_file: Path, argv: list[str], message: str) -> None:
        code, _, err = run("explain", str(snapshot_file), *argv, "--user", "u1", "--now", NOW_TEXT)
        assert code == 2
        assert message in err
