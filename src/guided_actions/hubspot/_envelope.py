"""The record envelope (``id``, ``properties``, ``createdAt``…) and a reader for its properties.

Records arrive either as raw JSON (camelCase: ``createdAt``,
``propertiesWithHistory``) or as the ``to_dict()`` of the official
``hubspot-api-client`` models (snake_case: ``created_at``, ``datetime`` values).
The envelope is read strictly (``id`` and a ``properties`` object are required),
the properties leniently (unknown ones are kept or ignored, blanks mean "no
value").  Every problem names the object type, the record id, the property and
the value, as ``Problem(code, "contacts[512].properties.createdate", ...)``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import pendulum

from guided_actions.errors import Problem
from guided_actions.hubspot import _values as v

__all__ = ["Reader", "field", "read_records", "rows_of"]

T = TypeVar("T")


def field(raw: Mapping[str, Any], camel: str, snake: str) -> Any:
    """A top-level field under its JSON name or its ``hubspot-api-client`` ``to_dict()`` name."""
    value = raw.get(camel)
    return raw.get(snake) if value is None else value


def rows_of(value: object) -> list[Any] | None:
    """The rows of a list, or of a list/search response holding ``results``; ``None`` if neither."""
    if isinstance(value, Mapping) and "results" in value:
        value = value["results"]
    if isinstance(value, list | tuple):
        return list(value)
    return None


class Reader:
    """Reads one record's properties into typed values, reporting each bad one.

    ``fatal`` turns true when a problem means the record cannot be used; the
    importer then skips the record (its problems say so) and keeps the rest.
    """

    __slots__ = ("associations", "fatal", "history_of", "id", "plural", "problems", "properties", "raw", "singular")

    def __init__(self, plural: str, record_id: str, raw: Mapping[str, Any], problems: list[Problem]) -> None:
        self.plural = plural
        self.singular = _SINGULAR.get(plural, plural)
        self.id = record_id
        self.raw = raw
        self.properties: Mapping[str, Any] = raw.get("properties") or {}
        history = field(raw, "propertiesWithHistory", "properties_with_history")
        self.history_of: Mapping[str, Any] = history if isinstance(history, Mapping) else {}
        self.associations: object = raw.get("associations")
        self.problems = problems
        self.fatal = False

    @property
    def path(self) -> str:
        """``"contacts[512]"``: where this record's problems point."""
        return f"{self.plural}[{self.id}]"

    def report(
        self, code: str, name: str, value: object, reason: str, *, fatal: bool = True, top: bool = False
    ) -> None:
        """Record a problem with property ``name`` (a top-level field when ``top``)."""
        where = f"{self.path}.{name}" if top else f"{self.path}.properties.{name}"
        what = "field" if top else "property"
        tail = "; record skipped" if fatal else ""
        self.problems.append(
            Problem(code, where, f"{self.singular} {self.id}: {what} {name!r} = {value!r}: {reason}{tail}")
        )
        self.fatal = self.fatal or fatal

    def _decode(self, name: str, decoder: Callable[[object], T], *, fatal: bool = True) -> T | None:
        value = self.properties.get(name)
        if value is None:
            return None
        try:
            return decoder(value)
        except v.BadValue as exc:
            self.report(exc.code, name, value, exc.reason, fatal=fatal)
            return None

    def text(self, name: str) -> str | None:
        """A string property, ``None`` when blank."""
        return self._decode(name, v.decode_text)

    def ident(self, name: str) -> str | None:
        """An id-valued property (``hubspot_owner_id``)."""
        return self._decode(name, v.decode_id)

    def flag(self, name: str, *, fatal: bool = True) -> bool | None:
        """A ``"true"``/``"false"`` property (``fatal=False`` for one that is only cross-checked)."""
        return self._decode(name, v.decode_bool, fatal=fatal)

    def number(self, name: str) -> Decimal | None:
        """A decimal property."""
        return self._decode(name, v.decode_decimal)

    def integer(self, name: str) -> int | None:
        """A whole-number property."""
        return self._decode(name, v.decode_int)

    def instant(self, name: str) -> pendulum.DateTime | None:
        """A date-time property, in UTC."""
        return self._decode(name, v.decode_instant)

    def day(self, name: str) -> pendulum.Date | None:
        """A date property."""
        return self._decode(name, v.decode_date)

    def many(self, name: str) -> tuple[str, ...]:
        """A ``;``-separated multi-value property."""
        return self._decode(name, v.decode_many) or ()

    def latest(self, *names: str) -> pendulum.DateTime | None:
        """The latest of several date-time properties (those without a value are ignored)."""
        found = [value for value in map(self.instant, names) if value is not None]
        return max(found) if found else None

    def created_at(self, *names: str) -> pendulum.DateTime | None:
        """The first of ``names`` with a value, else the envelope's ``createdAt``."""
        for name in names:
            value = self.instant(name)
            if value is not None:
                return value
        raw = field(self.raw, "createdAt", "created_at")
        try:
            return v.decode_instant(raw)
        except v.BadValue as exc:
            self.report(exc.code, "createdAt", raw, exc.reason, top=True)
            return None

    def history(self, name: str) -> Iterator[tuple[str | None, _dt.datetime]]:
        """``(value, timestamp)`` of each ``propertiesWithHistory`` entry of ``name`` that can be read."""
        entries = self.history_of.get(name)
        if not isinstance(entries, list | tuple):
            return
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            try:
                stamp = v.decode_instant(entry.get("timestamp"))
                value = v.decode_text(entry.get("value"))
            except v.BadValue:
                continue
            if stamp is not None:
                yield value, stamp


_SINGULAR = {
    "contacts": "contact",
    "companies": "company",
    "deals": "deal",
    "leads": "lead",
    "tasks": "task",
    "meetings": "meeting",
    "calls": "call",
    "emails": "email",
    "notes": "note",
}


def read_records(plural: str, value: object, problems: list[Problem]) -> list[Reader]:
    """A reader per usable record of one object type; bad envelopes and duplicates are reported.

    Archived (deleted) records are left out silently: they are in HubSpot's
    recycle bin, not in the portal.
    """
    rows = rows_of(value)
    if rows is None:
        problems.append(
            Problem("bad_export", plural, f"{plural} must be a list of records, got {type(value).__name__}")
        )
        return []
    readers: list[Reader] = []
    seen: set[str] = set()
    singular = _SINGULAR.get(plural, plural)
    for index, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            problems.append(
                Problem("bad_record", f"{plural}[#{index}]", f"{singular} #{index} is not an object: {raw!r}")
            )
            continue
        try:
            record_id = v.decode_id(raw.get("id"))
        except v.BadValue:
            record_id = None
        if not record_id:
            problems.append(
                Problem(
                    "missing_id", f"{plural}[#{index}].id", f"{singular} #{index} has no usable id ({raw.get('id')!r})"
                )
            )
            continue
        properties = raw.get("properties")
        if not isinstance(properties, Mapping):
            problems.append(
                Problem(
                    "bad_properties",
                    f"{plural}[{record_id}].properties",
                    f"{singular} {record_id}: 'properties' must be an object, got {properties!r}; record skipped",
                )
            )
            continue
        if raw.get("archived") is True:
            continue
        if record_id in seen:
            problems.append(
                Problem(
                    "duplicate_id",
                    f"{plural}[{record_id}]",
                    f"{singular} {record_id} appears more than once; the first copy is kept",
                )
            )
            continue
        seen.add(record_id)
        readers.append(Reader(plural, record_id, raw, problems))
    return readers
