"""The field checks of the shared-deal values that the CRM core's checks do not cover.

The common validators and converters (non-empty strings, aware datetimes, enums,
collections) come from :mod:`guided_actions.crm._checks`, so a shared deal refuses
a bad field exactly as an entity does.  What is left here is what only the
shared-deal values need; each check raises
:class:`~guided_actions.errors.InvalidEntity` naming the class, the field and the
offending value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from guided_actions.errors import InvalidEntity

__all__ = ["non_negative_int", "str_set", "to_tuple"]


def non_negative_int(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An ``int`` (not a ``bool``) that is zero or more: a capacity, a version."""
    if type(value) is not int or value < 0:
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be a non-negative int")


def str_set(inst: object, attribute: attrs.Attribute[Any], value: frozenset[object]) -> None:
    """Validator: every member of a set is a plain, non-empty ``str``.

    Stricter than the core's ``id_frozenset``: a ``str`` subclass (an enum member)
    is refused, and the refusal names the whole set.
    """
    for item in value:
        if type(item) is not str or not item.strip():
            raise InvalidEntity(type(inst).__name__, attribute.name, value, "every item must be a non-empty string")


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable becomes a ``tuple``.

    Unlike the core's ``to_tuple`` a string is taken as the iterable it is (so
    ``""`` is an empty tuple); kept so that building a value accepts what it did.
    """
    return value if type(value) is tuple else tuple(value)
