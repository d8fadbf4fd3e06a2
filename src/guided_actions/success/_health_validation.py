"""``validate_health_score``: every problem of a health-score definition, at once.

Wording lives in :data:`HEALTH_SCORE_PROBLEMS`; paths are dotted paths into the
score (``"groups[1].criteria[0].conditions[2].value"``).  Tier limits count the
portal's ``existing`` scores, leaving out the one being saved (same id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from guided_actions.errors import Problem
from guided_actions.success._health import (
    Condition,
    EventCriterion,
    HealthScore,
    HostCriterion,
    Operator,
    PropertyCriterion,
    ScoreState,
)
from guided_actions.success._settings import Tier

__all__ = ["HEALTH_SCORE_PROBLEMS", "SCORE_LIMITS", "validate_health_score"]

#: tier -> state -> how many scores of that state a portal may have.
SCORE_LIMITS: Mapping[Tier, Mapping[ScoreState, int]] = MappingProxyType(
    {
        Tier.PROFESSIONAL: MappingProxyType({ScoreState.ACTIVE: 1, ScoreState.DRAFT: 5}),
        Tier.ENTERPRISE: MappingProxyType({ScoreState.ACTIVE: 10, ScoreState.DRAFT: 20}),
    }
)
MAX_SEGMENTS = 5
TOTAL_POINTS = 100

HEALTH_SCORE_PROBLEMS: Mapping[str, str] = MappingProxyType(
    {
        "group_points_not_positive": "the group {name!r} needs max points above 0, got {points}",
        "group_points_not_100": "group max points must sum to exactly {total}, got {sum}",
        "duplicate_group_name": "another group is already named {name!r}",
        "segment_count": "a health score applies to 1 to {limit} segments, got {count}",
        "invalid_thresholds": "thresholds need 0 < at risk below ({low}) < healthy from ({high}) <= 100",
        "within_days_not_positive": "'within days' must be above 0, got {days}",
        "max_points_not_positive": "a per-occurrence cap must be above 0, got {points}",
        "condition_value": "{operator} {needs}",
        "too_many_scores": "a {tier} portal can have at most {limit} {state} health scores",
    }
)

_NEEDS = {
    Operator.BETWEEN: "takes exactly two values (low, high)",
    Operator.IN: "takes a non-empty tuple of values",
    Operator.NOT_IN: "takes a non-empty tuple of values",
    Operator.IS_KNOWN: "takes no value",
    Operator.IS_UNKNOWN: "takes no value",
}


def _problem(code: str, path: str, **fields: object) -> Problem:
    return Problem(code, path, HEALTH_SCORE_PROBLEMS[code].format(**fields))


def _condition_ok(condition: Condition) -> bool:
    op, value = condition.operator, condition.value
    if op is Operator.BETWEEN:
        return isinstance(value, tuple) and len(value) == 2 and None not in value
    if op in (Operator.IN, Operator.NOT_IN):
        return isinstance(value, tuple) and len(value) > 0
    if op in (Operator.IS_KNOWN, Operator.IS_UNKNOWN):
        return value is None or value == ()
    return value is not None and not isinstance(value, tuple)


def _condition_problems(conditions: tuple[Condition, ...], path: str, problems: list[Problem]) -> None:
    for k, condition in enumerate(conditions):
        if not _condition_ok(condition):
            needs = _NEEDS.get(condition.operator, "takes exactly one value")
            problems.append(
                _problem(
                    "condition_value", f"{path}.conditions[{k}].value", operator=condition.operator.name, needs=needs
                )
            )


def validate_health_score(
    score: HealthScore, *, tier: Tier, existing: Iterable[HealthScore] = ()
) -> tuple[Problem, ...]:
    """Every problem of a health score (empty when it can be saved).

    Group budgets are positive and sum to exactly 100, group names are unique,
    it applies to 1 to 5 segments, ``0 < at_risk_below < healthy_from <= 100``,
    windows and caps are positive, each operator has the values it takes, and the
    tier's limits (Professional: 1 active, 5 drafts; Enterprise: 10 active, 20
    drafts) hold once this score is saved beside ``existing``.
    """
    problems: list[Problem] = []
    count = len(score.segment_ids)
    if not 1 <= count <= MAX_SEGMENTS:
        problems.append(_problem("segment_count", "segment_ids", limit=MAX_SEGMENTS, count=count))
    low, high = score.thresholds.at_risk_below, score.thresholds.healthy_from
    if not 0 < low < high <= TOTAL_POINTS:
        problems.append(_problem("invalid_thresholds", "thresholds", low=low, high=high))
    names: set[str] = set()
    for i, group in enumerate(score.groups):
        path = f"groups[{i}]"
        if group.max_points <= 0:
            problems.append(
                _problem("group_points_not_positive", f"{path}.max_points", name=group.name, points=group.max_points)
            )
        key = group.name.strip().casefold()
        if key in names:
            problems.append(_problem("duplicate_group_name", f"{path}.name", name=group.name))
        names.add(key)
        for j, criterion in enumerate(group.criteria):
            cpath = f"{path}.criteria[{j}]"
            if (
                isinstance(criterion, EventCriterion)
                and criterion.within_days is not None
                and criterion.within_days <= 0
            ):
                problems.append(
                    _problem("within_days_not_positive", f"{cpath}.within_days", days=criterion.within_days)
                )
            if (
                not isinstance(criterion, PropertyCriterion)
                and criterion.max_points is not None
                and criterion.max_points <= 0
            ):
                problems.append(_problem("max_points_not_positive", f"{cpath}.max_points", points=criterion.max_points))
            if not isinstance(criterion, HostCriterion):
                _condition_problems(criterion.conditions, cpath, problems)
    total = sum(group.max_points for group in score.groups)
    if total != TOTAL_POINTS:
        problems.append(_problem("group_points_not_100", "groups", total=TOTAL_POINTS, sum=total))
    same_state = sum(1 for other in existing if other.id != score.id and other.state is score.state)
    limit = SCORE_LIMITS[tier][score.state]
    if same_state + 1 > limit:
        problems.append(_problem("too_many_scores", "state", tier=tier.value, limit=limit, state=score.state.value))
    return tuple(problems)
