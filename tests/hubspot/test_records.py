"""Mapping HubSpot records to entities: owners, pipelines, CRM records and associations."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pendulum

from guided_actions.crm import (
    ObjectType,
    StageState,
)
from guided_actions.hubspot import HubSpotImport, snapshot_from_hubspot
from tests.hubspot._payloads import (
    deal_pipeline,
    lead_pipeline,
    load,
    owner,
    record,
    v4_result,
)


def imported(**export: Any) -> HubSpotImport:
    return snapshot_from_hubspot(export)


def codes(result: HubSpotImport) -> list[str]:
    return [problem.code for problem in result.problems]


class TestSpecExamples:
    def test_the_spec_simple_public_object_becomes_a_contact_keeping_unmapped_properties_raw(self) -> None:
        result = imported(contacts=[load("spec", "simple-public-object.json")])
        contact = result.snapshot.contact("512")
        assert result.ok
        assert contact.created_at == pendulum.datetime(2019, 10, 30, 3, 30, 17, 883000)
        assert contact.properties["property_date"] == "1572480000000"
        assert contact.properties["property_multiple_checkboxes"] == "chocolate;strawberry"
        assert "hs_object_id" not in contact.properties

    def test_the_spec_owner_becomes_a_user_whose_primary_team_comes_from_the_primary_flag(self) -> None:
        crm = imported(owners=[load("spec", "owner.json")]).snapshot
        user = crm.user("6166860")
        assert user.email == "jsmith@example.com"
        assert user.primary_team_id == "178588"
        assert user.team_ids == {"178588", "178590"}
        assert {team.name for team in crm.teams} == {"West Coast Sales", "California Sales"}

    def test_the_spec_ticket_pipeline_is_reported_as_unsupported_under_tickets(self) -> None:
        result = imported(pipelines={"tickets": [load("spec", "pipeline.json")]})
        assert codes(result) == ["unsupported_key"]
        assert result.problems[0].path == "pipelines.tickets"
        assert not result.snapshot.pipelines


class TestOwners:
    def test_an_owner_id_not_its_user_id_is_what_records_point_to(self) -> None:
        result = imported(
            owners=[owner("910901", "rep@vendor.example")],
            contacts=[record("1", {"hubspot_owner_id": "910901"})],
        )
        assert result.ok
        assert result.snapshot.contact("1").owner_id == "910901"
        assert result.snapshot.user("910901").email == "rep@vendor.example"

    def test_an_archived_owner_with_a_null_user_id_is_still_a_user(self) -> None:
        crm = imported(owners=[owner("5", "gone@vendor.example", archived=True, userId=None)]).snapshot
        assert crm.user("5").email == "gone@vendor.example"

    def test_a_queue_owner_is_known_but_is_not_a_user(self) -> None:
        result = imported(
            owners=[owner("7", "", type="QUEUE")],
            tasks=[record("t", {"hubspot_owner_id": "7", "hs_timestamp": "2026-01-05T09:00:00Z"})],
        )
        assert result.ok
        assert not result.snapshot.users


class TestPipelines:
    def test_won_and_lost_come_from_stage_metadata_never_from_labels(self) -> None:
        crm = imported(pipelines={"deals": [deal_pipeline()]}).snapshot
        states = {stage.id: stage.state for stage in crm.pipeline("default").stages}
        assert states["closedwon"] is StageState.WON
        assert states["closedlost"] is StageState.LOST
        assert states["contractsent"] is StageState.OPEN
        assert crm.pipeline("default").object_type is ObjectType.DEAL

    def test_stages_are_ordered_by_display_order(self) -> None:
        pipeline = deal_pipeline()
        pipeline["stages"].reverse()
        crm = imported(pipelines={"deals": [pipeline]}).snapshot
        assert crm.pipeline("default").first_stage.id == "appointmentscheduled"

    def test_default_lead_stages_are_qualified_and_unqualified(self) -> None:
        crm = imported(pipelines={"leads": [lead_pipeline()]}).snapshot
        pipeline = crm.pipeline("lead-pipeline-id")
        assert pipeline.object_type is ObjectType.LEAD
        assert pipeline.stage("qualified-stage-id").state is StageState.WON
        assert pipeline.stage("unqualified-stage-id").state is StageState.LOST
        assert pipeline.stage("connected-stage-id").state is StageState.OPEN

    def test_a_closed_stage_with_an_in_between_probability_is_lost_and_reported(self) -> None:
        pipeline = deal_pipeline()
        pipeline["stages"][2]["metadata"] = {"isClosed": "true", "probability": "0.8"}
        result = imported(pipelines={"deals": [pipeline]})
        assert result.snapshot.stage("default", "contractsent").state is StageState.LOST
        assert codes(result) == ["ambiguous_stage"]


class TestContactsAndCompanies:
    def test_contact_properties_map_to_fields(self) -> None:
        raw = record(
            "101",
            {
                "email": "ada@customer.example",
                "lifecyclestage": "salesqualifiedlead",
                "hubspot_owner_id": "9",
                "hubspot_owner_assigneddate": "2026-01-02T08:00:00.000Z",
                "createdate": "2025-12-01T10:00:00.000Z",
                "hs_last_sales_activity_timestamp": "2026-01-03T12:00:00.000Z",
                "hs_sales_email_last_replied": "2026-01-04T12:00:00.000Z",
                "notes_last_contacted": "2026-01-09T12:00:00.000Z",
                "firstname": "Ada",
                "hs_lead_status": None,
            },
        )
        contact = imported(contacts=[raw]).snapshot.contact("101")
        assert contact.email == "ada@customer.example"
        assert contact.lifecycle_stage == "salesqualifiedlead"
        assert contact.owner_id == "9"
        assert contact.owner_assigned_at == pendulum.datetime(2026, 1, 2, 8)
        assert contact.created_at == pendulum.datetime(2025, 12, 1, 10)
        # the contact's own engagement (latest signal), not our last contact with them
        assert contact.last_engaged_at == pendulum.datetime(2026, 1, 4, 12)
        assert contact.properties == {"firstname": "Ada", "notes_last_contacted": "2026-01-09T12:00:00.000Z"}

    def test_a_custom_lifecycle_stage_is_kept_as_its_raw_internal_value(self) -> None:
        contact = imported(contacts=[record("1", {"lifecyclestage": "941581212"})]).snapshot.contact("1")
        assert contact.lifecycle_stage == "941581212"

    def test_the_same_company_listed_per_association_type_appears_once(self) -> None:
        raw = record(
            "1", associations={"companies": [("55", "contact_to_company"), ("55", "contact_to_company_unlabeled")]}
        )
        assert imported(contacts=[raw]).snapshot.contact("1").company_ids == ("55",)

    def test_company_target_account_and_a_nameless_company(self) -> None:
        crm = imported(
            companies=[
                record("c1", {"name": "Acme", "domain": "acme.example", "hs_is_target_account": "true"}),
                record("c2", {"domain": "nameless.example", "hs_is_target_account": ""}),
            ]
        ).snapshot
        assert crm.company("c1").target_account is True
        assert crm.company("c2").target_account is False
        assert crm.company("c2").name == "nameless.example"


class TestDealsAndLeads:
    def test_deal_properties_map_to_fields(self) -> None:
        raw = record(
            "784566996485",
            {
                "dealname": "Acme renewal",
                "pipeline": "default",
                "dealstage": "contractsent",
                "amount": "1500.00",
                "closedate": "2026-02-27T23:30:00.000Z",
                "createdate": "2026-01-05T09:00:00.000Z",
                "hubspot_owner_id": "9",
                "hubspot_owner_assigneddate": "1767603600000",
                "hs_next_step": "Send the order form",
                "hs_next_step_updated_at": "2026-01-06T09:00:00Z",
                "hs_all_collaborator_owner_ids": ";12345678;9101112",
            },
            associations={"contacts": [("101", "deal_to_contact")], "companies": [("55", "deal_to_company")]},
        )
        deal = imported(pipelines={"deals": [deal_pipeline()]}, deals=[raw]).snapshot.deal("784566996485")
        assert deal.name == "Acme renewal"
        assert (deal.pipeline_id, deal.stage_id) == ("default", "contractsent")
        assert deal.amount == Decimal("1500.00")
        assert deal.close_date == dt.date(2026, 2, 27)
        assert deal.owner_assigned_at == pendulum.datetime(2026, 1, 5, 9)
        assert deal.next_steps == "Send the order form"
        assert deal.next_steps_updated_at == pendulum.datetime(2026, 1, 6, 9)
        assert (deal.contact_ids, deal.company_ids) == (("101",), ("55",))

    def test_close_date_falls_on_the_portal_timezone_calendar_day(self) -> None:
        raw = record("d", {"pipeline": "default", "dealstage": "closedwon", "closedate": "2026-02-27T23:30:00Z"})
        result = snapshot_from_hubspot(
            {"pipelines": {"deals": [deal_pipeline()]}, "deals": [raw]}, portal_timezone="Europe/Berlin"
        )
        assert result.snapshot.deal("d").close_date == dt.date(2026, 2, 28)
        assert not result.snapshot.is_open(result.snapshot.deal("d"))

    def test_closed_flags_that_disagree_with_the_stage_metadata_are_reported_and_the_stage_wins(self) -> None:
        raw = record(
            "d",
            {"pipeline": "default", "dealstage": "closedlost", "hs_is_closed": "true", "hs_is_closed_won": "true"},
        )
        result = imported(pipelines={"deals": [deal_pipeline()]}, deals=[raw])
        assert [(p.code, p.path) for p in result.problems] == [
            ("stage_state_mismatch", "deals[d].properties.hs_is_closed_won")
        ]
        assert result.snapshot.deal("d").stage_id == "closedlost"

    def test_a_deal_in_a_closed_lost_stage_is_closed(self) -> None:
        raw = record("d", {"pipeline": "default", "dealstage": "closedlost"})
        crm = imported(pipelines={"deals": [deal_pipeline()]}, deals=[raw]).snapshot
        stage = crm.stage_of(crm.deal("d"))
        assert stage is not None
        assert stage.state is StageState.LOST

    def test_a_lead_takes_its_primary_contact_and_the_time_it_entered_its_stage_from_history(self) -> None:
        raw = record(
            "9001",
            {
                "hs_lead_name": "Ada at Acme",
                "hs_pipeline": "lead-pipeline-id",
                "hs_pipeline_stage": "unqualified-stage-id",
                "hubspot_owner_id": "9",
                "hs_createdate": "2026-01-02T10:00:00.000Z",
            },
            associations={"contacts": [("300", "lead_to_contact"), ("101", "lead_to_primary_contact")]},
            history={
                "hs_pipeline_stage": [
                    ("unqualified-stage-id", "2026-01-04T10:00:00.000Z"),
                    ("unqualified-stage-id", "2026-01-03T10:00:00.000Z"),
                    ("attempting-stage-id", "2026-01-02T12:00:00.000Z"),
                    ("new-stage-id", "2026-01-02T10:00:00.000Z"),
                ]
            },
        )
        contact = record("101", {"hs_last_sales_activity_timestamp": "2026-01-20T10:00:00Z"})
        lead = imported(pipelines={"leads": [lead_pipeline()]}, contacts=[contact], leads=[raw]).snapshot.lead("9001")
        assert lead.contact_id == "101"
        assert lead.stage_entered_at == pendulum.datetime(2026, 1, 3, 10)
        assert lead.created_at == pendulum.datetime(2026, 1, 2, 10)
        assert lead.last_engaged_at == pendulum.datetime(2026, 1, 20, 10)

    def test_without_history_a_lead_reads_the_portal_specific_stage_date_property(self) -> None:
        raw = record(
            "9002",
            {
                "hs_pipeline": "lead-pipeline-id",
                "hs_pipeline_stage": "qualified-stage-id",
                "hs_primary_contact_id": "101",
                "hs_date_entered_qualified_stage_id_233247981": "2026-01-07T10:00:00.000Z",
                "hs_date_entered_unqualified_stage_id_233247981": "2026-01-01T10:00:00.000Z",
            },
        )
        lead = imported(pipelines={"leads": [lead_pipeline()]}, leads=[raw]).snapshot.lead("9002")
        assert lead.contact_id == "101"
        assert lead.stage_entered_at == pendulum.datetime(2026, 1, 7, 10)

    def test_v4_associations_with_a_numeric_to_object_id_and_the_primary_type_choose_the_lead_contact(self) -> None:
        raw = record("9003", {"hs_pipeline": "lead-pipeline-id", "hs_pipeline_stage": "new-stage-id"})
        result = imported(
            pipelines={"leads": [lead_pipeline()]},
            leads=[raw],
            associations={
                "leads/contacts": [
                    v4_result(
                        "9003",
                        (5790939450, [("HUBSPOT_DEFINED", 608, None)]),
                        (5790939451, [("HUBSPOT_DEFINED", 608, None), ("HUBSPOT_DEFINED", 578, "Primary")]),
                    )
                ]
            },
        )
        assert result.ok
        assert result.snapshot.lead("9003").contact_id == "5790939451"


class TestAssociations:
    def test_v3_and_v4_rows_merge_and_each_related_record_appears_once(self) -> None:
        deal = record(
            "d1",
            {"pipeline": "default", "dealstage": "qualifiedtobuy"},
            associations={"contacts": [("101", "deal_to_contact"), ("101", "deal_to_contact_unlabeled")]},
        )
        result = imported(
            pipelines={"deals": [deal_pipeline()]},
            deals=[deal],
            associations={
                "deals/contacts": [
                    v4_result(
                        "d1",
                        (101, [("HUBSPOT_DEFINED", 3, None), ("USER_DEFINED", 28, "Billing contact")]),
                        ("102", [("HUBSPOT_DEFINED", 3, None)]),
                    )
                ],
                "contacts/deals": [v4_result("103", ("d1", [("HUBSPOT_DEFINED", 4, None)]))],
            },
        )
        assert result.ok
        assert result.snapshot.deal("d1").contact_ids == ("101", "102", "103")

    def test_python_client_to_dict_rows_are_read_too(self) -> None:
        result = imported(
            meetings=[record("m1", {"hs_timestamp": "2026-01-05T09:00:00Z"})],
            associations={
                "meetings/contacts": {
                    "status": "COMPLETE",
                    "results": [
                        {
                            "_from": {"id": "m1"},
                            "to": [
                                {
                                    "to_object_id": 42,
                                    "association_types": [
                                        {"category": "HUBSPOT_DEFINED", "type_id": 200, "label": None}
                                    ],
                                }
                            ],
                        }
                    ],
                }
            },
        )
        assert result.ok
        assert result.snapshot.meeting("m1").contact_ids == ("42",)


class TestPythonClientDicts:
    def test_snake_case_to_dict_records_with_datetime_values_are_read_like_raw_json(self) -> None:
        raw = record("1", {"email": "ada@customer.example"}, associations={"companies": [("55", "contact_to_company")]})
        as_client = copy.deepcopy(raw)
        for camel, snake in (("createdAt", "created_at"), ("updatedAt", "updated_at")):
            as_client[snake] = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
            del as_client[camel]
        as_client["associations"]["companies"]["paging"] = None
        assert imported(contacts=[as_client]).snapshot.contact("1") == imported(contacts=[raw]).snapshot.contact("1")
