"""``validate_health_score``, ``default_health_score`` and ``engagement_events``."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from guided_actions._builders import (
    EPOCH,
    make_call,
    make_company,
    make_contact,
    make_email,
    make_meeting,
    make_note,
    make_task,
    make_user,
)
from guided_actions.crm import (
    CallStatus,
    CrmSnapshot,
    EmailDirection,
    MeetingOutcome,
    ObjectRef,
    ObjectType,
    TaskStatus,
)
from guided_actions.errors import GuidedActionsError
from guided_actions.success import (
    Condition,
    EventCriterion,
    EventType,
    HealthScore,
    HealthStatus,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    ScoreState,
    StatusThresholds,
    Tier,
    calculate,
    default_health_score,
    engagement_events,
    validate_health_score,
)


def _valid(**changes: object) -> HealthScore:
    base = default_health_score("companies", ("seg1",))
    fields: dict[str, object] = {"state": ScoreState.ACTIVE, **changes}
    return attrs.evolve(base, **fields)  # type: ignore[arg-type]


def _codes(
    score: HealthScore, tier: Tier = Tier.ENTERPRISE, existing: tuple[HealthScore, ...] = ()
) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in validate_health_score(score, tier=tier, existing=existing)]


class TestValidateHealthScore:
    def test_the_default_score_is_valid(self) -> None:
        assert _codes(default_health_score("contacts", ("s",)), Tier.PROFESSIONAL) == []

    def test_group_budgets_must_be_positive_and_sum_to_exactly_100(self) -> None:
        groups = (ScoreGroup(name="A", max_points=0), ScoreGroup(name="B", max_points=90))
        assert _codes(_valid(groups=groups)) == [
            ("group_points_not_positive", "groups[0].max_points"),
            ("group_points_not_100", "groups"),
        ]

    def test_group_names_are_unique_ignoring_case(self) -> None:
        groups = (ScoreGroup(name="NPS", max_points=50), ScoreGroup(name="nps ", max_points=50))
        assert _codes(_valid(groups=groups)) == [("duplicate_group_name", "groups[1].name")]

    @pytest.mark.parametrize("segments", [(), ("a", "b", "c", "d", "e", "f")])
    def test_a_score_applies_to_one_to_five_segments(self, segments: tuple[str, ...]) -> None:
        assert _codes(_valid(segment_ids=segments)) == [("segment_count", "segment_ids")]

    @pytest.mark.parametrize(("low", "high"), [(0, 70), (70, 70), (50, 40), (40, 101)])
    def test_thresholds_must_be_ordered_within_0_and_100(self, low: int, high: int) -> None:
        assert _codes(_valid(thresholds=StatusThresholds(at_risk_below=low, healthy_from=high))) == [
            ("invalid_thresholds", "thresholds")
        ]

    def test_windows_caps_and_operator_values_are_checked_with_their_paths(self) -> None:
        group = ScoreGroup(
            name="All",
            max_points=100,
            criteria=(
                EventCriterion(points=1, event_type="x", within_days=0, max_points=-3),
                PropertyCriterion(
                    points=1,
                    conditions=(
                        Condition(property="a", operator=Operator.BETWEEN, value=(1,)),
                        Condition(property="b", operator=Operator.IN, value=()),
                        Condition(property="c", operator=Operator.IS_KNOWN, value=3),
                        Condition(property="d", operator=Operator.EQ),
                        Condition(property="e", operator=Operator.NOT_IN, value=("x",)),
                    ),
                ),
            ),
        )
        assert _codes(_valid(groups=(group,))) == [
            ("within_days_not_positive", "groups[0].criteria[0].within_days"),
            ("max_points_not_positive", "groups[0].criteria[0].max_points"),
            ("condition_value", "groups[0].criteria[1].conditions[0].value"),
            ("condition_value", "groups[0].criteria[1].conditions[1].value"),
            ("condition_value", "groups[0].criteria[1].conditions[2].value"),
            ("condition_value", "groups[0].criteria[1].conditions[3].value"),
        ]

    def test_professional_allows_one_active_score_and_five_drafts(self) -> None:
        active = _valid(id="other")
        assert _codes(_valid(), Tier.PROFESSIONAL, (active,)) == [("too_many_scores", "state")]
        assert _codes(_valid(), Tier.PROFESSIONAL, (_valid(),)) == []  # saving the same score again
        drafts = tuple(_valid(id=f"d{i}", state=ScoreState.DRAFT) for i in range(5))
        assert _codes(_valid(id="new", state=ScoreState.DRAFT), Tier.PROFESSIONAL, drafts) == [
            ("too_many_scores", "state")
        ]
        assert _codes(_valid(id="new"), Tier.PROFESSIONAL, drafts) == []

    def test_enterprise_allows_ten_active_scores_and_twenty_drafts(self) -> None:
        nine = tuple(_valid(id=f"a{i}") for i in range(9))
        assert _codes(_valid(id="new"), Tier.ENTERPRISE, nine) == []
        assert _codes(_valid(id="new"), Tier.ENTERPRISE, (*nine, _valid(id="a9"))) == [("too_many_scores", "state")]
        drafts = tuple(_valid(id=f"d{i}", state=ScoreState.DRAFT) for i in range(20))
        assert _codes(_valid(id="new", state=ScoreState.DRAFT), Tier.ENTERPRISE, drafts) == [
            ("too_many_scores", "state")
        ]


class TestDefaultHealthScore:
    def test_it_has_the_five_default_groups_summing_to_100(self) -> None:
        score = default_health_score("companies", ["s1", "s2"])
        assert [g.name for g in score.groups] == [
            "1:1 engagement",
            "1:1 call engagement",
            "Support tickets",
            "CSM sentiment",
            "NPS",
        ]
        assert sum(g.max_points for g in score.groups) == 100
        assert score.segment_ids == ("s1", "s2")
        assert score.state is ScoreState.DRAFT
        assert score.id == "default-companies"

    def test_it_uses_the_engagement_event_types(self) -> None:
        score = default_health_score("companies", ("s",))
        used = {c.event_type for g in score.groups for c in g.criteria if isinstance(c, EventCriterion)}
        assert {EventType.MEETING_COMPLETED, EventType.CALL_CONNECTED, EventType.EMAIL_REPLIED} <= used

    def test_a_customer_with_only_crm_data_gets_a_working_score(self) -> None:
        now = EPOCH + dt.timedelta(days=10)
        company = make_company(properties={"csm_sentiment": "positive", "nps_score": 9})
        crm = CrmSnapshot.build(
            users=[make_user()],
            companies=[company],
            meetings=[
                make_meeting(id="m1", outcome=MeetingOutcome.COMPLETED, company_ids=("co1",)),
                make_meeting(
                    id="m2", start=EPOCH + dt.timedelta(days=1), outcome=MeetingOutcome.COMPLETED, company_ids=("co1",)
                ),
            ],
            calls=[make_call(status=CallStatus.COMPLETED, company_ids=("co1",))],
        )
        events = engagement_events(crm, ObjectRef(ObjectType.COMPANY, "co1"), now=now)
        result = calculate(default_health_score("companies", ("s",)), company, events, now=now)
        # engagement 20, calls 10, support 20 (baseline, no tickets), sentiment 20, nps 15
        assert [g.points for g in result.groups] == [20, 10, 20, 20, 15]
        assert (result.score, result.status) == (85, HealthStatus.HEALTHY)


class TestEngagementEvents:
    def _crm(self) -> CrmSnapshot:
        later = EPOCH + dt.timedelta(hours=2)
        return CrmSnapshot.build(
            users=[make_user()],
            companies=[make_company()],
            contacts=[make_contact(company_ids=("co1",))],
            meetings=[
                make_meeting(id="m1", outcome=MeetingOutcome.COMPLETED, contact_ids=("c1",), owner_id="u1"),
                make_meeting(id="m2", outcome=MeetingOutcome.NO_SHOW, contact_ids=("c1",)),
                make_meeting(id="m3", outcome=MeetingOutcome.SCHEDULED, contact_ids=("c1",)),
            ],
            calls=[
                make_call(id="k1", status=CallStatus.COMPLETED, outcome="Connected", contact_ids=("c1",)),
                make_call(id="k2", status=CallStatus.NO_ANSWER, contact_ids=("c1",)),
                make_call(id="k3", status=CallStatus.IN_PROGRESS, contact_ids=("c1",)),
            ],
            emails=[
                make_email(id="e1", contact_ids=("c1",), opened_at=later),
                make_email(
                    id="e2", direction=EmailDirection.INCOMING, in_reply_to="e1", contact_ids=("c1",), sent_at=later
                ),
                make_email(id="e3", direction=EmailDirection.INCOMING, contact_ids=("c1",)),
            ],
            notes=[make_note(contact_ids=("c1",), company_ids=("co1",))],
            tasks=[
                make_task(id="t1", status=TaskStatus.COMPLETED, completed_at=EPOCH, contact_ids=("c1",)),
                make_task(id="t2", contact_ids=("c1",)),
            ],
        )

    def test_each_engagement_maps_to_the_documented_event_types(self) -> None:
        events = engagement_events(self._crm(), ObjectRef(ObjectType.CONTACT, "c1"))
        assert sorted(e.type for e in events) == sorted(
            [
                "meeting_completed",
                "meeting_no_show",
                "call_connected",
                "call_not_connected",
                "email_sent",
                "email_opened",
                "email_replied",
                "email_received",
                "note_logged",
                "task_completed",
            ]
        )
        assert all(e.record_id == "c1" for e in events)
        assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
        connected = next(e for e in events if e.type == "call_connected")
        assert connected.properties == {"engagement_id": "k1", "outcome": "Connected"}
        completed = next(e for e in events if e.type == "meeting_completed")
        assert completed.properties["owner_id"] == "u1"

    def test_events_after_now_are_left_out(self) -> None:
        events = engagement_events(self._crm(), ObjectRef(ObjectType.CONTACT, "c1"), now=EPOCH)
        assert {e.type for e in events} == {
            "email_sent",
            "email_received",
            "note_logged",
            "task_completed",
            "call_connected",
            "call_not_connected",
        }

    def test_a_company_can_include_its_contacts_engagements_once_each(self) -> None:
        ref = ObjectRef(ObjectType.COMPANY, "co1")
        assert [e.type for e in engagement_events(self._crm(), ref)] == ["note_logged"]
        merged = engagement_events(self._crm(), ref, include_contacts=True)
        assert len(merged) == 10
        assert all(e.record_id == "co1" for e in merged)

    def test_only_contacts_and_companies_are_scored(self) -> None:
        with pytest.raises(GuidedActionsError, match="contact or company"):
            engagement_events(self._crm(), ObjectRef(ObjectType.DEAL, "d1"))
