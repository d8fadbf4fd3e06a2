"""Permissions: truth tables over seat × super admin × permission, and workspace landing."""

from __future__ import annotations

import itertools

import pytest

from guided_actions._builders import make_user
from guided_actions.crm import Permission, Seat, User
from guided_actions.success import (
    Tab,
    can_edit_health_scores,
    can_manage_cs_settings,
    can_share_view_with_everyone,
    can_view_as,
    visible_tabs,
    workspace_for,
)
from tests.success._support import settings, workspace

SEATS = {"no seat": frozenset(), "sales seat": frozenset({Seat.SALES}), "service seat": frozenset({Seat.SERVICE})}
PERMS = {
    "no permission": frozenset(),
    "workspace access": frozenset({Permission.CS_WORKSPACE_ACCESS}),
    "manage settings": frozenset({Permission.MANAGE_CS_SETTINGS}),
    "both": frozenset({Permission.CS_WORKSPACE_ACCESS, Permission.MANAGE_CS_SETTINGS}),
}
ROWS = list(itertools.product(SEATS, (False, True), PERMS))


def _user(seat: str, admin: bool, perm: str) -> User:
    return make_user(seats=SEATS[seat], super_admin=admin, permissions=PERMS[perm])


def _row_id(seat: str, admin: bool, perm: str) -> str:
    return f"{seat}, {'super admin' if admin else 'not admin'}, {perm}"


def _params(expected: object) -> list[object]:
    return [pytest.param(s, a, p, expected(s, a, p), id=_row_id(s, a, p)) for s, a, p in ROWS]  # type: ignore[operator]


def _manages(seat: str, admin: bool, perm: str) -> bool:
    return seat == "service seat" and (admin or perm in ("manage settings", "both"))


@pytest.mark.parametrize(("seat", "admin", "perm", "expected"), _params(_manages))
def test_managing_settings_needs_a_service_seat_and_admin_or_the_manage_permission(
    seat: str, admin: bool, perm: str, expected: bool
) -> None:
    assert can_manage_cs_settings(_user(seat, admin, perm)) is expected


@pytest.mark.parametrize(("seat", "admin", "perm", "expected"), _params(_manages))
def test_editing_health_scores_needs_a_service_seat_even_for_a_super_admin(
    seat: str, admin: bool, perm: str, expected: bool
) -> None:
    assert can_edit_health_scores(_user(seat, admin, perm)) is expected


@pytest.mark.parametrize(
    ("seat", "admin", "perm", "expected"), _params(lambda s, a, p: a or p in ("manage settings", "both"))
)
def test_sharing_with_everyone_and_viewing_as_need_admin_or_the_manage_permission_but_no_seat(
    seat: str, admin: bool, perm: str, expected: bool
) -> None:
    user = _user(seat, admin, perm)
    assert can_share_view_with_everyone(user) is expected
    assert can_view_as(user, make_user(id="u2")) is expected


def _tabs(seat: str, admin: bool, perm: str) -> frozenset[Tab]:
    if seat == "service seat" and perm in ("workspace access", "both"):
        return frozenset(Tab)
    if admin:
        return frozenset({Tab.SUMMARY})
    return frozenset()


@pytest.mark.parametrize(("seat", "admin", "perm", "expected"), _params(_tabs))
def test_visible_tabs_follow_seat_access_and_super_admin(
    seat: str, admin: bool, perm: str, expected: frozenset[Tab]
) -> None:
    assert visible_tabs(_user(seat, admin, perm), None) == expected


CSM = make_user(seats={Seat.SERVICE}, permissions={Permission.CS_WORKSPACE_ACCESS})


def test_a_team_workspace_hides_the_tabs_it_switches_off() -> None:
    ws = workspace(1, show_services_tab=False, show_revenue_tab=False)
    assert visible_tabs(CSM, ws) == frozenset(Tab) - {Tab.SERVICES, Tab.REVENUE}
    assert visible_tabs(CSM, workspace(2, show_revenue_tab=False)) == frozenset(Tab) - {Tab.REVENUE}


def test_the_primary_workspace_hides_tabs_of_parts_not_used_or_switched_off() -> None:
    import attrs

    base = settings()
    assert visible_tabs(CSM, None, settings=base) == frozenset(Tab)
    assert visible_tabs(CSM, None, settings=attrs.evolve(base, services=None)) == frozenset(Tab) - {Tab.SERVICES}
    assert base.revenue is not None
    off = attrs.evolve(base, revenue=attrs.evolve(base.revenue, show_tab=False))
    assert visible_tabs(CSM, None, settings=off) == frozenset(Tab) - {Tab.REVENUE}


def test_a_super_admin_without_a_seat_sees_only_the_summary_even_in_a_team_workspace() -> None:
    admin = make_user(super_admin=True, permissions={Permission.CS_WORKSPACE_ACCESS})
    assert visible_tabs(admin, workspace(1)) == {Tab.SUMMARY}


def test_the_primary_team_decides_the_workspace() -> None:
    given = settings()
    assert workspace_for(make_user(primary_team_id="amer", team_ids={"amer", "emea"}), given).id == "w-amer"  # type: ignore[union-attr]
    assert workspace_for(make_user(primary_team_id="emea"), given).id == "w-emea"  # type: ignore[union-attr]


def test_a_member_of_a_workspace_team_whose_primary_team_is_elsewhere_gets_the_primary_workspace() -> None:
    assert workspace_for(make_user(primary_team_id="apac", team_ids={"apac", "emea"}), settings()) is None
    assert workspace_for(make_user(team_ids={"emea"}), settings()) is None
