"""Render a registry's rules as the Markdown table the docs show (so docs and code cannot drift)."""

from __future__ import annotations

from guided_actions.actions._registry import RuleRegistry
from guided_actions.actions._rule import Criterion, Rule

__all__ = ["render_rule_table"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _items(rule: Rule, criteria: tuple[Criterion, ...]) -> str:
    return "<br>".join(f"`{c.name}`: {_cell(c.describe(rule))}" for c in criteria)


def render_rule_table(registry: RuleRegistry) -> str:
    """The rule table as Markdown: one row per rule, in table order, with every criterion and condition."""
    lines = [
        "| # | type · title | subject · category | creation criteria (all) | expiration conditions (any) |",
        "|---|---|---|---|---|",
    ]
    for number, rule in enumerate(registry, start=1):
        combined = ", combined" if rule.combined else ""
        category = rule.category.name if rule.category is not None else "—"
        lines.append(
            f"| {number} | `{rule.type}` {_cell(rule.title)}{combined} | {rule.subject.value} · {category} "
            f"| {_items(rule, rule.criteria)} | {_items(rule, rule.conditions)} |"
        )
    return "\n".join(lines) + "\n"
