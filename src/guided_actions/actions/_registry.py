"""``RuleRegistry``: the rules one host uses, keyed by type name, in table order.

There is no global registry: :func:`default_registry` builds a new one with the
19 built-ins on every call, and a host adds its own rules to *its* registry.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator

from guided_actions.actions._model import ActionCategory
from guided_actions.actions._rule import Rule
from guided_actions.errors import GuidedActionsError

__all__ = ["RuleRegistry", "default_registry"]

_CATEGORY_ORDER = {ActionCategory.DEAL: 0, ActionCategory.PROSPECTING: 1, None: 2}


class RuleRegistry:
    """Rules keyed by type name; iteration yields them in the order they were registered (table order).

    The order matters: it sorts reconcile's output, and it is the order of the
    rule table in the docs.
    """

    __slots__ = ("_rules",)

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.register(rule)

    def register(self, rule: Rule) -> Rule:
        """Add a rule at the end of the table; a type name already registered is refused."""
        if not isinstance(rule, Rule):
            raise GuidedActionsError(f"register() takes a Rule, got {type(rule).__name__}")
        if rule.type in self._rules:
            raise GuidedActionsError(f"a rule of type {rule.type!r} is already registered")
        self._rules[rule.type] = rule
        return rule

    def get(self, type: str) -> Rule | None:
        """The rule of this type (an :class:`ActionType` or a host's own name), or ``None``."""
        return self._rules.get(str(type))

    def require(self, type: str) -> Rule:
        """The rule of this type, or a :class:`GuidedActionsError` with a "did you mean" hint."""
        rule = self._rules.get(str(type))
        if rule is None:
            close = difflib.get_close_matches(str(type), list(self._rules), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise GuidedActionsError(f"unknown action type {str(type)!r}{hint}")
        return rule

    def __contains__(self, type: object) -> bool:
        return isinstance(type, str) and str(type) in self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __repr__(self) -> str:
        return f"RuleRegistry({len(self._rules)} rules)"

    def sort_keys(self) -> dict[str, tuple[int, int]]:
        """``type -> (category rank, table position)``, the stable part of reconcile's sort order."""
        return {rule.type: (_CATEGORY_ORDER[rule.category], i) for i, rule in enumerate(self._rules.values())}


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[Rule, ...]:
    from guided_actions.actions._builtin import builtin_rules

    return builtin_rules()


def default_registry() -> RuleRegistry:
    """A new registry holding the 19 built-in rules in table order (no shared state between calls).

    The registry is new each time (registering into it changes no other one);
    the rules in it are shared, which is safe because a :class:`Rule` is
    immutable, and saves building 19 rules on every ``reconcile``.
    """
    return RuleRegistry(_builtin())
