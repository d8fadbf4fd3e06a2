"""``CrmSnapshot.build``: every index and lookup, iteration, counts, ``evolve`` and equality."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from guided_actions._builders import (
    EPOCH,
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_lead,
    make_lead_pipeline,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_team,
    make_user,
)
from guided_actions.crm import (
    Contact,
    CrmSnapshot,
    EmailDirection,
    ObjectRef,
    ObjectType,
    PortalSettings,
    StageState,
    Task,
)
from guided_actions.errors import GuidedActionsError, InvalidSnapshot

C1 = ObjectRef(ObjectType.CONTACT, "c1")
C2 = ObjectRef(ObjectType.CONTACT, "c2")
CO1 = ObjectRef(ObjectType.COMPANY, "co1")
D1 = ObjectRef(ObjectType.DEAL, "d1")
L1 = ObjectRef(ObjectType.LEAD, "l1")


def portal() -> dict[str, Any]:
    """A small, consistent portal: two users, one team, three contacts, every engagement kind."""
    return {
        "users": [make_user(id="u1", team_ids={"t1"}, primary_team_id="t1"), make_user(id="u2")],
        "teams": [make_team(id="t1")],
        "companies": [make_company(id="co1", owner_id="u1"), make_company(id="co2", owner_id="u2")],
        "contacts": [
            make_contact(id="c1", owner_id="u1", company_ids=("co1",), email="Ann@Customer.example"),
            make_contact(id="c2", owner_id="u2", company_ids=("co1", "co2")),
            make_contact(id="c3", owner_id="u1"),
        ],
        "pipelines": [make_pipeline(), make_lead_pipeline()],
        "deals": [
            make_deal(id="d1", owner_id="u1", contact_ids=("c1", "c2"), company_ids=("co1",)),
            make_deal(id="d2", owner_id="u2", contact_ids=("c2",), stage_id="won"),
            make_deal(id="d3", owner_id="u1", stage_id="qualified"),
        ],
        "leads": [
            make_lead(id="l1", contact_id="c1", owner_id="u1"),
            make_lead(id="l2", contact_id="c1", stage_id="lead-unqualified"),
        ],
        "tasks": [
            make_task(id="task1", owner_id="u1", contact_ids=("c1", "c1"), deal_ids=("d1",)),
            make_task(id="task2", owner_id="u1", meeting_id="m1", contact_ids=("c1",)),
            make_task(id="task3", owner_id="u2", meeting_id="m1"),
        ],
        "meetings": [make_meeting(id="m1", owner_id="u1", contact_ids=("c1",), deal_ids=("d1",))],
        "calls": [make_call(id="call1", owner_id="u2", contact_ids=("c2",), lead_ids=("l1",))],
        "emails": [
            make_email(
                id="e1",
                owner_id="u1",
                to_addresses=("ann@customer.example",),
                cc_addresses=("Boss@Customer.example", "ANN@customer.example"),
                contact_ids=("c1",),
            ),
            make_email(
                id="e2",
                owner_id="u1",
                direction=EmailDirection.INCOMING,
                from_address="ANN@customer.example",
                to_addresses=("u1@vendor.example",),
                sent_at=EPOCH + dt.timedelta(hours=1),
                in_reply_to="e1",
                contact_ids=("c1",),
                deal_ids=("d1",),
            ),
        ],
        "notes": [make_note(id="n1", owner_id="u2", company_ids=("co1",))],
    }


@pytest.fixture
def crm() -> CrmSnapshot:
    return CrmSnapshot.build(**portal())


def ids(records: Any) -> list[str]:
    return [r.id for r in records]


class TestLookupsById:
    def test_each_single_record_lookup_returns_the_record_with_that_id(self, crm: CrmSnapshot) -> None:
        data = portal()
        assert crm.user("u2") == data["users"][1]
        assert crm.team("t1") == data["teams"][0]
        assert crm.company("co2") == data["companies"][1]
        assert crm.contact("c3") == data["contacts"][2]
        assert crm.lead("l2") == data["leads"][1]
        assert crm.deal("d2") == data["deals"][1]
        assert crm.task("task3") == data["tasks"][2]
        assert crm.meeting("m1") == data["meetings"][0]
        assert crm.call("call1") == data["calls"][0]
        assert crm.email("e2") == data["emails"][1]
        assert crm.note("n1") == data["notes"][0]
        assert crm.pipeline("leads") == make_lead_pipeline()
        assert crm.stage("deals", "won").state is StageState.WON

    @pytest.mark.parametrize(
        "lookup",
        ["user", "team", "company", "contact", "lead", "deal", "task", "meeting", "call", "email", "note", "pipeline"],
    )
    def test_a_missing_id_raises_key_error(self, crm: CrmSnapshot, lookup: str) -> None:
        with pytest.raises(KeyError):
            getattr(crm, lookup)("nope")

    def test_a_missing_stage_or_pipeline_raises_key_error(self, crm: CrmSnapshot) -> None:
        with pytest.raises(KeyError):
            crm.stage("deals", "lead-new")
        with pytest.raises(KeyError):
            crm.stage("nope", "new")

    def test_get_find_and_in_follow_a_ref(self, crm: CrmSnapshot) -> None:
        assert crm.get(C1) is crm.contact("c1")
        assert crm.get(ObjectRef(ObjectType.USER, "u1")) is crm.user("u1")
        assert crm.find(ObjectRef(ObjectType.EMAIL, "e2")) is crm.email("e2")
        assert C1 in crm
        assert ObjectRef(ObjectType.CONTACT, "c9") not in crm
        assert crm.find(ObjectRef(ObjectType.CONTACT, "c9")) is None
        with pytest.raises(KeyError):
            crm.get(ObjectRef(ObjectType.CONTACT, "c9"))

    def test_a_ref_to_a_kind_the_snapshot_does_not_hold_is_absent(self, crm: CrmSnapshot) -> None:
        service = ObjectRef(ObjectType.SERVICE, "s1")
        assert service not in crm
        assert crm.find(service) is None
        with pytest.raises(KeyError):
            crm.get(service)

    def test_only_a_ref_can_be_in_a_snapshot(self, crm: CrmSnapshot) -> None:
        assert "c1" not in crm
        assert ("contact", "c1") not in crm


class TestIteration:
    def test_each_kind_iterates_in_the_order_given_to_build(self) -> None:
        data = portal()
        reversed_data: dict[str, Any] = {name: list(reversed(records)) for name, records in data.items()}
        crm = CrmSnapshot.build(**reversed_data)
        for name, records in reversed_data.items():
            assert list(getattr(crm, name)) == records, name

    def test_counts_and_len_count_every_kind(self, crm: CrmSnapshot) -> None:
        assert dict(crm.counts()) == {
            "users": 2,
            "companies": 2,
            "contacts": 3,
            "leads": 2,
            "deals": 3,
            "tasks": 3,
            "meetings": 1,
            "calls": 1,
            "emails": 2,
            "notes": 1,
            "teams": 1,
            "pipelines": 2,
        }
        assert len(crm) == sum(crm.counts().values()) == 23
        assert len(list(crm.records())) == 23
        assert set(crm.records()) >= {crm.team("t1"), crm.pipeline("deals"), crm.note("n1")}

    def test_an_empty_snapshot_has_nothing_and_default_settings(self) -> None:
        crm = CrmSnapshot.build()
        assert len(crm) == 0
        assert list(crm.contacts) == []
        assert crm.settings == PortalSettings()
        assert crm.strict is True
        assert repr(crm) == "CrmSnapshot(empty, strict=True)"

    def test_repr_lists_the_non_empty_kinds(self, crm: CrmSnapshot) -> None:
        assert repr(crm).startswith("CrmSnapshot(users=2, companies=2, contacts=3,")

    def test_build_takes_any_iterable_including_generators(self) -> None:
        crm = CrmSnapshot.build(contacts=(make_contact(id=f"c{i}") for i in range(3)))
        assert ids(crm.contacts) == ["c0", "c1", "c2"]


class TestOwnership:
    def test_owned_by_returns_each_kind_a_user_owns_in_build_order(self, crm: CrmSnapshot) -> None:
        assert ids(crm.owned_by("u1", ObjectType.CONTACT)) == ["c1", "c3"]
        assert ids(crm.owned_by("u1", ObjectType.DEAL)) == ["d1", "d3"]
        assert ids(crm.owned_by("u1", ObjectType.LEAD)) == ["l1"]
        assert ids(crm.owned_by("u2", ObjectType.COMPANY)) == ["co2"]
        assert ids(crm.owned_by("u1", ObjectType.TASK)) == ["task1", "task2"]
        assert ids(crm.owned_by("u1", ObjectType.MEETING)) == ["m1"]
        assert ids(crm.owned_by("u2", ObjectType.CALL)) == ["call1"]
        assert ids(crm.owned_by("u1", ObjectType.EMAIL)) == ["e1", "e2"]
        assert ids(crm.owned_by("u2", ObjectType.NOTE)) == ["n1"]

    def test_owned_by_is_empty_for_a_user_without_records_and_for_users_themselves(self, crm: CrmSnapshot) -> None:
        assert crm.owned_by("nobody", ObjectType.CONTACT) == ()
        assert crm.owned_by("u1", ObjectType.USER) == ()

    def test_owned_by_refuses_a_kind_the_snapshot_does_not_hold(self, crm: CrmSnapshot) -> None:
        with pytest.raises(KeyError):
            crm.owned_by("u1", ObjectType.SERVICE)


class TestAssociations:
    def test_engagements_of_a_record_come_from_every_engagement_kind(self, crm: CrmSnapshot) -> None:
        assert sorted(ids(crm.engagements_of(C1))) == ["e1", "e2", "m1", "task1", "task2"]
        assert sorted(ids(crm.engagements_of(D1))) == ["e2", "m1", "task1"]
        assert ids(crm.engagements_of(CO1)) == ["n1"]
        assert ids(crm.engagements_of(L1)) == ["call1"]
        assert crm.engagements_of(ObjectRef(ObjectType.CONTACT, "c3")) == ()

    def test_engagements_of_one_kind_and_the_per_kind_shortcuts_agree(self, crm: CrmSnapshot) -> None:
        assert ids(crm.engagements_of(C1, ObjectType.EMAIL)) == ids(crm.emails_of(C1)) == ["e1", "e2"]
        assert ids(crm.meetings_of(D1)) == ["m1"]
        assert ids(crm.calls_of(C2)) == ["call1"]
        assert ids(crm.tasks_of(C1)) == ["task1", "task2"]
        assert ids(crm.notes_of(CO1)) == ["n1"]
        assert crm.calls_of(C1) == ()

    def test_an_id_listed_twice_on_one_engagement_counts_once(self, crm: CrmSnapshot) -> None:
        assert ids(crm.tasks_of(C1)).count("task1") == 1

    def test_engagements_of_refuses_a_kind_that_is_not_an_engagement(self, crm: CrmSnapshot) -> None:
        with pytest.raises(KeyError):
            crm.engagements_of(C1, ObjectType.DEAL)
        with pytest.raises(KeyError):
            crm.engagements_of(CO1, ObjectType.CONTACT)

    def test_a_meeting_or_user_ref_has_no_associated_engagements(self, crm: CrmSnapshot) -> None:
        # follow-up tasks point at their meeting by ``meeting_id``, which is not an association
        meeting = ObjectRef(ObjectType.MEETING, "m1")
        assert crm.engagements_of(meeting) == ()
        assert not crm.has_engagement(meeting)
        assert crm.engagements_of(ObjectRef(ObjectType.USER, "u1")) == ()

    def test_has_engagement_is_true_when_at_least_one_engagement_is_associated(self, crm: CrmSnapshot) -> None:
        assert crm.has_engagement(C1)
        assert crm.has_engagement(CO1)
        assert crm.has_engagement(L1)
        assert not crm.has_engagement(ObjectRef(ObjectType.CONTACT, "c3"))
        assert not crm.has_engagement(ObjectRef(ObjectType.DEAL, "d2"))

    def test_records_look_each_other_up_in_both_directions(self, crm: CrmSnapshot) -> None:
        assert ids(crm.deals_of_contact("c2")) == ["d1", "d2"]
        assert ids(crm.deals_of_company("co1")) == ["d1"]
        assert ids(crm.contacts_of_company("co1")) == ["c1", "c2"]
        assert ids(crm.contacts_of_company("co2")) == ["c2"]
        assert ids(crm.leads_of_contact("c1")) == ["l1", "l2"]
        assert crm.deals_of_contact("c3") == ()
        assert crm.deals_of_company("co2") == ()
        assert crm.leads_of_contact("c2") == ()

    def test_follow_up_tasks_are_the_tasks_naming_the_meeting(self, crm: CrmSnapshot) -> None:
        assert ids(crm.follow_up_tasks("m1")) == ["task2", "task3"]
        assert crm.follow_up_tasks("m9") == ()


class TestEmails:
    def test_emails_from_an_address_ignore_case(self, crm: CrmSnapshot) -> None:
        assert ids(crm.emails_from("ann@customer.example")) == ["e2"]
        assert ids(crm.emails_from("U1@VENDOR.example")) == ["e1"]
        assert crm.emails_from("nobody@x.example") == ()

    def test_emails_to_an_address_cover_to_and_cc_once_each_ignoring_case(self, crm: CrmSnapshot) -> None:
        assert ids(crm.emails_to("Ann@customer.EXAMPLE")) == ["e1"]
        assert ids(crm.emails_to("boss@customer.example")) == ["e1"]
        assert ids(crm.emails_to("u1@vendor.example")) == ["e2"]

    def test_replies_are_found_by_in_reply_to(self, crm: CrmSnapshot) -> None:
        assert ids(crm.replies_to("e1")) == ["e2"]
        assert crm.replies_to("e2") == ()


class TestStages:
    def test_stage_of_is_open_and_in_first_stage_read_the_pipeline(self, crm: CrmSnapshot) -> None:
        d1, d2, d3 = crm.deal("d1"), crm.deal("d2"), crm.deal("d3")
        assert crm.stage_of(d2) is not None
        assert crm.stage_of(d2) == crm.stage("deals", "won")
        assert [crm.is_open(d) for d in (d1, d2, d3)] == [True, False, True]
        assert [crm.in_first_stage(d) for d in (d1, d2, d3)] == [True, False, False]
        assert crm.in_first_stage(crm.lead("l1"))
        assert not crm.is_open(crm.lead("l2"))

    def test_a_record_from_elsewhere_with_an_unknown_pipeline_has_no_stage(self, crm: CrmSnapshot) -> None:
        stranger = make_deal(pipeline_id="other")
        assert crm.stage_of(stranger) is None
        assert not crm.is_open(stranger)
        assert not crm.in_first_stage(stranger)
        assert crm.stage_of(make_deal(stage_id="gone")) is None

    def test_pipelines_and_teams_iterate_in_build_order(self, crm: CrmSnapshot) -> None:
        assert ids(crm.pipelines) == ["deals", "leads"]
        assert ids(crm.teams) == ["t1"]


class TestSettingsAndImmutability:
    def test_settings_are_kept(self) -> None:
        settings = PortalSettings(closed_lifecycle_stages={"champion"})
        assert CrmSnapshot.build(settings=settings).settings is settings

    def test_a_snapshot_cannot_be_changed_or_made_without_build(self, crm: CrmSnapshot) -> None:
        with pytest.raises(AttributeError):
            crm.strict = False
        with pytest.raises(TypeError):
            CrmSnapshot()

    @pytest.mark.parametrize(
        ("kwargs", "what"),
        [
            pytest.param({"contacts": [make_user()]}, "contacts must hold Contact", id="a user among contacts"),
            pytest.param({"tasks": [make_note()]}, "tasks must hold Task", id="a note among tasks"),
            pytest.param({"pipelines": ["deals"]}, "pipelines must hold Pipeline", id="a str among pipelines"),
            pytest.param({"teams": [make_user()]}, "teams must hold Team", id="a user among teams"),
            pytest.param({"settings": {"closed": []}}, "settings must be PortalSettings", id="settings a dict"),
        ],
    )
    def test_a_value_of_the_wrong_type_is_refused(self, kwargs: dict[str, Any], what: str) -> None:
        with pytest.raises(GuidedActionsError, match=what):
            CrmSnapshot.build(**kwargs)


class TestEquality:
    def test_snapshots_with_the_same_records_are_equal_whatever_the_order(self, crm: CrmSnapshot) -> None:
        reordered_data: dict[str, Any] = {name: list(reversed(rs)) for name, rs in portal().items()}
        reordered = CrmSnapshot.build(**reordered_data)
        assert reordered == crm
        assert crm != CrmSnapshot.build(**{**portal(), "notes": []})
        assert crm != CrmSnapshot.build(**portal(), settings=PortalSettings(closed_lifecycle_stages=()))
        assert crm != CrmSnapshot.build(**portal(), strict=False)
        assert crm != "a snapshot"

    def test_a_snapshot_is_not_hashable(self, crm: CrmSnapshot) -> None:
        with pytest.raises(TypeError):
            hash(crm)


class TestEvolve:
    def test_evolve_adds_replaces_and_removes_and_equals_a_fresh_build(self, crm: CrmSnapshot) -> None:
        new_contact = make_contact(id="c4", owner_id="u2")
        moved_deal = attrs.evolve(crm.deal("d3"), owner_id="u2", contact_ids=("c4",))
        evolved = crm.evolve(
            upsert=[new_contact, moved_deal],
            remove=[ObjectRef(ObjectType.TASK, "task3"), ObjectRef(ObjectType.NOTE, "n1")],
        )
        data = portal()
        data["contacts"].append(new_contact)
        data["deals"][2] = moved_deal
        del data["tasks"][2]
        data["notes"] = []
        assert evolved == CrmSnapshot.build(**data)
        assert ids(evolved.owned_by("u2", ObjectType.DEAL)) == ["d2", "d3"]
        assert ids(evolved.deals_of_contact("c4")) == ["d3"]
        assert ids(evolved.follow_up_tasks("m1")) == ["task2"]
        assert not evolved.has_engagement(CO1)
        # the original is untouched
        assert ids(crm.owned_by("u2", ObjectType.DEAL)) == ["d2"]
        assert ids(crm.follow_up_tasks("m1")) == ["task2", "task3"]

    def test_evolve_takes_several_changes_of_one_kind(self, crm: CrmSnapshot) -> None:
        evolved = crm.evolve(
            upsert=[make_contact(id="c4"), make_contact(id="c5")],
            remove=[ObjectRef(ObjectType.TASK, "task2"), ObjectRef(ObjectType.TASK, "task3")],
        )
        assert ids(evolved.contacts) == ["c1", "c2", "c3", "c4", "c5"]
        assert ids(evolved.tasks) == ["task1"]
        assert evolved.follow_up_tasks("m1") == ()

    def test_a_replaced_record_keeps_its_place_in_iteration_order(self, crm: CrmSnapshot) -> None:
        evolved = crm.evolve(upsert=[attrs.evolve(crm.contact("c1"), lifecycle_stage="customer")])
        assert ids(evolved.contacts) == ["c1", "c2", "c3"]
        assert evolved.contact("c1").lifecycle_stage == "customer"

    def test_evolve_reuses_the_indexes_of_kinds_that_did_not_change(self, crm: CrmSnapshot) -> None:
        evolved = crm.evolve(upsert=[make_contact(id="c4")])
        assert evolved._tables[ObjectType.EMAIL] is crm._tables[ObjectType.EMAIL]
        assert evolved._tables[ObjectType.CONTACT] is not crm._tables[ObjectType.CONTACT]

    def test_evolve_upserts_pipelines_and_teams(self, crm: CrmSnapshot) -> None:
        team = make_team(id="t2")
        pipeline = make_pipeline(id="renewals")
        evolved = crm.evolve(upsert=[team, pipeline])
        assert evolved.team("t2") is team
        assert evolved.pipeline("renewals") is pipeline

    def test_evolve_accepts_a_host_subclass_of_an_entity(self, crm: CrmSnapshot) -> None:
        @attrs.frozen(kw_only=True)
        class HostContact(Contact):
            row_version: int = 0

        evolved = crm.evolve(upsert=[HostContact(id="c9", row_version=3)])
        assert evolved.contact("c9") == HostContact(id="c9", row_version=3)

    def test_removing_a_record_that_is_not_there_is_refused(self, crm: CrmSnapshot) -> None:
        with pytest.raises(GuidedActionsError, match="cannot remove contact:c9"):
            crm.evolve(remove=[ObjectRef(ObjectType.CONTACT, "c9")])
        with pytest.raises(GuidedActionsError, match="cannot remove service:s1"):
            crm.evolve(remove=[ObjectRef(ObjectType.SERVICE, "s1")])

    def test_upserting_something_that_is_not_a_record_is_refused(self, crm: CrmSnapshot) -> None:
        with pytest.raises(GuidedActionsError, match="cannot upsert a str"):
            crm.evolve(upsert=["c1"])  # type: ignore[list-item]

    def test_evolve_checks_the_result_like_build(self, crm: CrmSnapshot) -> None:
        with pytest.raises(InvalidSnapshot) as info:
            crm.evolve(remove=[ObjectRef(ObjectType.CONTACT, "c2")])
        paths = {p.path for p in info.value.problems}
        assert paths == {"deals[d1].contact_ids", "deals[d2].contact_ids", "calls[call1].contact_ids"}
        loose = crm.evolve(remove=[ObjectRef(ObjectType.CONTACT, "c2")], strict=False)
        assert loose.strict is False
        assert ids(loose.deals_of_contact("c2")) == ["d1", "d2"]

    def test_evolve_can_change_the_settings_and_keeps_them_otherwise(self, crm: CrmSnapshot) -> None:
        settings = PortalSettings(closed_lifecycle_stages={"champion"})
        assert crm.evolve(settings=settings).settings is settings
        assert crm.evolve().settings is crm.settings
        assert crm.evolve() == crm


class TestLooseSnapshots:
    def test_strict_false_allows_references_to_records_that_were_not_loaded(self) -> None:
        crm = CrmSnapshot.build(
            contacts=[make_contact(id="c1", owner_id="u1", company_ids=("co1",))],
            tasks=[Task(id="t1", title="Call back", owner_id="u1", contact_ids=("c1", "c9"), meeting_id="m9")],
            emails=[make_email(owner_id="u1", in_reply_to="e0", contact_ids=("c9",))],
            strict=False,
        )
        assert crm.strict is False
        c9 = ObjectRef(ObjectType.CONTACT, "c9")
        assert c9 not in crm
        assert crm.has_engagement(c9)
        assert ids(crm.engagements_of(c9)) == ["t1", "e1"]
        assert ids(crm.follow_up_tasks("m9")) == ["t1"]
        assert ids(crm.replies_to("e0")) == ["e1"]
        assert ids(crm.owned_by("u1", ObjectType.CONTACT)) == ["c1"]
        assert ids(crm.contacts_of_company("co1")) == ["c1"]
        assert repr(crm).endswith("strict=False)")


def test_contacts_with_email_finds_contacts_by_address_case_insensitively() -> None:
    from guided_actions.testing import make_contact

    crm = CrmSnapshot.build(
        contacts=[
            make_contact(id="c1", email="Bo@Customer.example"),
            make_contact(id="c2", email="bo@customer.example"),
            make_contact(id="c3", email=None),
        ]
    )
    assert [c.id for c in crm.contacts_with_email("BO@customer.EXAMPLE")] == ["c1", "c2"]
    assert crm.contacts_with_email("nobody@customer.example") == ()
