"""The summary tab: tasks, sequence cards, guided actions by chip and today's schedule together."""

from __future__ import annotations

import datetime as _dt

import pendulum
import pytest

from guided_actions._builders import make_deal, make_meeting, make_pipeline, make_task, make_user
from guided_actions.actions import ActionCategory, ActionType
from guided_actions.crm import CrmSnapshot, SequenceStep, TaskPriority
from guided_actions.errors import GuidedActionsError
from guided_actions.sales import sales_summary, task_buckets

NOW = pendulum.datetime(2026, 6, 10, 9, tz="Europe/Berlin")


def _crm() -> CrmSnapshot:
    return CrmSnapshot.build(
        users=[make_user(id="u1", timezone="Europe/Berlin"), make_user(id="u2")],
        pipelines=[make_pipeline()],
        deals=[make_deal(id="d1", owner_id="u1", created_at=NOW.subtract(days=10))],
        tasks=[
            make_task(id="urgent", owner_id="u1", due_at=NOW.add(hours=2), priority=TaskPriority.HIGH),
            make_task(
                id="seq",
                owner_id="u1",
                due_at=NOW.subtract(days=1),
                sequence=SequenceStep(sequence_id="s1", enrollment_id="e1", step=1, sequence_name="Outbound"),
            ),
            make_task(id="theirs", owner_id="u2", due_at=NOW, priority=TaskPriority.HIGH),
        ],
        meetings=[make_meeting(id="m1", owner_id="u1", start=NOW.add(hours=4), title="Demo")],
    )


class TestSalesSummary:
    def test_the_summary_puts_task_counts_sequence_cards_and_todays_schedule_together(self) -> None:
        summary = sales_summary(_crm(), "u1", now=NOW)
        assert summary.task_counts == {"overdue": 1, "due_today": 1, "due_tomorrow": 0}
        assert summary.tasks == task_buckets(_crm(), "u1", now=NOW)
        assert [c.sequence_name for c in summary.sequence_cards] == ["Outbound"]
        assert [i.id for i in summary.schedule_today] == ["urgent", "m1"]

    def test_guided_actions_are_the_users_own_under_each_filter_chip(self) -> None:
        summary = sales_summary(_crm(), "u1", now=NOW)
        types = {a.type for a in summary.guided_actions}
        assert {ActionType.ADD_CONTACT_TO_DEAL, ActionType.SEQUENCE_ACTIVITY} <= types
        assert all(a.owner_id == "u1" for a in summary.guided_actions)
        assert set(summary.actions_by_category) == set(ActionCategory)
        assert [a.type for a in summary.actions(ActionCategory.DEAL)] == [
            ActionType.ADD_CONTACT_TO_DEAL,
            ActionType.INITIAL_OUTREACH_NEEDED,  # the deal is in its first stage with no engagement
        ]
        assert ActionType.SEQUENCE_ACTIVITY in {a.type for a in summary.actions("prospecting")}
        assert summary.actions() == summary.guided_actions

    def test_a_second_summary_with_the_stored_actions_creates_nothing_new(self) -> None:
        first = sales_summary(_crm(), "u1", now=NOW)
        stored = first.reconciliation.active + first.reconciliation.expired
        second = sales_summary(_crm(), "u1", now=NOW, known_actions=stored)
        assert second.reconciliation.created == ()
        assert second.guided_actions == first.guided_actions

    def test_an_unknown_user_or_a_naive_now_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="sales_summary: unknown user"):
            sales_summary(_crm(), "u3", now=NOW)
        with pytest.raises(GuidedActionsError, match="naive"):
            sales_summary(_crm(), "u1", now=_dt.datetime(2026, 6, 10, 9))
