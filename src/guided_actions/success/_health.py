"""Health-score definitions: groups of property and event criteria, thresholds, state.

A :class:`HealthScore` rates customer records from 0 to 100.  Its groups each
have a ``max_points`` budget (the budgets sum to 100); a group's criteria add or
subtract points and the group is clamped to its budget.  These are plain
values; :func:`~guided_actions.success.calculate` applies them and
:func:`~guided_actions.success.validate_health_score` checks them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeAlias

import attrs

from guided_actions.crm import PropertyValue
from guided_actions.crm._checks import (
    EMPTY_MAPPING,
    aware,
    instance_of,
    is_bool,
    items_of,
    non_empty_str,
    property_mapping,
    to_tuple,
)
from guided_actions.errors import InvalidEntity
from guided_actions.success._common import frozen_mapping

__all__ = [
    "Condition",
    "ConditionValue",
    "Criterion",
    "Event",
    "EventCriterion",
    "HealthScore",
    "HealthStatus",
    "HostCriterion",
    "Operator",
    "PropertyCriterion",
    "ScoreGroup",
    "ScoreState",
    "StatusThresholds",
]


class Operator(StrEnum):
    """How a condition compares a property with its value.

    ``IN`` / ``NOT_IN`` take a tuple of values, ``BETWEEN`` a ``(low, high)`` pair
    (both ends included), ``IS_KNOWN`` / ``IS_UNKNOWN`` no value; ``CONTAINS`` is a
    case-insensitive substring test on text.
    """

    EQ = "eq"
    NEQ = "neq"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    IS_KNOWN = "is_known"
    IS_UNKNOWN = "is_unknown"


class HealthStatus(StrEnum):
    """The three bands a score falls in, worst first."""

    AT_RISK = "at_risk"
    NEUTRAL = "neutral"
    HEALTHY = "healthy"


class ScoreState(StrEnum):
    """``ACTIVE`` scores are computed for customers; ``DRAFT`` ones are being designed."""

    ACTIVE = "active"
    DRAFT = "draft"


ConditionValue: TypeAlias = PropertyValue | tuple[PropertyValue, ...]
"""What a condition compares with: one value, a tuple (``IN``, ``BETWEEN``) or ``None``."""

_SCALARS = (str, int, float, Decimal, _dt.date)


def _condition_value(value: Any) -> Any:
    if isinstance(value, list | frozenset | set):
        return tuple(value)
    return value


def _check_scalar(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, _SCALARS):
        raise InvalidEntity(
            type(inst).__name__, attribute.name, value, "must be a property value (text, number, bool, date)"
        )
    if isinstance(value, _dt.datetime):
        aware(inst, attribute, value)


def _check_condition_value(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value if isinstance(value, tuple) else (value,):
        _check_scalar(inst, attribute, item)


@attrs.frozen(kw_only=True)
class Condition:
    """One test on a property of a record or an event (``nps_score GTE 9``).

    Arity (how many values an operator takes) is checked by
    :func:`~guided_actions.success.validate_health_score`, so a draft being
    designed can hold an incomplete condition and still be reported on.
    """

    property: str = attrs.field(validator=non_empty_str)
    operator: Operator = attrs.field(validator=instance_of(Operator))
    value: ConditionValue = attrs.field(default=None, converter=_condition_value, validator=_check_condition_value)


def _plain_str(value: Any) -> Any:
    """A ``str`` subclass (an :class:`EventType`) as a plain ``str``, so it serializes as text."""
    return str.__str__(value) if isinstance(value, str) and type(value) is not str else value


def _int(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int:
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be an int")


def _optional_int(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _int(inst, attribute, value)


@attrs.frozen(kw_only=True)
class PropertyCriterion:
    """Points when **every** condition holds on the record (no conditions: always).

    Negative ``points`` subtract, so a group can start from a baseline and lose
    points for bad signs.
    """

    points: int = attrs.field(validator=_int)
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(Condition))
    label: str = attrs.field(default="", validator=instance_of(str))


@attrs.frozen(kw_only=True)
class EventCriterion:
    """Points for the record's events of ``event_type`` that satisfy every condition on the *same* event.

    ``within_days`` keeps events in ``(now - within_days, now]``, counting
    calendar days in ``now``'s own zone (a window across a DST change is an
    hour shorter or longer).  Without
    ``per_occurrence`` the points count once if at least one event matches; with
    it, ``points × count``, capped in magnitude by ``max_points`` when set.
    """

    points: int = attrs.field(validator=_int)
    event_type: str = attrs.field(converter=_plain_str, validator=non_empty_str)
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(Condition))
    within_days: int | None = attrs.field(default=None, validator=_optional_int)
    per_occurrence: bool = attrs.field(default=False, validator=is_bool)
    max_points: int | None = attrs.field(default=None, validator=_optional_int)
    label: str = attrs.field(default="", validator=instance_of(str))


def _is_callable(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise InvalidEntity(type(inst).__name__, attribute.name, value, "must be callable")


@attrs.frozen(kw_only=True)
class HostCriterion:
    """A host's own criterion, for signals the two built-in kinds cannot express.

    ``count(record, events, now)`` returns how many times the criterion holds
    (0: not at all); ``events`` are the record's events up to ``now``.  Points
    follow the event-criterion rules: ``points`` once when the count is at least
    1, or ``points × count`` with ``per_occurrence``, capped in magnitude by
    ``max_points``.  Hosts extend scoring this way without touching library
    code; a host criterion is not serializable (it holds a function).
    """

    label: str = attrs.field(validator=non_empty_str)
    points: int = attrs.field(validator=_int)
    count: Callable[[Any, tuple[Event, ...], _dt.datetime], int] = attrs.field(validator=_is_callable)
    per_occurrence: bool = attrs.field(default=False, validator=is_bool)
    max_points: int | None = attrs.field(default=None, validator=_optional_int)


Criterion: TypeAlias = PropertyCriterion | EventCriterion | HostCriterion
"""Any kind of criterion; a group mixes them freely."""


def _every_criterion(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value:
        if not isinstance(item, PropertyCriterion | EventCriterion | HostCriterion):
            raise InvalidEntity(
                type(inst).__name__, attribute.name, item, "every item must be a Property-, Event- or HostCriterion"
            )


@attrs.frozen(kw_only=True)
class ScoreGroup:
    """A named group of criteria with a budget: its points are clamped to ``[0, max_points]``."""

    name: str = attrs.field(validator=non_empty_str)
    max_points: int = attrs.field(validator=_int)
    criteria: tuple[Criterion, ...] = attrs.field(default=(), converter=to_tuple, validator=_every_criterion)


@attrs.frozen(kw_only=True)
class StatusThresholds:
    """Where the bands start: ``AT_RISK`` below ``at_risk_below``, ``HEALTHY`` from ``healthy_from``."""

    at_risk_below: int = attrs.field(default=40, validator=_int)
    healthy_from: int = attrs.field(default=70, validator=_int)


@attrs.frozen(kw_only=True)
class HealthScore:
    """A health-score profile: which records (object, segments) and how they are scored."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    object_type: str = attrs.field(validator=non_empty_str)
    segment_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=items_of(str))
    groups: tuple[ScoreGroup, ...] = attrs.field(converter=to_tuple, validator=items_of(ScoreGroup))
    thresholds: StatusThresholds = attrs.field(factory=StatusThresholds, validator=instance_of(StatusThresholds))
    state: ScoreState = attrs.field(default=ScoreState.ACTIVE, validator=instance_of(ScoreState))


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened to a customer record (``"meeting_completed"``, ``"ticket_opened"``…).

    Hosts send their own events; :func:`~guided_actions.success.engagement_events`
    derives them from the CRM's engagements.
    """

    type: str = attrs.field(converter=_plain_str, validator=non_empty_str)
    record_id: str = attrs.field(validator=non_empty_str)
    occurred_at: _dt.datetime = attrs.field(validator=aware)
    properties: Mapping[str, PropertyValue] = attrs.field(
        default=EMPTY_MAPPING, converter=frozen_mapping, validator=property_mapping
    )
