"""Decoding HubSpot's wire values: every property is a string, or nothing.

HubSpot's v3 API returns every property as a string whatever its type
(``"true"``, ``"1500.00"``, ``"chocolate;strawberry"``), clears a value by writing
``""`` and either leaves out or sends ``null`` for a property without a value.
The functions here turn one such value into a Python value, or raise
:class:`BadValue` saying why not; ``None`` always means "no value".

Instants come back as :class:`pendulum.DateTime` in UTC, parsed from ISO 8601
(``Z`` or an offset, with or without fractions) or epoch **milliseconds**.  An
all-digit value of exactly ten digits is epoch *seconds* written by mistake (a
known integration bug that lands in January 1970): it is reported, never
guessed.  Naive ISO strings are refused: guessing their zone is how off-by-hours
bugs are born.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pendulum

__all__ = [
    "BadValue",
    "decode_bool",
    "decode_date",
    "decode_decimal",
    "decode_id",
    "decode_instant",
    "decode_int",
    "decode_json",
    "decode_many",
    "decode_text",
    "encode_instant",
    "is_blank",
]

_UTC = pendulum.UTC
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:?\d{2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"-?\d+")
_MS_PER_DAY = 86_400_000
_EPOCH = pendulum.DateTime(1970, 1, 1, tzinfo=_UTC)


class BadValue(Exception):
    """A value that cannot be decoded; ``code`` names the kind of problem, ``reason`` says why."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(reason)


def is_blank(value: object) -> bool:
    """Whether a wire value means "no value": absent (``None``), ``null`` or ``""`` (or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def decode_text(value: object) -> str | None:
    """A string property as given (not stripped), ``None`` when blank."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | Decimal):
        return str(value).lower() if isinstance(value, bool) else str(value)
    raise BadValue("bad_value", f"expected a string, got {type(value).__name__}")


def decode_id(value: object) -> str | None:
    """An id as ``str``; v4 ``toObjectId`` and owner ``userId`` arrive as JSON numbers."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue("bad_id", "expected an id, got a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise BadValue("bad_id", f"expected an id (string or integer), got {type(value).__name__}")


def decode_bool(value: object) -> bool | None:
    """``"true"``/``"false"`` (any case; real JSON booleans accepted too)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
    raise BadValue("bad_value", "expected 'true' or 'false'")


def decode_decimal(value: object) -> Decimal | None:
    """A decimal string such as ``"1500.00"``; infinities and NaN are refused."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise BadValue("bad_value", "expected a number, got a boolean")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise BadValue("bad_value", "expected a decimal number") from None
    else:
        raise BadValue("bad_value", f"expected a number, got {type(value).__name__}")
    if not number.is_finite():
        raise BadValue("bad_value", "expected a finite number")
    return number


def decode_int(value: object) -> int | None:
    """A whole number (``"3800"``, ``"2.0"``); fractions are refused."""
    number = decode_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise BadValue("bad_value", "expected a whole number")
    return int(number)


def decode_many(value: object) -> tuple[str, ...]:
    """A multi-value (``"a;b"``, or ``";a;b"`` as written for "append"): the non-empty parts, in order."""
    text = decode_text(value)
    if text is None:
        return ()
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _from_millis(millis: int) -> pendulum.DateTime:
    try:
        return _EPOCH + _dt.timedelta(milliseconds=millis)
    except OverflowError:
        raise BadValue("bad_timestamp", "epoch milliseconds out of range") from None


def _utc(value: _dt.datetime) -> pendulum.DateTime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadValue("naive_datetime", "a date-time needs Z or a UTC offset")
    u = value.astimezone(_dt.UTC)
    return pendulum.DateTime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=_UTC)


def _millis(value: object) -> int | None:
    """Epoch milliseconds from an all-digit string or a JSON integer, ``None`` if not digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        digits = str(abs(value))
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        digits = value.strip().lstrip("-")
        number = int(value)
    else:
        return None
    if len(digits) == 10:
        raise BadValue(
            "seconds_timestamp",
            "looks like epoch seconds (10 digits); HubSpot expects milliseconds, so the value is not guessed",
        )
    return number


def decode_instant(value: object) -> pendulum.DateTime | None:
    """A ``datetime`` property: ISO 8601 with ``Z``/offset, ``YYYY-MM-DD`` (midnight UTC) or epoch ms."""
    if is_blank(value):
        return None
    if isinstance(value, _dt.datetime):
        return _utc(value)
    if isinstance(value, _dt.date):
        return pendulum.DateTime(value.year, value.month, value.day, tzinfo=_UTC)
    millis = _millis(value)
    if millis is not None:
        return _from_millis(millis)
    if not isinstance(value, str):
        raise BadValue("bad_datetime", f"expected a date-time string, got {type(value).__name__}")
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        day = _parse_date(text)
        return pendulum.DateTime(day.year, day.month, day.day, tzinfo=_UTC)
    if not _ISO_INSTANT.fullmatch(text):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
            raise BadValue("naive_datetime", "a date-time needs Z or a UTC offset")
        raise BadValue("bad_datetime", "not an ISO 8601 date-time or epoch milliseconds")
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadValue("bad_datetime", "not a valid ISO 8601 date-time") from None
    return _utc(parsed)


def _parse_date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue("bad_date", "not a valid calendar date") from None


def decode_date(value: object) -> pendulum.Date | None:
    """A ``date`` property: ``YYYY-MM-DD`` or epoch ms at midnight UTC (anything else is refused)."""
    if is_blank(value):
        return None
    if isinstance(value, _dt.datetime):
        raise BadValue("bad_date", "expected a date, got a date-time")
    if isinstance(value, _dt.date):
        return pendulum.Date(value.year, value.month, value.day)
    millis = _millis(value)
    if millis is not None:
        if millis % _MS_PER_DAY:
            raise BadValue("bad_date", "a date in epoch milliseconds must be at midnight UTC")
        instant = _from_millis(millis)
        return pendulum.Date(instant.year, instant.month, instant.day)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        day = _parse_date(value.strip())
        return pendulum.Date(day.year, day.month, day.day)
    raise BadValue("bad_date", "expected YYYY-MM-DD or epoch milliseconds at midnight UTC")


def decode_json(value: object) -> Mapping[str, Any] | None:
    """A JSON object stored as a string inside ``properties`` (``hs_email_headers``)."""
    if is_blank(value):
        return None
    if isinstance(value, Mapping):
        return value
    if not isinstance(value, str):
        raise BadValue("bad_json", f"expected a JSON string, got {type(value).__name__}")
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise BadValue("bad_json", f"not valid JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise BadValue("bad_json", "expected a JSON object")
    return parsed


def encode_instant(value: _dt.datetime) -> str:
    """An instant the way HubSpot writes it: UTC, milliseconds, ``Z`` (``2024-01-17T19:55:04.281Z``)."""
    u = value.astimezone(_dt.UTC)
    return f"{u:%Y-%m-%dT%H:%M:%S}.{u.microsecond // 1000:03d}Z"
