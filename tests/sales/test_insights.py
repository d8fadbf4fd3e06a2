"""Deal insights: recent activity and named risks, permission-aware."""

from __future__ import annotations

import datetime as _dt

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import (
    make_call,
    make_contact,
    make_deal,
    make_email,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_user,
)
from guided_actions.crm import CrmSnapshot, Engagement, ObjectRef, ObjectType, Record, User
from guided_actions.errors import GuidedActionsError
from guided_actions.sales import RiskCode, deal_insights
from tests.sales._strategies import USER_IDS, deal_engagements, instants, sales_snapshots

NOW = pendulum.datetime(2026, 6, 10, 12, tz="UTC")


def _crm(*engagements: Engagement, **deal: object) -> CrmSnapshot:
    fields: dict[str, object] = {"owner_id": "rep", "contact_ids": ("c1",)}
    fields.update(deal)
    return CrmSnapshot.build(
        users=[
            make_user(id="rep"),
            make_user(id="peer"),
            make_user(id="admin", super_admin=True),
            make_user(id="tokyo", timezone="Asia/Tokyo"),
        ],
        contacts=[make_contact(id="c1")],
        pipelines=[make_pipeline()],
        deals=[make_deal(**fields)],
        meetings=[e for e in engagements if e.kind is ObjectType.MEETING],  # type: ignore[misc]
        calls=[e for e in engagements if e.kind is ObjectType.CALL],  # type: ignore[misc]
        emails=[e for e in engagements if e.kind is ObjectType.EMAIL],  # type: ignore[misc]
        notes=[e for e in engagements if e.kind is ObjectType.NOTE],  # type: ignore[misc]
        tasks=[e for e in engagements if e.kind is ObjectType.TASK],  # type: ignore[misc]
    )


class TestRecentActivity:
    def test_the_five_most_recent_meetings_notes_emails_and_calls_newest_first(self) -> None:
        notes = [
            make_note(id=f"n{i}", owner_id="rep", deal_ids=("d1",), created_at=NOW.subtract(days=i))
            for i in range(1, 8)
        ]
        future = make_meeting(id="next", owner_id="rep", deal_ids=("d1",), start=NOW.add(days=1))
        task = make_task(id="t", owner_id="rep", deal_ids=("d1",), created_at=NOW, due_at=NOW.add(days=1))
        insights = deal_insights(_crm(*notes, future, task), "d1", viewer_id="rep", now=NOW)
        assert [e.id for e in insights.recent_activity] == ["n1", "n2", "n3", "n4", "n5"]
        assert insights.activity_considered == 7

    def test_at_most_100_engagements_are_considered(self) -> None:
        notes = [
            make_note(id=f"n{i}", owner_id="rep", deal_ids=("d1",), created_at=NOW.subtract(hours=i))
            for i in range(1, 131)
        ]
        assert deal_insights(_crm(*notes), "d1", viewer_id="rep", now=NOW).activity_considered == 100

    def test_two_reps_get_different_recent_activity_for_the_same_deal(self) -> None:
        email = make_email(id="budget-cut", owner_id="peer", deal_ids=("d1",), sent_at=NOW.subtract(days=1))
        crm = _crm(email, owner_id=None)  # a deal nobody owns: only the email's owner (and admins) see it
        assert [e.id for e in deal_insights(crm, "d1", viewer_id="peer", now=NOW).recent_activity] == ["budget-cut"]
        assert deal_insights(crm, "d1", viewer_id="rep", now=NOW).recent_activity == ()
        assert [e.id for e in deal_insights(crm, "d1", viewer_id="admin", now=NOW).recent_activity] == ["budget-cut"]


class TestRisks:
    def test_a_bare_open_deal_has_no_follow_up_scheduled_but_no_other_risk(self) -> None:
        insights = deal_insights(_crm(), "d1", viewer_id="rep", now=NOW)
        assert insights.risk_codes == (RiskCode.NO_FOLLOW_UP_SCHEDULED,)
        assert insights.has_risk("no_follow_up_scheduled")

    def test_a_future_task_or_meeting_is_a_follow_up(self) -> None:
        task = make_task(owner_id="rep", deal_ids=("d1",), due_at=NOW.add(days=3))
        meeting = make_meeting(owner_id="rep", deal_ids=("d1",), start=NOW.add(days=3))
        assert not deal_insights(_crm(task), "d1", viewer_id="rep", now=NOW).has_risk("no_follow_up_scheduled")
        assert not deal_insights(_crm(meeting), "d1", viewer_id="rep", now=NOW).has_risk("no_follow_up_scheduled")

    def test_next_steps_older_than_the_last_ended_meeting_are_stale_and_point_at_it(self) -> None:
        met = make_meeting(id="m1", owner_id="rep", deal_ids=("d1",), start=NOW.subtract(days=2))
        call = make_call(id="call1", owner_id="rep", deal_ids=("d1",), started_at=NOW.subtract(days=5))
        insights = deal_insights(
            _crm(met, call, next_steps_updated_at=NOW.subtract(days=3)), "d1", viewer_id="rep", now=NOW
        )
        (risk,) = [r for r in insights.risks if r.code == "next_steps_stale"]
        assert risk.evidence == (ObjectRef(ObjectType.MEETING, "m1"),)
        assert "meeting" in risk.message

    def test_next_steps_updated_after_the_last_call_are_not_stale(self) -> None:
        call = make_call(owner_id="rep", deal_ids=("d1",), started_at=NOW.subtract(days=5))
        crm = _crm(call, next_steps_updated_at=NOW.subtract(days=4))
        assert not deal_insights(crm, "d1", viewer_id="rep", now=NOW).has_risk("next_steps_stale")

    def test_never_updated_next_steps_after_a_call_are_stale(self) -> None:
        call = make_call(owner_id="rep", deal_ids=("d1",), started_at=NOW.subtract(days=5))
        assert deal_insights(_crm(call), "d1", viewer_id="rep", now=NOW).has_risk(RiskCode.NEXT_STEPS_STALE)

    def test_close_date_passed_is_before_today_in_the_viewers_timezone(self) -> None:
        # 10 June 16:00 UTC is already 11 June 01:00 in Tokyo.
        now = pendulum.datetime(2026, 6, 10, 16, tz="UTC")
        crm = _crm(close_date=_dt.date(2026, 6, 10))
        assert not deal_insights(crm, "d1", viewer_id="rep", now=now).has_risk("close_date_passed")
        assert deal_insights(crm, "d1", viewer_id="tokyo", now=now).has_risk("close_date_passed")
        assert deal_insights(crm, "d1", viewer_id="rep", now=now.add(hours=8)).has_risk("close_date_passed")

    def test_a_deal_without_contacts_carries_no_contact_even_when_closed(self) -> None:
        assert deal_insights(_crm(contact_ids=()), "d1", viewer_id="rep", now=NOW).has_risk("no_contact")
        closed = deal_insights(
            _crm(contact_ids=(), stage_id="won", close_date=_dt.date(2020, 1, 1)), "d1", viewer_id="rep", now=NOW
        )
        assert closed.risk_codes == (RiskCode.NO_CONTACT,)

    def test_risks_come_in_the_order_of_risk_code(self) -> None:
        call = make_call(owner_id="rep", deal_ids=("d1",), started_at=NOW.subtract(days=5))
        insights = deal_insights(
            _crm(call, contact_ids=(), close_date=_dt.date(2026, 1, 1)), "d1", viewer_id="rep", now=NOW
        )
        assert insights.risk_codes == tuple(RiskCode)

    def test_an_engagement_the_viewer_may_not_see_does_not_count_as_a_follow_up(self) -> None:
        theirs = make_task(owner_id="peer", deal_ids=("d1",), due_at=NOW.add(days=1))
        crm = _crm(theirs, owner_id="admin")
        assert deal_insights(crm, "d1", viewer_id="rep", now=NOW).has_risk("no_follow_up_scheduled")
        assert not deal_insights(crm, "d1", viewer_id="peer", now=NOW).has_risk("no_follow_up_scheduled")

    def test_a_host_can_view_check_is_used_instead_of_the_default(self) -> None:
        call = make_call(owner_id="rep", deal_ids=("d1",), started_at=NOW.subtract(days=5))
        seen: list[tuple[str, str]] = []

        def nothing(viewer: User, engagement: Engagement) -> bool:
            seen.append((viewer.id, engagement.id))
            return False

        insights = deal_insights(_crm(call), "d1", viewer_id="rep", now=NOW, can_view=nothing)
        assert seen == [("rep", "call1")]
        assert insights.recent_activity == ()
        assert not insights.has_risk("next_steps_stale")


class TestInsightsProperties:
    @given(crm=sales_snapshots(), now=instants, data=st.data())
    def test_adding_an_engagement_the_viewer_may_not_see_never_changes_their_insights(
        self, crm: CrmSnapshot, now: pendulum.DateTime, data: st.DataObject
    ) -> None:
        deal = crm.deal("d1")
        viewer = data.draw(st.sampled_from([u for u in USER_IDS if u != deal.owner_id]), label="viewer")
        owner = data.draw(st.sampled_from([u for u in USER_IDS if u != viewer]), label="owner")
        # Under the default check a plain rep sees only their own engagements on a deal they do not own.
        crm = crm.evolve(upsert=[attrs.evolve(crm.user(viewer), super_admin=False)])
        extra: Record = data.draw(deal_engagements(engagement_id="unseen", owner_id=owner))
        before = deal_insights(crm, "d1", viewer_id=viewer, now=now)
        after = deal_insights(crm.evolve(upsert=[extra]), "d1", viewer_id=viewer, now=now)
        assert after == before

    @given(crm=sales_snapshots(), viewer=st.sampled_from(USER_IDS), now=instants, data=st.data())
    def test_with_any_host_check_a_hidden_engagement_never_influences_the_result(
        self, crm: CrmSnapshot, viewer: str, now: pendulum.DateTime, data: st.DataObject
    ) -> None:
        extra: Record = data.draw(deal_engagements(engagement_id="secret", owner_id=viewer))

        def hide_secret(user: User, engagement: Engagement) -> bool:
            return engagement.id != "secret"

        before = deal_insights(crm, "d1", viewer_id=viewer, now=now, can_view=hide_secret)
        after = deal_insights(crm.evolve(upsert=[extra]), "d1", viewer_id=viewer, now=now, can_view=hide_secret)
        assert after == before

    @given(crm=sales_snapshots(), viewer=st.sampled_from(USER_IDS), now=instants)
    def test_recent_activity_is_at_most_five_visible_past_engagements_newest_first(
        self, crm: CrmSnapshot, viewer: str, now: pendulum.DateTime
    ) -> None:
        insights = deal_insights(crm, "d1", viewer_id=viewer, now=now)
        times = [e.happened_at for e in insights.recent_activity]
        assert len(times) <= 5
        assert all(t is not None and t <= now for t in times)
        assert times == sorted(times, reverse=True)  # type: ignore[type-var]


class TestInsightsBadInput:
    def test_an_unknown_deal_is_refused_with_a_suggestion(self) -> None:
        with pytest.raises(GuidedActionsError, match=r"unknown deal deal_id='d11' \(did you mean 'd1'\?\)"):
            deal_insights(_crm(), "d11", viewer_id="rep", now=NOW)

    def test_an_unknown_viewer_a_naive_now_or_a_non_callable_check_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="viewer_id"):
            deal_insights(_crm(), "d1", viewer_id="ghost", now=NOW)
        with pytest.raises(GuidedActionsError, match="naive"):
            deal_insights(_crm(), "d1", viewer_id="rep", now=_dt.datetime(2026, 6, 10))
        with pytest.raises(GuidedActionsError, match="can_view"):
            deal_insights(_crm(), "d1", viewer_id="rep", now=NOW, can_view=True)  # type: ignore[arg-type]
