"""A small local Hypothesis strategy for whole, referentially consistent snapshots.

Dense on purpose: few ids, times within a few weeks of :data:`NOW`, so that
random portals trigger most rules and their boundaries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from guided_actions._builders import make_lead_pipeline, make_pipeline
from guided_actions.crm import (
    Call,
    CallStatus,
    Company,
    Contact,
    CrmSnapshot,
    Deal,
    Email,
    EmailDirection,
    Lead,
    Meeting,
    MeetingOutcome,
    Note,
    SequenceStep,
    Task,
    TaskPriority,
    TaskStatus,
    User,
)
from tests.actions._scenes import NOW

ZONES = ("UTC", "Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin")
DEAL_STAGES = ("new", "qualified", "won", "lost")
LEAD_STAGES = ("lead-new", "lead-attempting", "lead-qualified", "lead-unqualified")


def instants(span_days: int = 40) -> st.SearchStrategy[dt.datetime]:
    """Instants within ``span_days`` of NOW, on a 30-minute grid (to hit boundaries exactly)."""
    steps = span_days * 48
    return st.integers(-steps, steps).map(lambda n: NOW + dt.timedelta(minutes=30 * n))


@st.composite
def snapshots(draw: st.DrawFn) -> CrmSnapshot:
    """A random portal: 1-3 users, a handful of every record kind, associations within the snapshot."""
    n_users = draw(st.integers(1, 3))
    user_ids = [f"u{i}" for i in range(1, n_users + 1)]
    users = [User(id=uid, email=f"{uid}@vendor.example", timezone=draw(st.sampled_from(ZONES))) for uid in user_ids]
    owners = st.one_of(st.none(), st.sampled_from(user_ids))
    maybe_time = st.one_of(st.none(), instants())

    companies = [
        Company(id=f"co{i}", name=f"Co {i}", owner_id=draw(owners), target_account=draw(st.booleans()))
        for i in range(draw(st.integers(0, 2)))
    ]
    company_ids = [c.id for c in companies]
    some_companies = st.lists(st.sampled_from(company_ids), max_size=2, unique=True) if company_ids else st.just([])
    contacts = [
        Contact(
            id=f"c{i}",
            email=f"c{i}@{draw(st.sampled_from(['customer.example', 'vendor.example']))}",
            owner_id=draw(owners),
            owner_assigned_at=draw(maybe_time),
            lifecycle_stage=draw(st.sampled_from([None, "lead", "customer"])),
            company_ids=tuple(draw(some_companies)),
            last_engaged_at=draw(maybe_time),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    contact_ids = [c.id for c in contacts]
    some_contacts = st.lists(st.sampled_from(contact_ids), max_size=2, unique=True) if contact_ids else st.just([])
    leads = (
        [
            Lead(
                id=f"l{i}",
                contact_id=draw(st.sampled_from(contact_ids)),
                pipeline_id="leads",
                stage_id=draw(st.sampled_from(LEAD_STAGES)),
                owner_id=draw(owners),
                owner_assigned_at=draw(maybe_time),
                stage_entered_at=draw(maybe_time),
                created_at=draw(maybe_time),
                last_engaged_at=draw(maybe_time),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        if contact_ids
        else []
    )
    deals = [
        Deal(
            id=f"d{i}",
            name=f"Deal {i}",
            pipeline_id="deals",
            stage_id=draw(st.sampled_from(DEAL_STAGES)),
            owner_id=draw(owners),
            owner_assigned_at=draw(maybe_time),
            created_at=draw(maybe_time),
            contact_ids=tuple(draw(some_contacts)),
            next_steps_updated_at=draw(maybe_time),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    deal_ids = [d.id for d in deals]
    lead_ids = [lead.id for lead in leads]

    def assoc() -> dict[str, Any]:
        on_deal: bool = bool(deal_ids) and draw(st.booleans())
        return {
            "owner_id": draw(owners),
            "contact_ids": tuple(draw(some_contacts)),
            "deal_ids": tuple(draw(st.lists(st.sampled_from(deal_ids), max_size=1))) if on_deal else (),
            "lead_ids": tuple(draw(st.lists(st.sampled_from(lead_ids), max_size=1))) if lead_ids else (),
        }

    meetings = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(instants(10))
        meetings.append(
            Meeting(
                id=f"m{i}",
                title="Meeting",
                start=start,
                end=start + dt.timedelta(minutes=draw(st.sampled_from([0, 30, 60]))),
                outcome=draw(st.one_of(st.none(), st.sampled_from(MeetingOutcome))),
                **assoc(),
            )
        )
    calls = [
        Call(
            id=f"k{i}",
            started_at=draw(instants(10)),
            via_calling=draw(st.booleans()),
            status=draw(st.one_of(st.none(), st.sampled_from([CallStatus.COMPLETED, CallStatus.NO_ANSWER]))),
            outcome=draw(st.sampled_from([None, "", "Connected"])),
            **assoc(),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    meeting_ids = [m.id for m in meetings]
    tasks = [
        Task(
            id=f"t{i}",
            title="Task",
            status=draw(st.sampled_from([TaskStatus.NOT_STARTED, TaskStatus.COMPLETED])),
            priority=draw(st.sampled_from([TaskPriority.NONE, TaskPriority.HIGH])),
            due_at=draw(st.one_of(st.none(), instants(1))),
            created_at=draw(maybe_time),
            sequence=draw(st.sampled_from([None, SequenceStep(sequence_id="s", enrollment_id="e", step=1)])),
            meeting_id=draw(st.one_of(st.none(), st.sampled_from(meeting_ids))) if meeting_ids else None,
            **assoc(),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    emails: list[Email] = []
    contact_addresses = [c.email for c in contacts if c.email] or ["someone@customer.example"]
    for i in range(draw(st.integers(0, 6))):
        user = draw(st.sampled_from(users))
        other = draw(st.sampled_from(contact_addresses))
        direction = draw(st.sampled_from(EmailDirection))
        outgoing = direction is EmailDirection.OUTGOING
        sent = draw(instants(20))
        earlier = [e.id for e in emails]
        fields = assoc()
        fields["owner_id"] = user.id
        emails.append(
            Email(
                id=f"e{i}",
                direction=direction,
                from_address=user.email if outgoing else other,
                to_addresses=(other,) if outgoing else (user.email,),
                sent_at=sent,
                tracked=draw(st.booleans()),
                opened_at=draw(st.one_of(st.none(), st.just(sent + dt.timedelta(hours=1)))),
                in_reply_to=draw(st.one_of(st.none(), st.sampled_from(earlier))) if earlier else None,
                **fields,
            )
        )
    notes = [
        Note(id=f"n{i}", body="note", created_at=draw(instants()), **assoc()) for i in range(draw(st.integers(0, 2)))
    ]
    return CrmSnapshot.build(
        users=users,
        companies=companies,
        contacts=contacts,
        leads=leads,
        deals=deals,
        pipelines=[make_pipeline(), make_lead_pipeline()],
        tasks=tasks,
        meetings=meetings,
        calls=calls,
        emails=emails,
        notes=notes,
    )
