"""The sync example runs, and neither account ends up with the other's private notes."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shared_deals_sync.py"


def test_the_sync_example_runs_to_the_purchased_banner_on_both_sides(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "partner: 7 events, status closed_won" in out
    assert "vendor: 7 events, status closed_won" in out
    assert "partner banner: purchased" in out
    assert out.count("Margin floor") == 1
