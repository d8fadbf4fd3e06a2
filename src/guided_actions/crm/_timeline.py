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
sorting datetimes).  ``timestamp()`` never reverses the order of two instants,
but a float may merge instants a microsecond apart (far in the future), so the
records within :data:`SLACK` of a query's bounds are compared as datetimes:
answers are exact.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Collection, Iterable, Iterator
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

    def between(self, low: _dt.datetime, high: _dt.datetime) -> list[Any]:
        """The records whose instant lies in ``[low, high]``, exactly.

        Both bounds are in: a comparison such as ``at < now - window`` flips just
        after ``at + window``, another such as ``at <= now - window`` at it, so a
        caller asking "what flipped between two reconciles" needs both ends.

        Only the records whose key is within :data:`SLACK` of a bound are
        compared as datetimes; the ones in between are in range by their keys.
        """
        keys, records, field = self.keys, self.records, self.field
        low_key, high_key = low.timestamp(), high.timestamp()
        if high_key < low_key:
            return []
        start = bisect.bisect_left(keys, low_key - SLACK)
        inner = bisect.bisect_right(keys, low_key + SLACK)
        outer = bisect.bisect_right(keys, high_key - SLACK)
        stop = bisect.bisect_right(keys, high_key + SLACK)
        if inner >= outer:  # a narrow range: compare every record in it
            return [r for r in records[start:stop] if low <= getattr(r, field) <= high]
        return [
            *(r for r in records[start:inner] if getattr(r, field) >= low),
            *records[inner:outer],
            *(r for r in records[outer:stop] if getattr(r, field) <= high),
        ]

    def first_from(self, at: _dt.datetime, skip: Collection[str] = ()) -> Any:
        """The first record (in time order) whose instant is ``>= at``, leaving out the ids in ``skip``.

        Keys are in the order of the instants (``timestamp()`` never reverses
        two instants), so the first record at or after ``at`` is the earliest.
        """
        keys, records, field = self.keys, self.records, self.field
        for i in range(bisect.bisect_left(keys, at.timestamp() - SLACK), len(keys)):
            record = records[i]
            if getattr(record, field) >= at and (not skip or record.id not in skip):
                return record
        return None

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
