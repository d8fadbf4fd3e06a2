"""From CRM engagements to health-score events.

A host that has only CRM data (no product usage, no tickets) still gets a
working health score: :func:`engagement_events` turns the meetings, calls,
emails, notes and tasks of a company or contact into :class:`Event` values of a
small, fixed vocabulary (:class:`EventType`), which
:func:`~guided_actions.success.default_health_score` uses.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from enum import StrEnum

from guided_actions.crm import (
    Call,
    CallStatus,
    CrmSnapshot,
    Email,
    EmailDirection,
    Engagement,
    Meeting,
    MeetingOutcome,
    Note,
    ObjectRef,
    ObjectType,
    PropertyValue,
    Task,
    TaskStatus,
)
from guided_actions.errors import GuidedActionsError
from guided_actions.success._health import Event

__all__ = ["EventType", "engagement_events"]


class EventType(StrEnum):
    """The event types derived from engagements (the ``Event.type`` values).

    ========================  ==============================================================  =============
    type                      from                                                            at
    ========================  ==============================================================  =============
    ``meeting_completed``     a meeting whose outcome is ``COMPLETED``                         its ``end``
    ``meeting_no_show``       a meeting whose outcome is ``NO_SHOW``                           its ``end``
    ``meeting_canceled``      a meeting whose outcome is ``CANCELED``                          its ``end``
    ``call_connected``        a call whose status is ``COMPLETED``                             its end/start
    ``call_not_connected``    a call that was ``BUSY``, ``NO_ANSWER`` or ``FAILED``            its end/start
    ``email_sent``            an ``OUTGOING`` email                                            ``sent_at``
    ``email_opened``          an ``OUTGOING`` email that was opened                            ``opened_at``
    ``email_replied``         an ``INCOMING`` email that answers another (``in_reply_to``)     ``sent_at``
    ``email_received``        any other ``INCOMING`` email                                     ``sent_at``
    ``note_logged``           a note                                                           ``created_at``
    ``task_completed``        a ``COMPLETED`` task with ``completed_at``                       ``completed_at``
    ========================  ==============================================================  =============

    Meetings still scheduled (or without outcome) and calls still in progress
    give no event: nothing has happened yet that says anything about health.
    Every event carries ``engagement_id`` and, when set, ``owner_id``; calls add
    their logged ``outcome``.
    """

    MEETING_COMPLETED = "meeting_completed"
    MEETING_NO_SHOW = "meeting_no_show"
    MEETING_CANCELED = "meeting_canceled"
    CALL_CONNECTED = "call_connected"
    CALL_NOT_CONNECTED = "call_not_connected"
    EMAIL_SENT = "email_sent"
    EMAIL_OPENED = "email_opened"
    EMAIL_REPLIED = "email_replied"
    EMAIL_RECEIVED = "email_received"
    NOTE_LOGGED = "note_logged"
    TASK_COMPLETED = "task_completed"


_MEETING_TYPES = {
    MeetingOutcome.COMPLETED: EventType.MEETING_COMPLETED,
    MeetingOutcome.NO_SHOW: EventType.MEETING_NO_SHOW,
    MeetingOutcome.CANCELED: EventType.MEETING_CANCELED,
}
_CALL_TYPES = {
    CallStatus.COMPLETED: EventType.CALL_CONNECTED,
    CallStatus.BUSY: EventType.CALL_NOT_CONNECTED,
    CallStatus.NO_ANSWER: EventType.CALL_NOT_CONNECTED,
    CallStatus.FAILED: EventType.CALL_NOT_CONNECTED,
}
_SCORED_KINDS = (ObjectType.CONTACT, ObjectType.COMPANY)


def _from(engagement: Engagement) -> Iterator[tuple[EventType, _dt.datetime, dict[str, PropertyValue]]]:
    extra: dict[str, PropertyValue] = {}
    if isinstance(engagement, Meeting):
        kind = _MEETING_TYPES.get(engagement.outcome) if engagement.outcome is not None else None
        if kind is not None:
            yield kind, engagement.end, extra
    elif isinstance(engagement, Call):
        kind = _CALL_TYPES.get(engagement.status) if engagement.status is not None else None
        if kind is not None:
            if engagement.outcome_logged:
                extra["outcome"] = engagement.outcome
            yield kind, engagement.happened_at, extra
    elif isinstance(engagement, Email):
        if engagement.direction is EmailDirection.OUTGOING:
            yield EventType.EMAIL_SENT, engagement.sent_at, extra
            if engagement.opened_at is not None:
                yield EventType.EMAIL_OPENED, engagement.opened_at, extra
        elif engagement.in_reply_to is not None:
            yield EventType.EMAIL_REPLIED, engagement.sent_at, extra
        else:
            yield EventType.EMAIL_RECEIVED, engagement.sent_at, extra
    elif isinstance(engagement, Note):
        yield EventType.NOTE_LOGGED, engagement.created_at, extra
    elif (
        isinstance(engagement, Task)
        and engagement.status is TaskStatus.COMPLETED
        and engagement.completed_at is not None
    ):
        yield EventType.TASK_COMPLETED, engagement.completed_at, extra


def engagement_events(
    crm: CrmSnapshot, ref: ObjectRef, *, now: _dt.datetime | None = None, include_contacts: bool = False
) -> tuple[Event, ...]:
    """The health-score events of a company or contact, derived from its engagements, oldest first.

    Each event's ``record_id`` is ``ref.id``.  With ``include_contacts`` (for a
    company) the engagements of the company's contacts count too, each once.
    With ``now``, events after it are left out (``calculate`` ignores them
    anyway).  Ties are ordered by type and engagement id, so the output is stable.
    """
    if ref.kind not in _SCORED_KINDS:
        raise GuidedActionsError(f"engagement_events: expected a contact or company, got {ref}")
    engagements: dict[tuple[ObjectType, str], Engagement] = {}
    refs = [ref]
    if include_contacts and ref.kind is ObjectType.COMPANY:
        refs.extend(ObjectRef(ObjectType.CONTACT, c.id) for c in crm.contacts_of_company(ref.id))
    for target in refs:
        for engagement in crm.engagements_of(target):
            engagements.setdefault((engagement.kind, engagement.id), engagement)
    events: list[Event] = []
    for engagement in engagements.values():
        for kind, at, extra in _from(engagement):
            if now is not None and at > now:
                continue
            properties: dict[str, PropertyValue] = {"engagement_id": engagement.id, **extra}
            if engagement.owner_id is not None:
                properties["owner_id"] = engagement.owner_id
            events.append(Event(type=kind.value, record_id=ref.id, occurred_at=at, properties=properties))
    events.sort(key=lambda e: (e.occurred_at, e.type, str(e.properties["engagement_id"])))
    return tuple(events)
