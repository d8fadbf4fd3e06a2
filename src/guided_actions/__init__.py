"""guided_actions: the pure, typed logic of CRM workspaces.

A host builds immutable entities from its own rows, calls the pure functions
here with an explicit ``now``, and stores what comes back.  Nothing in this
package performs I/O or reads a clock.
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

# Errors
from guided_actions.errors import (
    AccessDenied,
    CommandRefused,
    GuidedActionsError,
    InvalidEntity,
    InvalidSettings,
    InvalidSnapshot,
    Problem,
)

# CRM entities and the snapshot
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
    ObjectRef,
    ObjectType,
    Permission,
    Pipeline,
    PortalSettings,
    Seat,
    SequenceStep,
    Stage,
    StageState,
    Task,
    TaskPriority,
    TaskStatus,
    Team,
    User,
)

try:
    __version__ = _version("guided-actions")
except _PackageNotFoundError:  # pragma: no cover - running from a source tree
    from guided_actions._version import __version__

__all__ = [
    # errors
    "AccessDenied",
    "CommandRefused",
    "GuidedActionsError",
    "InvalidEntity",
    "InvalidSettings",
    "InvalidSnapshot",
    "Problem",
    # CRM entities and the snapshot
    "Call",
    "CallStatus",
    "Company",
    "Contact",
    "CrmSnapshot",
    "Deal",
    "Email",
    "EmailDirection",
    "Lead",
    "Meeting",
    "MeetingOutcome",
    "Note",
    "ObjectRef",
    "ObjectType",
    "Permission",
    "Pipeline",
    "PortalSettings",
    "Seat",
    "SequenceStep",
    "Stage",
    "StageState",
    "Task",
    "TaskPriority",
    "TaskStatus",
    "Team",
    "User",
]
