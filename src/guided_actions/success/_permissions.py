"""Who may do what in the customer success workspace, and which workspace a user lands in.

The rules come from the product's help articles: the workspace needs the
*customer success workspace* permission **and** a Service seat; a super admin
without a Service seat still gets in, but only to the Summary tab; managing
settings and editing health scores need a Service seat on top of super admin or
the *manage customer success settings* permission.
"""

from __future__ import annotations

from enum import StrEnum

from guided_actions.crm import Permission, Seat, User
from guided_actions.success._settings import CustomerSuccessSettings, TeamWorkspace

__all__ = [
    "Tab",
    "can_edit_health_scores",
    "can_manage_cs_settings",
    "can_manage_views",
    "can_share_view_with_everyone",
    "can_view_as",
    "visible_tabs",
    "workspace_for",
]


class Tab(StrEnum):
    """The tabs of the customer success workspace, in the order the product shows them."""

    SUMMARY = "summary"
    CUSTOMERS = "customers"
    SERVICES = "services"
    REVENUE = "revenue"
    ACTIONS = "actions"
    SCHEDULE = "schedule"
    FEED = "feed"
    DASHBOARDS = "dashboards"


def _is_manager(user: User) -> bool:
    return user.super_admin or Permission.MANAGE_CS_SETTINGS in user.permissions


def _has_service_seat(user: User) -> bool:
    return Seat.SERVICE in user.seats


def can_manage_cs_settings(user: User) -> bool:
    """Whether the user may change the workspace settings.

    A Service seat **and** (super admin or *manage customer success settings*):
    settings shape every CSM's day, so they are kept to seated managers.
    """
    return _has_service_seat(user) and _is_manager(user)


def can_edit_health_scores(user: User) -> bool:
    """Whether the user may create or edit health scores.

    Same rule as settings: a super admin without a Service seat cannot, which is
    the one place a super admin is refused.
    """
    return _has_service_seat(user) and _is_manager(user)


def can_share_view_with_everyone(user: User) -> bool:
    """Whether the user may share a view with everyone (super admin or settings manager; no seat needed)."""
    return _is_manager(user)


def can_manage_views(user: User) -> bool:
    """Whether the user may set, remove, edit and delete default views (super admin or settings manager)."""
    return _is_manager(user)


def can_view_as(viewer: User, other: User) -> bool:
    """Whether ``viewer`` may look at the Summary tab as ``other`` sees it.

    Super admins and settings managers may view as anyone (including themselves);
    ``other`` is part of the signature so a host can pass both users at a call site
    that may grow stricter rules.
    """
    del other  # every user may be viewed as by a manager
    return _is_manager(viewer)


_ALL_TABS = frozenset(Tab)
_SUMMARY_ONLY = frozenset({Tab.SUMMARY})


def visible_tabs(
    user: User,
    workspace: TeamWorkspace | None = None,
    *,
    settings: CustomerSuccessSettings | None = None,
) -> frozenset[Tab]:
    """The tabs the user sees in a workspace.

    With the workspace permission and a Service seat: every tab, minus
    ``SERVICES`` / ``REVENUE`` when ``workspace`` (a team workspace) hides them,
    or — for the primary workspace (``workspace=None``) — when ``settings`` has no
    services / revenue part or switches its tab off.  A super admin without those:
    the Summary tab only.  Anyone else: nothing.
    """
    if Permission.CS_WORKSPACE_ACCESS in user.permissions and _has_service_seat(user):
        hidden: set[Tab] = set()
        if workspace is not None:
            if not workspace.show_services_tab:
                hidden.add(Tab.SERVICES)
            if not workspace.show_revenue_tab:
                hidden.add(Tab.REVENUE)
        elif settings is not None:
            if settings.services is None or not settings.services.show_tab:
                hidden.add(Tab.SERVICES)
            if settings.revenue is None or not settings.revenue.show_tab:
                hidden.add(Tab.REVENUE)
        return _ALL_TABS - hidden
    if user.super_admin:
        return _SUMMARY_ONLY
    return frozenset()


def workspace_for(user: User, settings: CustomerSuccessSettings) -> TeamWorkspace | None:
    """The team workspace the user lands in, or ``None`` for the primary (default) workspace.

    Only the user's **primary team** counts: a member of a listed team whose
    primary team is another one stays in the primary workspace, as the product
    says ("only users whose primary team is selected can see the workspace").
    """
    team = user.primary_team_id
    if team is None:
        return None
    for workspace in settings.workspaces:
        if team in workspace.team_ids:
            return workspace
    return None
