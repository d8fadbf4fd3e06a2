"""synthetic_portal: deterministic, linear in scale, strict-valid, and rich enough for every rule."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

import pendulum
import pytest

from guided_actions._portal import (
    BASE_COUNTS,
    DEAL_PIPELINE,
    LEAD_PIPELINE,
    VENDOR_DOMAIN,
    synthetic_portal,
    synthetic_records,
)
from guided_actions.crm import (
    CallStatus,
    CrmSnapshot,
    EmailDirection,
    MeetingOutcome,
    ObjectType,
    StageState,
    TaskPriority,
)
from guided_actions.crm._calendar import local_day_bounds
from guided_actions.errors import GuidedActionsError

NOW = pendulum.datetime(2026, 3, 4, 10, 30, tz="UTC")
NOW_UTC = _dt.datetime(2026, 3, 4, 10, 30, tzinfo=_dt.UTC)  # stdlib, for arithmetic with stdlib values
HOUR, DAY = _dt.timedelta(hours=1), _dt.timedelta(days=1)


@pytest.fixture(scope="module")
def crm() -> CrmSnapshot:
    return synthetic_portal(scale=1, seed=1, now=NOW)


def _total(crm: CrmSnapshot) -> int:
    return sum(crm.counts().values())


class TestDeterminismAndSize:
    def test_the_same_arguments_give_equal_snapshots(self) -> None:
        assert synthetic_portal(users=3, scale=0.2, seed=5, now=NOW) == synthetic_portal(
            users=3, scale=0.2, seed=5, now=NOW
        )

    def test_another_seed_gives_another_portal_of_about_the_same_size(self) -> None:
        first = synthetic_portal(users=3, scale=0.2, seed=5, now=NOW)
        second = synthetic_portal(users=3, scale=0.2, seed=6, now=NOW)
        assert first != second
        assert abs(_total(first) - _total(second)) < 0.05 * _total(first)

    def test_scale_one_is_about_ten_thousand_records(self, crm: CrmSnapshot) -> None:
        assert 9_500 <= _total(crm) <= 10_500

    def test_the_record_count_of_every_kind_grows_linearly_with_scale(self) -> None:
        counts = {scale: synthetic_portal(scale=scale, seed=2, now=NOW).counts() for scale in (1, 2, 4)}
        for scale, by_kind in counts.items():
            assert sum(by_kind.values()) / scale == pytest.approx(sum(counts[1].values()), rel=0.05)
            for kind in ("companies", "contacts", "leads", "deals", "tasks", "meetings", "calls", "emails", "notes"):
                assert by_kind[kind] / scale == pytest.approx(counts[1][kind], rel=0.1), kind

    def test_scale_zero_holds_only_users_teams_and_pipelines(self) -> None:
        counts = synthetic_portal(users=2, scale=0, now=NOW).counts()
        assert {kind for kind, n in counts.items() if n} == {"users", "teams", "pipelines"}

    def test_the_portal_is_strict_valid_and_rebuilds_from_its_records(self, crm: CrmSnapshot) -> None:
        assert crm.strict
        rebuilt = CrmSnapshot.build(**synthetic_records(scale=1, seed=1, now=NOW), strict=True)
        assert rebuilt == crm

    def test_the_portal_does_not_depend_on_the_zone_now_is_given_in(self) -> None:
        berlin = NOW.in_timezone("Europe/Berlin")
        assert synthetic_portal(scale=0.1, now=berlin) == synthetic_portal(scale=0.1, now=NOW)

    def test_base_counts_are_the_drawn_records_per_kind_at_scale_one(self, crm: CrmSnapshot) -> None:
        assert crm.counts()["contacts"] == BASE_COUNTS["contacts"]
        assert crm.counts()["deals"] == BASE_COUNTS["deals"]


class TestBadInput:
    @pytest.mark.parametrize(
        "arguments",
        [
            pytest.param({"users": 0}, id="no users"),
            pytest.param({"users": 2.5}, id="fractional users"),
            pytest.param({"scale": -1}, id="negative scale"),
            pytest.param({"scale": True}, id="bool scale"),
            pytest.param({"now": _dt.datetime(2026, 1, 1)}, id="naive now"),
        ],
    )
    def test_bad_arguments_are_refused_with_a_guided_actions_error(self, arguments: dict[str, Any]) -> None:
        given: dict[str, Any] = {"users": 3, "scale": 0.1, "now": NOW, **arguments}
        with pytest.raises(GuidedActionsError):
            synthetic_portal(**given)


class TestPeopleAndRecords:
    def test_users_live_in_several_zones_including_both_hemispheres_dst(self, crm: CrmSnapshot) -> None:
        zones = {u.timezone for u in crm.users}
        assert {"Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin"} <= zones
        assert all(u.primary_team_id in {t.id for t in crm.teams} for u in crm.users)
        assert len(crm.users) == 10

    def test_there_is_a_deal_pipeline_and_a_lead_pipeline(self, crm: CrmSnapshot) -> None:
        assert crm.pipeline(DEAL_PIPELINE.id).object_type is ObjectType.DEAL
        assert crm.pipeline(LEAD_PIPELINE.id).object_type is ObjectType.LEAD

    def test_companies_include_target_accounts_and_have_contacts(self, crm: CrmSnapshot) -> None:
        targets = [c for c in crm.companies if c.target_account]
        assert 0.05 * len(crm.companies) < len(targets) < 0.2 * len(crm.companies)
        assert all(crm.contacts_of_company(c.id) for c in targets[:10])

    def test_some_contacts_share_the_users_domain_and_some_have_no_address(self, crm: CrmSnapshot) -> None:
        domains = Counter(c.domain for c in crm.contacts)
        assert domains[VENDOR_DOMAIN] > 20
        assert domains[None] > 20

    def test_deals_sit_in_every_stage_and_some_have_no_contact(self, crm: CrmSnapshot) -> None:
        stages = Counter(d.stage_id for d in crm.deals)
        assert set(stages) == {s.id for s in DEAL_PIPELINE.stages}
        assert sum(1 for d in crm.deals if not d.contact_ids) > 20

    def test_leads_are_open_qualified_disqualified_and_some_re_engaged(self, crm: CrmSnapshot) -> None:
        states = Counter(stage.state for lead in crm.leads if (stage := crm.stage_of(lead)) is not None)
        assert min(states[StageState.OPEN], states[StageState.WON], states[StageState.LOST]) > 30
        re_engaged = [
            lead
            for lead in crm.leads
            if crm.stage_of(lead) is not None
            and crm.stage_of(lead).state is StageState.LOST  # type: ignore[union-attr]
            and (engaged := crm.contact(lead.contact_id).last_engaged_at) is not None
            and lead.stage_entered_at is not None
            and engaged > lead.stage_entered_at
            and NOW_UTC - engaged < 30 * DAY
        ]
        assert len(re_engaged) > 10


class TestEngagements:
    def test_open_tasks_are_due_overdue_today_tomorrow_and_later_in_the_owners_zone(self, crm: CrmSnapshot) -> None:
        buckets: Counter[str] = Counter()
        for user in crm.users:
            today, tomorrow = local_day_bounds(NOW, user.timezone)
            after = tomorrow.add(days=1)
            for task in crm.owned_by(user.id, ObjectType.TASK):
                if task.is_open and task.due_at is not None:
                    due = task.due_at
                    bucket = (
                        "overdue"
                        if due < today
                        else "today"
                        if due < tomorrow
                        else "tomorrow"
                        if due < after
                        else "later"
                    )
                    buckets[bucket] += 1
        assert min(buckets["overdue"], buckets["today"], buckets["tomorrow"], buckets["later"]) > 50

    def test_tasks_include_high_priority_sequence_steps_and_meeting_follow_ups(self, crm: CrmSnapshot) -> None:
        tasks = list(crm.tasks)
        assert sum(1 for t in tasks if t.priority is TaskPriority.HIGH and t.is_open) > 100
        steps = {t.sequence.step for t in tasks if t.sequence is not None}
        assert steps == {1, 2, 3, 4, 5}
        follow_ups = [t for t in tasks if t.meeting_id]
        assert {t.is_open for t in follow_ups} == {True, False}

    def test_meetings_are_past_just_started_in_the_next_day_and_sometimes_canceled(self, crm: CrmSnapshot) -> None:
        meetings = list(crm.meetings)
        assert sum(1 for m in meetings if m.end < NOW - HOUR) > 200
        assert sum(1 for m in meetings if NOW - 10 * _dt.timedelta(minutes=1) < m.start <= NOW) > 20
        assert sum(1 for m in meetings if NOW < m.start <= NOW + DAY) > 50
        assert sum(1 for m in meetings if m.outcome is MeetingOutcome.CANCELED) > 20
        assert sum(1 for m in meetings if m.outcome is None and m.end < NOW - HOUR) > 50

    def test_calls_mix_calling_and_logged_calls_with_and_without_status_and_outcome(self, crm: CrmSnapshot) -> None:
        calls = list(crm.calls)
        kinds = Counter((c.via_calling, c.status is None, c.outcome_logged) for c in calls)
        for via_calling, no_status in ((True, False), (False, True)):
            assert kinds[(via_calling, no_status, True)] > 20
            assert kinds[(via_calling, no_status, False)] > 20
        assert sum(1 for c in calls if c.status is CallStatus.COMPLETED) > 200
        assert sum(1 for c in calls if NOW_UTC - c.started_at < HOUR) > 50

    def test_email_threads_have_replies_opens_and_primary_recipients(self, crm: CrmSnapshot) -> None:
        emails = list(crm.emails)
        user_addresses = {u.email for u in crm.users}
        outgoing = [e for e in emails if e.direction is EmailDirection.OUTGOING]
        replies = [e for e in emails if e.direction is EmailDirection.INCOMING and e.in_reply_to]
        assert len(outgoing) > 1500
        assert len(replies) > 500
        assert all(crm.email(r.in_reply_to).direction is EmailDirection.OUTGOING for r in replies)  # type: ignore[arg-type]
        assert (
            sum(1 for e in outgoing if e.tracked and e.opened_at is not None and NOW_UTC - e.opened_at > 7 * DAY) > 50
        )
        primary = Counter(r.primary_recipient in user_addresses for r in replies)
        assert primary[True] > 300
        assert primary[False] == 0  # a colleague may come first, but one of the users is always addressed
        assert sum(1 for r in replies if len(r.to_addresses) > 1) > 30
        assert any(r.from_address != r.from_address.lower() for r in replies)

    def test_notes_are_logged_on_records(self, crm: CrmSnapshot) -> None:
        notes = list(crm.notes)
        assert len(notes) == BASE_COUNTS["notes"]
        assert all(n.contact_ids or n.deal_ids for n in notes)


class TestRulesFire:
    def test_every_one_of_the_nineteen_rules_fires_for_a_realistic_share(self, crm: CrmSnapshot) -> None:
        from guided_actions.actions import ActionType, reconcile

        created = Counter(action.type for action in reconcile(crm, now=NOW).created)
        assert set(created) == {t.value for t in ActionType}
        assert sum(created.values()) < len(crm.contacts) + len(crm.deals) + len(crm.meetings)

    def test_the_demo_sized_portal_still_fires_most_rules(self) -> None:
        from guided_actions.actions import reconcile

        small = synthetic_portal(users=3, scale=0.05, seed=7, now=NOW)
        assert len({action.type for action in reconcile(small, now=NOW).created}) >= 12
