"""Scalar values as JSON: strict hooks for strings, numbers, enums, decimals, dates and date-times.

Every refusal is a :class:`Refusal` with a stable ``code``; the wording of every
refusal lives in :data:`MESSAGES`, nowhere else.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from decimal import Decimal
from enum import Enum

import pendulum

from guided_actions.crm import PropertyValue
from guided_actions.errors import GuidedActionsError

__all__ = [
    "MESSAGES",
    "Refusal",
    "decode_property",
    "describe",
    "encode_property",
    "format_date",
    "format_datetime",
    "format_decimal",
    "parse_date",
    "parse_datetime",
    "structure_bool",
    "structure_decimal",
    "structure_enum",
    "structure_float",
    "structure_int",
    "structure_str",
]

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


class Refusal(GuidedActionsError):
    """A value the converter refuses; ``code`` names the reason, the message comes from :data:`MESSAGES`.

    Reading collects these into problems; writing a value that could not be read
    back (a NaN decimal) raises one directly.
    """

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


def structure_str(value: object, _: object) -> str:
    if type(value) is str:
        return value
    raise Refusal("wrong_type", expected="a string", got=describe(value))


def structure_int(value: object, _: object) -> int:
    if type(value) is int:
        return value
    raise Refusal("wrong_type", expected="an integer", got=describe(value))


def structure_float(value: object, _: object) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise Refusal("wrong_type", expected="a number", got=describe(value))


def structure_bool(value: object, _: object) -> bool:
    if type(value) is bool:
        return value
    raise Refusal("wrong_type", expected="true or false", got=describe(value))


@functools.cache
def _enum_table(cls: type[Enum]) -> tuple[dict[object, Enum], str]:
    members = {member.value: member for member in cls}
    return members, ", ".join(str(v) for v in members)


def structure_enum(value: object, cls: type[Enum]) -> Enum:
    members, choices = _enum_table(cls)
    member = members.get(value) if type(value) in (str, int) else None
    if member is None:
        raise Refusal("invalid_enum", value=value, enum=cls.__name__, choices=choices)
    return member


_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def structure_decimal(value: object, _: object) -> Decimal:
    if type(value) is not str:
        raise Refusal("wrong_type", expected='a decimal written as a string, such as "1500.00"', got=describe(value))
    if _DECIMAL.fullmatch(value) is None:
        raise Refusal("invalid_decimal", value=value)
    return Decimal(value)


def format_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise Refusal("invalid_decimal", value=str(value))
    return str(value)


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
            if candidate.utcoffset() == offset:
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


def format_date(value: _dt.date) -> str:
    return _dt.date.isoformat(value)


def parse_date(value: object, _: object = None) -> pendulum.Date:
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
        return {"decimal": format_decimal(value)}
    if isinstance(value, _dt.datetime):
        return {"datetime": format_datetime(value)}
    if isinstance(value, _dt.date):
        return {"date": format_date(value)}
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
            return structure_decimal(inner, None)
        if tag == "datetime":
            return parse_datetime(inner)
        if tag == "date":
            return parse_date(inner)
        if tag == "float" and inner in _FLOAT_WORDS:
            return _FLOAT_WORDS[inner]
    raise Refusal("invalid_property", value=value)
