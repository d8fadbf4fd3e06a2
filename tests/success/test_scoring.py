"""``calculate``: hand-computed examples of the five calculation rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pendulum
import pytest

from guided_actions._builders import make_company, make_contact
from guided_actions.errors import GuidedActionsError, InvalidEntity
from guided_actions.success import (
    Condition,
    Event,
    EventCriterion,
    HealthScore,
    HealthStatus,
    HostCriterion,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    StatusThresholds,
    calculate,
    score_trend,
)
from tests.success._support import NOW


def _score(*groups: ScoreGroup, thresholds: StatusThresholds | None = None) -> HealthScore:
    return HealthScore(
        id="hs",
        name="Health",
        object_type="companies",
        segment_ids=("all",),
        groups=groups,
        thresholds=thresholds or StatusThresholds(),
    )


def _event(kind: str, at: dt.datetime, record: str = "co1", **props: Any) -> Event:
    return Event(type=kind, record_id=record, occurred_at=at, properties=props)


def _days_ago(days: float) -> pendulum.DateTime:
    return NOW - dt.timedelta(days=days)


class TestHandComputedExamples:
    def test_negative_points_subtract_and_the_group_clamps_at_zero(self) -> None:
        # +10 (plan is pro) - 15 x 2 tickets = -20 raw, clamped to 0.
        group = ScoreGroup(
            name="Support",
            max_points=30,
            criteria=(
                PropertyCriterion(
                    points=10, conditions=(Condition(property="plan", operator=Operator.EQ, value="pro"),)
                ),
                EventCriterion(points=-15, event_type="ticket_opened", per_occurrence=True, within_days=30),
            ),
        )
        other = ScoreGroup(name="Rest", max_points=70, criteria=(PropertyCriterion(points=50),))
        record = make_company(properties={"plan": "pro"})
        events = [_event("ticket_opened", _days_ago(1)), _event("ticket_opened", _days_ago(2))]
        result = calculate(_score(group, other), record, events, now=NOW)
        support = result.groups[0]
        assert (support.raw_points, support.points) == (-20, 0)
        assert [(c.matched, c.count, c.points) for c in support.criteria] == [(True, 1, 10), (True, 2, -30)]
        assert result.score == 50
        assert result.status is HealthStatus.NEUTRAL

    def test_a_group_clamps_at_its_max_points(self) -> None:
        # 15 + 10 = 25 raw, clamped to 20; the other group gives 80: total 100.
        group = ScoreGroup(
            name="Engagement",
            max_points=20,
            criteria=(PropertyCriterion(points=15), EventCriterion(points=10, event_type="meeting_completed")),
        )
        full = ScoreGroup(name="Rest", max_points=80, criteria=(PropertyCriterion(points=80),))
        result = calculate(_score(group, full), make_company(), [_event("meeting_completed", _days_ago(400))], now=NOW)
        assert (result.groups[0].raw_points, result.groups[0].points) == (25, 20)
        assert result.score == 100
        assert result.status is HealthStatus.HEALTHY

    def test_per_occurrence_points_are_capped_in_magnitude(self) -> None:
        # 4 meetings x 5 = 20, capped at 12; 3 no-shows x -4 = -12, capped at -10; raw 2.
        group = ScoreGroup(
            name="Meetings",
            max_points=40,
            criteria=(
                EventCriterion(points=5, event_type="meeting", per_occurrence=True, max_points=12),
                EventCriterion(points=-4, event_type="no_show", per_occurrence=True, max_points=10),
            ),
        )
        rest = ScoreGroup(name="Rest", max_points=60)
        events = [_event("meeting", _days_ago(d)) for d in (1, 2, 3, 4)] + [
            _event("no_show", _days_ago(d)) for d in (1, 2, 3)
        ]
        result = calculate(_score(group, rest), make_company(), events, now=NOW)
        assert [c.points for c in result.groups[0].criteria] == [12, -10]
        assert result.groups[0].raw_points == 2
        assert result.score == 2
        assert result.status is HealthStatus.AT_RISK

    def test_the_window_is_open_at_its_start_and_closed_at_now_and_later_events_are_ignored(self) -> None:
        criterion = EventCriterion(points=1, event_type="login", within_days=30, per_occurrence=True)
        group = ScoreGroup(name="Usage", max_points=100, criteria=(criterion,))
        start = NOW - dt.timedelta(days=30)
        events = [
            _event("login", start),  # exactly now - 30 days: out
            _event("login", start + dt.timedelta(microseconds=1)),  # in
            _event("login", NOW),  # in
            _event("login", NOW + dt.timedelta(seconds=1)),  # after now: ignored
            _event("login", NOW - dt.timedelta(days=31)),  # out
        ]
        result = calculate(_score(group), make_company(), events, now=NOW)
        assert result.groups[0].criteria[0].count == 2
        assert result.score == 2

    def test_conditions_of_an_event_criterion_hold_on_one_event_not_across_events(self) -> None:
        criterion = EventCriterion(
            points=30,
            event_type="meeting",
            conditions=(
                Condition(property="channel", operator=Operator.EQ, value="zoom"),
                Condition(property="minutes", operator=Operator.GTE, value=30),
            ),
        )
        group = ScoreGroup(name="Meetings", max_points=100, criteria=(criterion,))
        score = _score(group)
        split = [
            _event("meeting", _days_ago(1), channel="zoom", minutes=10),
            _event("meeting", _days_ago(2), channel="phone", minutes=45),
        ]
        assert calculate(score, make_company(), split, now=NOW).score == 0
        both = [*split, _event("meeting", _days_ago(3), channel="Zoom", minutes=45)]
        result = calculate(score, make_company(), both, now=NOW)
        assert (result.groups[0].criteria[0].count, result.score) == (1, 30)

    def test_a_full_score_sums_groups_and_takes_its_status_from_the_thresholds(self) -> None:
        # engagement: 2 calls x 10 = 20 (max 25); sentiment: positive 20 (max 20);
        # nps: 7 is between 7 and 8 -> 8 (max 15); tickets: 20 - 5 = 15 (max 40). Total 63.
        score = _score(
            ScoreGroup(
                name="Calls",
                max_points=25,
                criteria=(EventCriterion(points=10, event_type="call", per_occurrence=True),),
            ),
            ScoreGroup(
                name="Sentiment",
                max_points=20,
                criteria=(
                    PropertyCriterion(
                        points=20,
                        conditions=(
                            Condition(property="sentiment", operator=Operator.IN, value=("positive", "great")),
                        ),
                    ),
                ),
            ),
            ScoreGroup(
                name="NPS",
                max_points=15,
                criteria=(
                    PropertyCriterion(
                        points=8, conditions=(Condition(property="nps", operator=Operator.BETWEEN, value=(7, 8)),)
                    ),
                ),
            ),
            ScoreGroup(
                name="Tickets",
                max_points=40,
                criteria=(PropertyCriterion(points=20), EventCriterion(points=-5, event_type="ticket", within_days=7)),
            ),
        )
        record = make_company(properties={"sentiment": "Positive", "nps": Decimal(7)})
        events = [
            _event("call", _days_ago(5)),
            _event("call", _days_ago(50)),
            _event("ticket", _days_ago(6)),
            _event("call", _days_ago(1), record="co2"),
        ]
        result = calculate(score, record, events, now=NOW)
        assert [g.points for g in result.groups] == [20, 20, 8, 15]
        assert result.score == 63
        assert result.status is HealthStatus.NEUTRAL
        assert result.record_id == "co1"


@pytest.mark.parametrize(
    ("value", "status"),
    [(39, HealthStatus.AT_RISK), (40, HealthStatus.NEUTRAL), (69, HealthStatus.NEUTRAL), (70, HealthStatus.HEALTHY)],
)
def test_status_lower_bounds_are_inclusive(value: int, status: HealthStatus) -> None:
    score = _score(ScoreGroup(name="All", max_points=100, criteria=(PropertyCriterion(points=value),)))
    assert calculate(score, make_company(), (), now=NOW).status is status


def _holds(condition: Condition, record: Any) -> bool:
    score = _score(
        ScoreGroup(name="G", max_points=100, criteria=(PropertyCriterion(points=1, conditions=(condition,)),))
    )
    return calculate(score, record, (), now=NOW).score == 1


class TestPropertyConditions:
    def test_a_missing_property_is_false_except_for_is_unknown(self) -> None:
        record = make_company(properties={"nps": None})
        for op, value in [
            (Operator.EQ, 1),
            (Operator.NEQ, 1),
            (Operator.NOT_IN, (1,)),
            (Operator.IS_KNOWN, None),
            (Operator.LT, 5),
        ]:
            assert not _holds(Condition(property="nps", operator=op, value=value), record)
            assert not _holds(Condition(property="absent", operator=op, value=value), record)
        assert _holds(Condition(property="nps", operator=Operator.IS_UNKNOWN), record)
        assert _holds(Condition(property="absent", operator=Operator.IS_UNKNOWN), record)

    def test_values_of_different_kinds_never_compare_and_never_raise(self) -> None:
        record = make_company(properties={"nps": "9", "flag": True, "day": dt.date(2026, 1, 1)})
        assert not _holds(Condition(property="nps", operator=Operator.EQ, value=9), record)
        assert not _holds(Condition(property="nps", operator=Operator.GT, value=1), record)
        assert not _holds(Condition(property="nps", operator=Operator.NEQ, value=9), record)
        assert not _holds(Condition(property="flag", operator=Operator.EQ, value=1), record)
        assert not _holds(Condition(property="day", operator=Operator.LT, value=NOW), record)
        assert _holds(Condition(property="day", operator=Operator.LT, value=dt.date(2026, 2, 1)), record)

    def test_text_compares_case_insensitively_and_contains_finds_substrings(self) -> None:
        record = make_company(properties={"tier": "Gold Plus"})
        assert _holds(Condition(property="tier", operator=Operator.EQ, value="gold plus"), record)
        assert _holds(Condition(property="tier", operator=Operator.CONTAINS, value="GOLD"), record)
        assert _holds(Condition(property="tier", operator=Operator.NOT_IN, value=("silver", "bronze")), record)

    def test_a_condition_falls_back_to_the_entity_attribute(self) -> None:
        contact = make_contact(lifecycle_stage="customer")
        assert _holds(Condition(property="lifecycle_stage", operator=Operator.EQ, value="customer"), contact)
        assert _holds(Condition(property="target_account", operator=Operator.EQ, value=False), make_company())
        assert not _holds(Condition(property="properties", operator=Operator.IS_KNOWN), contact)

    def test_a_property_criterion_without_conditions_always_matches(self) -> None:
        score = _score(ScoreGroup(name="G", max_points=100, criteria=(PropertyCriterion(points=7),)))
        result = calculate(score, make_company(), (), now=NOW)
        assert (result.groups[0].criteria[0].matched, result.score) == (True, 7)


def test_building_a_condition_with_a_naive_datetime_is_refused() -> None:
    with pytest.raises(InvalidEntity, match=r"Condition\.value"):
        Condition(property="x", operator=Operator.GT, value=dt.datetime(2026, 1, 1))


class TestScoreTrend:
    def test_the_trend_scores_each_month_end_in_utc_oldest_first_ending_at_now(self) -> None:
        group = ScoreGroup(
            name="Usage", max_points=100, criteria=(EventCriterion(points=10, event_type="login", per_occurrence=True),)
        )
        events = [
            _event("login", pendulum.datetime(2026, 1, 31, 23, 59, 59, tz="UTC")),
            _event("login", pendulum.datetime(2026, 2, 1, 0, 0, 0, tz="UTC")),
            _event("login", pendulum.datetime(2026, 3, 10, tz="UTC")),
            _event("login", pendulum.datetime(2026, 3, 20, tz="UTC")),  # after now
        ]
        trend = score_trend(_score(group), make_company(), events, now=NOW, months=4)
        assert [p.month for p in trend] == [
            dt.date(2025, 12, 1),
            dt.date(2026, 1, 1),
            dt.date(2026, 2, 1),
            dt.date(2026, 3, 1),
        ]
        assert [p.score for p in trend] == [0, 10, 20, 30]
        assert trend[-1].at == NOW
        assert trend[1].at == pendulum.datetime(2026, 1, 31, 23, 59, 59, 999999, tz="UTC")

    def test_months_must_be_positive(self) -> None:
        with pytest.raises(GuidedActionsError):
            score_trend(_score(), make_company(), (), now=NOW, months=0)

    def test_a_now_in_another_zone_still_uses_utc_months(self) -> None:
        local = pendulum.datetime(2026, 3, 1, 0, 30, tz="Europe/Berlin")  # still 28 February in UTC
        trend = score_trend(_score(), make_company(), (), now=local, months=1)
        assert trend[0].month == dt.date(2026, 2, 1)


class TestHostCriteria:
    def test_a_host_criterion_counts_with_its_own_function_under_the_event_point_rules(self) -> None:
        def big_logins(record: Any, events: tuple[Event, ...], now: dt.datetime) -> int:
            return sum(1 for e in events if e.type == "login" and int(str(e.properties.get("seats", 0))) >= 10)

        seats = HostCriterion(label="Team logins", points=15, count=big_logins, per_occurrence=True, max_points=40)
        group = ScoreGroup(name="Adoption", max_points=50, criteria=(seats,))
        events = [_event("login", _days_ago(d), seats=s) for d, s in ((1, 12), (2, 3), (3, 50), (4, 10), (-1, 99))]
        result = calculate(_score(group), make_company(), events, now=NOW)
        # three qualifying logins up to now: 45, capped at 40; the one after now is not passed to the host
        assert [(c.matched, c.count, c.points) for c in result.groups[0].criteria] == [(True, 3, 40)]

    def test_a_host_criterion_returning_a_bad_count_is_refused(self) -> None:
        bad = HostCriterion(label="Broken", points=1, count=lambda record, events, now: -1)
        with pytest.raises(GuidedActionsError, match="Broken"):
            calculate(_score(ScoreGroup(name="G", max_points=100, criteria=(bad,))), make_company(), (), now=NOW)

    def test_a_host_criterion_needs_a_callable(self) -> None:
        with pytest.raises(InvalidEntity, match="callable"):
            HostCriterion(label="x", points=1, count=3)  # type: ignore[arg-type]


def test_a_window_counts_calendar_days_in_the_zone_of_now_across_a_dst_change() -> None:
    # Berlin moves to summer time on 29 March 2026: two calendar days before
    # 30 March 12:00 CEST (10:00 UTC) is 28 March 12:00 CET (11:00 UTC), 47 hours.
    now = pendulum.datetime(2026, 3, 30, 12, tz="Europe/Berlin")
    group = ScoreGroup(
        name="U",
        max_points=100,
        criteria=(EventCriterion(points=1, event_type="x", within_days=2, per_occurrence=True),),
    )
    events = [
        _event("x", pendulum.datetime(2026, 3, 28, 10, 30, tz="UTC")),  # 47.5 h before: outside
        _event("x", pendulum.datetime(2026, 3, 28, 11, 0, 1, tz="UTC")),  # inside
    ]
    assert calculate(_score(group), make_company(), events, now=now).score == 1
