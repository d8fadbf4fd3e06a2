"""The tables behind ``CrmSnapshot``: one per kind of record, with its indexes.

Each index is derived from exactly one kind of record (the deals-of-a-contact
index from deals, the emails-of-a-deal index from emails), which is what lets
``CrmSnapshot.evolve`` rebuild only the kinds that changed and reuse the rest.
"""

from __future__ import annotations

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
    if kind is ObjectType.TASK:
        extra["meeting"] = _group(records_, lambda t: (t.meeting_id,) if t.meeting_id else EMPTY)
    elif kind is ObjectType.EMAIL:
        extra["from"] = _group(records_, lambda e: (_lower(e.from_address),))
        extra["to"] = _group(
            records_,
            lambda e: (
                (_lower(e.to_addresses[0]),)
                if len(e.to_addresses) == 1 and not e.cc_addresses
                else [_lower(a) for a in (*e.to_addresses, *e.cc_addresses)]
            ),
        )
        extra["reply"] = _group(records_, lambda e: (e.in_reply_to,) if e.in_reply_to else EMPTY)
    elif kind is ObjectType.DEAL:
        extra["contact"] = _group(records_, lambda d: d.contact_ids)
        extra["company"] = _group(records_, lambda d: d.company_ids)
    elif kind is ObjectType.CONTACT:
        extra["company"] = _group(records_, lambda c: c.company_ids)
        extra["email"] = _group(records_, lambda c: (_lower(c.email),) if c.email else EMPTY)
    elif kind is ObjectType.LEAD:
        extra["contact"] = _group(records_, lambda lead: (lead.contact_id,))
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
