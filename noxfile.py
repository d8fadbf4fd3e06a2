"""Development sessions: ``nox`` runs tests, typecheck, lint, examples and notebooks.

``nox -s notebooks`` executes every notebook in ``examples/``.  Not in the default run:

- ``nox -s docs`` draws the docs' figures and builds the HTML site with warnings as errors;
- ``nox -s package`` builds the sdist and wheel, checks their metadata, installs the
  wheel into a fresh virtualenv and runs the demo from it;
- ``nox -s bench`` runs the benchmarks (they print figures, they do not pass or fail).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "examples", "notebooks"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (pytest + Hypothesis + the docs' code blocks), with coverage.

    The ``plot`` extra is installed so the pictures' tests run (they skip without matplotlib).
    """
    session.install("-e", ".[dev,plot,dask]")
    session.run(
        "pytest",
        "--cov=guided_actions",
        "--cov-report=term",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "ci"},
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """``mypy --strict`` on the package and its tests (matplotlib ships its own types for ``plot``)."""
    session.install("-e", ".[dev,plot]")
    session.run("mypy", "--strict", "src", "tests")


@nox.session
def lint(session: nox.Session) -> None:
    """``ruff check`` and ``ruff format --check``."""
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "examples", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "examples", "benchmarks", "noxfile.py")


@nox.session
def examples(session: nox.Session) -> None:
    """Run every script in ``examples/``; each must exit 0.

    The ``dask`` extra is installed so ``dask_reconcile.py`` really starts its
    two-process cluster (on 127.0.0.1) instead of skipping.
    """
    session.install("-e", ".[dask]")
    scripts = sorted((ROOT / "examples").glob("*.py"))
    if not scripts:
        session.error("no example scripts found in examples/")
    for script in scripts:
        session.run("python", str(script))


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print their tables (``nox -s bench -- --quick`` for small sizes).

    DuckDB is the peer of ``bench_duckdb.py``: a bench-only dependency.
    """
    session.install("-e", ".[dev]", "duckdb")
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Draw the figures into ``docs/_static/`` and build the HTML docs; any Sphinx warning fails."""
    session.install("-e", ".[docs,plot]")
    session.run("python", "docs/make_figures.py")
    build = ROOT / "docs" / "_build" / "html"
    shutil.rmtree(build, ignore_errors=True)
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", str(build))


@nox.session
def notebooks(session: nox.Session) -> None:
    """Execute every notebook in ``examples/`` top to bottom; a failing cell fails the session."""
    session.install("-e", ".[notebook,plot]", "hypothesis>=6.100")
    books = sorted((ROOT / "examples").glob("*.ipynb"))
    if not books:
        session.error("no notebooks found in examples/")
    for book in books:
        session.run("jupyter-execute", "--timeout=600", str(book))


@nox.session
def package(session: nox.Session) -> None:
    """Build sdist and wheel, ``twine check`` them, install the wheel in a fresh venv and run the demo."""
    session.install("build", "twine")
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    built = sorted(dist.iterdir())
    session.run("twine", "check", "--strict", *map(str, built))
    (wheel,) = (path for path in built if path.suffix == ".whl")
    venv = tmp / "fresh-venv"
    shutil.rmtree(venv, ignore_errors=True)
    session.run("python", "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheel), external=True)
    # Run from the temporary directory so the source tree's ``src/`` cannot be picked up.
    with session.chdir(tmp):
        session.run(python, "-m", "guided_actions", "demo", external=True)
        where = "import guided_actions; print(guided_actions.__version__, guided_actions.__file__)"
        session.run(python, "-c", where, external=True)
