"""The values guided actions are made of: types, categories, statuses and the action itself.

Everything here is a frozen value a host can store and send back as ``known``
on the next reconcile; nothing knows about rules (those live in the registry),
so a host can load stored actions without building a registry first.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from guided_actions.crm import ObjectRef

if TYPE_CHECKING:
    from guided_actions.actions._registry import RuleRegistry

__all__ = [
    "DONE_REASONS",
    "LAPSED_REASONS",
    "ActionCategory",
    "ActionStatus",
    "ActionType",
    "Feedback",
    "GuidedAction",
    "Reconciliation",
]


class ActionType(StrEnum):
    """The 19 built-in guided action types, in the order of the spec's table.

    The value is the snake_case name, which is what :attr:`GuidedAction.type`
    holds, so stored actions stay plain strings and a host's own rule types sit
    beside the built-ins without being members of this enum.
    """

    NEWLY_ASSIGNED_CONTACTS = "newly_assigned_contacts"
    NEWLY_ASSIGNED_LEADS = "newly_assigned_leads"
    RE_ENGAGED_CONTACTS = "re_engaged_contacts"
    SEQUENCE_ACTIVITY = "sequence_activity"
    EMAIL_REPLIES = "email_replies"
    FOLLOW_UP_MEETING = "follow_up_meeting"
    LOG_MEETING_OUTCOME = "log_meeting_outcome"
    LOG_CALL_OUTCOME = "log_call_outcome"
    CONTACTS_AWAITING_REPLY = "contacts_awaiting_reply"
    REPLY_TO_EMAIL = "reply_to_email"
    LEADS_AWAITING_REPLY = "leads_awaiting_reply"
    UPCOMING_MEETING_PREP = "upcoming_meeting_prep"
    TODAYS_HIGH_PRIORITY_TASKS = "todays_high_priority_tasks"
    TARGET_ACCOUNT_ACTIVITY = "target_account_activity"
    RECENTLY_ENGAGED_LEADS = "recently_engaged_leads"
    UPDATE_NEXT_STEPS = "update_next_steps"
    ADD_CONTACT_TO_DEAL = "add_contact_to_deal"
    INITIAL_OUTREACH_NEEDED = "initial_outreach_needed"
    FOLLOW_UP_WITH_BUYER = "follow_up_with_buyer"


class ActionCategory(StrEnum):
    """The filter chips besides *All*: deal-related and prospecting-related actions."""

    DEAL = "deal"
    PROSPECTING = "prospecting"


class ActionStatus(StrEnum):
    """An action is shown while ``ACTIVE``; ``EXPIRED`` ones are kept only to prevent re-creation."""

    ACTIVE = "active"
    EXPIRED = "expired"


class Feedback(StrEnum):
    """The user's answer to "Was this helpful?": "Yes, more like this" or "Not really"."""

    HELPFUL = "helpful"
    NOT_HELPFUL = "not_helpful"


DONE_REASONS: frozenset[str] = frozenset(
    {"email_sent", "activity_logged", "next_steps_changed", "contact_added", "engaged", "follow_up_done"}
)
"""Expiry reasons that mean the user did what the action asked (a host rule reuses these names to count)."""

LAPSED_REASONS: frozenset[str] = frozenset(
    {
        "criteria_unmet",
        "max_age",
        "reassigned",
        "deal_closed",
        "lead_created",
        "engagement_stale",
        "meeting_started",
        "buyer_replied",
        "no_items",
        "subject_missing",
    }
)
"""Expiry reasons that mean the suggestion stopped being relevant without the user acting on it."""


def _refs(value: Iterable[ObjectRef]) -> tuple[ObjectRef, ...]:
    return value if type(value) is tuple else tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return value if type(value) is tuple else tuple(value)


@attrs.frozen(kw_only=True)
class GuidedAction:
    """One suggestion for one user, as reconcile made it and the host stores it.

    ``id`` is derived from ``(type, owner_id, key)``, so the same trigger always
    gives the same id and a host can upsert by id.  ``key`` names what triggered
    the action (see the rule table); an action is never created twice for the
    same key.  ``contact_ids``/``company_ids`` are the associations of the
    primary record when the action (or item) was added, kept as they were.
    ``trigger`` points at the record whose event triggered the action (the reply
    email, the meeting that ended…), when there is one; expiration conditions
    read that record's current state.
    """

    id: str
    type: str
    owner_id: str
    subject: ObjectRef
    key: str
    items: tuple[ObjectRef, ...] = attrs.field(converter=_refs)
    contact_ids: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    company_ids: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    triggered_at: _dt.datetime
    created_at: _dt.datetime
    status: ActionStatus = ActionStatus.ACTIVE
    expired_at: _dt.datetime | None = None
    expiry_reason: str | None = None
    feedback: Feedback | None = None
    trigger: ObjectRef | None = None

    @property
    def done(self) -> bool:
        """Whether the action expired because the user did what it asked (see :data:`DONE_REASONS`)."""
        return self.status is ActionStatus.EXPIRED and self.expiry_reason in DONE_REASONS

    @property
    def active(self) -> bool:
        """Whether the action is still shown to its owner."""
        return self.status is ActionStatus.ACTIVE

    def category(self, registry: RuleRegistry | None = None) -> ActionCategory | None:
        """The filter chip of this action's type (``None``: shown under *All* only, or an unknown type)."""
        from guided_actions.actions._registry import default_registry

        rule = (registry if registry is not None else default_registry()).get(self.type)
        return None if rule is None else rule.category

    def title(self, registry: RuleRegistry | None = None) -> str:
        """The English title of this action's type (the type name itself for an unknown type)."""
        from guided_actions.actions._registry import default_registry

        rule = (registry if registry is not None else default_registry()).get(self.type)
        return self.type if rule is None else rule.title


def _actions(value: Iterable[GuidedAction]) -> tuple[GuidedAction, ...]:
    return value if type(value) is tuple else tuple(value)


@attrs.frozen(kw_only=True)
class Reconciliation:
    """What one reconcile did to the host's stored actions.

    Every active action the host passed in comes back exactly once, in
    ``updated``, ``expired`` or ``unchanged``; new ones are in ``created``.  A
    host stores :attr:`active` plus ``expired`` and passes them back as
    ``known`` next time.

    ``next_check_at`` is the earliest instant after ``now`` at which a
    reconcile with no data change could give a different result (a window
    opening or closing, an action reaching its maximum age, a local midnight);
    before it, a host with no changes can skip reconciling.  ``None`` means time
    alone never changes this result; ``now`` itself means a rule's time
    behaviour is unknown (a host rule), so never skip.
    """

    created: tuple[GuidedAction, ...] = attrs.field(default=(), converter=_actions)
    updated: tuple[GuidedAction, ...] = attrs.field(default=(), converter=_actions)
    expired: tuple[GuidedAction, ...] = attrs.field(default=(), converter=_actions)
    unchanged: tuple[GuidedAction, ...] = attrs.field(default=(), converter=_actions)
    next_check_at: _dt.datetime | None = None

    def _repr_html_(self) -> str:
        """An HTML table, so notebooks show this result readably (escaped)."""
        from guided_actions._html import render_reconciliation

        return render_reconciliation(self)

    @property
    def active(self) -> tuple[GuidedAction, ...]:
        """The actions to show now: created + updated + unchanged."""
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        """Whether anything was created, updated or expired."""
        return bool(self.created or self.updated or self.expired)
