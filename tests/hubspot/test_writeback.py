"""Guided actions written back as HubSpot task payloads."""

from __future__ import annotations

import html

import attrs
import pendulum
import pytest

from guided_actions.actions import ActionStatus, GuidedAction, default_registry
from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError
from guided_actions.hubspot import guided_action_to_hubspot_task

NOW = pendulum.datetime(2026, 3, 6, 12, 0, 0, 123456)


def action(**overrides: object) -> GuidedAction:
    subject = ObjectRef(ObjectType.DEAL, "501")
    fields: dict[str, object] = {
        "id": "ga-1",
        "type": "update_next_steps",
        "owner_id": "102",
        "subject": subject,
        "key": "501/602",
        "items": (subject,),
        "contact_ids": ("202",),
        "company_ids": ("302",),
        "triggered_at": pendulum.datetime(2026, 3, 5, 9, 5),
        "created_at": NOW,
    }
    fields.update(overrides)
    return GuidedAction(**fields)  # type: ignore[arg-type]


def test_a_deal_action_becomes_a_task_on_the_deal_its_contacts_and_companies() -> None:
    task = guided_action_to_hubspot_task(action(), now=NOW)
    props = task["properties"]
    assert props["hs_task_subject"] == "Update next steps"
    assert props["hs_timestamp"] == "2026-03-06T12:00:00.123Z"
    assert props["hubspot_owner_id"] == "102"
    assert props["hs_task_status"] == "NOT_STARTED"
    assert all(isinstance(value, str) for value in props.values())
    assert task["associations"] == [
        {"to": {"id": "501"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 216}]},
        {"to": {"id": "202"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 204}]},
        {"to": {"id": "302"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 192}]},
    ]


def test_the_body_explains_why_with_the_rules_creation_criteria() -> None:
    body = guided_action_to_hubspot_task(action(), now=NOW)["properties"]["hs_task_body"]
    rule = default_registry().get("update_next_steps")
    assert rule is not None
    for criterion in rule.criteria:
        assert html.escape(criterion.describe(rule)) in body
    assert "ga-1" in body


def test_a_combined_action_lists_its_items_and_is_not_associated_with_the_user() -> None:
    owner = ObjectRef(ObjectType.USER, "101")
    calls = (ObjectRef(ObjectType.CALL, "601"), ObjectRef(ObjectType.CALL, "604"))
    task = guided_action_to_hubspot_task(
        action(type="log_call_outcome", subject=owner, items=calls, contact_ids=("203",), company_ids=()), now=NOW
    )
    assert "call:601" in task["properties"]["hs_task_body"]
    assert "call:604" in task["properties"]["hs_task_body"]
    assert [a["to"]["id"] for a in task["associations"]] == ["203"]


def test_a_lead_action_uses_the_task_to_lead_association_type() -> None:
    lead = ObjectRef(ObjectType.LEAD, "401")
    task = guided_action_to_hubspot_task(
        action(type="newly_assigned_leads", subject=lead, items=(lead,), contact_ids=("204",), company_ids=()), now=NOW
    )
    assert task["associations"][0]["types"][0]["associationTypeId"] == 647


def test_an_unknown_host_type_uses_its_type_name_as_the_title() -> None:
    task = guided_action_to_hubspot_task(action(type="renewal_risk"), now=NOW)
    assert task["properties"]["hs_task_subject"] == "renewal_risk"


def test_an_expired_action_gives_a_completed_task() -> None:
    expired = attrs.evolve(action(), status=ActionStatus.EXPIRED, expired_at=NOW, expiry_reason="next_steps_changed")
    assert guided_action_to_hubspot_task(expired, now=NOW)["properties"]["hs_task_status"] == "COMPLETED"


def test_now_must_be_aware() -> None:
    with pytest.raises(GuidedActionsError):
        guided_action_to_hubspot_task(action(), now=NOW.naive())
