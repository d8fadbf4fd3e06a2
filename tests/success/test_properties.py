"""Hypothesis properties of scoring, the summary and the alerts."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_company
from guided_actions.success import (
    Condition,
    Event,
    EventCriterion,
    HealthAlert,
    HealthScore,
    HealthStatus,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    ScoreResult,
    active_alerts,
    calculate,
    health_alerts,
    summarize,
)
from tests.success._support import NOW

GOOD = ("login", "meeting")  # event types that only positive criteria count
BAD = ("ticket",)
VALUES = st.one_of(st.integers(-5, 15), st.sampled_from(["a", "b", "A"]), st.none(), st.booleans())
PROPS = ("p", "q")


def conditions() -> st.SearchStrategy[tuple[Condition, ...]]:
    simple = st.builds(
        Condition,
        property=st.sampled_from(PROPS),
        operator=st.sampled_from([Operator.EQ, Operator.NEQ, Operator.GT, Operator.LTE, Operator.CONTAINS]),
        value=VALUES,
    )
    between = st.builds(
        Condition, property=st.sampled_from(PROPS), operator=st.just(Operator.BETWEEN), value=st.tuples(VALUES, VALUES)
    )
    known = st.builds(
        Condition, property=st.sampled_from(PROPS), operator=st.sampled_from([Operator.IS_KNOWN, Operator.IS_UNKNOWN])
    )
    return st.lists(st.one_of(simple, between, known), max_size=2).map(tuple)


def event_criteria() -> st.SearchStrategy[EventCriterion]:
    def build(
        kind: str, points: int, conds: tuple[Condition, ...], days: int | None, per: bool, cap: int | None
    ) -> EventCriterion:
        signed = abs(points) if kind in GOOD else -abs(points)
        return EventCriterion(
            points=signed, event_type=kind, conditions=conds, within_days=days, per_occurrence=per, max_points=cap
        )

    return st.builds(
        build,
        st.sampled_from(GOOD + BAD),
        st.integers(0, 60),
        conditions(),
        st.one_of(st.none(), st.integers(1, 60)),
        st.booleans(),
        st.one_of(st.none(), st.integers(1, 80)),
    )


def scores() -> st.SearchStrategy[HealthScore]:
    criteria = st.one_of(
        st.builds(PropertyCriterion, points=st.integers(-60, 60), conditions=conditions()), event_criteria()
    )
    groups = st.lists(
        st.builds(
            ScoreGroup,
            name=st.sampled_from(["A", "B", "C"]),
            max_points=st.integers(-10, 100),
            criteria=st.lists(criteria, max_size=4).map(tuple),
        ),
        min_size=1,
        max_size=4,
    )
    return st.builds(
        HealthScore,
        id=st.just("hs"),
        name=st.just("H"),
        object_type=st.just("companies"),
        segment_ids=st.just(("s",)),
        groups=groups.map(tuple),
    )


def events(record: str = "co1") -> st.SearchStrategy[Event]:
    return st.builds(
        Event,
        type=st.sampled_from(GOOD + BAD + ("other",)),
        record_id=st.sampled_from([record, "elsewhere"]),
        occurred_at=st.integers(-90 * 24, 24).map(lambda h: NOW + dt.timedelta(hours=h)),
        properties=st.dictionaries(st.sampled_from(PROPS), VALUES, max_size=2),
    )


RECORDS = st.builds(lambda p, q: make_company(properties={"p": p, "q": q}), VALUES, VALUES)


@given(scores(), RECORDS, st.lists(events(), max_size=12))
def test_a_score_is_always_an_int_between_0_and_100(score: HealthScore, record: object, history: list[Event]) -> None:
    result = calculate(score, record, history, now=NOW)  # type: ignore[arg-type]
    assert type(result.score) is int
    assert 0 <= result.score <= 100
    assert all(0 <= g.points <= max(g.max_points, 0) for g in result.groups)


@given(scores(), RECORDS, st.lists(events(), max_size=8), events(), st.sampled_from(GOOD))
def test_adding_a_matching_event_of_a_positive_type_never_lowers_the_score(
    score: HealthScore, record: object, history: list[Event], extra: Event, kind: str
) -> None:
    before = calculate(score, record, history, now=NOW)  # type: ignore[arg-type]
    added = Event(type=kind, record_id="co1", occurred_at=extra.occurred_at, properties=extra.properties)
    after = calculate(score, record, [*history, added], now=NOW)  # type: ignore[arg-type]
    assert after.score >= before.score


STATUSES = st.sampled_from(list(HealthStatus))
RESULTS = st.builds(
    lambda rid, score, status: ScoreResult(record_id=rid, score=score, status=status, groups=()),
    st.sampled_from([f"r{i}" for i in range(8)]),
    st.integers(0, 100),
    STATUSES,
)


@given(st.lists(RESULTS, min_size=1, max_size=30))
def test_summary_shares_sum_to_one_and_buckets_count_every_record(results: list[ScoreResult]) -> None:
    summary = summarize(results)
    assert abs(sum(summary.shares.values()) - 1.0) < 1e-9
    assert sum(summary.distribution) == summary.count == len(results)
    assert sum(summary.counts.values()) == len(results)
    assert 0.0 <= summary.average <= 100.0


@given(
    st.dictionaries(st.sampled_from([f"r{i}" for i in range(8)]), RESULTS),
    st.dictionaries(st.sampled_from([f"r{i}" for i in range(8)]), RESULTS),
)
def test_alerts_are_raised_exactly_for_records_whose_status_changed(
    previous: dict[str, ScoreResult], current: dict[str, ScoreResult]
) -> None:
    alerts = health_alerts(previous, current, now=NOW)
    changed = {r for r in current if r in previous and previous[r].status is not current[r].status}
    assert {a.record_id for a in alerts} == changed
    assert all(a.previous_status is not a.status for a in alerts)


ALERTS = st.builds(
    HealthAlert,
    record_id=st.sampled_from(["a", "b", "c"]),
    previous_status=STATUSES,
    status=STATUSES,
    previous_score=st.integers(0, 100),
    score=st.integers(0, 100),
    raised_at=st.integers(-30 * 24 * 60, 60).map(lambda m: NOW + dt.timedelta(minutes=m)),
)


@given(st.lists(ALERTS, max_size=40), st.integers(0, 30))
def test_active_alerts_respect_the_limit_and_the_14_day_lifetime(alerts: list[HealthAlert], limit: int) -> None:
    shown = active_alerts(alerts, now=NOW, limit=limit)
    assert len(shown) <= limit
    assert all(NOW - dt.timedelta(days=14) < a.raised_at <= NOW for a in shown)
    assert [a.raised_at for a in shown] == sorted((a.raised_at for a in shown), reverse=True)
