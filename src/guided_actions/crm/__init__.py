"""The CRM core: typed entities and the indexed :class:`CrmSnapshot`.

Every workspace depends on this package and on nothing else of the library
(shared helpers live here, never in a workspace).
"""

from guided_actions.crm._engagements import Call, Email, Engagement, Meeting, Note, SequenceStep, Task
from guided_actions.crm._enums import (
    CallStatus,
    EmailDirection,
    MeetingOutcome,
    ObjectType,
    Permission,
    Seat,
    StageState,
    TaskPriority,
    TaskStatus,
)
from guided_actions.crm._people import PortalSettings, Team, User
from guided_actions.crm._records import Company, Contact, Deal, Lead, Pipeline, PropertyValue, Stage
from guided_actions.crm._refs import ObjectRef
from guided_actions.crm._snapshot import CrmSnapshot, Record

__all__ = [
    "Call",
    "CallStatus",
    "Company",
    "Contact",
    "CrmSnapshot",
    "Deal",
    "Email",
    "EmailDirection",
    "Engagement",
    "Lead",
    "Meeting",
    "MeetingOutcome",
    "Note",
    "ObjectRef",
    "ObjectType",
    "Permission",
    "Pipeline",
    "PortalSettings",
    "PropertyValue",
    "Record",
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
