"""A small realistic export folder → snapshot → reconcile → the guided actions worked out by hand.

The folder ``data/export`` holds one JSON file per export key, as the HubSpot
API returned them: three owners (one archived), two companies (Acme is a
target account), four contacts (one in a custom lifecycle stage), three deals,
one lead, and the engagements of the week of Monday 2 March 2026.  ``NOW`` is
Friday 6 March 2026, 12:00 UTC.
"""

from __future__ import annotations

import json
from typing import Any

import pendulum
import pytest

from guided_actions.actions import ActionType, reconcile
from guided_actions.crm import EmailDirection, ObjectRef, ObjectType, StageState
from guided_actions.hubspot import HubSpotImport, guided_action_to_hubspot_task, snapshot_from_hubspot
from tests.hubspot._payloads import DATA, load

NOW = pendulum.datetime(2026, 3, 6, 12)


def export() -> dict[str, Any]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in (DATA / "export").glob("*.json")}


@pytest.fixture(scope="module")
def result() -> HubSpotImport:
    return snapshot_from_hubspot(export())


def ref(kind: ObjectType, rid: str) -> ObjectRef:
    return ObjectRef(kind, rid)


#: (owner, type, subject, items) — why each one is expected is written beside it.
EXPECTED = [
    # Ada: assigned to Alice on 2 Mar, lifecycle "lead", no deal, no emails either way.
    ("101", ActionType.NEWLY_ASSIGNED_CONTACTS, ref(ObjectType.CONTACT, "201"), None),
    # Lead 401 (Dan): assigned 3 Mar, still in "new-stage-id", nothing logged on it since.
    ("101", ActionType.NEWLY_ASSIGNED_LEADS, ref(ObjectType.LEAD, "401"), None),
    # Task 802 carries a sequence enrollment id and is open.
    ("101", ActionType.SEQUENCE_ACTIVITY, ref(ObjectType.TASK, "802"), None),
    # Cleo answered Alice's email 901 with 902 (same hs_email_thread_id), Alice has not written since.
    ("101", ActionType.EMAIL_REPLIES, ref(ObjectType.CONTACT, "203"), None),
    # ... and Alice is the primary recipient of that reply; acme.example is not vendor.example; no open lead.
    ("101", ActionType.CONTACTS_AWAITING_REPLY, ref(ObjectType.CONTACT, "203"), None),
    # Cleo's company Acme is a target account and she engaged on 4 Mar (hs_last_sales_activity_timestamp).
    ("101", ActionType.TARGET_ACCOUNT_ACTIVITY, ref(ObjectType.CONTACT, "203"), None),
    # Meeting 701 ended yesterday 10:30, outcome still SCHEDULED, no follow-up task.
    ("101", ActionType.FOLLOW_UP_MEETING, ref(ObjectType.MEETING, "701"), None),
    ("101", ActionType.LOG_MEETING_OUTCOME, ref(ObjectType.USER, "101"), (ref(ObjectType.MEETING, "701"),)),
    # Call 601: COMPLETED yesterday 15:00, empty hs_call_disposition.  603 has no answer; 602 is bob's and logged.
    ("101", ActionType.LOG_CALL_OUTCOME, ref(ObjectType.USER, "101"), (ref(ObjectType.CALL, "601"),)),
    # Meeting 703 starts tomorrow 09:00 (epoch ms on the wire), 21 hours from now.
    ("101", ActionType.UPCOMING_MEETING_PREP, ref(ObjectType.MEETING, "703"), None),
    # Task 801: HIGH, due today 16:00 UTC, not started.
    ("101", ActionType.TODAYS_HIGH_PRIORITY_TASKS, ref(ObjectType.USER, "101"), (ref(ObjectType.TASK, "801"),)),
    # Deal 501: the last call (602) ended 5 Mar 09:05, next steps last updated 20 Feb.
    ("102", ActionType.UPDATE_NEXT_STEPS, ref(ObjectType.DEAL, "501"), None),
    # Deal 502: created 10 Feb, first stage, no contact and no engagement at all.
    ("102", ActionType.ADD_CONTACT_TO_DEAL, ref(ObjectType.DEAL, "502"), None),
    ("102", ActionType.INITIAL_OUTREACH_NEEDED, ref(ObjectType.DEAL, "502"), None),
]


def test_the_realistic_export_reads_without_a_problem(result: HubSpotImport) -> None:
    assert result.problems == ()
    assert dict(result.snapshot.counts()) == {
        "users": 3,
        "teams": 2,
        "companies": 2,
        "contacts": 4,
        "leads": 1,
        "deals": 3,
        "pipelines": 2,
        "tasks": 3,
        "meetings": 3,
        "calls": 3,
        "emails": 2,
        "notes": 1,
    }


def test_the_export_is_clean_enough_for_strict_mode() -> None:
    assert snapshot_from_hubspot(export(), strict=True).snapshot.strict


def test_the_snapshot_holds_what_the_payloads_say(result: HubSpotImport) -> None:
    crm = result.snapshot
    assert crm.user("101").primary_team_id == "9001"
    assert crm.contact("204").lifecycle_stage == "941581212"
    assert crm.contact("201").company_ids == ("301",)
    assert crm.deal("501").contact_ids == ("202",)
    assert crm.stage("default", "closedwon").state is StageState.WON
    assert crm.email("902").direction is EmailDirection.INCOMING
    assert crm.email("902").in_reply_to == "901"
    assert crm.email("902").cc_addresses == ("ada@acme.example",)
    assert crm.email("901").opened_at == pendulum.datetime(2026, 3, 3, 9, 30)
    assert crm.task("803").meeting_id == "702"
    assert crm.note("1001").deal_ids == ("501",)
    assert crm.call("602").via_calling is True
    assert crm.lead("401").stage_entered_at == pendulum.datetime(2026, 3, 3, 10)


def test_reconcile_on_the_export_gives_the_actions_worked_out_by_hand(result: HubSpotImport) -> None:
    outcome = reconcile(result.snapshot, now=NOW)
    got = [(a.owner_id, a.type, a.subject, a.items) for a in outcome.created]
    expected = [(owner, kind.value, subject, items or (subject,)) for owner, kind, subject, items in EXPECTED]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert outcome.updated == outcome.expired == outcome.unchanged == ()


def test_bobs_meeting_gets_no_follow_up_action_because_its_follow_up_task_is_done(result: HubSpotImport) -> None:
    outcome = reconcile(result.snapshot, now=NOW)
    assert ref(ObjectType.MEETING, "702") not in {a.subject for a in outcome.created}


def test_reconciling_again_with_the_stored_actions_creates_nothing(result: HubSpotImport) -> None:
    first = reconcile(result.snapshot, now=NOW)
    second = reconcile(result.snapshot, now=NOW, known=first.active)
    assert not second.created
    assert not second.expired
    assert len(second.unchanged) == len(EXPECTED)


def test_every_action_can_be_written_back_as_a_hubspot_task(result: HubSpotImport) -> None:
    for action in reconcile(result.snapshot, now=NOW).created:
        task = guided_action_to_hubspot_task(action, now=NOW)
        assert task["properties"]["hubspot_owner_id"] == action.owner_id
        assert task["properties"]["hs_timestamp"] == "2026-03-06T12:00:00.000Z"
        assert action.id in task["properties"]["hs_task_body"]


def test_the_v4_rows_of_the_export_follow_the_specs_association_schemas() -> None:
    schemas = load("spec", "v4-association-schemas.json")
    row_required = schemas["MultiAssociatedObjectWithLabel"]["required"]
    spec_required = schemas["AssociationSpecWithLabel"]["required"]
    categories = schemas["AssociationSpecWithLabel"]["properties"]["category"]["enum"]
    for results in export()["associations"].values():
        for result in results:
            for row in result["to"]:
                assert all(name in row for name in row_required)
                for spec in row["associationTypes"]:
                    assert all(name in spec for name in spec_required)
                    assert spec["category"] in categories
                    assert isinstance(spec["typeId"], int)
