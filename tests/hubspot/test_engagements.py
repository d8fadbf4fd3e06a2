"""Mapping HubSpot activities to engagements: tasks, meetings, calls, emails and notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum
import pytest

from guided_actions.crm import (
    CallStatus,
    EmailDirection,
    MeetingOutcome,
    TaskPriority,
    TaskStatus,
)
from guided_actions.hubspot import HubSpotImport, snapshot_from_hubspot
from tests.hubspot._payloads import (
    email_headers,
    owner,
    record,
)


def imported(**export: Any) -> HubSpotImport:
    return snapshot_from_hubspot(export)


def codes(result: HubSpotImport) -> list[str]:
    return [problem.code for problem in result.problems]


class TestTasks:
    def test_task_status_priority_due_date_and_sequence(self) -> None:
        raw = record(
            "t1",
            {
                "hs_task_subject": "Call Ada",
                "hs_task_status": "WAITING",
                "hs_task_priority": "HIGH",
                "hs_timestamp": "2026-01-07T15:00:00.000Z",
                "hs_createdate": "2026-01-05T09:00:00.000Z",
                "hs_task_sequence_step_enrollment_id": "enr-77",
                "hs_task_sequence_id": "seq-3",
                "hs_task_sequence_step_order": "1",
                "hubspot_owner_id": "9",
            },
            associations={"contacts": [("101", "task_to_contact")], "meetings": [("m1", "task_to_meeting")]},
        )
        task = imported(tasks=[raw]).snapshot.task("t1")
        assert task.title == "Call Ada"
        assert task.status is TaskStatus.WAITING
        assert task.priority is TaskPriority.HIGH
        assert task.due_at == pendulum.datetime(2026, 1, 7, 15)
        assert task.sequence is not None
        assert (task.sequence.sequence_id, task.sequence.enrollment_id, task.sequence.step) == ("seq-3", "enr-77", 2)
        assert task.contact_ids == ("101",)
        assert task.meeting_id == "m1"

    def test_a_completed_task_keeps_its_completion_date(self) -> None:
        raw = record(
            "t2",
            {"hs_task_status": "COMPLETED", "hs_task_completion_date": "1767780000000", "hs_task_priority": "NONE"},
        )
        task = imported(tasks=[raw]).snapshot.task("t2")
        assert task.status is TaskStatus.COMPLETED
        assert not task.is_open
        assert task.completed_at == pendulum.datetime(2026, 1, 7, 10)


class TestMeetingsAndCalls:
    def test_meeting_start_end_and_outcome(self) -> None:
        raw = record(
            "65059681027",
            {
                "hs_meeting_title": "Demo",
                "hs_timestamp": "2024-11-20T20:12:03.054Z",
                "hs_meeting_start_time": "2024-11-20T20:12:03.054Z",
                "hs_meeting_end_time": "2024-11-20T20:42:03.054Z",
                "hs_meeting_outcome": "NO_SHOW",
                "hs_meeting_body": "<p>Agenda</p>",
            },
        )
        meeting = imported(meetings=[raw]).snapshot.meeting("65059681027")
        assert meeting.title == "Demo"
        assert meeting.end - meeting.start == dt.timedelta(minutes=30)
        assert meeting.outcome is MeetingOutcome.NO_SHOW

    def test_a_custom_meeting_outcome_is_reported_and_left_unset(self) -> None:
        raw = record("m", {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_meeting_outcome": "DEMO_GIVEN"})
        result = imported(meetings=[raw])
        assert result.snapshot.meeting("m").outcome is None
        assert codes(result) == ["unknown_value"]
        assert result.problems[0].path == "meetings[m].properties.hs_meeting_outcome"

    def test_call_status_duration_and_a_custom_outcome_kept_raw(self) -> None:
        raw = record(
            "c1",
            {
                "hs_timestamp": "2026-01-05T09:00:00.000Z",
                "hs_call_status": "COMPLETED",
                "hs_call_duration": "3800",
                "hs_call_disposition": "0f1e2d3c-custom-outcome",
                "hs_call_direction": "OUTBOUND",
            },
        )
        call = imported(calls=[raw]).snapshot.call("c1")
        assert call.status is CallStatus.COMPLETED
        assert call.ended_at == pendulum.datetime(2026, 1, 5, 9, 0, 3, 800000)
        assert call.outcome == "0f1e2d3c-custom-outcome"
        assert call.via_calling is False

    @pytest.mark.parametrize(
        ("source", "app_id", "via"),
        [
            pytest.param("VOIP", None, True, id="CRM calling"),
            pytest.param("INTEGRATIONS_PLATFORM", "123", False, id="third-party app"),
            pytest.param("SOMETHING", "123", False, id="any app id"),
            pytest.param(None, None, False, id="logged by hand"),
        ],
    )
    def test_made_with_crm_calling_is_a_documented_heuristic(
        self, source: str | None, app_id: str | None, via: bool
    ) -> None:
        raw = record("c", {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_call_source": source, "hs_call_app_id": app_id})
        assert imported(calls=[raw]).snapshot.call("c").via_calling is via

    @pytest.mark.parametrize(
        ("wire", "status"),
        [("missed", CallStatus.NO_ANSWER), ("CONNECTING", CallStatus.RINGING), ("BUSY", CallStatus.BUSY)],
    )
    def test_call_statuses_outside_our_enum_map_to_the_nearest_one(self, wire: str, status: CallStatus) -> None:
        raw = record("c", {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_call_status": wire})
        assert imported(calls=[raw]).snapshot.call("c").status is status


class TestEmails:
    def test_escaped_headers_give_from_to_and_cc_and_display_forms_are_unwrapped(self) -> None:
        raw = record(
            "e1",
            {
                "hs_timestamp": "2026-01-05T09:00:00.000Z",
                "hs_email_direction": "EMAIL",
                "hs_email_headers": email_headers(
                    "rep@vendor.example", ("ToFirst ToLast<to@test.com>",), ("cc@test.com",)
                ),
                "hs_email_subject": "Hello",
                "hs_email_thread_id": "th-1",
                "hs_email_open_count": "1",
            },
            history={"hs_email_open_count": [("1", "2026-01-05T10:00:00Z"), ("0", "2026-01-05T09:00:00Z")]},
        )
        email = imported(emails=[raw]).snapshot.email("e1")
        assert email.direction is EmailDirection.OUTGOING
        assert email.from_address == "rep@vendor.example"
        assert email.to_addresses == ("to@test.com",)
        assert email.cc_addresses == ("cc@test.com",)
        assert email.tracked is True
        assert email.opened_at == pendulum.datetime(2026, 1, 5, 10)
        assert email.thread_id == "th-1"

    def test_invalid_headers_fall_back_to_the_read_only_address_properties(self) -> None:
        raw = record(
            "e2",
            {
                "hs_timestamp": "2026-01-05T09:00:00Z",
                "hs_email_direction": "INCOMING_EMAIL",
                "hs_email_headers": "{broken",
                "hs_email_from_email": "ada@customer.example",
                "hs_email_to_email": "rep@vendor.example;boss@vendor.example",
            },
        )
        result = imported(emails=[raw])
        email = result.snapshot.email("e2")
        assert email.direction is EmailDirection.INCOMING
        assert email.from_address == "ada@customer.example"
        assert email.to_addresses == ("rep@vendor.example", "boss@vendor.example")
        assert codes(result) == ["bad_email_headers"]

    def test_a_forwarded_email_is_outgoing_only_when_its_owner_sent_it(self) -> None:
        def forwarded(eid: str, sender: str) -> dict[str, Any]:
            headers = email_headers(sender, ("x@customer.example",))
            props = {"hs_timestamp": "2026-01-05T09:00:00Z", "hs_email_direction": "FORWARDED_EMAIL"}
            return record(eid, {**props, "hs_email_headers": headers, "hubspot_owner_id": "9"})

        crm = imported(
            owners=[owner("9", "Rep@Vendor.example")],
            emails=[forwarded("f1", "rep@vendor.example"), forwarded("f2", "ada@customer.example")],
        ).snapshot
        assert crm.email("f1").direction is EmailDirection.OUTGOING
        assert crm.email("f2").direction is EmailDirection.INCOMING

    def test_in_reply_to_is_the_latest_earlier_email_of_the_other_direction_in_the_thread(self) -> None:
        def email(eid: str, direction: str, at: str, thread: str | None) -> dict[str, Any]:
            headers = email_headers("a@x.example", ("b@y.example",))
            props = {"hs_timestamp": at, "hs_email_direction": direction, "hs_email_headers": headers}
            return record(eid, {**props, "hs_email_thread_id": thread})

        crm = imported(
            emails=[
                email("out1", "EMAIL", "2026-01-05T09:00:00Z", "t"),
                email("out2", "EMAIL", "2026-01-06T09:00:00Z", "t"),
                email("in1", "INCOMING_EMAIL", "2026-01-07T09:00:00Z", "t"),
                email("in2", "INCOMING_EMAIL", "2026-01-08T09:00:00Z", "t"),
                email("out3", "EMAIL", "2026-01-09T09:00:00Z", "t"),
                email("lone", "INCOMING_EMAIL", "2026-01-09T09:00:00Z", None),
            ]
        ).snapshot
        assert crm.email("out1").in_reply_to is None
        assert crm.email("out2").in_reply_to is None
        assert crm.email("in1").in_reply_to == "out2"
        assert crm.email("in2").in_reply_to == "out2"
        assert crm.email("out3").in_reply_to == "in2"
        assert crm.email("lone").in_reply_to is None


class TestNotes:
    def test_a_note_sits_on_the_timeline_at_hs_timestamp(self) -> None:
        raw = record("n1", {"hs_note_body": "<p>Pricing</p>", "hs_timestamp": "2026-01-06T09:00:00Z"})
        note = imported(notes=[raw]).snapshot.note("n1")
        assert note.body == "<p>Pricing</p>"
        assert note.created_at == pendulum.datetime(2026, 1, 6, 9)
