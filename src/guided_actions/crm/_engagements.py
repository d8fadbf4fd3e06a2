"""Engagements (activities): tasks, meetings, calls, emails and notes.

Every engagement has an ``id``, an ``owner_id`` (the user it is assigned to, or
whose mailbox it is in) and four association tuples.  :attr:`happened_at` is
"the time an engagement happened" as the rules define it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any, ClassVar

import attrs

from guided_actions.crm._checks import (
    aware,
    id_tuple,
    ids,
    instance_of,
    is_bool,
    is_str,
    non_empty_str,
    optional_aware,
    optional_instance_of,
    optional_non_empty_str,
    optional_str,
)
from guided_actions.crm._enums import (
    CallStatus,
    EmailDirection,
    MeetingOutcome,
    ObjectType,
    TaskPriority,
    TaskStatus,
)
from guided_actions.errors import InvalidEntity

__all__ = ["Call", "Email", "Engagement", "Meeting", "Note", "SequenceStep", "Task"]


@attrs.frozen(kw_only=True)
class Engagement:
    """Fields shared by every engagement kind; not built directly."""

    kind: ClassVar[ObjectType]

    id: str = attrs.field(validator=non_empty_str)
    owner_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    contact_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    company_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    deal_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    lead_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)

    @property
    def happened_at(self) -> _dt.datetime | None:
        """When the engagement happened (see each kind); ``None`` if unknown."""
        raise NotImplementedError


def _positive_step(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be an int >= 1 (steps are 1-based)")


@attrs.frozen(kw_only=True)
class SequenceStep:
    """Where a sequence-created task sits: which sequence, enrollment and step."""

    sequence_id: str = attrs.field(validator=non_empty_str)
    enrollment_id: str = attrs.field(validator=non_empty_str)
    step: int = attrs.field(validator=_positive_step)
    sequence_name: str | None = attrs.field(default=None, validator=optional_str)


@attrs.frozen(kw_only=True)
class Task(Engagement):
    """A to-do; open unless ``COMPLETED``.  ``meeting_id`` marks a meeting's follow-up."""

    kind: ClassVar[ObjectType] = ObjectType.TASK

    title: str = attrs.field(validator=is_str)
    status: TaskStatus = attrs.field(default=TaskStatus.NOT_STARTED, validator=instance_of(TaskStatus))
    priority: TaskPriority = attrs.field(default=TaskPriority.NONE, validator=instance_of(TaskPriority))
    due_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    completed_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    sequence: SequenceStep | None = attrs.field(default=None, validator=optional_instance_of(SequenceStep))
    meeting_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)

    @property
    def is_open(self) -> bool:
        """Whether the task still needs doing (any status but ``COMPLETED``)."""
        return self.status is not TaskStatus.COMPLETED

    @property
    def happened_at(self) -> _dt.datetime | None:
        """``completed_at``, else ``created_at``."""
        return self.completed_at or self.created_at


def _not_before(start_field: str) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Validator: ``None`` or an aware datetime not before the field ``start_field``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        aware(inst, attribute, value)
        start = getattr(inst, start_field)
        # Python compares two datetimes sharing a tzinfo by wall clock, ignoring
        # ``fold``: in a repeated DST hour that gets the order wrong, so compare
        # instants there.
        if value < start if value.tzinfo is not start.tzinfo else value.timestamp() < start.timestamp():
            raise InvalidEntity(
                type(inst).__name__, attribute.name, value, f"must not be before {start_field} ({start.isoformat()})"
            )

    return check


@attrs.frozen(kw_only=True)
class Meeting(Engagement):
    """A meeting; it happened at its ``end``."""

    kind: ClassVar[ObjectType] = ObjectType.MEETING

    title: str = attrs.field(validator=is_str)
    start: _dt.datetime = attrs.field(validator=aware)
    end: _dt.datetime = attrs.field(validator=_not_before("start"))
    outcome: MeetingOutcome | None = attrs.field(default=None, validator=optional_instance_of(MeetingOutcome))
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)

    @property
    def happened_at(self) -> _dt.datetime:
        """``end``."""
        return self.end


@attrs.frozen(kw_only=True)
class Call(Engagement):
    """A phone call; ``via_calling`` when made with the CRM's own calling feature."""

    kind: ClassVar[ObjectType] = ObjectType.CALL

    started_at: _dt.datetime = attrs.field(validator=aware)
    ended_at: _dt.datetime | None = attrs.field(default=None, validator=_not_before("started_at"))
    via_calling: bool = attrs.field(default=False, validator=is_bool)
    status: CallStatus | None = attrs.field(default=None, validator=optional_instance_of(CallStatus))
    outcome: str | None = attrs.field(default=None, validator=optional_str)

    @property
    def happened_at(self) -> _dt.datetime:
        """``ended_at``, else ``started_at``."""
        return self.ended_at or self.started_at

    @property
    def outcome_logged(self) -> bool:
        """Whether an outcome (disposition) was logged: not ``None`` and not blank."""
        return bool(self.outcome and self.outcome.strip())


def _address_tuple(inst: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if type(value) is not tuple:
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be a tuple of addresses")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise InvalidEntity(type(inst).__name__, attribute.name, value, "every address must be a non-empty string")


@attrs.frozen(kw_only=True)
class Email(Engagement):
    """An email in the owner's mailbox.

    ``to_addresses[0]`` is the *primary recipient*; ``in_reply_to`` is the id of
    the email this one answers, which is how replies are recognised.
    """

    kind: ClassVar[ObjectType] = ObjectType.EMAIL

    direction: EmailDirection = attrs.field(validator=instance_of(EmailDirection))
    from_address: str = attrs.field(validator=non_empty_str)
    to_addresses: tuple[str, ...] = attrs.field(converter=ids, validator=_address_tuple)
    cc_addresses: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=_address_tuple)
    sent_at: _dt.datetime = attrs.field(validator=aware)
    tracked: bool = attrs.field(default=False, validator=is_bool)
    opened_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    in_reply_to: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    thread_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)

    @property
    def happened_at(self) -> _dt.datetime:
        """``sent_at``."""
        return self.sent_at

    @property
    def primary_recipient(self) -> str | None:
        """The first ``to`` address, lower-cased (``None`` when there is none)."""
        return self.to_addresses[0].lower() if self.to_addresses else None


@attrs.frozen(kw_only=True)
class Note(Engagement):
    """A note logged on records."""

    kind: ClassVar[ObjectType] = ObjectType.NOTE

    body: str = attrs.field(validator=is_str)
    created_at: _dt.datetime = attrs.field(validator=aware)

    @property
    def happened_at(self) -> _dt.datetime:
        """``created_at``."""
        return self.created_at
