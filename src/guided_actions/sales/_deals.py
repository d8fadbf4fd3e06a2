"""The deals tab: the user's open deals, and those with no activity scheduled.

"No activity scheduled" is the view a rep opens to find deals that will go
quiet unless they plan something: no open task due later and no meeting coming
up.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

from guided_actions.crm import CrmSnapshot, Deal, ObjectRef, ObjectType
from guided_actions.sales._common import as_utc, check_aware, is_scheduled_meeting, is_scheduled_task, require_user

__all__ = ["DEAL_VIEWS", "deal_views", "has_activity_scheduled"]

DEAL_VIEWS: tuple[str, ...] = ("all_open", "no_activity_scheduled")
"""The names of the views :func:`deal_views` returns, in the order the tab lists them."""

_NO_DATE = _dt.date.max


def has_activity_scheduled(crm: CrmSnapshot, deal: Deal, *, now: _dt.datetime) -> bool:
    """Whether an open task due after ``now`` or a meeting starting after ``now`` is on the deal.

    Tasks and meetings of any owner count (a colleague's meeting on the deal is
    scheduled activity too); a meeting whose outcome is ``CANCELED`` does not.
    """
    ref = ObjectRef(ObjectType.DEAL, deal.id)
    now = as_utc(now)
    return any(is_scheduled_task(t, now) for t in crm.tasks_of(ref)) or any(
        is_scheduled_meeting(m, now) for m in crm.meetings_of(ref)
    )


def _deal_order(deal: Deal) -> tuple[_dt.date, str, str]:
    return (deal.close_date or _NO_DATE, deal.name, deal.id)


def deal_views(crm: CrmSnapshot, user_id: str, *, now: _dt.datetime) -> Mapping[str, tuple[Deal, ...]]:
    """The user's deal views, keyed by :data:`DEAL_VIEWS`.

    ``"all_open"``: the open deals assigned to the user.
    ``"no_activity_scheduled"``: those of them for which
    :func:`has_activity_scheduled` is false.  Each view is sorted by close date
    (deals without one last), then name, then id, so the deals to close first
    come first.

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    user or a naive ``now``.
    """
    where = "deal_views"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    open_deals = sorted((d for d in crm.owned_by(user.id, ObjectType.DEAL) if crm.is_open(d)), key=_deal_order)
    cutoff = as_utc(now)
    quiet = [deal for deal in open_deals if not has_activity_scheduled(crm, deal, now=cutoff)]
    return MappingProxyType({"all_open": tuple(open_deals), "no_activity_scheduled": tuple(quiet)})
