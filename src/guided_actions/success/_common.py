"""Field validators, converters and the "did you mean" helper the customer success values share.

Each validator raises :class:`~guided_actions.errors.InvalidEntity` naming the
class, the field and the value.  They are this package's own (not the CRM
core's private helpers), so the core can change its checks freely.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from guided_actions.errors import InvalidEntity

__all__ = [
    "EMPTY_MAPPING",
    "aware",
    "close_match",
    "did_you_mean",
    "each",
    "frozen_mapping",
    "instance_of",
    "is_bool",
    "is_str",
    "non_empty_str",
    "optional_instance_of",
    "optional_non_empty_str",
    "property_mapping",
    "str_frozenset",
    "to_tuple",
]

T = TypeVar("T")
EMPTY_MAPPING: Mapping[str, Any] = MappingProxyType({})


def _fail(inst: object, attribute: attrs.Attribute[Any], value: object, reason: str) -> None:
    raise InvalidEntity(type(inst).__name__, attribute.name, value, reason)


def non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id or a name: a ``str`` with at least one non-blank character."""
    if not isinstance(value, str) or not value.strip():
        _fail(inst, attribute, value, "must be a non-empty string")


def optional_non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """``None`` or a non-empty ``str``."""
    if value is not None:
        non_empty_str(inst, attribute, value)


def is_str(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Any ``str`` (empty allowed: a description)."""
    if not isinstance(value, str):
        _fail(inst, attribute, value, "must be a string")


def is_bool(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Exactly ``True`` or ``False``."""
    if type(value) is not bool:
        _fail(inst, attribute, value, "must be a bool")


def aware(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A timezone-aware ``datetime``."""
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        _fail(inst, attribute, value, "must be a timezone-aware datetime")


def instance_of(cls: type | tuple[type, ...]) -> Any:
    """Validator: the value is an instance of ``cls``."""
    names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            _fail(inst, attribute, value, f"must be a {names}")

    return check


def optional_instance_of(cls: type) -> Any:
    """Validator: ``None`` or an instance of ``cls``."""
    inner = instance_of(cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return check


def each(cls: type | tuple[type, ...]) -> Any:
    """Validator: every member of a collection is an instance of ``cls``."""
    names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
        for item in value:
            if not isinstance(item, cls):
                _fail(inst, attribute, item, f"every item must be a {names}")

    return check


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter: any iterable becomes a tuple (a lone string stays whole)."""
    if type(value) is tuple:
        return value
    if isinstance(value, str):
        return (value,)  # type: ignore[return-value]
    return tuple(value)


def str_frozenset(value: Iterable[str]) -> frozenset[str]:
    """Converter: any iterable of strings becomes a ``frozenset`` (a lone string stays whole)."""
    if type(value) is frozenset:
        return value
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(value)


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Converter: a read-only copy of a mapping (so a value can never change under us)."""
    if isinstance(value, MappingProxyType):
        return value
    if not value:
        return EMPTY_MAPPING
    return MappingProxyType(dict(value))


def property_mapping(inst: object, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    """Validator for ``properties``: non-empty string keys, property values (aware datetimes)."""
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            _fail(inst, attribute, key, "property names must be non-empty strings")
        if item is None or isinstance(item, str | int | float | Decimal | _dt.date):
            if isinstance(item, _dt.datetime) and item.utcoffset() is None:
                _fail(inst, attribute, item, f"property {key!r} must be timezone-aware")
            continue
        _fail(inst, attribute, item, f"property {key!r} has an unsupported type")


def close_match(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name`` when one is close enough, else ``None``."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a candidate is close to ``name``, else ``""``."""
    match = close_match(name, candidates)
    return f"; did you mean {match!r}?" if match is not None else ""
