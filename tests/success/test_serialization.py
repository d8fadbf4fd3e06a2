"""Customer success values round-trip through the library's converter."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from guided_actions._builders import make_company
from guided_actions.errors import GuidedActionsError, InvalidDocument
from guided_actions.serialization import from_json, to_dict, to_json
from guided_actions.success import (
    Condition,
    CustomerSuccessSettings,
    Event,
    EventCriterion,
    HealthAlert,
    HealthScore,
    HealthStatus,
    HealthSummary,
    HostCriterion,
    Operator,
    PortalSchema,
    PropertyCriterion,
    ScoreGroup,
    ScoreResult,
    TrendPoint,
    calculate,
    default_health_score,
    score_trend,
    summarize,
)
from tests.success._support import NOW, schema, settings

SCORE = HealthScore(
    id="hs",
    name="Health",
    object_type="companies",
    segment_ids=("s",),
    groups=(
        ScoreGroup(
            name="A",
            max_points=60,
            criteria=(
                PropertyCriterion(
                    points=10, conditions=(Condition(property="p", operator=Operator.BETWEEN, value=(1, 5)),)
                ),
                EventCriterion(points=-5, event_type="ticket", within_days=30, per_occurrence=True, max_points=20),
            ),
        ),
        ScoreGroup(name="B", max_points=40),
    ),
)
EVENTS = (Event(type="ticket", record_id="co1", occurred_at=NOW - dt.timedelta(days=1), properties={"n": 1}),)
RESULT = calculate(SCORE, make_company(properties={"p": 3}), EVENTS, now=NOW)


@pytest.mark.parametrize(
    ("cls", "value"),
    [
        pytest.param(CustomerSuccessSettings, settings(), id="settings"),
        pytest.param(PortalSchema, schema(), id="schema"),
        pytest.param(HealthScore, SCORE, id="health score"),
        pytest.param(HealthScore, default_health_score("contacts", ("s",)), id="default health score"),
        pytest.param(Event, EVENTS[0], id="event"),
        pytest.param(ScoreResult, RESULT, id="score result"),
        pytest.param(HealthSummary, summarize([RESULT]), id="summary"),
        pytest.param(TrendPoint, score_trend(SCORE, make_company(), EVENTS, now=NOW, months=1)[0], id="trend point"),
        pytest.param(
            HealthAlert,
            HealthAlert(
                record_id="co1",
                previous_status=HealthStatus.HEALTHY,
                status=HealthStatus.AT_RISK,
                previous_score=80,
                score=10,
                raised_at=NOW,
            ),
            id="alert",
        ),
    ],
)
def test_values_round_trip_through_json(cls: Any, value: Any) -> None:
    assert from_json(cls, to_json(value)) == value


def test_criteria_are_tagged_with_their_class() -> None:
    criteria = to_dict(SCORE)["groups"][0]["criteria"]
    assert [c["type"] for c in criteria] == ["PropertyCriterion", "EventCriterion"]


def test_an_unknown_criterion_tag_is_refused_with_its_path() -> None:
    doc = to_dict(SCORE)
    doc["groups"][0]["criteria"][1]["type"] = "EventCriterio"
    with pytest.raises(InvalidDocument) as info:
        from_json(HealthScore, json.dumps(doc))
    assert any("groups[0].criteria[1]" in p.path for p in info.value.problems)


def test_a_host_criterion_cannot_be_written() -> None:
    group = ScoreGroup(name="G", max_points=10, criteria=(HostCriterion(label="x", points=1, count=lambda r, e, n: 0),))
    with pytest.raises(GuidedActionsError, match="cannot be serialized"):
        to_dict(group)
