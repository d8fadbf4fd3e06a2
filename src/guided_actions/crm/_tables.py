"""The tables behind ``CrmSnapshot``: one per kind of record, with its indexes.

Each index is derived from exactly one kind of record (the deals-of-a-contact
index from deals, the emails-of-a-deal index from emails), which is what lets
``CrmSnapshot.evolve`` rebuild only the kinds that changed and reuse the rest.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from guided_actions.crm._engagements import Call, Email, Meeting, Note, Task
from guided_actions.crm._enums import ObjectType
from guided_actions.crm._people import User
from guided_actions.crm._records import Company, Contact, Deal, Lead, Pipeline, Stage
from guided_actions.errors import GuidedActionsError

__all__ = [
    "EMPTY",
    "ENGAGEMENT_KINDS",
    "ENGAGEMENT_KIND_SET",
    "KINDS",
    "NO_INDEX",
    "Table",
    "build_pipelines",
    "build_table",
]

R = TypeVar("R")

#: kind -> (argument / attribute name, entity class); the order is the build order.
KINDS: dict[ObjectType, tuple[str, type[Any]]] = {
    ObjectType.USER: ("users", User),
    ObjectType.COMPANY: ("companies", Company),
    ObjectType.CONTACT: ("contacts", Contact),
    ObjectType.LEAD: ("leads", Lead),
    ObjectType.DEAL: ("deals", Deal),
    ObjectType.TASK: ("tasks", Task),
    ObjectType.MEETING: ("meetings", Meeting),
    ObjectType.CALL: ("calls", Call),
    ObjectType.EMAIL: ("emails", Email),
    ObjectType.NOTE: ("notes", Note),
}
ENGAGEMENT_KINDS: tuple[ObjectType, ...] = (
    ObjectType.TASK,
    ObjectType.MEETING,
    ObjectType.CALL,
    ObjectType.EMAIL,
    ObjectType.NOTE,
)
_ASSOC_FIELDS: tuple[tuple[ObjectType, str], ...] = (
    (ObjectType.CONTACT, "contact_ids"),
    (ObjectType.COMPANY, "company_ids"),
    (ObjectType.DEAL, "deal_ids"),
    (ObjectType.LEAD, "lead_ids"),
)
ENGAGEMENT_KIND_SET = frozenset(ENGAGEMENT_KINDS)
EMPTY: tuple[Any, ...] = ()
NO_INDEX: Mapping[str, tuple[Any, ...]] = MappingProxyType({})


def _freeze(index: dict[str, list[R]]) -> dict[str, tuple[R, ...]]:
    return {key: tuple(items) for key, items in index.items()}


def _freeze_sparse(index: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """Freeze an index whose one-record buckets hold the bare record (see :func:`_group`)."""
    return {key: tuple(bucket) if type(bucket) is list else (bucket,) for key, bucket in index.items()}


class Table(Generic[R]):
    """The records of one kind and the indexes derived from them alone.

    ``assoc`` holds, for engagements only, the association indexes keyed by the
    kind of the associated record (contact id -> its emails); ``extra`` holds the
    other indexes, named by purpose (``"meeting"``, ``"from"``, ``"reply"``...).
    Keeping them apart means an association lookup can never hit another index.
    """

    __slots__ = ("assoc", "by_id", "by_owner", "derived", "duplicates", "extra")

    def __init__(
        self,
        by_id: dict[str, R],
        by_owner: dict[str, tuple[R, ...]],
        extra: dict[str, dict[str, tuple[Any, ...]]],
        duplicates: tuple[str, ...],
        assoc: dict[ObjectType, dict[str, tuple[Any, ...]]] | None = None,
    ) -> None:
        self.by_id = by_id
        self.by_owner = by_owner
        self.assoc = assoc if assoc is not None else {}
        self.extra = extra
        self.duplicates = duplicates
        # Indexes built on first use and kept with the table (a table never changes):
        # the time lines of :mod:`guided_actions.crm._timeline`, record positions.
        self.derived: dict[Any, Any] = {}


_ASSOC_GETTER = operator.attrgetter(*(field for _, field in _ASSOC_FIELDS))


def _lower(address: str) -> str:
    # ``str.lower`` always copies; most stored addresses are lower-case already,
    # and sharing the record's own string saves memory in the address indexes.
    return address if address.islower() else address.lower()


def _to_keys(e: Any) -> Iterable[str]:
    if len(e.to_addresses) == 1 and not e.cc_addresses:
        return (_lower(e.to_addresses[0]),)
    return [_lower(a) for a in (*e.to_addresses, *e.cc_addresses)]


#: The ``extra`` indexes of each kind: name -> the keys a record is filed under.
_EXTRA: dict[ObjectType, tuple[tuple[str, Callable[[Any], Iterable[str]]], ...]] = {
    ObjectType.TASK: (("meeting", lambda t: (t.meeting_id,) if t.meeting_id else EMPTY),),
    ObjectType.EMAIL: (
        ("from", lambda e: (_lower(e.from_address),)),
        ("to", _to_keys),
        ("reply", lambda e: (e.in_reply_to,) if e.in_reply_to else EMPTY),
    ),
    ObjectType.DEAL: (("contact", lambda d: d.contact_ids), ("company", lambda d: d.company_ids)),
    ObjectType.CONTACT: (
        ("company", lambda c: c.company_ids),
        ("email", lambda c: (_lower(c.email),) if c.email else EMPTY),
    ),
    ObjectType.LEAD: (("contact", lambda lead: (lead.contact_id,)),),
}


def build_table(kind: ObjectType, records: Iterable[Any]) -> Table[Any]:
    """Index one kind in a single pass over its records (plus one per extra index)."""
    cls = KINDS[kind][1]
    by_id: dict[str, Any] = {}
    by_owner: dict[str, list[Any]] = {}
    duplicates: list[str] = []
    extra: dict[str, dict[str, Any]] = {}
    has_owner = kind is not ObjectType.USER
    for record in records:
        if not isinstance(record, cls):
            raise GuidedActionsError(
                f"CrmSnapshot.build: {KINDS[kind][0]} must hold {cls.__name__} values, got {type(record).__name__}"
            )
        rid = record.id
        if rid in by_id:
            duplicates.append(rid)
            continue
        by_id[rid] = record
        if has_owner:
            owner_id = record.owner_id
            if owner_id is not None:
                owned = by_owner.get(owner_id)
                if owned is None:
                    by_owner[owner_id] = [record]
                else:
                    owned.append(record)
    records_ = by_id.values()
    assoc: dict[ObjectType, dict[str, tuple[Any, ...]]] = {}
    if kind in ENGAGEMENT_KINDS:
        indexes: tuple[dict[str, Any], ...] = tuple({} for _ in _ASSOC_FIELDS)
        for record in records_:
            for index, target_ids in zip(indexes, _ASSOC_GETTER(record), strict=True):
                for target_id in target_ids:
                    bucket = index.get(target_id)
                    if bucket is None:
                        index[target_id] = record
                    elif type(bucket) is list:
                        if bucket[-1] is not record:  # an id listed twice counts once
                            bucket.append(record)
                    elif bucket is not record:
                        index[target_id] = [bucket, record]
        assoc = {target: _freeze_sparse(index) for (target, _), index in zip(_ASSOC_FIELDS, indexes, strict=True)}
    for name, keys in _EXTRA.get(kind, ()):
        extra[name] = _group(records_, keys)
    return Table(
        by_id,
        _freeze(by_owner),
        {name: _freeze_sparse(index) for name, index in extra.items()},
        tuple(dict.fromkeys(duplicates)),  # an id given three times is one problem
        assoc,
    )


def _group(records: Iterable[R], keys: Callable[[R], Iterable[str]]) -> dict[str, Any]:
    """Group records by key; a bucket of one holds the bare record, a longer one a list.

    Most buckets (the deals of one contact, the replies to one email) hold one
    record: not making a list for each halves the allocations, and the garbage
    collector passes they trigger, when a large portal is indexed.
    """
    index: dict[str, Any] = {}
    for record in records:
        for key in keys(record):
            bucket = index.get(key)
            if bucket is None:
                index[key] = record
            elif type(bucket) is list:
                if bucket[-1] is not record:  # a key listed twice on one record counts once
                    bucket.append(record)
            elif bucket is not record:
                index[key] = [bucket, record]
    return index


def build_pipelines(
    pipelines: Iterable[Pipeline],
) -> tuple[dict[str, Pipeline], dict[str, dict[str, Stage]], list[str]]:
    by_id: dict[str, Pipeline] = {}
    stages: dict[str, dict[str, Stage]] = {}
    duplicates: list[str] = []
    for pipeline in pipelines:
        if not isinstance(pipeline, Pipeline):
            raise GuidedActionsError(
                f"CrmSnapshot.build: pipelines must hold Pipeline values, got {type(pipeline).__name__}"
            )
        if pipeline.id in by_id:
            duplicates.append(pipeline.id)
            continue
        by_id[pipeline.id] = pipeline
        stages[pipeline.id] = {stage.id: stage for stage in pipeline.stages}
    return by_id, stages, duplicates


def _order(table: Table[Any]) -> dict[str, int]:
    """Every record's place in build order (made on first use, then shared down an ``evolve`` line).

    A record keeps its place when it is replaced and a new record goes last, so
    places never move along a line of evolved tables; a removed id keeps a
    stale entry that no lookup asks for.  An id that had a place once is never
    given another (see :func:`patch_table`).
    """
    found: dict[str, int] | None = table.derived.get("order")
    if found is None:
        found = table.derived["order"] = {rid: i for i, rid in enumerate(table.by_id)}
    return found


def _file(
    index: dict[str, tuple[Any, ...]],
    old: Any,
    new: Any,
    old_keys: Iterable[str],
    new_keys: Iterable[str],
    place: Callable[[Any], int],
) -> None:
    """Move one record's entries in an index from its old version's keys to its new version's."""
    before, after = set(old_keys), set(new_keys)
    for key in before:
        bucket = index[key]
        at = _find(bucket, old, place)
        if key in after:
            index[key] = (*bucket[:at], new, *bucket[at + 1 :]) if len(bucket) > 1 else (new,)
        elif len(bucket) == 1:
            del index[key]
        else:
            index[key] = bucket[:at] + bucket[at + 1 :]
    for key in after - before:
        bucket = index.get(key, EMPTY)
        if old is None:  # a new record goes last
            index[key] = (*bucket, new)
        else:
            at = bisect.bisect_left(bucket, place(new), key=place)
            index[key] = (*bucket[:at], new, *bucket[at:])


def _find(bucket: tuple[Any, ...], record: Any, place: Callable[[Any], int]) -> int:
    if len(bucket) < 8:
        for i, found in enumerate(bucket):
            if found is record:
                return i
    at = bisect.bisect_left(bucket, place(record), key=place)
    while bucket[at] is not record:
        at += 1
    return at


def patch_table(kind: ObjectType, old: Table[Any], changes: Iterable[tuple[Any, Any]]) -> Table[Any] | None:
    """``old`` with a few records replaced, added or removed, every index patched (not rebuilt).

    ``changes`` holds ``(old version or None, new version or None)`` pairs.
    The result equals :func:`build_table` of the changed records in the same
    order (a replaced record keeps its place, a new one goes last), for a cost
    of one copy of each index and the changed entries, instead of filing every
    record again.  ``None`` when an added id had a place once already (it was
    removed by an earlier step, or added on another line from the same table):
    the caller builds the table anew.
    """
    pairs = list(changes)
    order = _order(old)
    added = [after for before, after in pairs if before is None]
    if any(after.id in order for after in added):
        return None
    # Places stay unique and below len(order): a new id takes the next one.
    for after in added:
        order[after.id] = len(order)
    by_id = dict(old.by_id)
    for before, after in pairs:
        if after is None:
            del by_id[before.id]
        else:
            by_id[after.id] = after

    def place(record: Any) -> int:
        return order[record.id]

    by_owner = dict(old.by_owner)
    has_owner = kind is not ObjectType.USER
    assoc = {target: dict(index) for target, index in old.assoc.items()}
    extra = {name: dict(index) for name, index in old.extra.items()}
    for before, after in pairs:
        if has_owner:
            _file(
                by_owner,
                before,
                after,
                (before.owner_id,) if before is not None and before.owner_id is not None else EMPTY,
                (after.owner_id,) if after is not None and after.owner_id is not None else EMPTY,
                place,
            )
        for target, field in _ASSOC_FIELDS if assoc else ():
            _file(
                assoc[target],
                before,
                after,
                getattr(before, field) if before is not None else EMPTY,
                getattr(after, field) if after is not None else EMPTY,
                place,
            )
        for name, keys in _EXTRA.get(kind, ()):
            _file(
                extra[name],
                before,
                after,
                keys(before) if before is not None else EMPTY,
                keys(after) if after is not None else EMPTY,
                place,
            )
    table = Table(by_id, by_owner, extra, (), assoc)
    table.derived["order"] = order
    return table
