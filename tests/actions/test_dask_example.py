"""The Dask example: a sharded run on a local two-process cluster equals the single-process reconcile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dask_reconcile.py"
RUN_MAIN = "import runpy, sys; sys.exit(runpy.run_path(sys.argv[1], run_name='dask_reconcile')['main']())"


class TestDaskExample:
    def test_the_sharded_run_on_a_local_cluster_equals_the_single_process_result(self) -> None:
        pytest.importorskip("distributed")
        # A subprocess, so a cluster that hangs is killed at the timeout instead of holding the suite.
        done = subprocess.run(
            [sys.executable, "-c", RUN_MAIN, str(EXAMPLE)], capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "equals the single-process reconcile" in done.stdout

    def test_without_dask_the_example_says_so_and_exits_zero(self) -> None:
        hide = "import runpy, sys; sys.modules['dask'] = None; sys.modules['dask.distributed'] = None; "
        done = subprocess.run(
            [sys.executable, "-c", hide + RUN_MAIN.removeprefix("import runpy, sys; "), str(EXAMPLE)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "not installed" in done.stdout
