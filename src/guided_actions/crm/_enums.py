"""The CRM's enumerations.

All are ``str`` enums whose value is the lower-case member name, so they sort,
compare and serialize as plain strings (``TaskStatus.COMPLETED == "completed"``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CallStatus",
    "EmailDirection",
    "MeetingOutcome",
    "ObjectType",
    "Permission",
    "Seat",
    "StageState",
    "TaskPriority",
    "TaskStatus",
]


class Seat(StrEnum):
    """A paid seat a user holds; the customer success workspace needs ``SERVICE``."""

    SALES = "sales"
    SERVICE = "service"


class Permission(StrEnum):
    """Permissions that the workspaces check beyond seats and super admin."""

    CS_WORKSPACE_ACCESS = "cs_workspace_access"
    """Use the customer success workspace."""
    MANAGE_CS_SETTINGS = "manage_cs_settings"
    """Manage customer success settings."""


class StageState(StrEnum):
    """Whether a pipeline stage is open or closed; for leads WON = qualified, LOST = disqualified."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"


class TaskStatus(StrEnum):
    """A task's status; a task is *open* unless ``COMPLETED``."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    DEFERRED = "deferred"
    COMPLETED = "completed"


class TaskPriority(StrEnum):
    """A task's priority; buckets and queues put ``HIGH`` first among equal due times."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MeetingOutcome(StrEnum):
    """The outcome logged on a meeting (``None`` on the meeting = never set)."""

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    RESCHEDULED = "rescheduled"
    NO_SHOW = "no_show"
    CANCELED = "canceled"


class CallStatus(StrEnum):
    """The technical status of a call (not its logged outcome)."""

    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    FAILED = "failed"
    CANCELED = "canceled"


class EmailDirection(StrEnum):
    """``OUTGOING``: sent by the user ``owner_id``; ``INCOMING``: received by that user."""

    OUTGOING = "outgoing"
    INCOMING = "incoming"


class ObjectType(StrEnum):
    """The kind of record an :class:`ObjectRef` points to."""

    USER = "user"
    CONTACT = "contact"
    COMPANY = "company"
    DEAL = "deal"
    LEAD = "lead"
    TASK = "task"
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    NOTE = "note"
    SERVICE = "service"
    CUSTOM = "custom"
