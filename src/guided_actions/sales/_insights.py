"""Deal insights: the deterministic, permission-aware part of the deal summary.

The product summarises a deal from its data and its previous 100 meetings,
notes, emails and calls, and enforces each user's CRM permissions: two reps may
get different insights for the same deal.  This module gives hosts that part
without the prose: the recent activity the viewer may see and named,
explainable risks.  The host's permission check runs *first*, on every
engagement, so an engagement the viewer may not see cannot influence any part
of the result.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from enum import StrEnum

import attrs

from guided_actions.crm import Call, CrmSnapshot, Deal, Engagement, Meeting, ObjectRef, ObjectType, User
from guided_actions.crm._calendar import local_date
from guided_actions.errors import GuidedActionsError
from guided_actions.sales._common import (
    as_utc,
    check_aware,
    did_you_mean,
    is_scheduled_meeting,
    is_scheduled_task,
    require_user,
)

__all__ = [
    "ACTIVITY_BASIS",
    "RECENT_ACTIVITY",
    "CanView",
    "DealInsights",
    "DealRisk",
    "RiskCode",
    "deal_insights",
    "default_can_view",
]

CanView = Callable[[User, Engagement], bool]
"""The host's permission check: may this user see this engagement?"""

ACTIVITY_BASIS = 100
"""How many of the deal's latest meetings, notes, emails and calls the insights read."""
RECENT_ACTIVITY = 5
"""How many of them are shown as recent activity."""

_ACTIVITY_KINDS = (ObjectType.MEETING, ObjectType.NOTE, ObjectType.EMAIL, ObjectType.CALL)


class RiskCode(StrEnum):
    """The named risks a deal can carry; each value is the code a host shows or filters on."""

    NO_FOLLOW_UP_SCHEDULED = "no_follow_up_scheduled"
    """Open deal with no open task due later and no (not canceled) meeting coming up."""
    NEXT_STEPS_STALE = "next_steps_stale"
    """Open deal whose next steps were last updated before its latest ended meeting or call."""
    CLOSE_DATE_PASSED = "close_date_passed"
    """Open deal whose close date is before the viewer's local today."""
    NO_CONTACT = "no_contact"
    """The deal has no associated contact."""


@attrs.frozen(kw_only=True)
class DealRisk:
    """One risk: its code, a sentence explaining it, and the records it points at.

    ``evidence`` names the engagements the risk is about (e.g. the meeting after
    which the next steps went stale), so a host can link to them; it only ever
    names engagements the viewer may see.
    """

    code: RiskCode
    message: str
    evidence: tuple[ObjectRef, ...] = ()


@attrs.frozen(kw_only=True)
class DealInsights:
    """What one viewer may learn about one deal: recent activity and risks.

    ``recent_activity`` holds the :data:`RECENT_ACTIVITY` most recent of the
    deal's meetings, notes, emails and calls that the viewer may see, newest
    first; ``activity_considered`` says how many visible engagements (at most
    :data:`ACTIVITY_BASIS`) the insights were read from.  ``risks`` are in the
    order of :class:`RiskCode`.
    """

    deal_id: str
    viewer_id: str
    recent_activity: tuple[Engagement, ...]
    risks: tuple[DealRisk, ...]
    activity_considered: int = 0

    @property
    def risk_codes(self) -> tuple[RiskCode, ...]:
        """The codes of the risks, in order (``RiskCode`` values compare equal to plain strings)."""
        return tuple(risk.code for risk in self.risks)

    def has_risk(self, code: RiskCode | str) -> bool:
        """Whether the deal carries the risk ``code`` for this viewer."""
        return any(risk.code == code for risk in self.risks)


def default_can_view(deal: Deal) -> CanView:
    """The default permission check for ``deal``.

    A viewer may see an engagement they own, every engagement of a deal they
    own, and everything when they are a super admin.  Hosts with finer CRM
    permissions pass their own ``can_view`` to :func:`deal_insights`.
    """

    def can_view(viewer: User, engagement: Engagement) -> bool:
        return viewer.super_admin or engagement.owner_id == viewer.id or deal.owner_id == viewer.id

    return can_view


def _newest_first(engagement: Engagement) -> tuple[_dt.datetime, str, str]:
    happened = engagement.happened_at
    assert happened is not None
    return (happened, engagement.kind.value, engagement.id)


def deal_insights(
    crm: CrmSnapshot,
    deal_id: str,
    *,
    viewer_id: str,
    now: _dt.datetime,
    can_view: CanView | None = None,
) -> DealInsights:
    """The insights ``viewer_id`` gets for deal ``deal_id`` at ``now``.

    ``can_view(viewer, engagement)`` (default :func:`default_can_view`) is asked
    about every engagement of the deal before anything is computed; only the
    engagements it allows are read.  The activity basis is the
    :data:`ACTIVITY_BASIS` most recent visible meetings, notes, emails and calls
    that have happened by ``now``; the five newest are ``recent_activity``.

    Risks (see :class:`RiskCode`), from visible engagements only:

    - ``no_follow_up_scheduled``: the deal is open and no visible open task is due
      after ``now`` and no visible meeting (not canceled) starts after ``now``;
    - ``next_steps_stale``: the deal is open, a visible meeting or call has ended
      by ``now``, and ``next_steps_updated_at`` is missing or before the latest
      such end;
    - ``close_date_passed``: the deal is open and its ``close_date`` is before
      today's date in the *viewer's* timezone (the person reading the risk);
    - ``no_contact``: the deal has no associated contact (open or closed).

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    deal or viewer, a naive ``now`` or a ``can_view`` that is not callable.
    """
    where = "deal_insights"
    viewer = require_user(crm, viewer_id, where=where, argument="viewer_id")
    check_aware(now, where=where, argument="now")
    if not isinstance(deal_id, str) or not deal_id:
        raise GuidedActionsError(f"{where}: deal_id must be a non-empty deal id, got {deal_id!r}")
    try:
        deal = crm.deal(deal_id)
    except KeyError:
        hint = did_you_mean(deal_id, [d.id for d in crm.deals])
        raise GuidedActionsError(f"{where}: unknown deal deal_id={deal_id!r}{hint}") from None
    if can_view is None:
        can_view = default_can_view(deal)
    elif not callable(can_view):
        raise GuidedActionsError(f"{where}: can_view must be a callable (viewer, engagement) -> bool, got {can_view!r}")

    today = local_date(now, viewer.timezone)  # the viewer's calendar, computed once
    now = as_utc(now)  # a cutoff that compares fast with UTC-stored instants
    # Permissions first: nothing below reads an engagement the viewer may not see.
    ref = ObjectRef(ObjectType.DEAL, deal.id)
    visible = [e for e in crm.engagements_of(ref) if can_view(viewer, e)]

    happened = [e for e in visible if e.kind in _ACTIVITY_KINDS and (t := e.happened_at) is not None and t <= now]
    happened.sort(key=_newest_first, reverse=True)
    basis = happened[:ACTIVITY_BASIS]

    is_open = crm.is_open(deal)
    risks: list[DealRisk] = []
    if is_open and not any(is_scheduled_task(e, now) or is_scheduled_meeting(e, now) for e in visible):
        risks.append(
            DealRisk(
                code=RiskCode.NO_FOLLOW_UP_SCHEDULED,
                message="No follow-up is scheduled: no open task is due and no meeting is coming up.",
            )
        )
    if is_open:
        stale = _next_steps_stale(deal, basis, now)
        if stale is not None:
            risks.append(stale)
    if is_open and deal.close_date is not None and deal.close_date < today:
        risks.append(
            DealRisk(
                code=RiskCode.CLOSE_DATE_PASSED,
                message=f"The close date {deal.close_date.isoformat()} has passed but the deal is still open.",
            )
        )
    if not deal.contact_ids:
        risks.append(DealRisk(code=RiskCode.NO_CONTACT, message="No contact is associated with the deal."))
    return DealInsights(
        deal_id=deal.id,
        viewer_id=viewer.id,
        recent_activity=tuple(basis[:RECENT_ACTIVITY]),
        risks=tuple(risks),
        activity_considered=len(basis),
    )


def _next_steps_stale(deal: Deal, basis: list[Engagement], now: _dt.datetime) -> DealRisk | None:
    """The stale-next-steps risk, from the latest ended meeting or call in ``basis`` (newest first)."""
    last = next((e for e in basis if isinstance(e, Meeting | Call)), None)
    if last is None:
        return None
    ended = last.happened_at
    assert ended is not None
    updated = deal.next_steps_updated_at
    if updated is not None and updated >= ended:
        return None
    what = "a meeting" if isinstance(last, Meeting) else "a call"
    if updated is None:
        message = f"No next steps were recorded after {what} ended at {ended.isoformat()}."
    else:
        message = (
            f"The next steps were last updated at {updated.isoformat()}, before {what} ended at {ended.isoformat()}."
        )
    return DealRisk(
        code=RiskCode.NEXT_STEPS_STALE,
        message=message,
        evidence=(ObjectRef(last.kind, last.id),),
    )
