"""Random change sets for a snapshot: records added, modified (reassigned, moved in time) and removed.

Used by the shard and incremental-reconcile properties: ``changes(crm)`` draws a
new snapshot (``strict=False``, so a removal may leave references dangling, as a
host's change log can) and the set of :class:`ObjectRef` that changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType

_KINDS = (
    ObjectType.COMPANY,
    ObjectType.CONTACT,
    ObjectType.LEAD,
    ObjectType.DEAL,
    ObjectType.TASK,
    ObjectType.MEETING,
    ObjectType.CALL,
    ObjectType.EMAIL,
    ObjectType.NOTE,
)
_TIMES = (
    "owner_assigned_at",
    "last_engaged_at",
    "created_at",
    "start",
    "end",
    "started_at",
    "sent_at",
    "opened_at",
    "due_at",
    "next_steps_updated_at",
    "stage_entered_at",
)


def _records(crm: CrmSnapshot) -> list[tuple[ObjectType, Any]]:
    out: list[tuple[ObjectType, Any]] = []
    for kind in _KINDS:
        name = {ObjectType.COMPANY: "companies"}.get(kind, kind.value + "s")
        out.extend((kind, record) for record in getattr(crm, name))
    return out


#: Fields a record takes from another of its kind that link it to other records (ids and addresses):
#: what moves it between index buckets.  Shared with the ``evolve`` property tests.
LINKS: tuple[tuple[str, ...], ...] = (
    ("contact_ids",),
    ("company_ids",),
    ("deal_ids",),
    ("lead_ids",),
    ("contact_id",),
    ("meeting_id",),
    ("in_reply_to",),
    ("from_address",),
    ("to_addresses", "cc_addresses"),
    ("email",),
)

#: Fields moved together when a record takes them from another record of its kind (links, flags, states).
_BORROWED = (
    *LINKS,
    ("direction",),
    ("target_account",),
    ("pipeline_id", "stage_id"),
    ("status", "completed_at"),
    ("priority",),
    ("outcome",),
    ("next_steps",),
)


def _modify(draw: st.DrawFn, record: Any, owners: list[str | None], peers: Sequence[Any] = ()) -> Any:
    fields = attrs.fields_dict(type(record))
    what = draw(st.sampled_from(("owner", "time", "copy", "borrow", "borrow")))
    if what == "owner" and "owner_id" in fields:
        return attrs.evolve(record, owner_id=draw(st.sampled_from(owners)))
    if what == "borrow" and peers:
        groups = [group for group in _BORROWED if all(name in fields for name in group)]
        if groups:
            group = draw(st.sampled_from(groups))
            other = draw(st.sampled_from(peers))
            try:
                return attrs.evolve(record, **{name: getattr(other, name) for name in group})
            except (ValueError, TypeError):
                return record
    if what == "time":
        names = [name for name in _TIMES if name in fields and getattr(record, name) is not None]
        if names:
            name = draw(st.sampled_from(names))
            shift = dt.timedelta(minutes=30 * draw(st.integers(-20 * 48, 20 * 48)))
            try:
                return attrs.evolve(record, **{name: getattr(record, name) + shift})
            except (ValueError, TypeError):  # e.g. a meeting whose end would come before its start
                return record
    return record


@st.composite
def changes(draw: st.DrawFn, crm: CrmSnapshot) -> tuple[CrmSnapshot, frozenset[ObjectRef]]:
    """A changed snapshot and the refs of every record added, modified or removed."""
    records = _records(crm)
    owners: list[str | None] = [None, *(user.id for user in crm.users)]
    upsert: dict[ObjectRef, Any] = {}
    remove: set[ObjectRef] = set()
    if records:
        for kind, record in draw(st.lists(st.sampled_from(records), max_size=4)):
            target = ObjectRef(kind, record.id)
            action = draw(st.sampled_from(("modify", "remove", "add")))
            peers = [other for k, other in records if k is kind]
            if action == "remove" and target not in upsert:
                remove.add(target)
            elif action == "add":
                new_id = f"{record.id}-new{len(upsert)}"
                copy = _modify(draw, attrs.evolve(record, id=new_id), owners, peers)
                upsert[ObjectRef(kind, new_id)] = copy
            elif target not in remove:
                upsert[target] = _modify(draw, upsert.get(target, record), owners, peers)
    changed = crm.evolve(upsert=upsert.values(), remove=remove, strict=False)
    return changed, frozenset(upsert) | frozenset(remove)
