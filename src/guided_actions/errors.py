"""The library's errors: one base class, structured data, messages built from it.

Every error the library raises derives from :class:`GuidedActionsError`, itself a
:class:`ValueError`, so a host can catch "bad input to guided_actions" with one
``except``.  Errors keep their data as attributes (the class, the field, the
offending value, the problems) and build their message from it, so a host can
report them in its own words.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AccessDenied",
    "CommandRefused",
    "GuidedActionsError",
    "InvalidDocument",
    "InvalidEntity",
    "InvalidSettings",
    "InvalidSnapshot",
    "Problem",
]


@attrs.frozen(kw_only=False)
class Problem:
    """One thing wrong with an input, found during validation.

    ``code`` is a stable, machine-readable name (``"duplicate_id"``), ``path`` is a
    dotted path into the input (``"deals[d1].stage_id"``,
    ``"revenue.objects[1].default_pipeline_id"``) and ``message`` is a sentence for
    a person.  Validation always returns *every* problem it finds, never the first.
    """

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]" if self.path else f"{self.message} [{self.code}]"


class GuidedActionsError(ValueError):
    """Base class of every error raised by ``guided_actions``."""


class InvalidEntity(GuidedActionsError):
    """A value that cannot be right was refused when an entity was built.

    Carries the entity class name, the field and the offending value, all three
    named in the message.
    """

    def __init__(self, cls: str, field: str, value: object, reason: str) -> None:
        self.cls = cls
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{cls}.{field}: {reason} (got {value!r})")

    def __reduce__(self) -> tuple[type[InvalidEntity], tuple[str, str, object, str]]:
        # Rebuild from the data, not the message, so the error survives pickling
        # (multiprocessing, task queues) and ``copy``.
        return (type(self), (self.cls, self.field, self.value, self.reason))


class _ProblemsError(GuidedActionsError):
    """An error carrying a tuple of :class:`Problem`, all of them in the message."""

    _what = "invalid input"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(f"{self._what}: {n} problem{'s' if n != 1 else ''}\n{lines}")

    def __reduce__(self) -> tuple[type[_ProblemsError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class InvalidSnapshot(_ProblemsError):
    """``CrmSnapshot.build`` found records that do not fit together (``.problems``)."""

    _what = "invalid CRM snapshot"


class InvalidSettings(_ProblemsError):
    """Customer success settings (or a health score) failed validation (``.problems``)."""

    _what = "invalid settings"


class InvalidDocument(_ProblemsError):
    """A serialized document could not be turned back into library values.

    Each problem's ``path`` names the bad field (``"$.deals[0].amount"``).
    """

    _what = "invalid document"


class CommandRefused(GuidedActionsError):
    """A shared-deal command was refused; nothing changed.

    ``code`` names the reason (``"capacity_reached"``), ``message`` explains it.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{message} [{code}]")

    def __reduce__(self) -> tuple[type[CommandRefused], tuple[str, str]]:
        return (type(self), (self.code, self.message))


class AccessDenied(GuidedActionsError):
    """The viewer may not see what was asked for (e.g. another user's schedule)."""
