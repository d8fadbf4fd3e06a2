"""Task buckets and sequence cards, in the user's own timezone."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_task, make_user
from guided_actions.crm import CrmSnapshot, SequenceStep, Task, TaskPriority, TaskStatus
from guided_actions.crm._calendar import local_date
from guided_actions.sales import sequence_cards, task_buckets
from tests.sales._strategies import USER_IDS, instants, sales_snapshots


def _crm(*tasks: Task, tz: str = "UTC") -> CrmSnapshot:
    return CrmSnapshot.build(users=[make_user(timezone=tz), make_user(id="u2")], tasks=tasks)


class TestTaskBuckets:
    def test_a_task_due_at_23_30_local_is_due_today_even_when_it_is_tomorrow_in_utc(self) -> None:
        due = pendulum.datetime(2026, 6, 10, 23, 30, tz="America/New_York")
        assert due.in_timezone("UTC").day == 11  # already tomorrow in UTC
        now = pendulum.datetime(2026, 6, 10, 9, 0, tz="America/New_York")
        crm = _crm(make_task(owner_id="u1", due_at=due), tz="America/New_York")
        buckets = task_buckets(crm, "u1", now=now)
        assert [t.id for t in buckets.due_today] == ["task1"]
        assert buckets.due_tomorrow == ()

    def test_the_same_task_is_due_tomorrow_for_a_utc_owner(self) -> None:
        due_ny = pendulum.datetime(2026, 6, 10, 23, 30, tz="America/New_York")
        now = pendulum.datetime(2026, 6, 10, 13, 0, tz="UTC")
        buckets = task_buckets(_crm(make_task(owner_id="u1", due_at=due_ny)), "u1", now=now)
        assert [t.id for t in buckets.due_tomorrow] == ["task1"]

    def test_a_task_due_earlier_today_is_due_today_not_overdue(self) -> None:
        now = pendulum.datetime(2026, 6, 10, 17, 0, tz="UTC")
        buckets = task_buckets(_crm(make_task(owner_id="u1", due_at=now.subtract(hours=8))), "u1", now=now)
        assert buckets.counts == {"overdue": 0, "due_today": 1, "due_tomorrow": 0}

    def test_overdue_today_tomorrow_and_later_tasks_land_in_the_right_bucket_or_none(self) -> None:
        now = pendulum.datetime(2026, 6, 10, 12, 0, tz="UTC")
        tasks = [
            make_task(id="old", owner_id="u1", due_at=now.subtract(days=3)),
            make_task(id="yesterday-late", owner_id="u1", due_at=pendulum.datetime(2026, 6, 9, 23, 59, tz="UTC")),
            make_task(id="today", owner_id="u1", due_at=now.add(hours=2)),
            make_task(id="tomorrow", owner_id="u1", due_at=now.add(days=1)),
            make_task(id="later", owner_id="u1", due_at=now.add(days=2)),
            make_task(id="undated", owner_id="u1"),
            make_task(id="done", owner_id="u1", due_at=now, status=TaskStatus.COMPLETED),
            make_task(id="someone-else", owner_id="u2", due_at=now),
        ]
        buckets = task_buckets(_crm(*tasks), "u1", now=now)
        assert [t.id for t in buckets.overdue] == ["old", "yesterday-late"]
        assert [t.id for t in buckets.due_today] == ["today"]
        assert [t.id for t in buckets.due_tomorrow] == ["tomorrow"]
        assert buckets.total == 4

    def test_a_bucket_is_sorted_by_due_time_then_high_priority_first_then_id(self) -> None:
        now = pendulum.datetime(2026, 6, 10, 8, 0, tz="UTC")
        at = now.add(hours=2)
        tasks = [
            make_task(id="b-none", owner_id="u1", due_at=at),
            make_task(id="a-low", owner_id="u1", due_at=at, priority=TaskPriority.LOW),
            make_task(id="z-high", owner_id="u1", due_at=at, priority=TaskPriority.HIGH),
            make_task(id="a-none", owner_id="u1", due_at=at),
            make_task(id="early", owner_id="u1", due_at=now.add(hours=1)),
            make_task(id="m-medium", owner_id="u1", due_at=at, priority=TaskPriority.MEDIUM),
        ]
        buckets = task_buckets(_crm(*tasks), "u1", now=now)
        assert [t.id for t in buckets.due_today] == ["early", "z-high", "m-medium", "a-low", "a-none", "b-none"]

    def test_counts_read_as_a_named_tuple_and_as_a_mapping(self) -> None:
        now = pendulum.datetime(2026, 6, 10, 12, 0, tz="UTC")
        counts = task_buckets(_crm(make_task(owner_id="u1", due_at=now.subtract(days=1))), "u1", now=now).counts
        assert counts == (1, 0, 0)
        assert counts == {"overdue": 1, "due_today": 0, "due_tomorrow": 0}
        assert (counts.overdue, counts["due_today"], counts[2]) == (1, 0, 0)
        assert dict(counts) == {"overdue": 1, "due_today": 0, "due_tomorrow": 0}
        overdue, _, _ = counts
        assert overdue == 1
        assert counts != (1, 0, 1)
        assert hash(counts) == hash((1, 0, 0))
        with pytest.raises(KeyError):
            counts["later"]

    def test_the_local_day_of_a_dst_change_is_23_hours_long_for_bucketing(self) -> None:
        # Europe/Berlin springs forward on 29 March 2026: the day is 23 hours long.
        now = pendulum.datetime(2026, 3, 29, 12, 0, tz="Europe/Berlin")
        last_minute = pendulum.datetime(2026, 3, 29, 23, 59, tz="Europe/Berlin")
        next_midnight = pendulum.datetime(2026, 3, 30, 0, 0, tz="Europe/Berlin")
        crm = _crm(
            make_task(id="late", owner_id="u1", due_at=last_minute),
            make_task(id="next", owner_id="u1", due_at=next_midnight),
            tz="Europe/Berlin",
        )
        buckets = task_buckets(crm, "u1", now=now)
        assert [t.id for t in buckets.due_today] == ["late"]
        assert [t.id for t in buckets.due_tomorrow] == ["next"]

    @given(crm=sales_snapshots(), user_id=st.sampled_from(USER_IDS), now=instants)
    def test_buckets_never_overlap_and_agree_with_the_local_date_of_each_task(
        self, crm: CrmSnapshot, user_id: str, now: pendulum.DateTime
    ) -> None:
        buckets = task_buckets(crm, user_id, now=now)
        ids = [t.id for t in (*buckets.overdue, *buckets.due_today, *buckets.due_tomorrow)]
        assert len(ids) == len(set(ids))
        tz = crm.user(user_id).timezone
        today = local_date(now, tz)
        for task in buckets.overdue:
            assert task.due_at is not None
            assert local_date(task.due_at, tz) < today
        for task in buckets.due_today:
            assert task.due_at is not None
            assert local_date(task.due_at, tz) == today
        for task in buckets.due_tomorrow:
            assert task.due_at is not None
            assert (local_date(task.due_at, tz) - today).days == 1
        for task in (*buckets.overdue, *buckets.due_today, *buckets.due_tomorrow):
            assert task.owner_id == user_id
            assert task.is_open


def _seq_task(task_id: str, sequence_id: str, step: int, due: pendulum.DateTime | None, **kw: object) -> Task:
    return make_task(
        id=task_id,
        owner_id="u1",
        due_at=due,
        sequence=SequenceStep(
            sequence_id=sequence_id, enrollment_id=f"enr-{task_id}", step=step, sequence_name=f"Seq {sequence_id}"
        ),
        **kw,
    )


class TestSequenceCards:
    NOW = pendulum.datetime(2026, 6, 10, 8, 0, tz="UTC")

    def test_one_card_per_sequence_with_steps_ascending_and_tasks_by_due_time(self) -> None:
        now = self.NOW
        crm = _crm(
            _seq_task("a2-late", "A", 2, now.add(days=2)),
            _seq_task("a2-early", "A", 2, now.add(days=1)),
            _seq_task("a1", "A", 1, now.add(days=3)),
            _seq_task("b1", "B", 1, now.add(hours=1)),
            _seq_task("b-done", "B", 3, now, status=TaskStatus.COMPLETED),
            make_task(id="plain", owner_id="u1", due_at=now),
        )
        cards = sequence_cards(crm, "u1", now=now)
        assert [c.sequence_id for c in cards] == ["B", "A"]  # B has the earliest due task
        card_a = cards[1]
        assert card_a.sequence_name == "Seq A"
        assert card_a.step_numbers == (1, 2)
        assert [t.id for t in card_a.tasks_of_step(2)] == ["a2-early", "a2-late"]
        assert [t.id for t in card_a.all_tasks] == ["a1", "a2-early", "a2-late"]
        assert cards[0].step_numbers == (1,)  # the completed step-3 task is not on the card

    def test_a_user_without_open_sequence_tasks_has_no_cards(self) -> None:
        crm = _crm(_seq_task("x", "A", 1, self.NOW, status=TaskStatus.COMPLETED))
        assert sequence_cards(crm, "u1", now=self.NOW) == ()
        assert sequence_cards(crm, "u2", now=self.NOW) == ()

    def test_cards_with_only_undated_tasks_come_last(self) -> None:
        crm = _crm(_seq_task("undated", "A", 1, None), _seq_task("dated", "Z", 1, self.NOW.add(days=30)))
        assert [c.sequence_id for c in sequence_cards(crm, "u1", now=self.NOW)] == ["Z", "A"]
        assert sequence_cards(crm, "u1", now=self.NOW)[1].first_due_at is None

    @pytest.mark.parametrize("user_id", ["nobody", ""])
    def test_an_unknown_user_is_refused(self, user_id: str) -> None:
        from guided_actions.errors import GuidedActionsError

        with pytest.raises(GuidedActionsError, match="user"):
            sequence_cards(_crm(), user_id, now=self.NOW)
