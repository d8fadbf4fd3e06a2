"""The docs page's rule table is the code's: regenerate it, never edit it by hand."""

from __future__ import annotations

from pathlib import Path

from guided_actions.actions import default_registry, render_rule_table

PAGE = Path(__file__).parents[2] / "docs" / "guided-actions.md"
START = "<!-- rule-table:start -->\n"
END = "<!-- rule-table:end -->"


def test_the_pages_rule_table_is_rendered_from_the_default_registry() -> None:
    text = PAGE.read_text(encoding="utf-8")
    table = text[text.index(START) + len(START) : text.index(END)]
    assert table == render_rule_table(default_registry())


def test_the_table_has_a_row_per_rule_with_every_criterion() -> None:
    table = render_rule_table(default_registry())
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 19
    for rule in default_registry():
        row = next(r for r in rows if f"`{rule.type}`" in r)
        assert all(f"`{c.name}`" in row for c in rule.criteria + rule.conditions)
