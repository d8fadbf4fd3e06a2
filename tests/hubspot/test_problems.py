"""Bad payloads: lenient mode never raises and names each problem; strict mode raises them all."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.errors import GuidedActionsError, InvalidSnapshot
from guided_actions.hubspot import EXPORT_KEYS, InvalidExport, snapshot_from_hubspot
from tests.hubspot._payloads import deal_pipeline, lead_pipeline, owner, record

GOOD_DEAL = record("d-ok", {"pipeline": "default", "dealstage": "qualifiedtobuy", "dealname": "Fine"})


def lenient(**export: Any) -> Any:
    return snapshot_from_hubspot({"pipelines": {"deals": [deal_pipeline()], "leads": [lead_pipeline()]}, **export})


@pytest.mark.parametrize(
    ("export", "code", "path", "words"),
    [
        pytest.param(
            {"contacts": [{"properties": {"email": "a@b.example"}}]},
            "missing_id",
            "contacts[#0].id",
            ["contact #0"],
            id="missing id",
        ),
        pytest.param(
            {"contacts": [{"id": "", "properties": {}}]}, "missing_id", "contacts[#0].id", ["contact"], id="empty id"
        ),
        pytest.param(
            {"companies": [{"id": "c9", "properties": "name=Acme"}]},
            "bad_properties",
            "companies[c9].properties",
            ["company c9", "name=Acme"],
            id="non-dict properties",
        ),
        pytest.param(
            {"deals": [record("d7", {"pipeline": "default", "dealstage": "contractsent", "closedate": "31/12/2026"})]},
            "bad_datetime",
            "deals[d7].properties.closedate",
            ["deal d7", "'closedate'", "31/12/2026", "skipped"],
            id="unparsable date",
        ),
        pytest.param(
            {"tasks": [record("t1", {"hs_timestamp": "1767603600"})]},
            "seconds_timestamp",
            "tasks[t1].properties.hs_timestamp",
            ["task t1", "1767603600", "seconds"],
            id="10-digit timestamp",
        ),
        pytest.param(
            {"owners": [owner("1", "a@vendor.example")], "contacts": [record("c1", {"hubspot_owner_id": "404"})]},
            "unknown_owner",
            "contacts[c1].properties.hubspot_owner_id",
            ["contact c1", "'hubspot_owner_id'", "404"],
            id="unknown owner",
        ),
        pytest.param(
            {"deals": [record("d8", {"pipeline": "default", "dealstage": "nope"})]},
            "unknown_stage",
            "deals[d8].properties.dealstage",
            ["deal d8", "nope"],
            id="unknown stage",
        ),
        pytest.param(
            {"deals": [record("d9", {"pipeline": "lead-pipeline-id", "dealstage": "new-stage-id"})]},
            "unknown_pipeline",
            "deals[d9].properties.pipeline",
            ["deal d9", "not a deal pipeline"],
            id="lead pipeline on a deal",
        ),
        pytest.param(
            {"leads": [record("l1", {"hs_pipeline": "lead-pipeline-id", "hs_pipeline_stage": "new-stage-id"})]},
            "missing_contact",
            "leads[l1].associations.contacts",
            ["lead l1"],
            id="lead without contact",
        ),
        pytest.param(
            {"meetings": [record("m1", {"hs_meeting_title": "x"})]},
            "missing_value",
            "meetings[m1].properties.hs_timestamp",
            ["meeting m1"],
            id="meeting without time",
        ),
        pytest.param(
            {"emails": [record("e1", {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_email_direction": "EMAIL"})]},
            "missing_value",
            "emails[e1].properties.hs_email_headers",
            ["email e1", "sender"],
            id="email without sender",
        ),
        pytest.param(
            {"calls": [record("k1", {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_call_duration": "-5"})]},
            "bad_value",
            "calls[k1].properties.hs_call_duration",
            ["call k1", "-5"],
            id="negative duration",
        ),
        pytest.param(
            {"deals": [record("d10", {"pipeline": "default", "dealstage": "contractsent", "amount": "-1"})]},
            "invalid_value",
            "deals[d10].properties.amount",
            ["deal d10", "negative"],
            id="entity refuses a value",
        ),
        pytest.param(
            {
                "meetings": [
                    record(
                        "m2", {"hs_meeting_start_time": "2026-01-05T10:00:00Z", "hs_meeting_end_time": "1767603600000"}
                    )
                ]
            },
            "invalid_value",
            "meetings[m2].properties.hs_meeting_end_time",
            ["meeting m2", "must not be before start"],
            id="meeting ends before it starts",
        ),
        pytest.param(
            {"notes": ["not an object"]},
            "bad_record",
            "notes[#0]",
            ["note #0", "not an object"],
            id="non-object record",
        ),
        pytest.param({"notes": {"a": 1}}, "bad_export", "notes", ["list"], id="records not a list"),
        pytest.param({"tickets": []}, "unsupported_key", "tickets", ["tickets"], id="unknown key"),
    ],
)
def test_a_bad_payload_never_raises_and_becomes_one_problem_naming_type_id_and_property(
    export: dict[str, Any], code: str, path: str, words: list[str]
) -> None:
    result = lenient(deals=[GOOD_DEAL, *export.pop("deals", [])], **export)
    assert [(p.code, p.path) for p in result.problems] == [(code, path)]
    for word in words:
        assert word in result.problems[0].message
    assert result.snapshot.deal("d-ok").name == "Fine", "the good record next to the bad one is kept"


def test_an_unknown_owner_keeps_the_record_as_a_dangling_reference() -> None:
    result = lenient(owners=[owner("1", "a@vendor.example")], contacts=[record("c1", {"hubspot_owner_id": "404"})])
    assert result.snapshot.contact("c1").owner_id == "404"
    assert "skipped" not in result.problems[0].message


def test_a_record_with_several_bad_properties_reports_each_of_them_once() -> None:
    bad = record("t1", {"hs_timestamp": "soon", "hs_task_completion_date": "later", "hs_task_priority": "URGENT"})
    result = lenient(tasks=[bad])
    assert sorted(p.path for p in result.problems) == [
        "tasks[t1].properties.hs_task_completion_date",
        "tasks[t1].properties.hs_task_priority",
        "tasks[t1].properties.hs_timestamp",
    ]
    assert not result.snapshot.tasks


def test_a_duplicate_record_keeps_the_first_copy_and_says_so() -> None:
    result = lenient(contacts=[record("1", {"email": "first@x.example"}), record("1", {"email": "second@x.example"})])
    assert result.snapshot.contact("1").email == "first@x.example"
    assert [p.code for p in result.problems] == ["duplicate_id"]


def test_archived_records_are_left_out_silently() -> None:
    gone = record("1")
    gone["archived"] = True
    result = lenient(contacts=[gone])
    assert result.ok
    assert not result.snapshot.contacts


def test_deals_need_their_pipelines_in_the_export() -> None:
    result = snapshot_from_hubspot({"deals": [GOOD_DEAL]})
    assert [p.code for p in result.problems] == ["unknown_pipeline"]
    assert not result.snapshot.deals


class TestStrict:
    def test_strict_mode_raises_every_problem_at_once(self) -> None:
        export = {
            "contacts": [{"properties": {}}, record("c2", {"createdate": "nope"})],
            "calls": [record("k", {})],
        }
        with pytest.raises(InvalidExport) as caught:
            snapshot_from_hubspot(export, strict=True)
        assert [p.code for p in caught.value.problems] == ["missing_id", "bad_datetime", "missing_value"]
        assert isinstance(caught.value, InvalidSnapshot)
        assert isinstance(caught.value, GuidedActionsError)

    def test_a_clean_export_in_strict_mode_gives_a_strict_snapshot(self) -> None:
        export = {"owners": [owner("1", "a@vendor.example")], "contacts": [record("c", {"hubspot_owner_id": "1"})]}
        result = snapshot_from_hubspot(export, strict=True)
        assert result.ok
        assert result.snapshot.strict

    def test_strict_mode_refuses_references_to_records_outside_the_export(self) -> None:
        export = {"contacts": [record("c", associations={"companies": [("missing", "contact_to_company")]})]}
        assert snapshot_from_hubspot(export).snapshot.contact("c").company_ids == ("missing",)
        with pytest.raises(InvalidSnapshot):
            snapshot_from_hubspot(export, strict=True)

    def test_an_unknown_portal_timezone_is_a_programming_error(self) -> None:
        with pytest.raises(GuidedActionsError):
            snapshot_from_hubspot({}, portal_timezone="Mars/Olympus")


# -- fuzzing: whatever the payload, lenient mode returns -------------------------------------------

_PROPERTY_NAMES = [
    "email", "lifecyclestage", "hubspot_owner_id", "hubspot_owner_assigneddate", "createdate", "hs_createdate",
    "hs_timestamp", "closedate", "amount", "pipeline", "dealstage", "hs_pipeline", "hs_pipeline_stage",
    "hs_task_status", "hs_task_priority", "hs_task_sequence_step_enrollment_id", "hs_task_sequence_step_order",
    "hs_meeting_start_time", "hs_meeting_end_time", "hs_meeting_outcome", "hs_call_status", "hs_call_duration",
    "hs_email_direction", "hs_email_headers", "hs_email_open_count", "hs_is_target_account", "name",
    "hs_primary_contact_id", "hs_last_sales_activity_timestamp", "associatedcompanyid", "hs_is_closed_won",
]  # fmt: skip
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True),
    st.sampled_from(
        [
            "",
            "true",
            "COMPLETED",
            "HIGH",
            "default",
            "closedwon",
            "1767603600000",
            "1767603600",
            "2026-01-05",
            "2026-01-05T09:00:00Z",
            "2026-01-05T09:00:00",
            "-3",
            "1e400",
            "{",
            '{"from": 1, "to": "x"}',
            "1",
        ]
    ),
    st.text(max_size=8),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
_records = st.lists(
    st.one_of(
        _json,
        st.fixed_dictionaries(
            {"id": st.one_of(st.sampled_from(["1", "2", "3"]), st.integers(0, 3), _scalars)},
            optional={
                "properties": st.one_of(st.dictionaries(st.sampled_from(_PROPERTY_NAMES), _scalars), _json),
                "associations": _json,
                "propertiesWithHistory": _json,
                "createdAt": _scalars,
                "archived": st.booleans(),
            },
        ),
    ),
    max_size=4,
)


@given(
    st.dictionaries(
        st.sampled_from([*EXPORT_KEYS, "tickets"]),
        st.one_of(_records, _json, st.just({"deals": [deal_pipeline()], "leads": [lead_pipeline()]})),
    )
)
def test_lenient_mode_never_raises_whatever_the_payload(export: dict[str, Any]) -> None:
    result = snapshot_from_hubspot(export)
    assert not result.snapshot.strict
    assert all(problem.code and problem.message for problem in result.problems)
