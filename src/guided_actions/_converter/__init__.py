"""The machinery behind :mod:`guided_actions.serialization`: one strict ``cattrs`` converter.

:func:`make_converter` builds a ``cattrs.Converter`` with ``forbid_extra_keys=True``
and detailed validation, and replaces cattrs' lenient defaults (``str(12)``,
``bool("false")``, any iterable for a list) with hooks that refuse what JSON should
not carry (:mod:`._values`).  The public module turns the exceptions cattrs
collects into :class:`~guided_actions.errors.Problem` values.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as _dt
from collections.abc import Callable
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from types import MappingProxyType, UnionType
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, mapping_structure_factory

from guided_actions._converter._values import (
    MESSAGES,
    Refusal,
    decode_property,
    describe,
    encode_property,
    format_date,
    format_datetime,
    format_decimal,
    parse_date,
    parse_datetime,
    structure_bool,
    structure_decimal,
    structure_enum,
    structure_float,
    structure_int,
    structure_str,
)
from guided_actions.crm import CrmSnapshot, Pipeline, PortalSettings, PropertyValue, Team
from guided_actions.crm._tables import KINDS

__all__ = ["MESSAGES", "SNAPSHOT_KEYS", "Refusal", "describe", "format_datetime", "make_converter", "parse_datetime"]

SNAPSHOT_KEYS: tuple[str, ...] = (
    "users",
    "teams",
    "companies",
    "contacts",
    "leads",
    "deals",
    "tasks",
    "meetings",
    "calls",
    "emails",
    "notes",
    "pipelines",
    "settings",
    "strict",
)
"""The keys of a snapshot document, in the order they are written."""

_RECORD_TYPES: dict[str, type[Any]] = {
    **dict(KINDS.values()),
    "teams": Team,
    "pipelines": Pipeline,
}
"""Snapshot key -> record class, for the keys that hold lists of records."""


# -- collections --------------------------------------------------------------

_SEQUENCES = {list: list, tuple: tuple, abc.Sequence: tuple, abc.MutableSequence: list}
_SETS = {frozenset: frozenset, set: set, abc.Set: frozenset, abc.MutableSet: set}
_MAPPINGS = {dict: dict, abc.Mapping: MappingProxyType, abc.MutableMapping: dict}
_EMPTY_MAPPING: Any = MappingProxyType({})


def _homogeneous(t: Any, table: dict[Any, Any]) -> bool:
    args = get_args(t)
    if get_origin(t) not in table or not args:
        return False
    return get_origin(t) is not tuple or (len(args) == 2 and args[1] is Ellipsis)


def _collection_factory(t: Any, converter: cattrs.Converter) -> Callable[[object, object], object]:
    origin = get_origin(t)
    container = _SEQUENCES.get(origin) or _SETS[origin]
    as_list: Any = list[get_args(t)[0]]  # type: ignore[misc]
    inner = list_structure_factory(as_list, converter)

    def structure_collection(value: object, _: object) -> object:
        if type(value) is not list and type(value) is not tuple:
            raise Refusal("wrong_type", expected="a list", got=describe(value))
        if not value:
            return container()
        items = inner(value, as_list)
        return items if container is list else container(items)

    return structure_collection


def _set_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], list[Any]]:
    args = get_args(t)
    item = converter.get_unstructure_hook(args[0]) if args else converter.unstructure

    def unstructure_set(value: Any) -> list[Any]:
        if not value:
            return []
        items = [item(v) for v in value]
        try:
            return sorted(items)
        except TypeError:  # unorderable items (objects): a stable order all the same
            return sorted(items, key=repr)

    return unstructure_set


def _mapping_factory(t: Any, converter: cattrs.Converter) -> Callable[[object, object], object]:
    key_type, value_type = get_args(t)
    inner = mapping_structure_factory(dict[key_type, value_type], converter)  # type: ignore[valid-type]
    read_only = _MAPPINGS[get_origin(t)] is MappingProxyType

    def structure_mapping(value: object, _: object) -> object:
        if type(value) is not dict:
            raise Refusal("wrong_type", expected="an object", got=describe(value))
        if not value and read_only:
            return _EMPTY_MAPPING
        result = inner(value, t)
        return MappingProxyType(result) if read_only else result

    return structure_mapping


def _is_optional(t: Any) -> bool:
    args = get_args(t)
    return len(args) == 2 and type(None) in args and get_origin(t) in (UnionType, Union)


def _optional_factory(t: Any, converter: cattrs.Converter) -> Callable[[object, object], object]:
    # cattrs' own optional hook dispatches on every call; this one looks the inner hook up once.
    (inner_type,) = (a for a in get_args(t) if a is not type(None))
    inner = converter.get_structure_hook(inner_type)

    def structure_optional(value: object, _: object) -> object:
        return None if value is None else inner(value, inner_type)

    return structure_optional


# -- attrs classes and the snapshot ---------------------------------------------


def _attrs_factory(cls: type[Any], converter: cattrs.Converter) -> Callable[[object, object], Any]:
    inner = make_dict_structure_fn(cls, converter)
    expected = f"an object ({cls.__name__})"

    def structure_attrs(value: object, _: object) -> Any:
        if type(value) is dict:
            return inner(value, cls)
        raise Refusal("wrong_type", expected=expected, got=describe(value))

    return structure_attrs


def _snapshot_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[CrmSnapshot], dict[str, Any]], Callable[[object, object], CrmSnapshot]]:
    """Hooks for :class:`CrmSnapshot` as one document; structuring ends in ``CrmSnapshot.build``."""
    lists = {name: list[cls] for name, cls in _RECORD_TYPES.items()}  # type: ignore[valid-type]
    unstructure_record = {name: converter.get_unstructure_hook(cls) for name, cls in _RECORD_TYPES.items()}
    unstructure_settings = converter.get_unstructure_hook(PortalSettings)
    known = frozenset(SNAPSHOT_KEYS)

    def unstructure_snapshot(crm: CrmSnapshot) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for name, hook in unstructure_record.items():
            doc[name] = [hook(record) for record in getattr(crm, name)]
        doc["settings"] = unstructure_settings(crm.settings)
        doc["strict"] = crm.strict
        return {key: doc[key] for key in SNAPSHOT_KEYS}

    def structure_snapshot(value: object, _: object) -> CrmSnapshot:
        if type(value) is not dict:
            raise Refusal("wrong_type", expected="an object (CrmSnapshot)", got=describe(value))
        errors: list[Exception] = []
        args: dict[str, Any] = {}
        for key, item in value.items():
            if key not in known:
                continue
            try:
                if key == "settings":
                    args[key] = converter.structure(item, PortalSettings)
                elif key == "strict":
                    args[key] = structure_bool(item, bool)
                else:
                    args[key] = converter.get_structure_hook(lists[key])(item, lists[key])
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(key, key, Any)]
                errors.append(exc)
        unknown = set(value) - known
        if unknown:
            errors.append(ForbiddenExtraKeysError("", CrmSnapshot, unknown))
        if errors:
            raise ClassValidationError("While structuring CrmSnapshot", errors, CrmSnapshot)
        return CrmSnapshot.build(**args)

    return unstructure_snapshot, structure_snapshot


def make_converter() -> cattrs.Converter:
    """A new strict converter: JSON-safe unstructuring, exact structuring, every problem collected."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Single-dispatch hooks (by class, subclasses included): enums before str/int,
    # which they subclass, and bool before int.
    for cls, structure in (
        (str, structure_str),
        (int, structure_int),
        (float, structure_float),
        (bool, structure_bool),
        (Enum, structure_enum),
        (StrEnum, structure_enum),
        (IntEnum, structure_enum),
        (Decimal, structure_decimal),
        (_dt.datetime, parse_datetime),
        (_dt.date, parse_date),
    ):
        converter.register_structure_hook(cls, structure)
    for cls, unstructure in (
        (Enum, lambda member: member.value),
        (StrEnum, lambda member: member.value),
        (IntEnum, lambda member: member.value),
        (Decimal, format_decimal),
        (_dt.datetime, format_datetime),
        (_dt.date, format_date),
    ):
        converter.register_unstructure_hook(cls, unstructure)
    converter.register_structure_hook(PropertyValue, decode_property)
    converter.register_unstructure_hook(PropertyValue, encode_property)
    # Predicate factories: later registrations win over cattrs' own.
    converter.register_structure_hook_factory(lambda t: _homogeneous(t, _SEQUENCES), _collection_factory)
    converter.register_structure_hook_factory(lambda t: _homogeneous(t, _SETS), _collection_factory)
    converter.register_unstructure_hook_factory(lambda t: _homogeneous(t, _SETS), _set_unstructure_factory)
    converter.register_unstructure_hook_factory(lambda t: t in (frozenset, set), _set_unstructure_factory)
    converter.register_structure_hook_factory(lambda t: _homogeneous(t, _MAPPINGS), _mapping_factory)
    converter.register_structure_hook_factory(attrs.has, _attrs_factory)
    converter.register_structure_hook_factory(_is_optional, _optional_factory)
    unstructure_snapshot, structure_snapshot = _snapshot_hooks(converter)
    converter.register_unstructure_hook(CrmSnapshot, unstructure_snapshot)
    converter.register_structure_hook(CrmSnapshot, structure_snapshot)
    return converter
