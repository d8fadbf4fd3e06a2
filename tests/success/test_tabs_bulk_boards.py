"""Assigned-to-me, bulk task actions and board moves."""

from __future__ import annotations

import datetime as dt

import pytest

from guided_actions._builders import make_company, make_contact, make_deal, make_pipeline, make_task, make_user
from guided_actions.crm import CrmSnapshot, TaskPriority, TaskStatus
from guided_actions.success import (
    BoardRecord,
    BulkAction,
    RequestRefused,
    assigned_recently,
    bulk_update_tasks,
    move_to_stage,
)
from tests.success._support import NOW

U1 = make_user(id="u1")
U2 = make_user(id="u2")


def _ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


class TestAssignedRecently:
    def test_contacts_and_companies_assigned_less_than_30_days_ago_newest_first(self) -> None:
        crm = CrmSnapshot.build(
            users=[U1, U2],
            contacts=[
                make_contact(id="c-new", owner_id="u1", owner_assigned_at=_ago(1)),
                make_contact(id="c-edge", owner_id="u1", owner_assigned_at=_ago(30)),
                make_contact(id="c-inside", owner_id="u1", owner_assigned_at=_ago(29.9)),
                make_contact(id="c-unknown", owner_id="u1"),
                make_contact(id="c-other", owner_id="u2", owner_assigned_at=_ago(1)),
                make_contact(id="c-future", owner_id="u1", owner_assigned_at=_ago(-1)),
            ],
            companies=[
                make_company(id="co-new", owner_id="u1", properties={"hubspot_owner_assigneddate": _ago(5)}),
                make_company(id="co-no-date", owner_id="u1"),
            ],
        )
        assert [r.id for r in assigned_recently(crm, "u1", now=NOW)] == ["c-new", "co-new", "c-inside"]

    def test_it_also_takes_plain_records(self) -> None:
        records = [
            make_contact(id="a", owner_id="u1", owner_assigned_at=_ago(2)),
            make_contact(id="b", owner_id="u2", owner_assigned_at=_ago(2)),
        ]
        assert [r.id for r in assigned_recently(records, "u1", now=NOW)] == ["a"]


TASKS = (
    make_task(id="t1", owner_id="u1"),
    make_task(id="t2", owner_id="u2", status=TaskStatus.COMPLETED, completed_at=_ago(3)),
)


class TestBulkUpdateTasks:
    def test_complete_marks_open_tasks_completed_now_and_leaves_completed_ones(self) -> None:
        changed, deleted = bulk_update_tasks(TASKS, BulkAction.COMPLETE, by=U1, now=NOW)
        assert [(t.id, t.status, t.completed_at) for t in changed] == [("t1", TaskStatus.COMPLETED, NOW)]
        assert deleted == ()

    def test_incomplete_reopens_completed_tasks_and_clears_completed_at(self) -> None:
        changed, _ = bulk_update_tasks(TASKS, BulkAction.INCOMPLETE, by=U1, now=NOW)
        assert [(t.id, t.status, t.completed_at) for t in changed] == [("t2", TaskStatus.NOT_STARTED, None)]

    def test_assign_gives_tasks_to_a_user_or_to_the_acting_user(self) -> None:
        changed, _ = bulk_update_tasks(TASKS, BulkAction.ASSIGN, by=U1, now=NOW, users=[U1, U2], value="u2")
        assert [(t.id, t.owner_id) for t in changed] == [("t1", "u2")]
        mine, _ = bulk_update_tasks(TASKS, BulkAction.ASSIGN, by=U1, now=NOW, users=["u1", "u2"])
        assert [(t.id, t.owner_id) for t in mine] == [("t2", "u1")]

    def test_assigning_to_someone_who_is_not_a_user_is_refused(self) -> None:
        with pytest.raises(RequestRefused) as info:
            bulk_update_tasks(TASKS, BulkAction.ASSIGN, by=U1, now=NOW, users=[U1, U2], value="u3")
        assert [(p.code, p.path) for p in info.value.problems] == [("unknown_user", "value")]

    def test_edit_sets_a_property_of_the_right_type(self) -> None:
        changed, _ = bulk_update_tasks(
            TASKS, BulkAction.EDIT, by=U1, now=NOW, property="priority", value=TaskPriority.HIGH
        )
        assert [t.priority for t in changed] == [TaskPriority.HIGH, TaskPriority.HIGH]
        done, _ = bulk_update_tasks(TASKS, BulkAction.EDIT, by=U1, now=NOW, property="status", value="completed")
        assert [(t.id, t.completed_at) for t in done] == [("t1", NOW)]

    def test_edit_refuses_an_unknown_property_with_a_suggestion(self) -> None:
        with pytest.raises(RequestRefused) as info:
            bulk_update_tasks(TASKS, BulkAction.EDIT, by=U1, now=NOW, property="priorty", value="high")
        assert info.value.problems[0].code == "unknown_property"
        assert info.value.problems[0].message.endswith("did you mean 'priority'?")

    @pytest.mark.parametrize(
        ("prop", "value"), [("priority", "urgent"), ("title", 3), ("due_at", dt.datetime(2026, 1, 1)), ("status", None)]
    )
    def test_edit_refuses_a_value_of_the_wrong_type(self, prop: str, value: object) -> None:
        with pytest.raises(RequestRefused) as info:
            bulk_update_tasks(TASKS, BulkAction.EDIT, by=U1, now=NOW, property=prop, value=value)  # type: ignore[arg-type]
        assert [(p.code, p.path) for p in info.value.problems] == [("wrong_value_type", "value")]

    def test_edit_without_a_property_is_refused(self) -> None:
        with pytest.raises(RequestRefused) as info:
            bulk_update_tasks(TASKS, BulkAction.EDIT, by=U1, now=NOW, value="x")
        assert info.value.problems[0].code == "missing_property"

    def test_delete_returns_the_ids_once_each(self) -> None:
        assert bulk_update_tasks((*TASKS, TASKS[0]), BulkAction.DELETE, by=U1, now=NOW) == ((), ("t1", "t2"))


PIPELINE = make_pipeline()
REQUIRED = {"qualified": ("budget", "decision_maker"), "won": ("contract_id",)}


class TestMoveToStage:
    def test_a_deal_moves_when_the_required_values_are_given(self) -> None:
        move = move_to_stage(
            make_deal(), PIPELINE, "qualified", values={"budget": 5000, "decision_maker": "Ana"}, required=REQUIRED
        )
        assert (move.record.stage_id, move.from_stage_id, move.to_stage_id) == ("qualified", "new", "qualified")
        assert dict(move.values) == {"budget": 5000, "decision_maker": "Ana"}

    def test_every_empty_required_property_is_listed(self) -> None:
        with pytest.raises(RequestRefused) as info:
            move_to_stage(make_deal(), PIPELINE, "qualified", values={"decision_maker": "  "}, required=REQUIRED)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("required_property_missing", "values.budget"),
            ("required_property_missing", "values.decision_maker"),
        ]

    def test_a_stage_outside_the_pipeline_and_a_record_of_another_pipeline_are_refused(self) -> None:
        with pytest.raises(RequestRefused) as info:
            move_to_stage(make_deal(pipeline_id="other"), PIPELINE, "qualifed")
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("record_not_in_pipeline", "pipeline"),
            ("stage_not_in_pipeline", "stage_id"),
        ]
        assert info.value.problems[1].message.endswith("did you mean 'qualified'?")

    def test_a_service_record_counts_its_own_properties_and_keeps_the_new_values(self) -> None:
        service = BoardRecord(
            id="s1", object_type="services", pipeline_id="deals", stage_id="new", properties={"budget": 10}
        )
        move = move_to_stage(service, PIPELINE, "qualified", values={"decision_maker": "Bo"}, required=REQUIRED)
        assert isinstance(move.record, BoardRecord)
        assert dict(move.record.properties) == {"budget": 10, "decision_maker": "Bo"}
