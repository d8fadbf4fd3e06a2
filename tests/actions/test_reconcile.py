"""Reconcile's rules: nothing lost, expire first, combined actions, association snapshots, order, time windows."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from guided_actions._builders import make_contact, make_meeting, make_task, make_user
from guided_actions.actions import (
    ActionCategory,
    ActionStatus,
    ActionType,
    Feedback,
    GuidedAction,
    default_registry,
    explain,
    reconcile,
    with_feedback,
)
from guided_actions.crm import MeetingOutcome, ObjectRef, ObjectType, TaskPriority, TaskStatus
from guided_actions.errors import GuidedActionsError
from tests.actions._scenes import DAY, HOUR, MINUTE, NOW, SECOND, U1, Scene, base, find, scene

T = ActionType


def _created(s: Scene, action_type: ActionType) -> GuidedAction:
    action = find(s.reconcile().created, action_type, s)
    assert action is not None
    return action


class TestNothingIsLost:
    def test_actions_of_unknown_types_come_back_unchanged(self) -> None:
        s = scene(T.SEQUENCE_ACTIVITY)
        alien = attrs.evolve(_created(s, T.SEQUENCE_ACTIVITY), id="x", type="host_rule")
        result = s.reconcile(known=(alien,))
        assert alien in result.unchanged

    def test_actions_of_users_outside_user_ids_come_back_unchanged(self) -> None:
        s = scene(T.SEQUENCE_ACTIVITY)
        action = _created(s, T.SEQUENCE_ACTIVITY)
        result = s.drop("tasks", "task1").reconcile(known=(action,), user_ids=["u2"])
        assert result.unchanged == (action,)
        assert result.expired == ()

    def test_expired_known_actions_are_not_returned(self) -> None:
        s = scene(T.SEQUENCE_ACTIVITY)
        action = attrs.evolve(
            _created(s, T.SEQUENCE_ACTIVITY),
            status=ActionStatus.EXPIRED,
            expired_at=NOW,
            expiry_reason="criteria_unmet",
        )
        result = s.reconcile(known=(action,))
        assert action not in result.expired + result.active
        assert find(result.created, T.SEQUENCE_ACTIVITY, s) is None

    def test_an_active_action_blocks_a_second_one_for_the_same_subject(self) -> None:
        s = scene(T.TARGET_ACCOUNT_ACTIVITY)
        action = _created(s, T.TARGET_ACCOUNT_ACTIVITY)
        newer = s.change("contacts", "c1", last_engaged_at=NOW - HOUR)
        result = newer.reconcile(known=(action,))
        assert result.unchanged == (action,)
        assert find(result.created, T.TARGET_ACCOUNT_ACTIVITY, s) is None


class TestCombinedActions:
    def test_a_new_qualifying_item_updates_the_action(self) -> None:
        s = scene(T.LOG_MEETING_OUTCOME)
        action = _created(s, T.LOG_MEETING_OUTCOME)
        more = s.add(
            make_meeting(id="m2", owner_id="u1", start=NOW - 3 * HOUR, end=NOW - 2 * HOUR, contact_ids=("c1",))
        )
        result = more.reconcile(known=(action,))
        (updated,) = result.updated
        assert updated.id == action.id
        assert set(updated.items) == {ObjectRef(ObjectType.MEETING, "m1"), ObjectRef(ObjectType.MEETING, "m2")}
        assert updated.contact_ids == ("c1",)

    def test_an_item_that_stops_qualifying_leaves_the_action(self) -> None:
        s = scene(T.LOG_MEETING_OUTCOME).add(
            make_meeting(id="m2", owner_id="u1", start=NOW - 3 * HOUR, end=NOW - 2 * HOUR)
        )
        action = _created(s, T.LOG_MEETING_OUTCOME)
        assert len(action.items) == 2
        result = s.change("meetings", "m2", outcome=MeetingOutcome.COMPLETED).reconcile(known=(action,))
        (updated,) = result.updated
        assert updated.items == (ObjectRef(ObjectType.MEETING, "m1"),)

    def test_the_subject_of_a_combined_action_is_its_owner(self) -> None:
        action = _created(scene(T.LOG_CALL_OUTCOME), T.LOG_CALL_OUTCOME)
        assert action.subject == U1
        assert action.items == (ObjectRef(ObjectType.CALL, "call1"),)

    def test_todays_tasks_are_one_action_per_local_day(self) -> None:
        s = scene(T.TODAYS_HIGH_PRIORITY_TASKS)
        today = _created(s, T.TODAYS_HIGH_PRIORITY_TASKS)
        tomorrow = s.add(make_task(id="task2", owner_id="u1", priority=TaskPriority.HIGH, due_at=NOW + DAY)).at(
            NOW + DAY
        )
        result = tomorrow.reconcile(known=(today,))
        assert [a.expiry_reason for a in result.expired] == ["no_items"]
        fresh = find(result.created, T.TODAYS_HIGH_PRIORITY_TASKS, s)
        assert fresh is not None
        assert fresh.key == "u1/2026-03-03"
        assert fresh.items == (ObjectRef(ObjectType.TASK, "task2"),)


class TestAssociationsAreASnapshot:
    def test_later_association_changes_do_not_reach_the_action(self) -> None:
        s = scene(T.FOLLOW_UP_MEETING).change("meetings", "m1", contact_ids=("c1",))
        action = _created(s, T.FOLLOW_UP_MEETING)
        assert action.contact_ids == ("c1",)
        result = s.change("meetings", "m1", contact_ids=()).reconcile(known=(action,))
        assert result.unchanged == (action,)
        assert result.unchanged[0].contact_ids == ("c1",)

    def test_a_contact_action_carries_the_contact_and_its_companies(self) -> None:
        action = _created(scene(T.TARGET_ACCOUNT_ACTIVITY), T.TARGET_ACCOUNT_ACTIVITY)
        assert (action.contact_ids, action.company_ids) == (("c1",), ("co1",))


class TestOrder:
    def test_output_is_sorted_by_owner_category_and_table_order(self) -> None:
        s = scene(T.FOLLOW_UP_WITH_BUYER).add(
            make_task(id="t7", owner_id="u1", priority=TaskPriority.HIGH, due_at=NOW + HOUR),
            make_task(id="t8", owner_id="u2", priority=TaskPriority.HIGH, due_at=NOW + HOUR),
        )
        s = s.add(make_contact(id="c2", owner_id="u1", owner_assigned_at=NOW - DAY))
        created = s.reconcile().created
        registry = default_registry()
        order = {rule.type: i for i, rule in enumerate(registry)}
        rank = {ActionCategory.DEAL: 0, ActionCategory.PROSPECTING: 1, None: 2}
        keys = [(a.owner_id, rank[a.category(registry)], order[a.type]) for a in created]
        assert keys == sorted(keys)
        assert [a.owner_id for a in created][-1] == "u2"
        assert {a.category(registry) for a in created} == {ActionCategory.DEAL, ActionCategory.PROSPECTING, None}


class TestTimeWindows:
    @pytest.mark.parametrize(
        ("action_type", "change", "created"),
        [
            pytest.param(
                T.FOLLOW_UP_MEETING, {"start": NOW - 8 * DAY, "end": NOW - 7 * DAY}, False, id="7 days: exactly"
            ),
            pytest.param(
                T.FOLLOW_UP_MEETING,
                {"start": NOW - 8 * DAY, "end": NOW - 7 * DAY + SECOND},
                True,
                id="7 days: just under",
            ),
            pytest.param(T.LOG_MEETING_OUTCOME, {"end": NOW - HOUR}, True, id="1 hour: exactly"),
            pytest.param(T.LOG_MEETING_OUTCOME, {"end": NOW - HOUR + SECOND}, False, id="1 hour: just under"),
            pytest.param(
                T.UPCOMING_MEETING_PREP,
                {"start": NOW - 10 * MINUTE, "end": NOW + HOUR},
                False,
                id="10 minutes: exactly",
            ),
            pytest.param(
                T.UPCOMING_MEETING_PREP,
                {"start": NOW - 10 * MINUTE + SECOND, "end": NOW + HOUR},
                True,
                id="10 minutes: just under",
            ),
            pytest.param(
                T.UPCOMING_MEETING_PREP,
                {"start": NOW + 24 * HOUR, "end": NOW + 25 * HOUR},
                True,
                id="24 hours: exactly",
            ),
            pytest.param(
                T.UPCOMING_MEETING_PREP,
                {"start": NOW + 24 * HOUR + SECOND, "end": NOW + 25 * HOUR},
                False,
                id="24 hours: just over",
            ),
        ],
    )
    def test_meeting_windows(self, action_type: ActionType, change: dict[str, dt.datetime], created: bool) -> None:
        s = scene(action_type).change("meetings", "m1", **change)
        assert (find(s.reconcile().created, action_type, s) is not None) is created

    @pytest.mark.parametrize(
        ("ago", "created"),
        [
            pytest.param(30 * DAY, False, id="30 days: exactly"),
            pytest.param(30 * DAY - SECOND, True, id="30 days: just under"),
        ],
    )
    def test_newly_assigned_is_less_than_30_days(self, ago: dt.timedelta, created: bool) -> None:
        s = scene(T.NEWLY_ASSIGNED_CONTACTS).change("contacts", "c1", owner_assigned_at=NOW - ago)
        assert (find(s.reconcile().created, T.NEWLY_ASSIGNED_CONTACTS, s) is not None) is created

    @pytest.mark.parametrize(
        ("ended", "created"),
        [
            pytest.param(24 * HOUR, False, id="24 hours: exactly"),
            pytest.param(24 * HOUR + SECOND, True, id="24 hours: over"),
        ],
    )
    def test_update_next_steps_waits_more_than_24_hours(self, ended: dt.timedelta, created: bool) -> None:
        s = scene(T.UPDATE_NEXT_STEPS).change("meetings", "m1", start=NOW - ended - HOUR, end=NOW - ended)
        assert (find(s.reconcile().created, T.UPDATE_NEXT_STEPS, s) is not None) is created

    @pytest.mark.parametrize(
        ("age", "expired"),
        [
            pytest.param(30 * DAY - SECOND, False, id="30 days old: just under"),
            pytest.param(30 * DAY, True, id="30 days old: exactly"),
            pytest.param(7 * DAY, False, id="more than 7 days old: exactly"),
        ],
    )
    def test_max_age(self, age: dt.timedelta, expired: bool) -> None:
        action_type = T.NEWLY_ASSIGNED_LEADS if age > 7 * DAY else T.ADD_CONTACT_TO_DEAL
        s = scene(action_type)
        action = _created(s, action_type)
        result = s.at(NOW + age).reconcile(known=(action,))
        assert bool(result.expired) is expired

    def test_the_meeting_prep_expires_exactly_10_minutes_after_the_start(self) -> None:
        s = scene(T.UPCOMING_MEETING_PREP)
        action = _created(s, T.UPCOMING_MEETING_PREP)
        assert s.at(NOW + 2 * HOUR + 10 * MINUTE - SECOND).reconcile(known=(action,)).unchanged == (action,)
        assert (
            s.at(NOW + 2 * HOUR + 10 * MINUTE).reconcile(known=(action,)).expired[0].expiry_reason == "meeting_started"
        )


class TestToday:
    def test_today_is_the_users_own_calendar_day(self) -> None:
        # 2026-03-02 12:00 UTC is 3 March 01:00 in Auckland and 2 March 04:00 in Los Angeles.
        s = base(subject=U1).add(
            make_user(id="u1", timezone="Pacific/Auckland"),
            make_user(id="u2", timezone="America/Los_Angeles"),
            make_task(id="early", owner_id="u1", priority=TaskPriority.HIGH, due_at=NOW - 2 * HOUR),
            make_task(id="late", owner_id="u1", priority=TaskPriority.HIGH, due_at=NOW + 8 * HOUR),
            make_task(id="early2", owner_id="u2", priority=TaskPriority.HIGH, due_at=NOW - 2 * HOUR),
            make_task(id="late2", owner_id="u2", priority=TaskPriority.HIGH, due_at=NOW + 8 * HOUR),
        )
        created = {a.owner_id: a for a in s.reconcile().created if a.type == T.TODAYS_HIGH_PRIORITY_TASKS}
        assert created["u1"].key == "u1/2026-03-03"
        assert created["u1"].items == (ObjectRef(ObjectType.TASK, "late"),)
        assert created["u2"].key == "u2/2026-03-02"
        assert set(created["u2"].items) == {ObjectRef(ObjectType.TASK, "early2"), ObjectRef(ObjectType.TASK, "late2")}


class TestRule14Owner:
    def test_an_unowned_contact_goes_to_the_target_companys_owner(self) -> None:
        s = scene(T.TARGET_ACCOUNT_ACTIVITY).change("contacts", "c1", owner_id=None)
        s = attrs.evolve(s, owner="u2")
        assert find(s.reconcile().created, T.TARGET_ACCOUNT_ACTIVITY, s) is not None


class TestFeedbackAndHelpers:
    def test_with_feedback_sets_only_the_feedback(self) -> None:
        action = _created(scene(T.EMAIL_REPLIES), T.EMAIL_REPLIES)
        rated = with_feedback(action, Feedback.HELPFUL)
        assert rated.feedback is Feedback.HELPFUL
        assert attrs.evolve(rated, feedback=None) == action
        assert with_feedback(action, "not_helpful").feedback is Feedback.NOT_HELPFUL

    def test_unknown_feedback_is_refused(self) -> None:
        action = _created(scene(T.EMAIL_REPLIES), T.EMAIL_REPLIES)
        with pytest.raises(GuidedActionsError, match="unknown feedback"):
            with_feedback(action, "meh")

    def test_title_and_category_come_from_the_registry(self) -> None:
        action = _created(scene(T.EMAIL_REPLIES), T.EMAIL_REPLIES)
        assert action.title() == "Email replies"
        assert action.category() is ActionCategory.PROSPECTING
        assert attrs.evolve(action, type="mine").title() == "mine"

    def test_done_counts_only_done_reasons(self) -> None:
        action = _created(scene(T.EMAIL_REPLIES), T.EMAIL_REPLIES)
        assert not action.done
        assert attrs.evolve(action, status=ActionStatus.EXPIRED, expiry_reason="email_sent").done
        assert not attrs.evolve(action, status=ActionStatus.EXPIRED, expiry_reason="max_age").done


class TestBadInput:
    def test_a_naive_now_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="aware"):
            reconcile(scene(T.EMAIL_REPLIES).build(), now=dt.datetime(2026, 3, 2))

    def test_unknown_user_ids_are_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="nobody"):
            scene(T.EMAIL_REPLIES).reconcile(user_ids=["nobody"])

    def test_the_same_known_id_twice_is_refused(self) -> None:
        action = _created(scene(T.EMAIL_REPLIES), T.EMAIL_REPLIES)
        with pytest.raises(GuidedActionsError, match="twice"):
            scene(T.EMAIL_REPLIES).reconcile(known=(action, action))

    def test_changed_and_since_do_a_full_reconcile(self) -> None:
        s = scene(T.EMAIL_REPLIES)
        full = s.reconcile()
        assert reconcile(s.build(), now=NOW, changed=[U1], since=NOW - DAY) == full


class TestExplain:
    def test_the_checklist_marks_each_line(self) -> None:
        s = scene(T.EMAIL_REPLIES).change("contacts", "c1", owner_id="u2")
        report = explain(s.build(), T.EMAIL_REPLIES, s.subject, user_id="u1", now=NOW)
        text = str(report)
        assert "✗ assigned_to_you: assigned to you" in text
        assert "✓ replied" in text
        assert "would not be created" in text

    def test_a_combined_action_can_be_explained_by_its_owner(self) -> None:
        s = scene(T.LOG_CALL_OUTCOME)
        report = explain(s.build(), "log_call_outcome", U1, user_id="u1", now=NOW)
        assert report.would_create
        assert report.items == (ObjectRef(ObjectType.CALL, "call1"),)

    @pytest.mark.parametrize(
        ("action_type", "subject", "user", "message"),
        [
            pytest.param(
                "email_replys", ObjectRef(ObjectType.CONTACT, "c1"), "u1", "did you mean 'email_replies'", id="typo"
            ),
            pytest.param("email_replies", ObjectRef(ObjectType.DEAL, "d1"), "u1", "not deal", id="wrong kind"),
            pytest.param(
                "email_replies", ObjectRef(ObjectType.CONTACT, "zz"), "u1", "not in the snapshot", id="missing"
            ),
            pytest.param("email_replies", ObjectRef(ObjectType.CONTACT, "c1"), "u9", "u9", id="unknown user"),
        ],
    )
    def test_bad_questions_are_refused(self, action_type: str, subject: ObjectRef, user: str, message: str) -> None:
        with pytest.raises(GuidedActionsError, match=message):
            explain(scene(T.EMAIL_REPLIES).build(), action_type, subject, user_id=user, now=NOW)

    def test_explain_never_reads_the_clock(self) -> None:
        later = pendulum.datetime(2026, 3, 20, tz="UTC")
        s = scene(T.SEQUENCE_ACTIVITY).change("tasks", "task1", status=TaskStatus.COMPLETED)
        report = explain(s.build(), T.SEQUENCE_ACTIVITY, s.subject, user_id="u1", now=later)
        assert [c.holds for c in report.conditions] == [True]
