"""Development sessions: ``nox`` runs tests, typecheck, lint and examples.

``nox -s bench`` runs the benchmarks (not part of the default run: they print
figures, they do not pass or fail).
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "examples"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (pytest + Hypothesis + the docs' code blocks), with coverage."""
    session.install("-e", ".[dev]")
    session.run(
        "pytest",
        "--cov=guided_actions",
        "--cov-report=term",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "ci"},
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """``mypy --strict`` on the package and its tests."""
    session.install("-e", ".[dev]")
    session.run("mypy", "--strict", "src", "tests")


@nox.session
def lint(session: nox.Session) -> None:
    """``ruff check`` and ``ruff format --check``."""
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "examples", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "examples", "benchmarks", "noxfile.py")


@nox.session
def examples(session: nox.Session) -> None:
    """Run every script in ``examples/``; each must exit 0."""
    session.install("-e", ".")
    scripts = sorted((ROOT / "examples").glob("*.py"))
    if not scripts:
        session.error("no example scripts found in examples/")
    for script in scripts:
        session.run("python", str(script))


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print their tables (``nox -s bench -- --quick`` for small sizes)."""
    session.install("-e", ".[dev]")
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)
