"""Time lines: the records of one kind sorted by one of their instants.

Why: the rules compare a record's instant with ``now`` shifted by a rule's
number (``end + 7 days <= now``), so the instants at which time alone changes a
result are ``record.field + offset``.  With the records of a kind sorted by
``field``, "which records cross a boundary between ``since`` and ``now``" and
"when does the next one cross" are two binary searches (O(log n + answer)),
where walking every record would be O(n) on every timer tick.

A time line is built on first use and kept with the snapshot's table for that
kind (tables never change); :meth:`CrmSnapshot.evolve` carries it to the new
table by removing the old versions of the changed records and inserting the
new ones, so a host that evolves its snapshot never pays for a full sort again.

Keys are POSIX timestamps (floats: sorting them is several times cheaper than
sorting datetimes).  A float carries an instant to well under a microsecond,
so range queries widen by :data:`SLACK` and are therefore supersets, and the
exact next instant is decided on the datetimes themselves.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import Any

from guided_actions.crm._tables import Table

__all__ = ["SLACK", "Timeline", "carry_timelines", "timeline"]

#: Seconds a range query widens by on both sides (float keys are not exact instants).
SLACK = 1e-3


class Timeline:
    """The records of one kind that have ``field`` set, sorted by it (``keys`` are their timestamps)."""

    __slots__ = ("field", "keys", "records")

    def __init__(self, field: str, keys: list[float], records: list[Any]) -> None:
        self.field = field
        self.keys = keys
        self.records = records

    @classmethod
    def of(cls, field: str, records: Iterable[Any]) -> Timeline:
        pairs = []
        for record in records:
            at = getattr(record, field)
            if at is not None:
                pairs.append((at.timestamp(), record))
        pairs.sort(key=_first)
        return cls(field, [k for k, _ in pairs], [r for _, r in pairs])

    def between(self, low: float, high: float) -> list[Any]:
        """The records whose instant lies in ``(low, high]`` (timestamps), and a few either side."""
        keys = self.keys
        return self.records[bisect.bisect_right(keys, low - SLACK) : bisect.bisect_right(keys, high + SLACK)]

    def first_from(self, at: _dt.datetime, offset: _dt.timedelta) -> _dt.datetime | None:
        """The smallest ``record.field + offset`` that is ``>= at`` (exact), or ``None``."""
        keys, records, field = self.keys, self.records, self.field
        start = bisect.bisect_left(keys, at.timestamp() - offset.total_seconds() - SLACK)
        best: _dt.datetime | None = None
        limit: float | None = None
        for i in range(start, len(keys)):
            if limit is not None and keys[i] > limit:
                break
            candidate = getattr(records[i], field) + offset
            if candidate >= at and (best is None or candidate < best):
                best = candidate
                limit = keys[i] + 2 * SLACK
        return best

    def changed(self, removed: Iterable[Any], added: Iterable[Any]) -> Timeline:
        """A copy without the ``removed`` records (by identity) and with the ``added`` ones in place."""
        keys, records, field = list(self.keys), list(self.records), self.field
        for record in removed:
            at = getattr(record, field)
            if at is None:
                continue
            key = at.timestamp()
            i = bisect.bisect_left(keys, key)
            while i < len(keys) and keys[i] == key:
                if records[i] is record:
                    del keys[i], records[i]
                    break
                i += 1
        for record in added:
            at = getattr(record, field)
            if at is not None:
                key = at.timestamp()
                i = bisect.bisect_right(keys, key)
                keys.insert(i, key)
                records.insert(i, record)
        return Timeline(field, keys, records)


def _first(pair: tuple[float, Any]) -> float:
    return pair[0]


def timeline(table: Table[Any], field: str) -> Timeline:
    """The time line of ``field`` for one table, built on first use."""
    key = ("timeline", field)
    found: Timeline | None = table.derived.get(key)
    if found is None:
        found = table.derived[key] = Timeline.of(field, table.by_id.values())
    return found


def carry_timelines(old: Table[Any], new: Table[Any], removed: list[Any], added: list[Any]) -> None:
    """Give ``new`` the time lines ``old`` had, updated for the records that changed between them."""
    for key, value in _timelines(old):
        new.derived[key] = value.changed(removed, added)


def _timelines(table: Table[Any]) -> Iterator[tuple[Any, Timeline]]:
    for key, value in list(table.derived.items()):
        if isinstance(value, Timeline):
            yield key, value
