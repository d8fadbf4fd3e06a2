"""Tasks, meetings, calls, emails and notes from v3 activity records.

Activity enums are portal-extensible (custom call and meeting outcomes, new call
statuses), so an unknown value is never a reason to drop a record: call
outcomes are kept as the raw disposition id; a meeting outcome, call status or
task status our enums do not know is reported and left unset (or
``NOT_STARTED`` for a task, whose status cannot be unset).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from guided_actions.crm import (
    Call,
    CallStatus,
    Email,
    EmailDirection,
    Meeting,
    MeetingOutcome,
    Note,
    SequenceStep,
    Task,
    TaskPriority,
    TaskStatus,
)
from guided_actions.hubspot._envelope import Reader
from guided_actions.hubspot._records import Context, build, owner
from guided_actions.hubspot._values import BadValue, decode_int, decode_json

__all__ = [
    "CALL_OUTCOMES",
    "call_from",
    "email_from",
    "link_replies",
    "meeting_from",
    "note_from",
    "task_from",
    "via_calling",
]

#: HubSpot's default call outcomes (``hs_call_disposition`` ids) and their labels.
CALL_OUTCOMES: Mapping[str, str] = {
    "9d9162e7-6cf3-4944-bf63-4dff82258764": "Busy",
    "f240bbac-87c9-4f6e-bf70-924b57d47db7": "Connected",
    "a4c4c377-d246-4b32-a13b-75a56a4cd0ff": "Left live message",
    "b2cf5968-551e-4856-9783-52b3da59a7d0": "Left voicemail",
    "73a0d17f-1163-4015-bdd5-ec830791da20": "No answer",
    "17b47fee-58de-441e-a44c-c6300d46f273": "Wrong number",
}
_TASK_STATUS = {status.name: status for status in TaskStatus}
_TASK_PRIORITY = {priority.name: priority for priority in TaskPriority}
_MEETING_OUTCOME = {outcome.name: outcome for outcome in MeetingOutcome} | {"CANCELLED": MeetingOutcome.CANCELED}
_CALL_STATUS = {status.name: status for status in CallStatus} | {
    "CANCELLED": CallStatus.CANCELED,
    "CONNECTING": CallStatus.RINGING,
    "CALLING_CRM_USER": CallStatus.RINGING,
    "MISSED": CallStatus.NO_ANSWER,
}
_ANGLE_ADDRESS = re.compile(r"<\s*([^<>\s]+)\s*>")


def _associations(reader: Reader, ctx: Context) -> dict[str, tuple[str, ...]]:
    related = ctx.graph.related
    return {
        "contact_ids": related(reader.plural, reader.id, "contacts"),
        "company_ids": related(reader.plural, reader.id, "companies"),
        "deal_ids": related(reader.plural, reader.id, "deals"),
        "lead_ids": related(reader.plural, reader.id, "leads"),
    }


def _enum(reader: Reader, name: str, table: Mapping[str, Any], what: str) -> Any:
    raw = reader.text(name)
    if raw is None:
        return None
    found = table.get(raw.strip().upper().replace(" ", "_"))
    if found is None:
        reader.report("unknown_value", name, raw, f"not a {what} we know; left unset", fatal=False)
    return found


def _required(reader: Reader, value: pendulum.DateTime | None, name: str) -> pendulum.DateTime | None:
    if value is None and not reader.fatal:
        reader.report("missing_value", name, reader.properties.get(name), "a time is required")
    return value


def _sequence(reader: Reader) -> SequenceStep | None:
    enrollment = reader.text("hs_task_sequence_step_enrollment_id")
    if not enrollment:
        return None
    order = reader.integer("hs_task_sequence_step_order")
    if order is None or order < 0:
        reader.report(
            "missing_value", "hs_task_sequence_step_order", order, "no step order; step 1 assumed", fatal=False
        )
        order = 0
    return SequenceStep(
        sequence_id=reader.text("hs_task_sequence_id") or enrollment,
        enrollment_id=enrollment,
        step=order + 1,
    )


def task_from(reader: Reader, ctx: Context) -> Task | None:
    """A task: ``hs_timestamp`` is its *due date*; a sequence step when it has a sequence enrollment id."""
    status = _enum(reader, "hs_task_status", _TASK_STATUS, "task status")
    meetings = ctx.graph.related("tasks", reader.id, "meetings")
    return build(
        reader,
        Task,
        id=reader.id,
        owner_id=owner(reader, ctx),
        **_associations(reader, ctx),
        title=reader.text("hs_task_subject") or "",
        status=status or TaskStatus.NOT_STARTED,
        priority=_enum(reader, "hs_task_priority", _TASK_PRIORITY, "task priority") or TaskPriority.NONE,
        due_at=reader.instant("hs_timestamp"),
        created_at=reader.created_at("hs_createdate"),
        completed_at=reader.instant("hs_task_completion_date"),
        sequence=_sequence(reader),
        meeting_id=meetings[0] if meetings else None,
    )


def meeting_from(reader: Reader, ctx: Context) -> Meeting | None:
    """A meeting from its start/end times (``hs_timestamp`` when there is no start; end defaults to start)."""
    start = _required(reader, reader.instant("hs_meeting_start_time") or reader.instant("hs_timestamp"), "hs_timestamp")
    end = reader.instant("hs_meeting_end_time") or start
    return build(
        reader,
        Meeting,
        id=reader.id,
        owner_id=owner(reader, ctx),
        **_associations(reader, ctx),
        title=reader.text("hs_meeting_title") or "",
        start=start,
        end=end,
        outcome=_enum(reader, "hs_meeting_outcome", _MEETING_OUTCOME, "meeting outcome"),
        created_at=reader.created_at("hs_createdate"),
    )


def via_calling(reader: Reader) -> bool:
    """Whether the call was placed with the CRM's own calling (a heuristic: HubSpot documents no marker).

    Third-party calling apps log calls with ``hs_call_source`` =
    ``INTEGRATIONS_PLATFORM`` and an ``hs_call_app_id``; a call with some other
    source and no app id is taken as placed with the CRM's calling.  A call
    without ``hs_call_source`` was logged by hand.
    """
    source = reader.text("hs_call_source")
    if not source or source.strip().upper() == "INTEGRATIONS_PLATFORM":
        return False
    return not reader.text("hs_call_app_id")


def call_from(reader: Reader, ctx: Context) -> Call | None:
    """A call: ``hs_timestamp`` starts it, ``hs_call_duration`` (ms) ends it, the disposition is its outcome."""
    started = _required(reader, reader.instant("hs_timestamp"), "hs_timestamp")
    duration = reader.integer("hs_call_duration")
    if duration is not None and duration < 0:
        reader.report("bad_value", "hs_call_duration", duration, "a duration cannot be negative")
    ended = started + _dt.timedelta(milliseconds=duration) if started is not None and duration is not None else None
    return build(
        reader,
        Call,
        id=reader.id,
        owner_id=owner(reader, ctx),
        **_associations(reader, ctx),
        started_at=started,
        ended_at=ended,
        via_calling=via_calling(reader),
        status=_enum(reader, "hs_call_status", _CALL_STATUS, "call status"),
        outcome=reader.text("hs_call_disposition"),
    )


def _address(value: object) -> str | None:
    """``"a@b.example"`` from ``"a@b.example"`` or the display form ``"First Last<a@b.example>"``."""
    if isinstance(value, Mapping):
        value = value.get("email")
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ANGLE_ADDRESS.search(value)
    return (match.group(1) if match else value).strip() or None


def _addresses(values: object) -> tuple[str, ...]:
    items: Iterable[object] = values if isinstance(values, list | tuple) else (values,) if values else ()
    found = (_address(item) for item in items)
    return tuple(address for address in found if address)


def _split(text: str | None) -> tuple[str, ...]:
    return _addresses(re.split(r"[;,]", text)) if text else ()


def _email_parties(reader: Reader) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(from, to, cc) from ``hs_email_headers``, else from the read-only ``hs_email_*_email`` properties."""
    raw = reader.properties.get("hs_email_headers")
    headers: Mapping[str, Any] | None = None
    try:
        headers = decode_json(raw)
    except BadValue as exc:
        reader.report(
            "bad_email_headers", "hs_email_headers", raw, f"{exc.reason}; addresses read from hs_email_*", fatal=False
        )
    if headers is not None:
        sender = _address(headers.get("from")) or _address(headers.get("sender"))
        to, cc = _addresses(headers.get("to")), _addresses(headers.get("cc"))
    else:
        sender, to, cc = None, (), ()
    sender = sender or _address(reader.text("hs_email_from_email"))
    return sender, to or _split(reader.text("hs_email_to_email")), cc or _split(reader.text("hs_email_cc_email"))


def _opened_at(reader: Reader) -> pendulum.DateTime | None:
    """When the open count first became positive, from ``propertiesWithHistory`` (unknowable without it)."""
    stamps = []
    for value, stamp in reader.history("hs_email_open_count"):
        try:
            count = decode_int(value)
        except BadValue:
            continue
        if count is not None and count > 0:
            stamps.append(stamp)
    return pendulum.instance(min(stamps)) if stamps else None


def email_from(reader: Reader, ctx: Context) -> Email | None:
    """An email: ``EMAIL`` is outgoing, ``INCOMING_EMAIL`` incoming, ``FORWARDED_EMAIL`` by its sender."""
    owner_id = owner(reader, ctx)
    sender, to, cc = _email_parties(reader)
    raw_direction = (reader.text("hs_email_direction") or "").strip().upper()
    direction: EmailDirection | None = None
    if raw_direction == "EMAIL":
        direction = EmailDirection.OUTGOING
    elif raw_direction == "INCOMING_EMAIL":
        direction = EmailDirection.INCOMING
    elif raw_direction == "FORWARDED_EMAIL":
        mine = ctx.owner_emails.get(owner_id or "")
        outgoing = bool(mine and sender and sender.lower() == mine.lower())
        direction = EmailDirection.OUTGOING if outgoing else EmailDirection.INCOMING
    else:
        reader.report("unknown_value", "hs_email_direction", raw_direction or None, "not an email direction we know")
    if not sender:
        reader.report(
            "missing_value", "hs_email_headers", reader.properties.get("hs_email_headers"), "no sender address"
        )
    counts = [reader.integer(name) or 0 for name in ("hs_email_open_count", "hs_email_click_count")]
    return build(
        reader,
        Email,
        id=reader.id,
        owner_id=owner_id,
        **_associations(reader, ctx),
        direction=direction,
        from_address=sender,
        to_addresses=to,
        cc_addresses=cc,
        sent_at=_required(reader, reader.instant("hs_timestamp"), "hs_timestamp"),
        tracked=bool(reader.text("hs_email_tracker_key")) or any(counts),
        opened_at=_opened_at(reader),
        thread_id=reader.text("hs_email_thread_id"),
    )


def link_replies(emails: list[Email]) -> list[Email]:
    """Set ``in_reply_to`` from threads: an email answers the latest earlier one of the other direction.

    HubSpot exposes no In-Reply-To header; ``hs_email_thread_id`` groups a
    conversation, so inside a thread an incoming email answers the latest
    outgoing email sent before it, and vice versa.  Emails without a thread id
    answer nothing that can be known.
    """
    latest: dict[tuple[str, EmailDirection], Email] = {}
    linked: dict[str, Email] = {}
    for email in sorted(emails, key=lambda e: (e.sent_at, e.id)):
        if email.thread_id is None:
            continue
        other = EmailDirection.INCOMING if email.direction is EmailDirection.OUTGOING else EmailDirection.OUTGOING
        answered = latest.get((email.thread_id, other))
        if answered is not None and answered.sent_at < email.sent_at:
            linked[email.id] = attrs.evolve(email, in_reply_to=answered.id)
        latest[(email.thread_id, email.direction)] = email
    return [linked.get(email.id, email) for email in emails]


def note_from(reader: Reader, ctx: Context) -> Note | None:
    """A note, placed on the timeline at ``hs_timestamp`` (else its creation time)."""
    return build(
        reader,
        Note,
        id=reader.id,
        owner_id=owner(reader, ctx),
        **_associations(reader, ctx),
        body=reader.text("hs_note_body") or "",
        created_at=_required(
            reader, reader.instant("hs_timestamp") or reader.created_at("hs_createdate"), "hs_timestamp"
        ),
    )
