"""The domain is pure: no clock, no files, no environment, no network, and it never imports the CLI.

Only ``guided_actions._cli`` (and ``__main__``, which starts it) may do I/O.  The
check reads the code with its strings and comments blanked out, so a docstring
that says "never call ``datetime.now()``" is not a violation; a call is.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

import pytest

import guided_actions

PACKAGE = Path(guided_actions.__file__).parent
DOMAIN_FILES = sorted(path for path in PACKAGE.rglob("*.py") if "_cli" not in path.relative_to(PACKAGE).parts[:1])

#: what is forbidden outside the CLI, as a regex over code tokens joined by single spaces
FORBIDDEN = {
    ".now(": r"\.\s*now\s*\(",
    "today(": r"\btoday\s*\(",
    "time.time(": r"\btime\s*\.\s*time\s*\(",
    "datetime.utcnow": r"\butcnow\b",
    "open(": r"\bopen\s*\(",
    "os.environ": r"\benviron\b",
    "os.getenv": r"\bgetenv\b",
    "socket": r"\bsocket\b",
}
_SKIPPED = {tokenize.STRING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def code_lines(source: str) -> dict[int, str]:
    """Each line's code tokens joined by spaces, without strings and comments."""
    lines: dict[int, list[str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _SKIPPED and token.string:
            lines.setdefault(token.start[0], []).append(token.string)
    return {number: " ".join(tokens) for number, tokens in lines.items()}


def violations(source: str) -> list[tuple[int, str]]:
    found = []
    for number, line in code_lines(source).items():
        for name, pattern in FORBIDDEN.items():
            if re.search(pattern, line):
                found.append((number, name))
    return found


def test_the_domain_has_files_to_check_and_the_cli_is_left_out() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in DOMAIN_FILES}
    assert "crm/_snapshot.py" in names
    assert "errors.py" in names
    assert not any(name.startswith("_cli/") for name in names)


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_domain_module_reads_a_clock_a_file_the_environment_or_the_network(path: Path) -> None:
    found = violations(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.relative_to(PACKAGE)}: {found}"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        pytest.param("x = pendulum.now()", ".now(", id="pendulum.now"),
        pytest.param("x = datetime.datetime.now(tz=UTC)", ".now(", id="datetime.now"),
        pytest.param("x = date.today()", "today(", id="date.today"),
        pytest.param("x = time.time()", "time.time(", id="time.time"),
        pytest.param("x = datetime.utcnow()", "datetime.utcnow", id="utcnow"),
        pytest.param("with open(path) as f: pass", "open(", id="open"),
        pytest.param("x = os.environ['HOME']", "os.environ", id="environ"),
        pytest.param("x = os.getenv('HOME')", "os.getenv", id="getenv"),
        pytest.param("import socket", "socket", id="socket"),
    ],
)
def test_the_check_finds_each_forbidden_call(code: str, name: str) -> None:
    assert violations(code + "\n") == [(1, name)]


@pytest.mark.parametrize(
    "code",
    [
        pytest.param('"""Never call datetime.now() or open() here."""', id="a docstring"),
        pytest.param("x = 1  # not time.time()", id="a comment"),
        pytest.param("if crm.is_open(deal): pass", id="is_open"),
        pytest.param("def contacts_with_meetings_today(crm): pass", id="a name ending in _today"),
        pytest.param("x = now", id="a variable called now"),
    ],
)
def test_the_check_ignores_strings_comments_and_lookalike_names(code: str) -> None:
    assert violations(code + "\n") == []


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("guided_actions", *path.relative_to(PACKAGE).parent.parts))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in DOMAIN_FILES if p.name != "__main__.py"],
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_no_domain_module_imports_the_cli(path: Path) -> None:
    cli = [name for name in _imports(path) if name == "guided_actions._cli" or name.startswith("guided_actions._cli.")]
    assert cli == [], f"{path.relative_to(PACKAGE)} imports {cli}"


def test_importing_every_domain_module_does_not_load_the_cli() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import guided_actions

        # not pkgutil.walk_packages: it imports every package it walks into, the CLI included
        def walk(package):
            for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
                if module.name in ("guided_actions._cli", "guided_actions.__main__"):
                    continue
                imported = importlib.import_module(module.name)
                if module.ispkg:
                    walk(imported)

        walk(guided_actions)
        loaded = sorted(name for name in sys.modules if name.startswith("guided_actions._cli"))
        print(",".join(loaded))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == ""
