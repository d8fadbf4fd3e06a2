"""Field validators and converters shared by the entities.

Each validator raises :class:`~guided_actions.errors.InvalidEntity` naming the
class, the field and the value, so a host sees at once which row was wrong.
They are written as plain functions (not ``attrs.validators`` chains) because
building a million entities for a large portal should not pay for layers of
wrappers.
"""

from __future__ import annotations

import datetime as _dt
import functools
import zoneinfo
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from guided_actions.errors import InvalidEntity

EMPTY_MAPPING: Mapping[str, Any] = MappingProxyType({})


def _fail(inst: object, attribute: attrs.Attribute[Any], value: object, reason: str) -> None:
    raise InvalidEntity(type(inst).__name__, attribute.name, value, reason)


def non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An id or a required text: a ``str`` with at least one non-blank character."""
    if not isinstance(value, str) or not value.strip():
        _fail(inst, attribute, value, "must be a non-empty string")


def optional_non_empty_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Like :func:`non_empty_str`, but ``None`` is allowed (no reference)."""
    if value is not None:
        non_empty_str(inst, attribute, value)


def is_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Any ``str``, empty allowed (a title, a body)."""
    if not isinstance(value, str):
        _fail(inst, attribute, value, "must be a string")


def optional_str(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A ``str`` or ``None``."""
    if value is not None and not isinstance(value, str):
        _fail(inst, attribute, value, "must be a string or None")


def is_bool(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Exactly ``True`` or ``False`` (not ``1`` or ``"yes"``)."""
    if type(value) is not bool:
        _fail(inst, attribute, value, "must be a bool")


def aware(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A timezone-aware ``datetime`` (pendulum or stdlib), kept as given."""
    if not isinstance(value, _dt.datetime):
        _fail(inst, attribute, value, "must be a datetime (parse strings with the converter)")
    elif value.tzinfo is None or value.utcoffset() is None:
        _fail(inst, attribute, value, "must be timezone-aware, got a naive datetime")


def optional_aware(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a timezone-aware ``datetime``."""
    if value is not None:
        aware(inst, attribute, value)


def optional_date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a ``date`` that is not a ``datetime``."""
    if value is not None and (not isinstance(value, _dt.date) or isinstance(value, _dt.datetime)):
        _fail(inst, attribute, value, "must be a date (not a datetime) or None")


def optional_amount(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a finite, non-negative ``Decimal``."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        _fail(inst, attribute, value, "must be a finite Decimal or None")
    elif value < 0:
        _fail(inst, attribute, value, "must not be negative")


#: Names the tz database answers to that are not portable IANA zones: the machine's
#: own zone (it differs between hosts) and the leap-second / POSIX copies.
_NOT_IANA_NAMES = frozenset({"localtime", "posixrules"})
_NOT_IANA_PREFIXES = ("right/", "posix/")


@functools.lru_cache(maxsize=1024)
def known_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA timezone this machine's tz database knows.

    The cache is bounded: a host that feeds many bad names must not grow it forever.
    """
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        return False
    if name in _NOT_IANA_NAMES or name.startswith(_NOT_IANA_PREFIXES):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def timezone_name(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An IANA timezone name such as ``"Europe/Berlin"``."""
    if not isinstance(value, str) or not known_timezone(value):
        _fail(inst, attribute, value, "must be a known IANA timezone name")


def instance_of(cls: type | tuple[type, ...]) -> Any:
    """Validator: the value is an instance of ``cls`` (an enum, a nested value)."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)
            _fail(inst, attribute, value, f"must be a {names}")

    return check


def optional_instance_of(cls: type) -> Any:
    """Validator: ``None`` or an instance of ``cls``."""
    inner = instance_of(cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return check


# Converters cannot name the class being built, so they pass a value they cannot
# convert through unchanged and leave it to the field's validator, which refuses
# it with an ``InvalidEntity`` naming the class, the field and the value.


def ids(value: Iterable[str]) -> tuple[str, ...]:
    """Converter for association fields: any iterable of ids becomes a tuple."""
    if type(value) is tuple:
        return value
    if isinstance(value, str):
        # A lone string would otherwise become a tuple of characters.
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # refused by the validator


def id_tuple(inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    """Validator for association fields: a tuple whose elements are non-empty ``str``."""
    if type(value) is not tuple:
        _fail(inst, attribute, value, "must be a tuple of ids")
    for item in value:
        if type(item) is not str or not item.strip():
            _fail(inst, attribute, value, "every id must be a non-empty string")


def to_tuple(value: object) -> tuple[Any, ...]:
    """Converter for fields that hold a tuple of values (notes, groups): the values' :func:`ids`.

    Any iterable becomes a tuple and a lone string stays whole, as for ids; what is not
    iterable is passed through for the field's validator to refuse, which is why it
    takes any ``object`` (attrs gives ``__init__`` the converter's argument type, and
    a generic one would not do there).
    """
    return ids(value)  # type: ignore[arg-type]  # ids is typed for str, the logic is not


def items_of(cls: type | tuple[type, ...]) -> Any:
    """Validator: every item of a collection is an instance of ``cls``.

    Unlike :func:`members_of` it asks nothing of the collection itself (a tuple, a
    set, a mapping's keys or values): the field's converter has already built it.
    """
    names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
        for item in value:
            if not isinstance(item, cls):
                _fail(inst, attribute, item, f"every item must be a {names}")

    return check


def frozen_set(value: Iterable[Any]) -> frozenset[Any]:
    """Converter: any iterable becomes a ``frozenset`` (a lone string stays whole)."""
    if type(value) is frozenset:
        return value
    if isinstance(value, str):
        return frozenset((value,))
    try:
        return frozenset(value)
    except TypeError:
        return value  # type: ignore[return-value]  # refused by the validator


def members_of(cls: type) -> Any:
    """Validator: a ``frozenset`` every member of which is an instance of ``cls``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
        if not isinstance(value, frozenset):
            _fail(inst, attribute, value, f"must be a set of {cls.__name__}")
        for item in value:
            if not isinstance(item, cls):
                _fail(inst, attribute, item, f"every item must be a {cls.__name__}")

    return check


def id_frozenset(inst: object, attribute: attrs.Attribute[Any], value: Iterable[object]) -> None:
    """Validator: a ``frozenset`` of ids, each a non-empty ``str`` (``User.team_ids``)."""
    if not isinstance(value, frozenset):
        _fail(inst, attribute, value, "must be a set of ids")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            _fail(inst, attribute, item, "every id must be a non-empty string")


def str_frozenset(value: Iterable[str]) -> frozenset[str]:
    """Converter: any iterable of strings becomes a ``frozenset``."""
    return frozen_set(value)


def read_only_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Converter for ``properties``: a read-only copy (shared empty one when empty)."""
    if isinstance(value, MappingProxyType):
        return value
    if not isinstance(value, Mapping):
        return EMPTY_MAPPING if value is None else value  # anything else is refused by the validator
    if not value:
        return EMPTY_MAPPING
    return MappingProxyType(dict(value))


def property_mapping(inst: object, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    """Validator for ``properties``: string keys, :data:`PropertyValue` values."""
    if not isinstance(value, Mapping):
        _fail(inst, attribute, value, "must be a mapping of property names to values")
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            _fail(inst, attribute, key, "property names must be non-empty strings")
        if item is None or isinstance(item, str | int | float | Decimal | _dt.date):
            if isinstance(item, _dt.datetime) and item.utcoffset() is None:
                _fail(inst, attribute, item, f"property {key!r} must be timezone-aware")
            continue
        _fail(inst, attribute, item, f"property {key!r} has an unsupported type")


def rebuild(cls: type[Any], fields: dict[str, Any]) -> Any:
    """Unpickle an entity by building it again from its fields (see :func:`reduce_entity`)."""
    return cls(**fields)


def reduce_entity(inst: Any) -> tuple[Any, tuple[type[Any], dict[str, Any]]]:
    """``__reduce__`` for entities with ``properties``: a read-only mapping cannot be pickled.

    The entity is rebuilt through its constructor, with ``properties`` as a plain dict.
    """
    fields = {f.name: getattr(inst, f.name) for f in attrs.fields(type(inst))}
    fields["properties"] = dict(fields["properties"])
    return rebuild, (type(inst), fields)
