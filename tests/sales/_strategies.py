"""A small local strategy of sales snapshots (users in several zones, meetings, tasks, a deal).

Used by the property tests until ``guided_actions.testing.snapshots()`` exists;
kept small so that the properties explore owners, viewers and times, not sizes.
"""

from __future__ import annotations

import datetime as _dt

import pendulum
from hypothesis import strategies as st

from guided_actions._builders import (
    make_call,
    make_contact,
    make_deal,
    make_email,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_user,
)
from guided_actions.crm import Call, CrmSnapshot, Email, Meeting, Note, Task, TaskPriority, TaskStatus

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "America/Sao_Paulo")
USER_IDS = ("u1", "u2", "u3")
BASE = pendulum.datetime(2026, 3, 1, tz="UTC")

instants = st.integers(min_value=0, max_value=60 * 24 * 60).map(lambda minutes: BASE.add(minutes=minutes))
"""Instants over two months from 1 March 2026 (both DST changes of Europe and the US)."""

titles = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).map(lambda t: f"secret {t}")


@st.composite
def sales_snapshots(draw: st.DrawFn) -> CrmSnapshot:
    """A valid snapshot: three users (random zones, random super admins), contacts, meetings, tasks, one deal."""
    users = [
        make_user(id=uid, timezone=draw(st.sampled_from(ZONES)), super_admin=draw(st.booleans())) for uid in USER_IDS
    ]
    contacts = [make_contact(id=f"c{i}", owner_id=draw(st.sampled_from(USER_IDS))) for i in range(3)]
    contact_ids = st.lists(st.sampled_from([c.id for c in contacts]), max_size=2, unique=True).map(tuple)
    meetings = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(instants)
        meetings.append(
            make_meeting(
                id=f"m{i}",
                owner_id=draw(st.sampled_from(USER_IDS)),
                title=draw(titles),
                start=start,
                end=start.add(minutes=draw(st.integers(0, 300))),
                contact_ids=draw(contact_ids),
                deal_ids=draw(st.sampled_from(((), ("d1",)))),
            )
        )
    tasks = [
        make_task(
            id=f"t{i}",
            owner_id=draw(st.sampled_from(USER_IDS)),
            title=draw(titles),
            due_at=draw(st.none() | instants),
            priority=draw(st.sampled_from(TaskPriority)),
            status=draw(st.sampled_from(TaskStatus)),
            contact_ids=draw(contact_ids),
            deal_ids=draw(st.sampled_from(((), ("d1",)))),
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    deal = make_deal(
        owner_id=draw(st.sampled_from(USER_IDS)),
        contact_ids=draw(contact_ids),
        close_date=draw(st.none() | st.dates(_dt.date(2026, 2, 1), _dt.date(2026, 5, 1))),
        next_steps_updated_at=draw(st.none() | instants),
    )
    return CrmSnapshot.build(
        users=users,
        contacts=contacts,
        pipelines=[make_pipeline()],
        deals=[deal],
        meetings=meetings,
        tasks=tasks,
    )


@st.composite
def deal_engagements(draw: st.DrawFn, *, engagement_id: str, owner_id: str) -> Task | Meeting | Call | Email | Note:
    """One engagement of any kind on deal ``d1``, owned by ``owner_id``."""
    at = draw(instants)
    kind = draw(st.sampled_from(("meeting", "call", "email", "note", "task")))
    common = {"id": engagement_id, "owner_id": owner_id, "deal_ids": ("d1",)}
    if kind == "meeting":
        return make_meeting(start=at, end=at.add(minutes=30), title="hidden", **common)
    if kind == "call":
        return make_call(started_at=at, ended_at=at.add(minutes=5), **common)
    if kind == "email":
        return make_email(sent_at=at, **common)
    if kind == "note":
        return make_note(created_at=at, **common)
    return make_task(due_at=at, created_at=at, status=draw(st.sampled_from(TaskStatus)), **common)
