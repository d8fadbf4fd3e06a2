"""Builders with sensible defaults, for fixtures, examples and the demo.

Each ``make_*`` returns a valid entity; keyword arguments override any field.
They need nothing beyond the runtime dependencies (no Hypothesis), so the CLI
demo and hosts' own fixtures can use them.  The default instant is
:data:`EPOCH`, a fixed Monday, never the clock.
"""

from __future__ import annotations

import datetime
from typing import Any

import pendulum

from guided_actions.crm import (
    Call,
    Company,
    Contact,
    Deal,
    Email,
    EmailDirection,
    Lead,
    Meeting,
    Note,
    ObjectType,
    Pipeline,
    Stage,
    StageState,
    Task,
    Team,
    User,
)

__all__ = [
    "EPOCH",
    "make_call",
    "make_company",
    "make_contact",
    "make_deal",
    "make_email",
    "make_lead",
    "make_lead_pipeline",
    "make_meeting",
    "make_note",
    "make_pipeline",
    "make_task",
    "make_team",
    "make_user",
]

EPOCH = pendulum.datetime(2026, 1, 5, 9, 0, 0, tz="UTC")
"""The builders' default instant: Monday 5 January 2026, 09:00 UTC."""
_HALF_HOUR = datetime.timedelta(minutes=30)


def make_user(**overrides: Any) -> User:
    """A user ``u1`` (``u1@vendor.example``, UTC)."""
    uid = overrides.get("id", "u1")
    fields: dict[str, Any] = {"id": uid, "email": f"{uid}@vendor.example"}
    fields.update(overrides)
    return User(**fields)


def make_team(**overrides: Any) -> Team:
    """A team ``t1`` named "Team t1"."""
    tid = overrides.get("id", "t1")
    fields: dict[str, Any] = {"id": tid, "name": f"Team {tid}"}
    fields.update(overrides)
    return Team(**fields)


def make_company(**overrides: Any) -> Company:
    """A company ``co1`` at ``co1.example``."""
    cid = overrides.get("id", "co1")
    fields: dict[str, Any] = {"id": cid, "name": f"Company {cid}", "domain": f"{cid}.example"}
    fields.update(overrides)
    return Company(**fields)


def make_contact(**overrides: Any) -> Contact:
    """A contact ``c1`` with an address at ``customer.example``."""
    cid = overrides.get("id", "c1")
    fields: dict[str, Any] = {"id": cid, "email": f"{cid}@customer.example"}
    fields.update(overrides)
    return Contact(**fields)


def make_pipeline(**overrides: Any) -> Pipeline:
    """A deal pipeline ``deals`` with stages ``new``, ``qualified``, ``won`` (WON), ``lost`` (LOST)."""
    fields: dict[str, Any] = {
        "id": "deals",
        "object_type": ObjectType.DEAL,
        "label": "Sales pipeline",
        "stages": (
            Stage(id="new", label="New"),
            Stage(id="qualified", label="Qualified"),
            Stage(id="won", label="Closed won", state=StageState.WON),
            Stage(id="lost", label="Closed lost", state=StageState.LOST),
        ),
    }
    fields.update(overrides)
    return Pipeline(**fields)


def make_lead_pipeline(**overrides: Any) -> Pipeline:
    """A lead pipeline ``leads``: ``new``, ``attempting``, ``qualified`` (WON), ``unqualified`` (LOST)."""
    fields: dict[str, Any] = {
        "id": "leads",
        "object_type": ObjectType.LEAD,
        "label": "Lead pipeline",
        "stages": (
            Stage(id="lead-new", label="New"),
            Stage(id="lead-attempting", label="Attempting"),
            Stage(id="lead-qualified", label="Qualified", state=StageState.WON),
            Stage(id="lead-unqualified", label="Unqualified", state=StageState.LOST),
        ),
    }
    fields.update(overrides)
    return Pipeline(**fields)


def make_lead(**overrides: Any) -> Lead:
    """A lead ``l1`` on contact ``c1`` in the first stage of :func:`make_lead_pipeline`."""
    fields: dict[str, Any] = {"id": "l1", "contact_id": "c1", "pipeline_id": "leads", "stage_id": "lead-new"}
    fields.update(overrides)
    return Lead(**fields)


def make_deal(**overrides: Any) -> Deal:
    """A deal ``d1`` in the first stage of :func:`make_pipeline`."""
    did = overrides.get("id", "d1")
    fields: dict[str, Any] = {"id": did, "name": f"Deal {did}", "pipeline_id": "deals", "stage_id": "new"}
    fields.update(overrides)
    return Deal(**fields)


def make_task(**overrides: Any) -> Task:
    """An open task ``task1`` with no due date."""
    fields: dict[str, Any] = {"id": "task1", "title": "Follow up"}
    fields.update(overrides)
    return Task(**fields)


def make_meeting(**overrides: Any) -> Meeting:
    """A 30-minute meeting ``m1`` starting at ``start`` (default :data:`EPOCH`)."""
    start = overrides.get("start", EPOCH)
    fields: dict[str, Any] = {"id": "m1", "title": "Discovery call", "start": start, "end": start + _HALF_HOUR}
    fields.update(overrides)
    return Meeting(**fields)


def make_call(**overrides: Any) -> Call:
    """A call ``call1`` started at :data:`EPOCH` with no status or outcome."""
    fields: dict[str, Any] = {"id": "call1", "started_at": EPOCH}
    fields.update(overrides)
    return Call(**fields)


def make_email(**overrides: Any) -> Email:
    """An outgoing email ``e1`` from ``u1@vendor.example`` to ``c1@customer.example``."""
    fields: dict[str, Any] = {
        "id": "e1",
        "direction": EmailDirection.OUTGOING,
        "from_address": "u1@vendor.example",
        "to_addresses": ("c1@customer.example",),
        "sent_at": EPOCH,
    }
    fields.update(overrides)
    return Email(**fields)


def make_note(**overrides: Any) -> Note:
    """A note ``n1`` created at :data:`EPOCH`."""
    fields: dict[str, Any] = {"id": "n1", "body": "Spoke about pricing.", "created_at": EPOCH}
    fields.update(overrides)
    return Note(**fields)
