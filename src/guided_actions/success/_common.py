"""Small converters and validators the customer success values share.

The CRM core's field validators (``guided_actions.crm._checks``) already name the
class, the field and the value in their errors; this module adds the converters
for tuples of nested values and read-only mappings of nested values.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from guided_actions.errors import InvalidEntity

__all__ = ["close_match", "did_you_mean", "frozen_mapping", "non_negative_int", "positive_int", "to_tuple"]

T = TypeVar("T")


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter: any iterable becomes a tuple (a lone string stays whole)."""
    if type(value) is tuple:
        return value
    if isinstance(value, str):
        return (value,)  # type: ignore[return-value]
    return tuple(value)


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Converter: a read-only copy of a mapping (so a value can never change under us)."""
    if isinstance(value, MappingProxyType):
        return value
    return MappingProxyType(dict(value or {}))


def _is_int(value: object) -> bool:
    return type(value) is int


def positive_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: an ``int`` (not a ``bool``) greater than zero."""
    if not _is_int(value) or value <= 0:  # type: ignore[operator]
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be an int > 0")


def non_negative_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: an ``int`` (not a ``bool``) of at least zero."""
    if not _is_int(value) or value < 0:  # type: ignore[operator]
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be an int >= 0")


def close_match(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name`` when one is close enough, else ``None``."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a candidate is close to ``name``, else ``""``."""
    match = close_match(name, candidates)
    return f"; did you mean {match!r}?" if match is not None else ""
