"""Dashboards on the sales workspace: who may view them, and adding one.

Adding a dashboard grants view access to it ("Available to everyone" or
"Assign teams"), which is why the product makes the admin tick "I confirm that
users get view access to this dashboard".  :func:`add_dashboard` refuses the
grant with every problem at once, so a form can show them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import overload

import attrs

from guided_actions.crm import CrmSnapshot, Team, User
from guided_actions.errors import CommandRefused, GuidedActionsError, Problem
from guided_actions.sales._common import did_you_mean

__all__ = ["DashboardAccess", "DashboardRefused", "WorkspaceDashboard", "add_dashboard", "can_view_dashboard"]


def _team_ids(value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise GuidedActionsError(f"DashboardAccess.team_ids: expected a set of team ids or None, got {value!r}")
    ids = frozenset(value)
    for team_id in ids:
        if not isinstance(team_id, str) or not team_id.strip():
            raise GuidedActionsError(
                f"DashboardAccess.team_ids: every team id must be a non-empty string, got {team_id!r}"
            )
    return ids


@attrs.frozen(kw_only=True)
class DashboardAccess:
    """Who may view a workspace dashboard: everyone (``team_ids is None``) or the members of some teams.

    Build it with :meth:`everyone` or :meth:`teams`.  An empty team set can be
    built (it is what an untouched "Assign teams" picker holds) but
    :func:`add_dashboard` refuses it: a dashboard nobody can see is a mistake.
    """

    team_ids: frozenset[str] | None = attrs.field(default=None, converter=_team_ids)

    @classmethod
    def everyone(cls) -> DashboardAccess:
        """ "Available to everyone": every user of the portal may view the dashboard."""
        return cls(team_ids=None)

    @classmethod
    def teams(cls, *team_ids: str | Iterable[str]) -> DashboardAccess:
        """ "Assign teams": members of these teams may view the dashboard.

        Takes ids one by one (``teams("t1", "t2")``) or as an iterable
        (``teams({"t1", "t2"})``).
        """
        ids: set[str] = set()
        for item in team_ids:
            if isinstance(item, str):
                ids.add(item)
            else:
                ids.update(item)
        return cls(team_ids=frozenset(ids))

    @property
    def is_everyone(self) -> bool:
        """Whether the dashboard is available to everyone."""
        return self.team_ids is None


class DashboardRefused(CommandRefused):
    """:func:`add_dashboard` refused the grant; ``problems`` lists every reason.

    ``code`` is the first problem's code (the one a single-message UI shows).
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "; ".join(str(p) for p in self.problems)
        super().__init__(self.problems[0].code if self.problems else "refused", f"cannot add the dashboard: {lines}")

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of every problem, in order."""
        return tuple(p.code for p in self.problems)


def _known_team_ids(known_teams: Iterable[str | Team] | CrmSnapshot | None) -> frozenset[str] | None:
    if known_teams is None:
        return None
    teams = known_teams.teams if isinstance(known_teams, CrmSnapshot) else known_teams
    return frozenset(t.id if isinstance(t, Team) else t for t in teams)


@attrs.frozen(kw_only=True)
class WorkspaceDashboard:
    """A dashboard on the sales workspace and who may view it.

    :func:`add_dashboard` takes and returns the workspace's dashboards either as
    a mapping ``dashboard_id -> DashboardAccess`` or as a sequence of these.
    """

    dashboard_id: str
    access: DashboardAccess


@overload
def add_dashboard(
    workspace_dashboards: Mapping[str, DashboardAccess],
    dashboard_id: str,
    access: DashboardAccess,
    *,
    confirmed_view_access: bool,
    known_teams: Iterable[str | Team] | CrmSnapshot | None = None,
) -> Mapping[str, DashboardAccess]: ...
@overload
def add_dashboard(
    workspace_dashboards: Iterable[WorkspaceDashboard],
    dashboard_id: str,
    access: DashboardAccess,
    *,
    confirmed_view_access: bool,
    known_teams: Iterable[str | Team] | CrmSnapshot | None = None,
) -> tuple[WorkspaceDashboard, ...]: ...
def add_dashboard(
    workspace_dashboards: Mapping[str, DashboardAccess] | Iterable[WorkspaceDashboard],
    dashboard_id: str,
    access: DashboardAccess,
    *,
    confirmed_view_access: bool,
    known_teams: Iterable[str | Team] | CrmSnapshot | None = None,
) -> Mapping[str, DashboardAccess] | tuple[WorkspaceDashboard, ...]:
    """The workspace's dashboards with ``dashboard_id`` added, or every reason it cannot be.

    ``workspace_dashboards`` is a mapping ``dashboard_id -> DashboardAccess``
    (the result is then a new read-only mapping in insertion order) or a
    sequence of :class:`WorkspaceDashboard` (the result is then a tuple with the
    new dashboard last).  The input is never changed.

    Refused (:class:`DashboardRefused`, a ``CommandRefused`` with
    ``.problems``), all problems at once:

    - ``view_access_not_confirmed``: ``confirmed_view_access`` is not ``True``;
    - ``empty_team_set``: access is by teams but names none;
    - ``unknown_team``: a team is not in ``known_teams`` (team ids, ``Team``
      values or a ``CrmSnapshot``; when ``None`` team ids are not checked);
    - ``dashboard_already_added``: ``dashboard_id`` is already on the workspace;
    - ``empty_dashboard_id``: no dashboard was picked.
    """
    if not isinstance(access, DashboardAccess):
        raise GuidedActionsError(f"add_dashboard: access must be a DashboardAccess, got {access!r}")
    existing: Mapping[str, DashboardAccess] | tuple[WorkspaceDashboard, ...]
    if isinstance(workspace_dashboards, Mapping):
        existing = workspace_dashboards
        added = frozenset(existing)
    elif isinstance(workspace_dashboards, Iterable) and not isinstance(workspace_dashboards, str):
        existing = tuple(workspace_dashboards)
        for entry in existing:
            if not isinstance(entry, WorkspaceDashboard):
                raise GuidedActionsError(
                    f"add_dashboard: workspace_dashboards must hold WorkspaceDashboard values, got {entry!r}"
                )
        added = frozenset(entry.dashboard_id for entry in existing)
    else:
        raise GuidedActionsError(
            "add_dashboard: workspace_dashboards must be a mapping of dashboard id to DashboardAccess "
            f"or a sequence of WorkspaceDashboard, got {workspace_dashboards!r}"
        )
    problems: list[Problem] = []
    if not isinstance(dashboard_id, str) or not dashboard_id.strip():
        problems.append(
            Problem("empty_dashboard_id", "dashboard_id", f"pick a dashboard to add (got {dashboard_id!r})")
        )
    elif dashboard_id in added:
        problems.append(
            Problem(
                "dashboard_already_added", "dashboard_id", f"dashboard {dashboard_id!r} is already on the workspace"
            )
        )
    if access.team_ids is not None:
        if not access.team_ids:
            problems.append(
                Problem(
                    "empty_team_set", "access.team_ids", "assign at least one team, or make it available to everyone"
                )
            )
        known = _known_team_ids(known_teams)
        if known is not None:
            for team_id in sorted(access.team_ids - known):
                problems.append(
                    Problem(
                        "unknown_team",
                        f"access.team_ids[{team_id}]",
                        f"unknown team {team_id!r}{did_you_mean(team_id, sorted(known))}",
                    )
                )
    if confirmed_view_access is not True:
        problems.append(
            Problem(
                "view_access_not_confirmed",
                "confirmed_view_access",
                "confirm that users get view access to this dashboard",
            )
        )
    if problems:
        raise DashboardRefused(problems)
    if isinstance(existing, tuple):
        return (*existing, WorkspaceDashboard(dashboard_id=dashboard_id, access=access))
    return MappingProxyType({**existing, dashboard_id: access})


def can_view_dashboard(user: User, access: DashboardAccess) -> bool:
    """Whether ``user`` may view a dashboard with this ``access``.

    Everyone may view an "available to everyone" dashboard; otherwise the user
    must be in one of its teams (``team_ids`` or ``primary_team_id``).  A super
    admin may view every dashboard, as they may everything else in the portal.
    """
    if access.team_ids is None or user.super_admin:
        return True
    if user.primary_team_id is not None and user.primary_team_id in access.team_ids:
        return True
    return not user.team_ids.isdisjoint(access.team_ids)
