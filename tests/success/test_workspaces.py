"""Team workspace lifecycle and default views."""

from __future__ import annotations

import pytest

from guided_actions._builders import make_user
from guided_actions.crm import Permission, Seat
from guided_actions.errors import AccessDenied, InvalidSettings
from guided_actions.success import (
    CustomerView,
    Sharing,
    create_workspace,
    customer_view_cards,
    delete_view,
    delete_workspace,
    edit_view,
    remove_default_view,
    set_view_as_default,
    update_workspace,
    validate_settings,
)
from tests.success._support import schema, settings, view, workspace

ADMIN = make_user(id="admin", super_admin=True)
MANAGER = make_user(id="mgr", seats={Seat.SERVICE}, permissions={Permission.MANAGE_CS_SETTINGS})
CSM = make_user(id="csm", seats={Seat.SERVICE}, permissions={Permission.CS_WORKSPACE_ACCESS})


def _codes(info: pytest.ExceptionInfo[InvalidSettings]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in info.value.problems]


class TestWorkspaces:
    def test_creating_a_workspace_appends_it_and_keeps_the_settings_valid(self) -> None:
        new = create_workspace(settings(), workspace(3, team_ids={"apac"}), schema=schema())
        assert [w.id for w in new.workspaces] == ["w-emea", "w-amer", "w3"]
        assert validate_settings(new, schema()) == ()

    def test_creating_a_workspace_is_refused_with_every_problem(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            create_workspace(settings(), workspace(3, name="emea", team_ids={"amer", "mars"}), schema=schema())
        assert _codes(info) == [
            ("duplicate_workspace", "workspaces[2].name"),
            ("team_in_several_workspaces", "workspaces[2].team_ids"),
            ("unknown_team", "workspaces[2].team_ids"),
        ]

    def test_a_sixth_workspace_is_refused(self) -> None:
        base = settings(workspaces=tuple(workspace(i) for i in range(5)))
        with pytest.raises(InvalidSettings) as info:
            create_workspace(base, workspace(5))
        assert _codes(info) == [("too_many_workspaces", "workspaces")]

    def test_creating_a_workspace_with_an_existing_id_is_refused(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            create_workspace(settings(), workspace(9, id="w-emea", team_ids={"apac"}))
        assert _codes(info) == [("workspace_exists", "workspaces")]

    def test_updating_replaces_the_workspace_in_place(self) -> None:
        new = update_workspace(settings(), workspace(0, id="w-emea", name="Europe", team_ids={"emea", "apac"}))
        assert [(w.id, w.name) for w in new.workspaces] == [("w-emea", "Europe"), ("w-amer", "Americas")]
        with pytest.raises(InvalidSettings) as info:
            update_workspace(settings(), workspace(7))
        assert _codes(info) == [("unknown_workspace", "workspaces")]

    def test_updating_to_an_empty_team_list_is_refused(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            update_workspace(settings(), workspace(0, id="w-amer", team_ids=()))
        assert _codes(info) == [("workspace_without_team", "workspaces[1].team_ids")]

    def test_deleting_needs_the_confirmation(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            delete_workspace(settings(), "w-amer", confirmed=False)
        assert _codes(info) == [("deletion_not_confirmed", "workspaces[1]")]
        assert [w.id for w in delete_workspace(settings(), "w-amer", confirmed=True).workspaces] == ["w-emea"]

    def test_deleting_an_unknown_workspace_is_refused(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            delete_workspace(settings(), "nope", confirmed=True)
        assert _codes(info) == [("unknown_workspace", "workspaces")]


class TestDefaultViews:
    def test_a_manager_sets_a_shared_view_as_default_with_a_description(self) -> None:
        new = set_view_as_default(settings(), view(9, description=""), "Top accounts", by=MANAGER)
        assert [v.id for v in customer_view_cards(new)] == ["owned", "renewing", "v9"]
        assert new.default_views[-1].description == "Top accounts"

    def test_setting_a_view_again_updates_its_description_in_place(self) -> None:
        base = settings()
        new = set_view_as_default(base, base.default_views[1], "Renewing in 60 days", by=ADMIN)
        assert [v.description for v in new.default_views] == ["", "Renewing in 60 days"]

    def test_a_private_undescribed_view_is_refused_with_both_problems(self) -> None:
        with pytest.raises(InvalidSettings) as info:
            set_view_as_default(settings(), view(9, sharing=Sharing.PRIVATE), " ", by=ADMIN)
        assert _codes(info) == [
            ("default_view_not_shared", "default_views[2].sharing"),
            ("default_view_without_description", "default_views[2].description"),
        ]

    def test_a_seventh_default_view_is_refused(self) -> None:
        base = settings(default_views=tuple(view(i) for i in range(6)))
        with pytest.raises(InvalidSettings) as info:
            set_view_as_default(base, view(6), "more", by=ADMIN)
        assert _codes(info) == [("too_many_default_views", "default_views")]

    def test_only_managers_change_default_views(self) -> None:
        with pytest.raises(AccessDenied):
            set_view_as_default(settings(), view(9), "x", by=CSM)
        with pytest.raises(AccessDenied):
            remove_default_view(settings(), "owned", by=CSM)
        with pytest.raises(AccessDenied):
            delete_view(settings(), "owned", by=CSM, confirmed=True)

    def test_removing_a_default_view_keeps_the_others_in_order(self) -> None:
        assert [v.id for v in remove_default_view(settings(), "owned", by=ADMIN).default_views] == ["renewing"]
        with pytest.raises(InvalidSettings) as info:
            remove_default_view(settings(), "nope", by=ADMIN)
        assert _codes(info) == [("unknown_view", "default_views")]

    def test_hubspot_default_views_can_be_deleted_with_confirmation_but_not_edited(self) -> None:
        base = settings()
        with pytest.raises(InvalidSettings) as info:
            delete_view(base, "owned", by=ADMIN, confirmed=False)
        assert _codes(info) == [("deletion_not_confirmed", "default_views[0]")]
        assert [v.id for v in delete_view(base, "owned", by=ADMIN, confirmed=True).default_views] == ["renewing"]
        with pytest.raises(InvalidSettings) as edit:
            edit_view(base.default_views[0], by=ADMIN, name="Mine")
        assert _codes(edit) == [("hubspot_default_view_not_editable", "view")]

    def test_editing_a_custom_view_and_sharing_it_with_everyone_needs_the_permission(self) -> None:
        mine = CustomerView(id="m", name="Mine", sharing=Sharing.PRIVATE)
        assert edit_view(mine, by=CSM, name="Renamed") == CustomerView(id="m", name="Renamed", sharing=Sharing.PRIVATE)
        with pytest.raises(InvalidSettings) as info:
            edit_view(mine, by=CSM, sharing=Sharing.EVERYONE)
        assert _codes(info) == [("sharing_not_allowed", "sharing")]
        assert edit_view(mine, by=MANAGER, sharing=Sharing.EVERYONE).sharing is Sharing.EVERYONE

    def test_view_cards_are_the_default_views_in_order_at_most_six(self) -> None:
        many = settings(default_views=tuple(view(i) for i in range(8)))
        assert [v.id for v in customer_view_cards(many)] == [f"v{i}" for i in range(6)]
