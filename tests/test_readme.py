"""The README's code runs as written, and its two set-up commands are the ones CI uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_python_blocks_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})


def test_the_readme_gives_exactly_two_set_up_commands_and_ci_runs_the_test_command() -> None:
    commands = re.findall(r"```console\n(.*?)\n```", README, flags=re.S)
    assert commands == ["python -m pip install . && python -m guided_actions demo", "python -m pip install nox && nox"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
