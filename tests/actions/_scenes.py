"""Scenes for the rule tests: one small portal per rule in which that rule creates one action.

A :class:`Scene` is an immutable bag of records plus the instant to reconcile
at; ``change``/``add``/``drop`` return a new scene, so each row of a test table
states only what differs from the rule's base scene.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pendulum

from guided_actions._builders import (
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_lead,
    make_lead_pipeline,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_user,
)
from guided_actions.actions import ActionType, GuidedAction, Reconciliation, reconcile
from guided_actions.crm import (
    CallStatus,
    CrmSnapshot,
    EmailDirection,
    ObjectRef,
    ObjectType,
    SequenceStep,
    TaskPriority,
)

NOW = pendulum.datetime(2026, 3, 2, 12, 0, 0, tz="UTC")
"""A Monday noon, UTC: every scene is reconciled at or after it."""
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
SECOND = dt.timedelta(seconds=1)

_KIND_ARG = {
    "User": "users",
    "Company": "companies",
    "Contact": "contacts",
    "Lead": "leads",
    "Deal": "deals",
    "Pipeline": "pipelines",
    "Task": "tasks",
    "Meeting": "meetings",
    "Call": "calls",
    "Email": "emails",
    "Note": "notes",
}


@attrs.frozen
class Scene:
    """Records keyed by ``(build argument, id)``, the subject the rule should act on, and ``now``."""

    records: dict[tuple[str, str], Any]
    subject: ObjectRef
    owner: str = "u1"
    now: dt.datetime = NOW

    def add(self, *records: Any) -> Scene:
        """The scene with these records added (or replaced, by kind and id)."""
        merged = dict(self.records)
        for record in records:
            merged[(_KIND_ARG[type(record).__name__], record.id)] = record
        return attrs.evolve(self, records=merged)

    def change(self, kind: str, id: str, **fields: Any) -> Scene:
        """The scene with one record's fields changed."""
        merged = dict(self.records)
        merged[(kind, id)] = attrs.evolve(merged[(kind, id)], **fields)
        return attrs.evolve(self, records=merged)

    def drop(self, kind: str, id: str) -> Scene:
        """The scene without one record."""
        merged = dict(self.records)
        del merged[(kind, id)]
        return attrs.evolve(self, records=merged)

    def at(self, now: dt.datetime) -> Scene:
        """The same records, reconciled at another instant."""
        return attrs.evolve(self, now=now)

    def build(self) -> CrmSnapshot:
        """The snapshot of these records."""
        kwargs: dict[str, Any] = {}
        for (kind, _), record in self.records.items():
            kwargs.setdefault(kind, []).append(record)
        return CrmSnapshot.build(**kwargs)

    def reconcile(self, known: tuple[GuidedAction, ...] = (), **kwargs: Any) -> Reconciliation:
        """Reconcile this scene at its ``now``."""
        return reconcile(self.build(), now=self.now, known=known, **kwargs)


def base(*records: Any, subject: ObjectRef) -> Scene:
    """Two users, a deal and a lead pipeline, a contact ``c1``, plus ``records``."""
    scene = Scene(records={}, subject=subject)
    return scene.add(
        make_user(id="u1"),
        make_user(id="u2"),
        make_pipeline(),
        make_lead_pipeline(),
        make_contact(id="c1"),
        *records,
    )


def _ref(kind: ObjectType, id: str) -> ObjectRef:
    return ObjectRef(kind, id)


def _out(id: str, at: dt.datetime, **fields: Any) -> Any:
    return make_email(id=id, owner_id="u1", contact_ids=("c1",), sent_at=at, **fields)


def _reply(id: str = "e2", to: str = "e1", at: dt.datetime = NOW - 2 * DAY, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "id": id,
        "owner_id": "u1",
        "direction": EmailDirection.INCOMING,
        "from_address": "c1@customer.example",
        "to_addresses": ("u1@vendor.example",),
        "contact_ids": ("c1",),
        "in_reply_to": to,
        "sent_at": at,
    }
    values.update(fields)
    return make_email(**values)


def reply(**fields: Any) -> Any:
    """An incoming reply ``e2`` from ``c1`` to ``u1``'s email ``e1`` (override anything)."""
    return _reply(**fields)


def outgoing(id: str, at: dt.datetime, **fields: Any) -> Any:
    """An outgoing email from ``u1`` to ``c1``."""
    return _out(id, at, **fields)


def _sequence() -> SequenceStep:
    return SequenceStep(sequence_id="s1", enrollment_id="en1", step=1, sequence_name="Intro")


CONTACT = _ref(ObjectType.CONTACT, "c1")
LEAD = _ref(ObjectType.LEAD, "l1")
DEAL = _ref(ObjectType.DEAL, "d1")
MEETING = _ref(ObjectType.MEETING, "m1")
TASK = _ref(ObjectType.TASK, "task1")
U1 = _ref(ObjectType.USER, "u1")

SCENES: dict[ActionType, Callable[[], Scene]] = {
    ActionType.NEWLY_ASSIGNED_CONTACTS: lambda: base(subject=CONTACT).change(
        "contacts", "c1", owner_id="u1", owner_assigned_at=NOW - 2 * DAY, lifecycle_stage="lead"
    ),
    ActionType.NEWLY_ASSIGNED_LEADS: lambda: base(
        make_lead(owner_id="u1", owner_assigned_at=NOW - 2 * DAY), subject=LEAD
    ),
    ActionType.RE_ENGAGED_CONTACTS: lambda: base(
        make_lead(stage_id="lead-unqualified", created_at=NOW - 20 * DAY, stage_entered_at=NOW - 10 * DAY),
        subject=CONTACT,
    ).change("contacts", "c1", owner_id="u1", last_engaged_at=NOW - DAY),
    ActionType.SEQUENCE_ACTIVITY: lambda: base(
        make_task(owner_id="u1", sequence=_sequence(), created_at=NOW - DAY), subject=TASK
    ),
    ActionType.EMAIL_REPLIES: lambda: base(_out("e1", NOW - 3 * DAY), _reply(), subject=CONTACT).change(
        "contacts", "c1", owner_id="u1"
    ),
    ActionType.FOLLOW_UP_MEETING: lambda: base(
        make_meeting(owner_id="u1", start=NOW - 2 * HOUR, end=NOW - 90 * MINUTE), subject=MEETING
    ),
    ActionType.LOG_MEETING_OUTCOME: lambda: base(
        make_meeting(owner_id="u1", start=NOW - 2 * HOUR, end=NOW - HOUR), subject=U1
    ),
    ActionType.LOG_CALL_OUTCOME: lambda: base(
        make_call(id="call1", owner_id="u1", started_at=NOW - 2 * HOUR, via_calling=True, status=CallStatus.COMPLETED),
        subject=U1,
    ),
    ActionType.CONTACTS_AWAITING_REPLY: lambda: base(_out("e1", NOW - 3 * DAY), _reply(), subject=CONTACT),
    ActionType.REPLY_TO_EMAIL: lambda: base(
        make_deal(owner_id="u1", contact_ids=("c1",), created_at=NOW - DAY),
        _out("e1", NOW - 3 * DAY),
        _reply(),
        subject=CONTACT,
    ),
    ActionType.LEADS_AWAITING_REPLY: lambda: base(
        make_lead(stage_id="lead-attempting"), _out("e1", NOW - 3 * DAY), _reply(), subject=LEAD
    ),
    ActionType.UPCOMING_MEETING_PREP: lambda: base(
        make_meeting(owner_id="u1", start=NOW + 2 * HOUR, end=NOW + 3 * HOUR), subject=MEETING
    ),
    ActionType.TODAYS_HIGH_PRIORITY_TASKS: lambda: base(
        make_task(owner_id="u1", priority=TaskPriority.HIGH, due_at=NOW + 2 * HOUR), subject=U1
    ),
    ActionType.TARGET_ACCOUNT_ACTIVITY: lambda: base(
        make_company(id="co1", owner_id="u2", target_account=True), subject=CONTACT
    ).change("contacts", "c1", owner_id="u1", company_ids=("co1",), last_engaged_at=NOW - DAY),
    ActionType.RECENTLY_ENGAGED_LEADS: lambda: base(
        make_lead(owner_id="u1", stage_id="lead-attempting", last_engaged_at=NOW - DAY), subject=LEAD
    ),
    ActionType.UPDATE_NEXT_STEPS: lambda: base(
        make_deal(owner_id="u1", created_at=NOW - DAY),
        make_meeting(owner_id="u1", deal_ids=("d1",), start=NOW - 3 * DAY, end=NOW - 3 * DAY + 30 * MINUTE),
        subject=DEAL,
    ),
    ActionType.ADD_CONTACT_TO_DEAL: lambda: base(
        make_deal(owner_id="u1", created_at=NOW - 8 * DAY, owner_assigned_at=NOW - 8 * DAY, stage_id="qualified"),
        subject=DEAL,
    ),
    ActionType.INITIAL_OUTREACH_NEEDED: lambda: base(
        make_deal(owner_id="u1", contact_ids=("c1",), created_at=NOW - 8 * DAY, owner_assigned_at=NOW - 8 * DAY),
        subject=DEAL,
    ),
    ActionType.FOLLOW_UP_WITH_BUYER: lambda: base(
        make_deal(owner_id="u1", contact_ids=("c1",), created_at=NOW - DAY),
        _out("e1", NOW - 10 * DAY, opened_at=NOW - 9 * DAY, tracked=True),
        subject=DEAL,
    ),
}


def scene(action_type: ActionType) -> Scene:
    """The base scene of a rule: reconciled at its ``now``, it creates one action of that type."""
    return SCENES[action_type]()


def find(actions: tuple[GuidedAction, ...], action_type: ActionType, scene: Scene) -> GuidedAction | None:
    """The action of this type for the scene's owner and subject, if any."""
    for action in actions:
        if action.type == action_type and action.owner_id == scene.owner and action.subject == scene.subject:
            return action
    return None


__all__ = [
    "CONTACT",
    "DAY",
    "DEAL",
    "HOUR",
    "LEAD",
    "MEETING",
    "MINUTE",
    "NOW",
    "SCENES",
    "SECOND",
    "TASK",
    "U1",
    "Scene",
    "base",
    "find",
    "make_note",
    "outgoing",
    "reply",
    "scene",
]
