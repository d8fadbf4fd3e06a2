"""Property: ``evolve`` gives exactly what ``build`` gives for the same records, indexes included."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_contact, make_email, make_task
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.errors import InvalidSnapshot
from tests.actions._changes import LINKS
from tests.crm.test_integrity import valid_portals

KINDS = {
    "users": ObjectType.USER,
    "companies": ObjectType.COMPANY,
    "contacts": ObjectType.CONTACT,
    "leads": ObjectType.LEAD,
    "deals": ObjectType.DEAL,
    "tasks": ObjectType.TASK,
    "meetings": ObjectType.MEETING,
    "calls": ObjectType.CALL,
    "emails": ObjectType.EMAIL,
    "notes": ObjectType.NOTE,
}
NEW_RECORDS = {
    "contacts": make_contact(id="new-c", owner_id="u0", company_ids=("co0",)),
    "tasks": make_task(id="new-t", owner_id="u0", contact_ids=("c0",), meeting_id="m0"),
    "emails": make_email(
        id="new-e", owner_id="u0", in_reply_to="e0", contact_ids=("c0",), cc_addresses=("X@y.example",)
    ),
}


#: Fields a record takes from another of its kind: its links, and its owner (the ``by_owner`` bucket).
_LINKS = (*LINKS, ("owner_id",))


@st.composite
def changes(draw: st.DrawFn) -> tuple[dict[str, Any], list[Any], list[ObjectRef], dict[str, Any]]:
    """A portal, the changes to it, and the portal those changes should give."""
    portal = draw(valid_portals())
    after: dict[str, Any] = {kind: list(records) for kind, records in portal.items()}
    upsert: list[Any] = []
    remove: list[ObjectRef] = []
    for kind, object_type in KINDS.items():
        for record in portal[kind]:
            action = draw(st.sampled_from(["keep", "keep", "remove", "replace", "relink", "readd"]))
            peers = portal[kind]
            if action == "relink":
                groups = [g for g in _LINKS if all(hasattr(record, name) for name in g)]
                if groups:
                    group, other = draw(st.sampled_from(groups)), draw(st.sampled_from(peers))
                    try:
                        changed = attrs.evolve(record, **{name: getattr(other, name) for name in group})
                    except (TypeError, ValueError):
                        continue
                    upsert.append(changed)
                    after[kind][after[kind].index(record)] = changed
            elif action == "readd":  # removed and upserted again in one step: it goes last
                remove.append(ObjectRef(object_type, record.id))
                upsert.append(record)
                after[kind].remove(record)
                after[kind].append(record)
            elif action == "remove":
                remove.append(ObjectRef(object_type, record.id))
                after[kind].remove(record)
            elif action == "replace":
                field = "email" if kind == "users" else ("name" if kind == "companies" else "owner_id")
                value = f"{record.id}@changed.example" if kind == "users" else None
                if kind == "companies":
                    value = "Renamed"
                changed = attrs.evolve(record, **{field: value})
                upsert.append(changed)
                after[kind][after[kind].index(record)] = changed
        if kind in NEW_RECORDS and draw(st.booleans()):
            upsert.append(NEW_RECORDS[kind])
            after[kind].append(NEW_RECORDS[kind])
    return portal, upsert, remove, after


def _index_view(crm: CrmSnapshot) -> dict[str, Any]:
    """Every lookup the rules make, for every id that occurs anywhere."""
    ids = {record.id for record in crm.records()} | {"c0", "co0", "d0", "l0", "m0", "e0", "u0", "x@y.example"}
    view: dict[str, Any] = {}
    for i in sorted(ids):
        for kind in KINDS.values():
            if kind is not ObjectType.USER:
                view[f"owned_by {i} {kind}"] = crm.owned_by(i, kind)
        for kind in (ObjectType.CONTACT, ObjectType.COMPANY, ObjectType.DEAL, ObjectType.LEAD):
            view[f"engagements_of {kind}:{i}"] = crm.engagements_of(ObjectRef(kind, i))
            view[f"has_engagement {kind}:{i}"] = crm.has_engagement(ObjectRef(kind, i))
        view[f"deals_of_contact {i}"] = crm.deals_of_contact(i)
        view[f"deals_of_company {i}"] = crm.deals_of_company(i)
        view[f"contacts_of_company {i}"] = crm.contacts_of_company(i)
        view[f"leads_of_contact {i}"] = crm.leads_of_contact(i)
        view[f"follow_up_tasks {i}"] = crm.follow_up_tasks(i)
        view[f"replies_to {i}"] = crm.replies_to(i)
        view[f"emails_from {i}"] = crm.emails_from(i)
        view[f"emails_to {i}"] = crm.emails_to(i)
    for name in KINDS:
        view[name] = list(getattr(crm, name))
    return view


@given(changes())
def test_evolve_equals_a_fresh_build_of_the_changed_records_in_every_lookup(
    case: tuple[dict[str, Any], list[Any], list[ObjectRef], dict[str, Any]],
) -> None:
    portal, upsert, remove, after = case
    evolved = CrmSnapshot.build(**portal, strict=False).evolve(upsert=upsert, remove=remove)
    fresh = CrmSnapshot.build(**after, strict=False)
    assert evolved == fresh
    assert _index_view(evolved) == _index_view(fresh)


@given(changes())
def test_a_strict_evolve_refuses_exactly_what_a_strict_build_refuses(
    case: tuple[dict[str, Any], list[Any], list[ObjectRef], dict[str, Any]],
) -> None:
    """The quick check of what one step changed falls back to the full check on any doubt."""
    portal, upsert, remove, after = case
    try:
        fresh: CrmSnapshot | InvalidSnapshot = CrmSnapshot.build(**after, strict=True)
    except InvalidSnapshot as refused:
        fresh = refused
    try:
        evolved: CrmSnapshot | InvalidSnapshot = CrmSnapshot.build(**portal, strict=True).evolve(
            upsert=upsert, remove=remove
        )
    except InvalidSnapshot as refused:
        evolved = refused
    if isinstance(fresh, InvalidSnapshot):
        assert isinstance(evolved, InvalidSnapshot)
        assert evolved.problems == fresh.problems
    else:
        assert isinstance(evolved, CrmSnapshot)
        assert evolved == fresh
        assert _index_view(evolved) == _index_view(fresh)


def test_an_id_removed_in_one_step_and_added_in_a_later_one_goes_last() -> None:
    first, second = make_contact(id="c1"), make_contact(id="c2")
    crm = CrmSnapshot.build(contacts=[first, second], strict=False)
    gone = crm.evolve(remove=[ObjectRef(ObjectType.CONTACT, "c1")])
    back = gone.evolve(upsert=[first])
    assert [c.id for c in back.contacts] == ["c2", "c1"]
    assert _index_view(back) == _index_view(CrmSnapshot.build(contacts=[second, first], strict=False))


def test_two_evolve_lines_from_one_snapshot_keep_their_own_order() -> None:
    crm = CrmSnapshot.build(contacts=[make_contact(id="c1", company_ids=("co1",))], strict=False)
    one = crm.evolve(upsert=[make_contact(id="a", company_ids=("co1",)), make_contact(id="b", company_ids=("co1",))])
    other = crm.evolve(upsert=[make_contact(id="b", company_ids=("co1",))])
    moved = other.evolve(upsert=[attrs.evolve(other.contact("c1"), company_ids=("co2",))]).evolve(
        upsert=[attrs.evolve(other.contact("c1"), company_ids=("co1",))]
    )
    assert [c.id for c in one.contacts_of_company("co1")] == ["c1", "a", "b"]
    assert [c.id for c in moved.contacts_of_company("co1")] == ["c1", "b"]
    expected = CrmSnapshot.build(contacts=list(moved.contacts), strict=False)
    assert _index_view(moved) == _index_view(expected)
