"""``RequestRefused``: a workspace action refused with every problem at once."""

from __future__ import annotations

from collections.abc import Iterable

from guided_actions.errors import GuidedActionsError, Problem

__all__ = ["RequestRefused"]


class RequestRefused(GuidedActionsError):
    """A bulk task update or a board move was refused; nothing changed (``.problems``).

    Like the validations, it lists every problem at once so a person can fix the
    request in one go.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(f"request refused: {n} problem{'s' if n != 1 else ''}\n{lines}")
