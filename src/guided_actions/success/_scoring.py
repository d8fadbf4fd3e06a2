"""``calculate``: a health score applied to one record and its events, with the why.

The result keeps every group's raw and clamped points and every criterion's
contribution (``matched``, ``count``, ``points``), which is what the product's
"test a record" panel shows.  Comparing values of different kinds (text with a
number) is false, never an exception, so a host's untidy properties cannot break
a score.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol, TypeAlias

import attrs

from guided_actions.crm import Company, Contact, PropertyValue
from guided_actions.errors import GuidedActionsError
from guided_actions.success._health import (
    Condition,
    Criterion,
    Event,
    EventCriterion,
    HealthScore,
    HealthStatus,
    Operator,
    PropertyCriterion,
    StatusThresholds,
)

__all__ = [
    "CriterionResult",
    "GroupResult",
    "ScoreResult",
    "ScoredRecord",
    "calculate",
    "condition_holds",
    "TrendPoint",
    "score_trend",
    "status_for",
]


class HasProperties(Protocol):
    """Any record with an ``id`` and a ``properties`` mapping (a custom object row, a service)."""

    @property
    def id(self) -> str: ...

    @property
    def properties(self) -> Mapping[str, PropertyValue]: ...


ScoredRecord: TypeAlias = Company | Contact | HasProperties
"""What :func:`calculate` scores: a company, a contact, or anything with ``id`` and ``properties``.

A condition reads ``record.properties[name]`` first and falls back to the
record's public attribute of that name (``lifecycle_stage``, ``target_account``).
"""


@attrs.frozen(kw_only=True)
class CriterionResult:
    """What one criterion contributed: whether it matched, how many events, how many points.

    For a property criterion ``count`` is 1 when it matched, else 0.
    """

    criterion: Criterion
    matched: bool
    count: int
    points: int


@attrs.frozen(kw_only=True)
class GroupResult:
    """A group's outcome: ``raw_points`` (the sum of its criteria) and ``points`` (clamped to ``[0, max_points]``)."""

    name: str
    max_points: int
    raw_points: int
    points: int
    criteria: tuple[CriterionResult, ...]


@attrs.frozen(kw_only=True)
class ScoreResult:
    """A record's score (0–100), its status, and the groups that made it up."""

    record_id: str
    score: int
    status: HealthStatus
    groups: tuple[GroupResult, ...]
    score_id: str = ""

    def _repr_html_(self) -> str:
        """An HTML table, so notebooks show this result readably (escaped)."""
        from guided_actions._html import render_score_result

        return render_score_result(self)


# -- comparing values ------------------------------------------------------------


def _kind(value: object) -> str | None:
    """A comparison family: values compare only within one family."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, _dt.datetime):
        return "datetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, str):
        return "text"
    return None


def _same_kind(a: object, b: object) -> bool:
    kind = _kind(a)
    return kind is not None and kind == _kind(b)


def _norm(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _eq(a: object, b: object) -> bool:
    return _same_kind(a, b) and _norm(a) == _norm(b)


def _ordered(a: object, b: object, op: Operator) -> bool:
    if not _same_kind(a, b) or isinstance(a, bool):
        return False
    x, y = _norm(a), _norm(b)
    try:
        if op is Operator.GT:
            return bool(x > y)  # type: ignore[operator]
        if op is Operator.GTE:
            return bool(x >= y)  # type: ignore[operator]
        if op is Operator.LT:
            return bool(x < y)  # type: ignore[operator]
        return bool(x <= y)  # type: ignore[operator]
    except (TypeError, ArithmeticError):  # e.g. a NaN-like Decimal
        return False


def _values(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def condition_holds(condition: Condition, actual: object) -> bool:
    """Whether ``condition`` holds for the property value ``actual`` (``None``: the property is missing).

    A missing property makes every operator false except ``IS_UNKNOWN``.
    Values of different kinds never compare (``"5"`` is not ``5``); text compares
    case-insensitively; ``BETWEEN`` includes both ends.
    """
    op = condition.operator
    if op is Operator.IS_UNKNOWN:
        return actual is None
    if actual is None:
        return False
    expected = condition.value
    if op is Operator.IS_KNOWN:
        return True
    if op is Operator.EQ:
        return _eq(actual, expected)
    if op is Operator.NEQ:
        return _same_kind(actual, expected) and not _eq(actual, expected)
    if op is Operator.IN:
        return any(_eq(actual, item) for item in _values(expected))
    if op is Operator.NOT_IN:
        items = _values(expected)
        return all(_same_kind(actual, item) for item in items) and not any(_eq(actual, item) for item in items)
    if op is Operator.BETWEEN:
        bounds = _values(expected)
        return (
            len(bounds) == 2 and _ordered(actual, bounds[0], Operator.GTE) and _ordered(actual, bounds[1], Operator.LTE)
        )
    if op is Operator.CONTAINS:
        return isinstance(actual, str) and isinstance(expected, str) and expected.casefold() in actual.casefold()
    return _ordered(actual, expected, op)


def _record_value(record: ScoredRecord, name: str) -> object:
    value = record.properties.get(name)
    if value is None and not name.startswith("_") and name != "properties":
        value = getattr(record, name, None)
        if callable(value):
            return None
    return value


# -- criteria --------------------------------------------------------------------


def _property_result(criterion: PropertyCriterion, record: ScoredRecord) -> CriterionResult:
    matched = all(condition_holds(c, _record_value(record, c.property)) for c in criterion.conditions)
    return CriterionResult(
        criterion=criterion, matched=matched, count=int(matched), points=criterion.points if matched else 0
    )


def _event_result(
    criterion: EventCriterion, events: Iterable[Event], now: _dt.datetime, cutoffs: dict[int, _dt.datetime]
) -> CriterionResult:
    days = criterion.within_days
    cutoff = None
    if days is not None:
        cutoff = cutoffs.get(days)
        if cutoff is None:
            cutoff = cutoffs[days] = _days_before(now, days)
    count = 0
    for event in events:
        if event.type != criterion.event_type or event.occurred_at > now:
            continue
        if cutoff is not None and event.occurred_at <= cutoff:
            continue
        if all(condition_holds(c, event.properties.get(c.property)) for c in criterion.conditions):
            count += 1
    points = _per_occurrence(criterion.points, count, criterion.per_occurrence, criterion.max_points)
    return CriterionResult(criterion=criterion, matched=count > 0, count=count, points=points)


def _days_before(now: _dt.datetime, days: int) -> _dt.datetime:
    """``now`` minus ``days`` calendar days in ``now``'s own zone, with stdlib arithmetic.

    A stdlib datetime in the *same* tzinfo as ``now`` costs ~1 µs to make
    (pendulum's ``subtract`` ~8 µs) and compares with events in that zone on
    the fast path.
    """
    plain = _dt.datetime(
        now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond, now.tzinfo, fold=now.fold
    )
    return plain - _dt.timedelta(days=days)


def _per_occurrence(points: int, count: int, per_occurrence: bool, cap: int | None) -> int:
    if count <= 0:
        return 0
    if not per_occurrence:
        return points
    total = points * count
    if cap is not None and abs(total) > abs(cap):
        return abs(cap) if total > 0 else -abs(cap)
    return total


def _criterion_result(
    criterion: Criterion,
    record: ScoredRecord,
    own: tuple[Event, ...],
    by_type: Mapping[str, list[Event]],
    now: _dt.datetime,
    cutoffs: dict[int, _dt.datetime],
) -> CriterionResult:
    if isinstance(criterion, PropertyCriterion):
        return _property_result(criterion, record)
    if isinstance(criterion, EventCriterion):
        return _event_result(criterion, by_type.get(criterion.event_type, ()), now, cutoffs)
    count = criterion.count(record, own, now)
    if type(count) is not int or count < 0:
        raise GuidedActionsError(f"host criterion {criterion.label!r} must count with an int >= 0, got {count!r}")
    points = _per_occurrence(criterion.points, count, criterion.per_occurrence, criterion.max_points)
    return CriterionResult(criterion=criterion, matched=count > 0, count=count, points=points)


def status_for(score: int, thresholds: StatusThresholds) -> HealthStatus:
    """The band of a score: ``AT_RISK`` below ``at_risk_below``, ``HEALTHY`` from ``healthy_from``."""
    if score < thresholds.at_risk_below:
        return HealthStatus.AT_RISK
    if score >= thresholds.healthy_from:
        return HealthStatus.HEALTHY
    return HealthStatus.NEUTRAL


def calculate(score: HealthScore, record: ScoredRecord, events: Iterable[Event], *, now: _dt.datetime) -> ScoreResult:
    """Score one record: groups of criteria, each clamped to its budget, summed to 0–100.

    Only ``events`` whose ``record_id`` is the record's id count, and none after
    ``now``.  The result says, per group and per criterion, what contributed, so a
    person can see why a customer scored what it did.
    """
    cutoffs: dict[int, _dt.datetime] = {}  # pendulum arithmetic is ~8 µs: once per window, not per criterion
    own = tuple(event for event in events if event.record_id == record.id and event.occurred_at <= now)
    by_type: dict[str, list[Event]] = {}
    for event in own:
        by_type.setdefault(event.type, []).append(event)
    groups: list[GroupResult] = []
    total = 0
    for group in score.groups:
        results = tuple(_criterion_result(c, record, own, by_type, now, cutoffs) for c in group.criteria)
        raw = sum(r.points for r in results)
        points = min(max(raw, 0), max(group.max_points, 0))
        total += points
        groups.append(
            GroupResult(name=group.name, max_points=group.max_points, raw_points=raw, points=points, criteria=results)
        )
    value = min(max(total, 0), 100)
    return ScoreResult(
        record_id=record.id,
        score=value,
        status=status_for(value, score.thresholds),
        groups=tuple(groups),
        score_id=score.id,
    )


# -- trend -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TrendPoint:
    """The score of a record at the end of one calendar month (UTC): a point of the "score trend" chart.

    ``month`` is the first day of the month; ``at`` the instant the score was
    computed at (the month's last microsecond, or ``now`` for the current month).
    """

    month: _dt.date
    at: _dt.datetime
    score: int
    status: HealthStatus


_MICROSECOND = _dt.timedelta(microseconds=1)


def score_trend(
    score: HealthScore, record: ScoredRecord, events: Iterable[Event], *, now: _dt.datetime, months: int = 12
) -> tuple[TrendPoint, ...]:
    """The record's score at the end of each of the last ``months`` calendar months (UTC), oldest first.

    The current month counts and is scored at ``now`` (it has not ended), so the
    last point always equals ``calculate(..., now=now)``; the earlier points are
    scored at each month's last microsecond.  Property criteria read the record
    as it is now (the library has no property history); event criteria see only
    the events that had happened by then, which is what makes the trend move.
    """
    if type(months) is not int or months < 1:
        raise GuidedActionsError(f"score_trend: months must be an int >= 1, got {months!r}")
    from guided_actions.crm._calendar import to_pendulum

    events = tuple(events)
    current = to_pendulum(now).in_timezone("UTC").start_of("month")
    points: list[TrendPoint] = []
    for back in range(months - 1, -1, -1):
        start = current.subtract(months=back)
        at: _dt.datetime = now if back == 0 else start.add(months=1) - _MICROSECOND
        result = calculate(score, record, events, now=at)
        points.append(TrendPoint(month=start.date(), at=at, score=result.score, status=result.status))
    return tuple(points)
