"""The machinery behind :mod:`guided_actions.serialization`: one strict ``cattrs`` converter.

:func:`make_converter` builds a ``cattrs.Converter`` with ``forbid_extra_keys=True``
and detailed validation, and replaces cattrs' lenient defaults (``str(12)``,
``bool("false")``, any iterable for a list) with hooks that refuse what JSON should
not carry.  Every refusal is a :class:`Refusal` with a stable ``code``; the wording
of every refusal lives in :data:`MESSAGES`, nowhere else.  The public module turns
the exceptions cattrs collects into :class:`~guided_actions.errors.Problem` values.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as _dt
import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from types import MappingProxyType
from typing import Any, get_args, get_origin

import attrs
import cattrs
import pendulum
from cattrs.cols import list_structure_factory
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, mapping_structure_factory

from guided_actions.crm import CrmSnapshot, Pipeline, PortalSettings, PropertyValue, Team
from guided_actions.crm._snapshot import KINDS

__all__ = ["MESSAGES", "SNAPSHOT_KEYS", "Refusal", "describe", "format_datetime", "make_converter", "parse_datetime"]

MESSAGES: dict[str, str] = {
    "wrong_type": "expected {expected}, got {got}",
    "invalid_datetime": "{value!r} is not an ISO 8601 date-time such as 2026-03-01T09:30:00+05:30[Asia/Kolkata]",
    "naive_datetime": "{value!r} has no UTC offset; write one, as in 2026-03-01T09:30:00+01:00",
    "unknown_timezone": "{zone!r} (in {value!r}) is not a known IANA timezone",
    "zone_offset_mismatch": "{value!r}: {zone} is at {expected} at that instant, not {offset}",
    "invalid_date": "{value!r} is not a date written YYYY-MM-DD",
    "invalid_decimal": '{value!r} is not a finite decimal number written as a string, such as "1500.00"',
    "invalid_enum": "{value!r} is not a valid {enum}; expected one of {choices}",
    "invalid_property": "{value!r} is not a property value: use a string, number, true/false, null "
    'or one of {{"decimal": ...}}, {{"datetime": ...}}, {{"date": ...}}, {{"float": ...}}',
    "missing_tag": "missing the {tag!r} key that names one of {choices}",
    "unknown_tag": "{value!r} is not one of {choices}{hint}",
}
"""Problem code -> message template: the one place refusals are worded."""

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


class Refusal(ValueError):
    """A value the converter refuses; ``code`` names the reason, the message comes from :data:`MESSAGES`."""

    def __init__(self, code: str, **data: object) -> None:
        self.code = code
        self.data = data
        super().__init__(MESSAGES[code].format(**data))


def describe(value: object) -> str:
    """How a refused value reads in a message: its JSON kind and a short repr."""
    kind = {
        type(None): "null",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
    text = repr(value)
    return f"{kind} {text if len(text) <= 40 else text[:37] + '...'}" if kind not in ("an object", "a list") else kind


# -- scalars ----------------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise Refusal("wrong_type", expected="a string", got=describe(value))


def _structure_int(value: object, _: object) -> int:
    if type(value) is int:
        return value
    raise Refusal("wrong_type", expected="an integer", got=describe(value))


def _structure_float(value: object, _: object) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise Refusal("wrong_type", expected="a number", got=describe(value))


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise Refusal("wrong_type", expected="true or false", got=describe(value))


@functools.cache
def _enum_table(cls: type[Enum]) -> tuple[dict[object, Enum], str]:
    members = {member.value: member for member in cls}
    return members, ", ".join(str(v) for v in members)


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    members, choices = _enum_table(cls)
    member = members.get(value) if type(value) in (str, int) else None
    if member is None:
        raise Refusal("invalid_enum", value=value, enum=cls.__name__, choices=choices)
    return member


_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _structure_decimal(value: object, _: object) -> Decimal:
    if type(value) is not str:
        raise Refusal("wrong_type", expected='a decimal written as a string, such as "1500.00"', got=describe(value))
    if _DECIMAL.fullmatch(value) is None:
        raise Refusal("invalid_decimal", value=value)
    return Decimal(value)


# -- dates and date-times ---------------------------------------------------


@functools.cache
def _zone(name: str) -> pendulum.Timezone | None:
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        return None
    try:
        return pendulum.Timezone(name)
    except (ValueError, OSError):
        return None


@functools.lru_cache(maxsize=512)
def _fixed(seconds: int) -> pendulum.FixedTimezone:
    return pendulum.FixedTimezone(seconds)


def format_datetime(value: _dt.datetime) -> str:
    """ISO 8601 with the offset, then ``[Zone/Name]`` when the tzinfo is a named IANA zone (RFC 9557)."""
    text = _dt.datetime.isoformat(value)
    key = getattr(value.tzinfo, "key", None)
    return f"{text}[{key}]" if key else text


def parse_datetime(value: object, _: object = None) -> pendulum.DateTime:
    """The inverse of :func:`format_datetime`: an aware ``pendulum.DateTime`` in the named zone or offset.

    Naive and fuzzy strings are refused; so is a bracketed zone whose offset at
    that instant is not the written offset.  ``Z`` without a zone reads as UTC;
    ``Z[Zone]`` is that UTC instant shown in the zone (RFC 9557).
    """
    if type(value) is not str:
        raise Refusal("wrong_type", expected="a date-time string", got=describe(value))
    text = value
    zone_name = None
    if text.endswith("]"):
        start = text.find("[")
        if start < 0:
            raise Refusal("invalid_datetime", value=value)
        zone_name = text[start + 1 : -1].removeprefix("!")
        text = text[:start]
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise Refusal("invalid_datetime", value=value) from None
    if len(text) < 16 or text[10] not in "Tt ":
        raise Refusal("invalid_datetime", value=value)
    offset = parsed.utcoffset()
    if offset is None:
        raise Refusal("naive_datetime", value=value)
    if zone_name is None:
        if text[-1] in "Zz":
            tz: _dt.tzinfo = pendulum.UTC
        else:
            tz = _fixed(int(offset.total_seconds()))
        return pendulum.DateTime(
            parsed.year,
            parsed.month,
            parsed.day,
            parsed.hour,
            parsed.minute,
            parsed.second,
            parsed.microsecond,
            tzinfo=tz,
        )
    zone = _zone(zone_name)
    if zone is None:
        raise Refusal("unknown_timezone", zone=zone_name, value=value)
    local = parsed.astimezone(zone)
    if local.utcoffset() != offset and text[-1] not in "Zz":
        # A wall time in a DST gap, as Python writes it (fold 0 or 1), is kept as given.
        for fold in (0, 1):
            candidate = pendulum.DateTime(
                parsed.year,
                parsed.month,
                parsed.day,
                parsed.hour,
                parsed.minute,
                parsed.second,
                parsed.microsecond,
                tzinfo=zone,
                fold=fold,
            )
            if candidate.utcoffset() == offset and zone.utcoffset(candidate.replace(fold=1 - fold)) != offset:
                return candidate
        raise Refusal(
            "zone_offset_mismatch", value=value, zone=zone_name, expected=_offset(local), offset=_offset(parsed)
        )
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=zone,
        fold=local.fold,
    )


def _offset(value: _dt.datetime) -> str:
    return value.isoformat()[19:].lstrip("0123456789.") or "+00:00"


def _format_date(value: _dt.date) -> str:
    return _dt.date.isoformat(value)


def _parse_date(value: object, _: object = None) -> pendulum.Date:
    if type(value) is not str:
        raise Refusal("wrong_type", expected="a date string (YYYY-MM-DD)", got=describe(value))
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise Refusal("invalid_date", value=value)
    try:
        parsed = _dt.date.fromisoformat(value)
    except ValueError:
        raise Refusal("invalid_date", value=value) from None
    return pendulum.Date(parsed.year, parsed.month, parsed.day)


# -- property values ----------------------------------------------------------

_FLOAT_WORDS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def encode_property(value: PropertyValue) -> object:
    """A property value as JSON: plain for str/int/float/bool/null, tagged for the rest."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"float": repr(value)}  # type: ignore[arg-type]
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, _dt.datetime):
        return {"datetime": format_datetime(value)}
    if isinstance(value, _dt.date):
        return {"date": _format_date(value)}
    # Subclasses (a StrEnum, an IntEnum) are written as their plain value.
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return encode_property(float(value))
    if isinstance(value, str):
        return str.__str__(value)
    raise Refusal("invalid_property", value=value)


def decode_property(value: object, _: object = None) -> PropertyValue:
    """The inverse of :func:`encode_property`; a plain string always stays a string."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value  # type: ignore[return-value]
    if kind is dict and len(value) == 1:  # type: ignore[arg-type]
        ((tag, inner),) = value.items()  # type: ignore[attr-defined]
        if tag == "decimal":
            return _structure_decimal(inner, None)
        if tag == "datetime":
            return parse_datetime(inner)
        if tag == "date":
            return _parse_date(inner)
        if tag == "float" and inner in _FLOAT_WORDS:
            return _FLOAT_WORDS[inner]
    raise Refusal("invalid_property", value=value)


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
                    args[key] = _structure_bool(item, bool)
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
        (str, _structure_str),
        (int, _structure_int),
        (float, _structure_float),
        (bool, _structure_bool),
        (Enum, _structure_enum),
        (StrEnum, _structure_enum),
        (IntEnum, _structure_enum),
        (Decimal, _structure_decimal),
        (_dt.datetime, parse_datetime),
        (_dt.date, _parse_date),
    ):
        converter.register_structure_hook(cls, structure)
    for cls, unstructure in (
        (Enum, lambda member: member.value),
        (StrEnum, lambda member: member.value),
        (IntEnum, lambda member: member.value),
        (Decimal, str),
        (_dt.datetime, format_datetime),
        (_dt.date, _format_date),
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
    unstructure_snapshot, structure_snapshot = _snapshot_hooks(converter)
    converter.register_unstructure_hook(CrmSnapshot, unstructure_snapshot)
    converter.register_structure_hook(CrmSnapshot, structure_snapshot)
    return converter
