# mypy: disable-error-code="arg-type, index"
"""Values that cannot be right are refused when they are built, naming the class and field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from guided_actions.errors import GuidedActionsError, InvalidEntity
from guided_actions.success import (
    Condition,
    CustomerSuccessSettings,
    CustomerView,
    Event,
    EventCriterion,
    HealthScore,
    ObjectSchema,
    ObjectSettings,
    Operator,
    PortalSchema,
    ScoreGroup,
    TeamWorkspace,
    Tier,
)


@pytest.mark.parametrize(
    ("build", "where"),
    [
        pytest.param(
            lambda: ObjectSettings(object_type="", owner_property="o"), "ObjectSettings.object_type", id="empty object"
        ),
        pytest.param(
            lambda: CustomerSuccessSettings(
                tier="enterprise",
                customers=ObjectSettings(object_type="c", owner_property="o"),
            ),
            "CustomerSuccessSettings.tier",
            id="tier as a string",
        ),
        pytest.param(
            lambda: TeamWorkspace(id="w", name="W", team_ids={1}),
            "TeamWorkspace.team_ids",
            id="team id not a string",
        ),
        pytest.param(
            lambda: CustomerView(id="v", name="V", sharing="everyone"),
            "CustomerView.sharing",
            id="sharing as a string",
        ),
        pytest.param(
            lambda: ObjectSchema(name="x", properties={"p": "user"}),
            "ObjectSchema.properties",
            id="property type as a string",
        ),
        pytest.param(lambda: PortalSchema(objects={"x": "deals"}), "PortalSchema.objects", id="object schema missing"),
        pytest.param(lambda: ScoreGroup(name="G", max_points=True), "ScoreGroup.max_points", id="bool as points"),
        pytest.param(
            lambda: ScoreGroup(name="G", max_points=10, criteria=("x",)),
            "ScoreGroup.criteria",
            id="criterion not a criterion",
        ),
        pytest.param(lambda: EventCriterion(points=1.5, event_type="x"), "EventCriterion.points", id="float points"),
        pytest.param(lambda: Condition(property="p", operator="eq"), "Condition.operator", id="operator as a string"),
        pytest.param(
            lambda: Condition(property="p", operator=Operator.EQ, value=object()), "Condition.value", id="odd value"
        ),
        pytest.param(
            lambda: Event(type="x", record_id="r", occurred_at=dt.datetime(2026, 1, 1)),
            "Event.occurred_at",
            id="naive event time",
        ),
        pytest.param(
            lambda: HealthScore(id="h", name="H", object_type="companies", segment_ids=(), groups=(), state="active"),
            "HealthScore.state",
            id="state as a string",
        ),
    ],
)
def test_a_bad_field_is_refused_with_the_class_and_field_named(build: Any, where: str) -> None:
    with pytest.raises(InvalidEntity) as info:
        build()
    assert str(info.value).startswith(where)
    assert isinstance(info.value, GuidedActionsError)


def test_collections_are_frozen_when_built() -> None:
    settings = CustomerSuccessSettings(
        tier=Tier.ENTERPRISE,
        customers=ObjectSettings(object_type="companies", owner_property="o"),
        reports=["a", "b"],
        workspaces=[TeamWorkspace(id="w", name="W", team_ids=["t1", "t1"])],
    )
    assert settings.reports == ("a", "b")
    assert settings.workspaces[0].team_ids == frozenset({"t1"})
    schema = PortalSchema(objects={"companies": ObjectSchema(name="companies")})
    with pytest.raises(TypeError):
        schema.objects["x"] = ObjectSchema(name="x")
