"""Field validators and converters of the shared-deal values.

Kept here rather than borrowed from the CRM core's private helpers, so this
package depends only on the core's public names.  Each validator raises
:class:`~guided_actions.errors.InvalidEntity` naming the class, the field and
the offending value.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import attrs

from guided_actions.errors import InvalidEntity

__all__ = [
    "aware",
    "instance_of",
    "is_bool",
    "is_str",
    "items_of",
    "non_empty_str",
    "non_negative_int",
    "optional_aware",
    "optional_non_empty_str",
    "optional_str",
    "str_set",
    "to_frozenset",
    "to_tuple",
]


def _fail(inst: object, attribute: attrs.Attribute[Any], value: object, reason: str) -> None:
    raise InvalidEntity(type(inst).__name__, attribute.name, value, reason)


def non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An id or a required text: a ``str`` with at least one non-blank character."""
    if not isinstance(value, str) or not value.strip():
        _fail(inst, attribute, value, "must be a non-empty string")


def optional_non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a non-empty ``str``."""
    if value is not None:
        non_empty_str(inst, attribute, value)


def is_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Any ``str``, empty allowed."""
    if not isinstance(value, str):
        _fail(inst, attribute, value, "must be a string")


def optional_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``str`` or ``None``."""
    if value is not None and not isinstance(value, str):
        _fail(inst, attribute, value, "must be a string or None")


def is_bool(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Exactly ``True`` or ``False``."""
    if type(value) is not bool:
        _fail(inst, attribute, value, "must be a bool")


def non_negative_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ``int`` (not a ``bool``) that is zero or more."""
    if type(value) is not int or value < 0:
        _fail(inst, attribute, value, "must be a non-negative int")


def aware(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A timezone-aware ``datetime`` (pendulum or stdlib), kept as given."""
    if not isinstance(value, _dt.datetime):
        _fail(inst, attribute, value, "must be a datetime")
    elif value.utcoffset() is None:
        _fail(inst, attribute, value, "must be timezone-aware, got a naive datetime")


def optional_aware(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a timezone-aware ``datetime``."""
    if value is not None:
        aware(inst, attribute, value)


def instance_of(cls: type) -> Any:
    """Validator: the value is an instance of ``cls`` (an enum, a nested value)."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            _fail(inst, attribute, value, f"must be a {cls.__name__}")

    return check


def items_of(cls: type) -> Any:
    """Validator: every item of a tuple is an instance of ``cls``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, cls):
                _fail(inst, attribute, item, f"every item must be a {cls.__name__}")

    return check


def str_set(inst: object, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
    """Validator: every member of a set is a non-empty ``str``."""
    for item in value:
        if type(item) is not str or not item.strip():
            _fail(inst, attribute, value, "every item must be a non-empty string")


def to_frozenset(value: Iterable[str]) -> frozenset[str]:
    """Converter: any iterable of strings becomes a ``frozenset`` (a lone string stays whole)."""
    if type(value) is frozenset:
        return value
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(value)


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable becomes a ``tuple``."""
    return value if type(value) is tuple else tuple(value)
