"""The activity feed and the deals tab."""

from __future__ import annotations

import datetime as _dt

import attrs
import pendulum
import pytest

from guided_actions._builders import (
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_user,
)
from guided_actions.crm import Call, CrmSnapshot, Email, MeetingOutcome, Note, ObjectType, SequenceStep, TaskStatus
from guided_actions.errors import GuidedActionsError
from guided_actions.sales import DEAL_VIEWS, activity_feed, deal_views

NOW = pendulum.datetime(2026, 6, 10, 12, tz="UTC")


def _feed_crm() -> CrmSnapshot:
    return CrmSnapshot.build(
        users=[make_user(id="u1"), make_user(id="u2")],
        companies=[
            make_company(id="acme", owner_id="u1", target_account=True),
            make_company(id="other", owner_id="u2"),
        ],
        contacts=[
            make_contact(id="mine", owner_id="u1"),
            make_contact(id="at-acme", owner_id="u2", company_ids=("acme",)),
            make_contact(id="not-mine", owner_id="u2", company_ids=("other",)),
            make_contact(id="quiet", owner_id="u1"),
        ],
        emails=[
            make_email(id="e-mine", owner_id="u1", contact_ids=("mine",), sent_at=NOW.subtract(days=2)),
            make_email(id="e-old", owner_id="u1", contact_ids=("mine",), sent_at=NOW.subtract(days=366)),
            make_email(id="e-future", owner_id="u1", contact_ids=("mine",), sent_at=NOW.add(days=1)),
            make_email(id="e-not-mine", owner_id="u2", contact_ids=("not-mine",), sent_at=NOW),
        ],
        calls=[make_call(id="call-acme", owner_id="u2", contact_ids=("at-acme",), started_at=NOW.subtract(hours=1))],
        notes=[make_note(id="n-mine", owner_id="u1", contact_ids=("mine",), created_at=NOW.subtract(days=1))],
        tasks=[
            make_task(
                id="seq",
                owner_id="u1",
                contact_ids=("at-acme",),
                sequence=SequenceStep(sequence_id="s", enrollment_id="e", step=1),
            )
        ],
    )


class TestActivityFeed:
    def test_groups_cover_owned_contacts_and_contacts_of_owned_companies_newest_group_first(self) -> None:
        groups = activity_feed(_feed_crm(), "u1", now=NOW)
        assert [g.contact_id for g in groups] == ["at-acme", "mine"]
        assert [e.id for e in groups[1].activities] == ["n-mine", "e-mine"]  # newest first, last 365 days only
        assert groups[0].latest_at == NOW.subtract(hours=1)

    def test_a_contact_of_a_target_account_is_flagged(self) -> None:
        flags = {g.contact_id: g.target_account for g in activity_feed(_feed_crm(), "u1", now=NOW)}
        assert flags == {"at-acme": True, "mine": False}

    def test_activity_types_filter_keeps_only_those_engagement_kinds(self) -> None:
        groups = activity_feed(_feed_crm(), "u1", now=NOW, activity_types=[ObjectType.EMAIL])
        assert [(g.contact_id, [e.id for e in g.activities]) for g in groups] == [("mine", ["e-mine"])]
        assert activity_feed(_feed_crm(), "u1", now=NOW, activity_types=["note"])[0].activities[0].id == "n-mine"

    def test_activity_types_may_be_engagement_classes_or_a_single_kind(self) -> None:
        by_class = activity_feed(_feed_crm(), "u1", now=NOW, activity_types=[Email, Note])
        by_kind = activity_feed(_feed_crm(), "u1", now=NOW, activity_types=(ObjectType.EMAIL, ObjectType.NOTE))
        assert by_class == by_kind
        assert activity_feed(_feed_crm(), "u1", now=NOW, activity_types=Call) == activity_feed(
            _feed_crm(), "u1", now=NOW, activity_types="call"
        )

    def test_sequence_enrolled_filter_keeps_contacts_with_an_open_sequence_task_or_the_others(self) -> None:
        enrolled = activity_feed(_feed_crm(), "u1", now=NOW, sequence_enrolled=True)
        others = activity_feed(_feed_crm(), "u1", now=NOW, sequence_enrolled=False)
        assert [g.contact_id for g in enrolled] == ["at-acme"]
        assert [g.contact_id for g in others] == ["mine"]

    def test_a_completed_sequence_task_does_not_count_as_enrolled(self) -> None:
        crm = _feed_crm()
        crm = crm.evolve(upsert=[attrs.evolve(crm.task("seq"), status=TaskStatus.COMPLETED)])
        assert activity_feed(crm, "u1", now=NOW, sequence_enrolled=True) == ()

    def test_the_feed_is_unique_to_the_user(self) -> None:
        assert [g.contact_id for g in activity_feed(_feed_crm(), "u2", now=NOW)] == ["not-mine", "at-acme"]

    def test_an_unknown_activity_type_or_a_bad_enrollment_filter_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="'deal' is not an activity type"):
            activity_feed(_feed_crm(), "u1", now=NOW, activity_types=[ObjectType.DEAL])
        with pytest.raises(GuidedActionsError, match="'emails' is not an activity type"):
            activity_feed(_feed_crm(), "u1", now=NOW, activity_types=["emails"])
        with pytest.raises(GuidedActionsError, match="sequence_enrolled"):
            activity_feed(_feed_crm(), "u1", now=NOW, sequence_enrolled="yes")  # type: ignore[arg-type]

    def test_an_unknown_user_or_a_naive_now_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="unknown user"):
            activity_feed(_feed_crm(), "u9", now=NOW)
        with pytest.raises(GuidedActionsError, match="naive"):
            activity_feed(_feed_crm(), "u1", now=_dt.datetime(2026, 6, 10))


def _deals_crm() -> CrmSnapshot:
    return CrmSnapshot.build(
        users=[make_user(id="u1"), make_user(id="u2")],
        pipelines=[make_pipeline()],
        deals=[
            make_deal(id="quiet", owner_id="u1", close_date=_dt.date(2026, 7, 1)),
            make_deal(id="task-later", owner_id="u1", close_date=_dt.date(2026, 6, 20)),
            make_deal(id="meeting-later", owner_id="u1"),
            make_deal(id="overdue-only", owner_id="u1", close_date=_dt.date(2026, 6, 30)),
            make_deal(id="canceled-meeting", owner_id="u1", close_date=_dt.date(2026, 8, 1)),
            make_deal(id="won", owner_id="u1", stage_id="won"),
            make_deal(id="theirs", owner_id="u2"),
        ],
        tasks=[
            make_task(id="t1", owner_id="u2", deal_ids=("task-later",), due_at=NOW.add(days=2)),
            make_task(id="t2", owner_id="u1", deal_ids=("overdue-only",), due_at=NOW.subtract(days=2)),
            make_task(id="t3", owner_id="u1", deal_ids=("quiet",), due_at=NOW.add(days=2), status=TaskStatus.COMPLETED),
        ],
        meetings=[
            make_meeting(id="m1", owner_id="u1", deal_ids=("meeting-later",), start=NOW.add(hours=1)),
            make_meeting(id="m2", owner_id="u1", deal_ids=("quiet",), start=NOW.subtract(days=1)),
            make_meeting(
                id="m3",
                owner_id="u1",
                deal_ids=("canceled-meeting",),
                start=NOW.add(days=1),
                outcome=MeetingOutcome.CANCELED,
            ),
        ],
    )


class TestDealViews:
    def test_all_open_lists_the_users_open_deals_by_close_date_then_name(self) -> None:
        views = deal_views(_deals_crm(), "u1", now=NOW)
        assert tuple(views) == DEAL_VIEWS
        assert [d.id for d in views["all_open"]] == [
            "task-later",
            "overdue-only",
            "quiet",
            "canceled-meeting",
            "meeting-later",
        ]

    def test_no_activity_scheduled_are_open_deals_without_a_future_open_task_or_meeting(self) -> None:
        views = deal_views(_deals_crm(), "u1", now=NOW)
        assert [d.id for d in views["no_activity_scheduled"]] == ["overdue-only", "quiet", "canceled-meeting"]

    def test_the_views_are_read_only(self) -> None:
        views = deal_views(_deals_crm(), "u1", now=NOW)
        with pytest.raises(TypeError):
            views["all_open"] = ()  # type: ignore[index]

    def test_an_unknown_user_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="deal_views: unknown user"):
            deal_views(_deals_crm(), "nobody", now=NOW)
