"""Workspace dashboards: access, the add-dashboard form's refusals, and who may view."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_team, make_user
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import CommandRefused, GuidedActionsError
from guided_actions.sales import (
    DashboardAccess,
    DashboardRefused,
    WorkspaceDashboard,
    add_dashboard,
    can_view_dashboard,
)

TEAMS = frozenset({"emea", "amer"})


class TestDashboardAccess:
    def test_everyone_has_no_team_set(self) -> None:
        access = DashboardAccess.everyone()
        assert access.is_everyone
        assert access.team_ids is None

    def test_teams_takes_ids_one_by_one_or_as_an_iterable(self) -> None:
        assert DashboardAccess.teams("emea", "amer") == DashboardAccess.teams({"amer", "emea"})
        assert DashboardAccess.teams(["emea"]).team_ids == frozenset({"emea"})
        assert not DashboardAccess.teams("emea").is_everyone

    def test_a_blank_team_id_is_refused_when_built(self) -> None:
        with pytest.raises(GuidedActionsError, match="non-empty"):
            DashboardAccess.teams(" ")


class TestAddDashboard:
    def test_a_confirmed_grant_adds_the_dashboard_without_changing_the_input(self) -> None:
        before: dict[str, DashboardAccess] = {"pipeline": DashboardAccess.everyone()}
        after = add_dashboard(
            before, "forecast", DashboardAccess.teams("emea"), confirmed_view_access=True, known_teams=TEAMS
        )
        assert list(after) == ["pipeline", "forecast"]
        assert after["forecast"] == DashboardAccess.teams("emea")
        assert list(before) == ["pipeline"]
        assert isinstance(after, MappingProxyType)

    def test_a_sequence_of_workspace_dashboards_gets_a_tuple_back_with_the_new_one_last(self) -> None:
        before = (WorkspaceDashboard(dashboard_id="pipeline", access=DashboardAccess.everyone()),)
        after = add_dashboard(before, "forecast", DashboardAccess.everyone(), confirmed_view_access=True)
        assert [d.dashboard_id for d in after] == ["pipeline", "forecast"]
        with pytest.raises(DashboardRefused, match="dashboard_already_added"):
            add_dashboard(after, "pipeline", DashboardAccess.everyone(), confirmed_view_access=True)

    def test_workspace_dashboards_of_another_shape_are_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="WorkspaceDashboard"):
            add_dashboard(["pipeline"], "x", DashboardAccess.everyone(), confirmed_view_access=True)  # type: ignore[list-item]
        with pytest.raises(GuidedActionsError, match="workspace_dashboards must be"):
            add_dashboard(None, "x", DashboardAccess.everyone(), confirmed_view_access=True)  # type: ignore[call-overload]

    def test_an_unconfirmed_grant_is_refused(self) -> None:
        with pytest.raises(DashboardRefused) as info:
            add_dashboard({}, "forecast", DashboardAccess.everyone(), confirmed_view_access=False)
        assert info.value.codes == ("view_access_not_confirmed",)
        assert info.value.code == "view_access_not_confirmed"
        assert info.value.problems[0].path == "confirmed_view_access"

    def test_an_empty_team_set_is_refused(self) -> None:
        with pytest.raises(DashboardRefused) as info:
            add_dashboard({}, "forecast", DashboardAccess.teams(), confirmed_view_access=True)
        assert info.value.codes == ("empty_team_set",)

    def test_an_unknown_team_is_refused_with_a_suggestion(self) -> None:
        with pytest.raises(DashboardRefused, match="did you mean 'emea'") as info:
            add_dashboard({}, "forecast", DashboardAccess.teams("emae"), confirmed_view_access=True, known_teams=TEAMS)
        assert info.value.problems[0].path == "access.team_ids[emae]"

    def test_known_teams_may_be_team_values_or_a_snapshot(self) -> None:
        teams = [make_team(id="emea"), make_team(id="amer")]
        crm = CrmSnapshot.build(teams=teams)
        for known in (teams, crm):
            with pytest.raises(DashboardRefused, match="unknown_team"):
                add_dashboard({}, "x", DashboardAccess.teams("apac"), confirmed_view_access=True, known_teams=known)

    def test_a_dashboard_already_added_is_refused(self) -> None:
        with pytest.raises(DashboardRefused) as info:
            add_dashboard(
                {"forecast": DashboardAccess.everyone()},
                "forecast",
                DashboardAccess.everyone(),
                confirmed_view_access=True,
            )
        assert info.value.codes == ("dashboard_already_added",)

    def test_every_problem_is_reported_at_once(self) -> None:
        with pytest.raises(DashboardRefused) as info:
            add_dashboard(
                {"forecast": DashboardAccess.everyone()},
                "forecast",
                DashboardAccess.teams("emea", "mars", "venus"),
                confirmed_view_access=False,
                known_teams=TEAMS,
            )
        assert info.value.codes == (
            "dashboard_already_added",
            "unknown_team",
            "unknown_team",
            "view_access_not_confirmed",
        )
        assert "mars" in str(info.value)
        assert "venus" in str(info.value)

    def test_the_refusal_is_a_command_refused_and_a_guided_actions_error(self) -> None:
        assert issubclass(DashboardRefused, CommandRefused)
        assert issubclass(DashboardRefused, GuidedActionsError)

    def test_a_truthy_but_not_true_confirmation_is_not_a_confirmation(self) -> None:
        with pytest.raises(DashboardRefused, match="confirm"):
            add_dashboard({}, "x", DashboardAccess.everyone(), confirmed_view_access="yes")  # type: ignore[call-overload]

    def test_access_of_the_wrong_type_and_a_blank_dashboard_id_are_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="DashboardAccess"):
            add_dashboard({}, "x", "everyone", confirmed_view_access=True)  # type: ignore[call-overload]
        with pytest.raises(DashboardRefused, match="empty_dashboard_id"):
            add_dashboard({}, "", DashboardAccess.everyone(), confirmed_view_access=True)


class TestCanViewDashboard:
    def test_everyone_may_view_a_dashboard_available_to_everyone(self) -> None:
        assert can_view_dashboard(make_user(), DashboardAccess.everyone())

    def test_team_members_may_view_a_team_dashboard_and_others_may_not(self) -> None:
        access = DashboardAccess.teams("emea")
        assert can_view_dashboard(make_user(team_ids=frozenset({"emea", "x"})), access)
        assert can_view_dashboard(make_user(primary_team_id="emea"), access)
        assert not can_view_dashboard(make_user(team_ids=frozenset({"amer"})), access)
        assert not can_view_dashboard(make_user(), access)

    def test_a_super_admin_may_view_every_dashboard(self) -> None:
        assert can_view_dashboard(make_user(super_admin=True), DashboardAccess.teams("emea"))

    @given(
        user_teams=st.frozensets(st.sampled_from(["a", "b", "c", "d"])),
        access_teams=st.frozensets(st.sampled_from(["a", "b", "c", "d"]), min_size=1),
    )
    def test_a_plain_user_sees_a_team_dashboard_exactly_when_they_share_a_team(
        self, user_teams: frozenset[str], access_teams: frozenset[str]
    ) -> None:
        user = make_user(team_ids=user_teams)
        assert can_view_dashboard(user, DashboardAccess.teams(access_teams)) == bool(user_teams & access_teams)
