"""The feed tab: a year of sales activity on the user's contacts, grouped by contact.

The feed is unique to the user who looks at it: it covers the contacts they own
and the contacts of the companies they own.  Target accounts are flagged, and
the feed filters by activity type and by sequence enrollment.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs

from guided_actions.crm import Contact, CrmSnapshot, Engagement, ObjectRef, ObjectType, Task
from guided_actions.crm._calendar import to_pendulum
from guided_actions.errors import GuidedActionsError
from guided_actions.sales._common import as_utc, check_aware, require_user

__all__ = ["FEED_DAYS", "ActivityType", "FeedGroup", "activity_feed"]

FEED_DAYS = 365
"""How far back the feed reaches, in days ("the last year")."""

_ENGAGEMENT_KINDS = frozenset({ObjectType.TASK, ObjectType.MEETING, ObjectType.CALL, ObjectType.EMAIL, ObjectType.NOTE})


@attrs.frozen(kw_only=True)
class FeedGroup:
    """The feed's activities for one contact, newest first.

    ``target_account`` is ``True`` when one of the contact's companies is a
    target account, which the feed flags.  ``latest_at`` (the newest activity's
    time) orders the groups.
    """

    contact: Contact
    activities: tuple[Engagement, ...]
    target_account: bool = False

    @property
    def contact_id(self) -> str:
        """The id of the group's contact."""
        return self.contact.id

    @property
    def latest_at(self) -> _dt.datetime:
        """When the group's newest activity happened."""
        latest = self.activities[0].happened_at
        assert latest is not None  # groups only hold engagements with a known time
        return latest


ActivityType = ObjectType | str | type[Engagement]
"""An engagement kind as the feed's filter takes it: ``ObjectType.EMAIL``, ``"email"`` or ``Email``."""


def _kind_of(value: object) -> ObjectType | None:
    if isinstance(value, type) and issubclass(value, Engagement) and value is not Engagement:
        return value.kind
    if not isinstance(value, str):
        return None
    try:
        return ObjectType(value)
    except ValueError:
        return None


def _kinds(activity_types: Iterable[ActivityType] | ActivityType | None) -> frozenset[ObjectType] | None:
    if activity_types is None:
        return None
    if isinstance(activity_types, str | type):
        activity_types = (activity_types,)
    kinds: set[ObjectType] = set()
    for value in activity_types:
        kind = _kind_of(value)
        if kind is None or kind not in _ENGAGEMENT_KINDS:
            known = ", ".join(sorted(k.value for k in _ENGAGEMENT_KINDS))
            shown = str(value) if isinstance(value, str) else getattr(value, "__name__", repr(value))
            raise GuidedActionsError(f"activity_feed: {shown!r} is not an activity type; expected one of {known}")
        kinds.add(kind)
    return frozenset(kinds)


def _order(engagement: Engagement) -> tuple[_dt.datetime, str, str]:
    happened = engagement.happened_at
    assert happened is not None
    return (happened, engagement.kind.value, engagement.id)


def activity_feed(
    crm: CrmSnapshot,
    user_id: str,
    *,
    now: _dt.datetime,
    activity_types: Iterable[ActivityType] | ActivityType | None = None,
    sequence_enrolled: bool | None = None,
) -> tuple[FeedGroup, ...]:
    """The user's activity feed: engagements of their contacts from the last :data:`FEED_DAYS` days.

    The contacts are those owned by the user and those associated with a
    company the user owns.  Each engagement associated with such a contact
    whose time (:attr:`~guided_actions.crm.Engagement.happened_at`) lies in
    ``(now - 365 days, now]`` is listed under that contact; engagements with no
    known time are left out.  Groups are sorted by their latest activity, newest
    first (then contact id); activities inside a group newest first.

    Filters: ``activity_types`` keeps only those engagement kinds
    (``ObjectType.EMAIL``, ``"email"`` or the class ``Email``; one or several); ``sequence_enrolled=True`` keeps
    only contacts currently enrolled in a sequence (an open sequence task is
    associated with them), ``False`` only the others.  A contact left with no
    activity has no group.

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    user, a naive ``now`` or an unknown activity type.
    """
    where = "activity_feed"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    kinds = _kinds(activity_types)
    if sequence_enrolled is not None and not isinstance(sequence_enrolled, bool):
        raise GuidedActionsError(
            f"activity_feed: sequence_enrolled must be True, False or None, got {sequence_enrolled!r}"
        )
    since = as_utc(to_pendulum(now).subtract(days=FEED_DAYS))
    until = as_utc(now)

    contacts: dict[str, Contact] = {c.id: c for c in crm.owned_by(user.id, ObjectType.CONTACT)}
    for company in crm.owned_by(user.id, ObjectType.COMPANY):
        for contact in crm.contacts_of_company(company.id):
            contacts.setdefault(contact.id, contact)

    groups: list[FeedGroup] = []
    for contact in contacts.values():
        ref = ObjectRef(ObjectType.CONTACT, contact.id)
        if sequence_enrolled is not None and _enrolled(crm.tasks_of(ref)) is not sequence_enrolled:
            continue
        activities = [
            e
            for e in crm.engagements_of(ref)
            if (kinds is None or e.kind in kinds) and (t := e.happened_at) is not None and since < t <= until
        ]
        if not activities:
            continue
        activities.sort(key=_order, reverse=True)
        groups.append(
            FeedGroup(contact=contact, activities=tuple(activities), target_account=_target_account(crm, contact))
        )
    groups.sort(key=lambda g: g.contact_id)
    groups.sort(key=lambda g: g.latest_at, reverse=True)
    return tuple(groups)


def _enrolled(tasks: Iterable[Task]) -> bool:
    return any(task.sequence is not None and task.is_open for task in tasks)


def _target_account(crm: CrmSnapshot, contact: Contact) -> bool:
    for company_id in contact.company_ids:
        try:
            if crm.company(company_id).target_account:
                return True
        except KeyError:
            continue
    return False
