"""Test-only: write a snapshot out in HubSpot's wire format, as the API would return it.

The inverse of :func:`guided_actions.hubspot.snapshot_from_hubspot` for
everything HubSpot can carry: all-string properties, ISO instants (with
microseconds, which ISO allows, so nothing is rounded), v3 association blocks
written on one side only, owners with teams, pipelines whose stage state is in
``isClosed``/``probability``.  What HubSpot cannot carry (a user's timezone,
seats, an email's ``in_reply_to``) is listed in :func:`representable`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from guided_actions.crm import (
    Call,
    CrmSnapshot,
    Email,
    EmailDirection,
    Lead,
    Meeting,
    Note,
    ObjectType,
    StageState,
    Task,
    User,
)
from guided_actions.hubspot._engagements import link_replies
from guided_actions.hubspot._records import _COMPANY_FIELDS, _CONTACT_FIELDS

_METADATA = {
    StageState.OPEN: {"isClosed": "false", "probability": "0.5"},
    StageState.WON: {"isClosed": "true", "probability": "1.0"},
    StageState.LOST: {"isClosed": "true", "probability": "0.0"},
}


def _micros(value: dt.datetime) -> int:
    return calendar.timegm(value.utctimetuple()) * 1_000_000 + value.microsecond


def _millis_between(start: dt.datetime, end: dt.datetime) -> int:
    return (_micros(end) - _micros(start)) // 1000


def wire(value: object) -> str | None:
    """A Python value the way HubSpot puts it in ``properties``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    return str(value)


def _record(
    rid: str, properties: Mapping[str, object], associations: Mapping[str, Iterable[str]] | None = None
) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": rid,
        "properties": {name: wire(value) for name, value in properties.items()},
        "archived": False,
    }
    blocks = {name: [{"id": i, "type": "unlabeled"} for i in ids] for name, ids in (associations or {}).items()}
    if any(blocks.values()):
        raw["associations"] = {name: {"results": rows} for name, rows in blocks.items() if rows}
    return raw


def _owner(crm: CrmSnapshot, user: User) -> dict[str, Any]:
    team_ids = sorted(user.team_ids | ({user.primary_team_id} if user.primary_team_id else set()))
    return {
        "id": user.id,
        "email": user.email,
        "type": "PERSON",
        "archived": False,
        "teams": [{"id": t, "name": crm.team(t).name, "primary": t == user.primary_team_id} for t in team_ids],
    }


def _engagement(e: Task | Meeting | Call | Email | Note) -> dict[str, Iterable[str]]:
    return {"contacts": e.contact_ids, "companies": e.company_ids, "deals": e.deal_ids, "leads": e.lead_ids}


def _email_record(e: Email) -> dict[str, Any]:
    headers = {
        "from": {"email": e.from_address},
        "to": [{"email": a} for a in e.to_addresses],
        "cc": [{"email": a} for a in e.cc_addresses],
    }
    raw = _record(
        e.id,
        {
            "hubspot_owner_id": e.owner_id,
            "hs_email_direction": "EMAIL" if e.direction is EmailDirection.OUTGOING else "INCOMING_EMAIL",
            "hs_email_headers": json.dumps(headers),
            "hs_timestamp": e.sent_at,
            "hs_email_tracker_key": f"tk-{e.id}" if e.tracked else None,
            "hs_email_thread_id": e.thread_id,
        },
        _engagement(e),
    )
    if e.opened_at is not None:
        raw["propertiesWithHistory"] = {"hs_email_open_count": [{"value": "1", "timestamp": wire(e.opened_at)}]}
    return raw


def to_hubspot_export(crm: CrmSnapshot) -> dict[str, Any]:
    """The export a HubSpot portal holding exactly ``crm`` would give."""
    contacts = [
        _record(
            c.id,
            {
                **c.properties,
                "email": c.email,
                "hubspot_owner_id": c.owner_id,
                "hubspot_owner_assigneddate": c.owner_assigned_at,
                "lifecyclestage": c.lifecycle_stage,
                "createdate": c.created_at,
                "hs_last_sales_activity_timestamp": c.last_engaged_at,
            },
            {"companies": c.company_ids},
        )
        for c in crm.contacts
    ]
    companies = [
        _record(
            c.id,
            {
                **c.properties,
                "name": c.name,
                "domain": c.domain,
                "hubspot_owner_id": c.owner_id,
                "hs_is_target_account": c.target_account,
                "createdate": c.created_at,
            },
        )
        for c in crm.companies
    ]
    deals = [
        _record(
            d.id,
            {
                "dealname": d.name,
                "pipeline": d.pipeline_id,
                "dealstage": d.stage_id,
                "hubspot_owner_id": d.owner_id,
                "hubspot_owner_assigneddate": d.owner_assigned_at,
                "createdate": d.created_at,
                "hs_next_step": d.next_steps,
                "hs_next_step_updated_at": d.next_steps_updated_at,
                "amount": d.amount,
                "closedate": d.close_date,
            },
            {"contacts": d.contact_ids, "companies": d.company_ids},
        )
        for d in crm.deals
    ]
    leads = [
        _record(
            lead.id,
            {
                "hs_pipeline": lead.pipeline_id,
                "hs_pipeline_stage": lead.stage_id,
                "hubspot_owner_id": lead.owner_id,
                "hubspot_owner_assigneddate": lead.owner_assigned_at,
                "hs_v2_date_entered_current_stage": lead.stage_entered_at,
                "hs_createdate": lead.created_at,
                "hs_last_sales_activity_timestamp": lead.last_engaged_at,
            },
            {"contacts": (lead.contact_id,)},
        )
        for lead in crm.leads
    ]
    tasks = [
        _record(
            t.id,
            {
                "hubspot_owner_id": t.owner_id,
                "hs_task_subject": t.title,
                "hs_task_status": t.status.name,
                "hs_task_priority": t.priority.name,
                "hs_timestamp": t.due_at,
                "hs_createdate": t.created_at,
                "hs_task_completion_date": t.completed_at,
                "hs_task_sequence_step_enrollment_id": t.sequence.enrollment_id if t.sequence else None,
                "hs_task_sequence_id": t.sequence.sequence_id if t.sequence else None,
                "hs_task_sequence_step_order": t.sequence.step - 1 if t.sequence else None,
            },
            {**_engagement(t), "meetings": (t.meeting_id,) if t.meeting_id else ()},
        )
        for t in crm.tasks
    ]
    meetings = [
        _record(
            m.id,
            {
                "hubspot_owner_id": m.owner_id,
                "hs_meeting_title": m.title,
                "hs_timestamp": m.start,
                "hs_meeting_start_time": m.start,
                "hs_meeting_end_time": m.end,
                "hs_meeting_outcome": m.outcome.name if m.outcome else None,
                "hs_createdate": m.created_at,
            },
            _engagement(m),
        )
        for m in crm.meetings
    ]
    calls = [
        _record(
            c.id,
            {
                "hubspot_owner_id": c.owner_id,
                "hs_timestamp": c.started_at,
                "hs_call_duration": _millis_between(c.started_at, c.ended_at) if c.ended_at else None,
                "hs_call_status": c.status.name if c.status else None,
                "hs_call_disposition": c.outcome,
                "hs_call_source": "VOIP" if c.via_calling else None,
            },
            _engagement(c),
        )
        for c in crm.calls
    ]
    notes = [
        _record(
            n.id, {"hubspot_owner_id": n.owner_id, "hs_note_body": n.body, "hs_timestamp": n.created_at}, _engagement(n)
        )
        for n in crm.notes
    ]
    pipelines: dict[str, list[dict[str, Any]]] = {"deals": [], "leads": []}
    for pipeline in crm.pipelines:
        key = "leads" if pipeline.object_type is ObjectType.LEAD else "deals"
        stages = [
            {"id": s.id, "label": s.label, "displayOrder": i, "metadata": _METADATA[s.state]}
            for i, s in enumerate(pipeline.stages)
        ]
        pipelines[key].append({"id": pipeline.id, "label": pipeline.label, "displayOrder": 0, "stages": stages})
    return {
        "owners": [_owner(crm, user) for user in crm.users],
        "pipelines": pipelines,
        "companies": companies,
        "contacts": contacts,
        "deals": deals,
        "leads": leads,
        "tasks": tasks,
        "meetings": meetings,
        "calls": calls,
        "emails": [_email_record(e) for e in crm.emails],
        "notes": notes,
    }


def _utc(value: dt.datetime) -> pendulum.DateTime:
    return pendulum.from_timestamp(0, tz="UTC") + dt.timedelta(microseconds=_micros(value))


def _in_utc(record: Any) -> Any:
    """The record with every instant in UTC: what the importer produces, and the only form that compares
    equal across zones for instants in a repeated (DST) hour."""
    changes = {
        f.name: _utc(value)
        for f in attrs.fields(type(record))
        if isinstance(value := getattr(record, f.name), dt.datetime)
    }
    return attrs.evolve(record, **changes) if changes else record


def wire_safe(crm: CrmSnapshot) -> bool:
    """Whether every meeting and call ends after it starts as real instants.

    Entities compare same-zone datetimes by wall clock, so an end in the second
    pass of a repeated hour can be accepted though it is earlier; HubSpot's UTC
    wire format cannot hold such a record.
    """
    meetings_ok = all(_micros(m.end) >= _micros(m.start) for m in crm.meetings)
    return meetings_ok and all(c.ended_at is None or _micros(c.ended_at) >= _micros(c.started_at) for c in crm.calls)


def _text(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _links(record: Any) -> dict[str, Any]:
    return {f: _unique(getattr(record, f)) for f in ("contact_ids", "company_ids", "deal_ids", "lead_ids")}


def _properties(values: Mapping[str, object], consumed: frozenset[str]) -> dict[str, str]:
    return {k: text for k, v in values.items() if k not in consumed and (text := _text(wire(v))) is not None}


def representable(crm: CrmSnapshot) -> CrmSnapshot:
    """``crm`` as it looks after a trip through HubSpot's wire format.

    HubSpot has no user timezone, seats, permissions or super admin flag; teams
    exist only through owners; blank texts are "no value"; properties are
    strings; a call's duration is whole milliseconds; associations are sets; a
    lead without its own engagement date shows its contact's; an email's
    ``in_reply_to`` is known only from its thread (the importer's rule).
    """
    users = [
        User(
            id=u.id,
            email=u.email,
            primary_team_id=u.primary_team_id,
            team_ids=u.team_ids | ({u.primary_team_id} if u.primary_team_id else set()),
        )
        for u in crm.users
    ]
    team_ids = {t for u in users for t in u.team_ids}
    contacts = {c.id: c for c in crm.contacts}

    def lead(item: Lead) -> Lead:
        contact = contacts.get(item.contact_id)
        engaged = item.last_engaged_at or (contact.last_engaged_at if contact else None)
        return attrs.evolve(item, last_engaged_at=engaged)

    def call(c: Call) -> Call:
        # Shift by instant (through UTC): ``datetime + timedelta`` is wall-clock arithmetic and drops
        # ``fold``, which would move an end in a repeated DST hour before its start.
        ended = (
            (
                c.started_at.astimezone(dt.UTC) + dt.timedelta(milliseconds=_millis_between(c.started_at, c.ended_at))
            ).astimezone(c.started_at.tzinfo)
            if c.ended_at
            else None
        )
        return attrs.evolve(c, ended_at=ended, outcome=_text(c.outcome), **_links(c))

    emails = link_replies([_in_utc(attrs.evolve(e, in_reply_to=None, **_links(e))) for e in crm.emails])
    parts: dict[str, list[Any]] = {
        "companies": [
            attrs.evolve(c, domain=_text(c.domain), properties=_properties(c.properties, _COMPANY_FIELDS))
            for c in crm.companies
        ],
        "contacts": [
            attrs.evolve(
                c,
                email=_text(c.email),
                lifecycle_stage=_text(c.lifecycle_stage),
                company_ids=_unique(c.company_ids),
                properties=_properties(c.properties, _CONTACT_FIELDS),
            )
            for c in crm.contacts
        ],
        "leads": [lead(item) for item in crm.leads],
        "deals": [
            attrs.evolve(
                d,
                name=_text(d.name) or "",
                next_steps=_text(d.next_steps),
                contact_ids=_unique(d.contact_ids),
                company_ids=_unique(d.company_ids),
            )
            for d in crm.deals
        ],
        "tasks": [
            attrs.evolve(
                t,
                title=_text(t.title) or "",
                sequence=attrs.evolve(t.sequence, sequence_name=None) if t.sequence else None,
                **_links(t),
            )
            for t in crm.tasks
        ],
        "meetings": [attrs.evolve(m, title=_text(m.title) or "", **_links(m)) for m in crm.meetings],
        "calls": [call(c) for c in crm.calls],
        "emails": emails,
        "notes": [attrs.evolve(n, body=_text(n.body) or "", **_links(n)) for n in crm.notes],
    }
    return CrmSnapshot.build(
        users=users,
        teams=[t for t in crm.teams if t.id in team_ids],
        pipelines=crm.pipelines,
        settings=crm.settings,
        strict=crm.strict,
        **{kind: [_in_utc(record) for record in records] for kind, records in parts.items()},
    )


def differences(got: CrmSnapshot, expected: CrmSnapshot) -> list[str]:
    """What differs between two snapshots, record by record (for readable assertion failures)."""
    found: list[str] = []
    for kind in ("users", "teams", "pipelines", "companies", "contacts", "leads", "deals"):
        found += _diff_kind(kind, getattr(got, kind), getattr(expected, kind))
    for kind in ("tasks", "meetings", "calls", "emails", "notes"):
        found += _diff_kind(kind, getattr(got, kind), getattr(expected, kind))
    if got.settings != expected.settings or got.strict != expected.strict:
        found.append(f"settings/strict: {got.settings, got.strict} != {expected.settings, expected.strict}")
    return found


def _diff_kind(kind: str, got: Iterable[Any], expected: Iterable[Any]) -> list[str]:
    mine, theirs = {r.id: r for r in got}, {r.id: r for r in expected}
    return [
        f"{kind}[{rid}]:\n  got      {mine.get(rid)!r}\n  expected {theirs.get(rid)!r}"
        for rid in sorted(set(mine) | set(theirs))
        if mine.get(rid) != theirs.get(rid)
    ]
