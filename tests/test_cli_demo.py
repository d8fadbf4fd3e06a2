"""The CLI skeleton and ``demo``: readable output, exit 2 and one clear line on bad input."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from guided_actions._cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


class TestDemo:
    def test_demo_prints_counts_each_users_summary_tab_and_the_customers_health(self) -> None:
        status, out, err = run("demo")
        assert status == 0
        assert err == ""
        assert "Records per kind:" in out
        assert out.count("== ") >= 4  # three users and the health section
        assert "Guided actions:" in out
        assert "Deal-related" in out
        assert "Prospecting-related" in out
        assert "Tasks:" in out
        assert "Customer health" in out

    def test_demo_is_deterministic(self) -> None:
        assert run("demo")[1] == run("demo")[1]

    def test_demo_accepts_another_now(self) -> None:
        status, out, _ = run("demo", "--now", "2026-03-05T08:00:00+01:00")
        assert status == 0
        assert "2026-03-05T08:00:00+01:00" in out

    @pytest.mark.parametrize("value", ["2026-03-05T08:00:00", "tomorrow", "now", "2026-13-01T00:00:00Z"])
    def test_a_naive_or_fuzzy_now_is_refused_with_exit_2_and_one_line(self, value: str) -> None:
        status, out, err = run("demo", "--now", value)
        assert status == 2
        assert out == ""
        assert err.startswith("error: --now")
        assert len(err.strip().splitlines()) == 1


def test_an_unknown_command_exits_2() -> None:
    status, _, _ = run("no-such-command")
    assert status == 2


def test_python_dash_m_runs_the_demo_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "guided_actions", "demo", "--now", "not-a-date"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")
