"""``default_health_score``: the "take me to setup" starting point.

Five groups, as the product proposes them — *1:1 engagement*, *1:1 call
engagement*, *Support tickets*, *CSM sentiment*, *NPS* — whose engagement
criteria use the event types :func:`~guided_actions.success.engagement_events`
derives from CRM engagements, so a host with only CRM data gets a working score.
"""

from __future__ import annotations

from collections.abc import Iterable

from guided_actions.success._events import EventType
from guided_actions.success._health import (
    Condition,
    EventCriterion,
    HealthScore,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    ScoreState,
    StatusThresholds,
)

__all__ = ["TICKET_OPENED", "default_health_score"]

TICKET_OPENED = "ticket_opened"
"""The event type the *Support tickets* group counts (sent by a host that has tickets)."""


def default_health_score(object_type: str, segment_ids: Iterable[str]) -> HealthScore:
    """A draft health score with the five default groups (25 + 20 + 20 + 20 + 15 = 100 points).

    - *1:1 engagement* (25): 10 per completed meeting in 90 days (at most 20), 5 per
      email reply in 30 days (at most 10), −10 per no-show in 90 days (at most −20);
    - *1:1 call engagement* (20): 10 per connected call in 90 days (at most 20);
    - *Support tickets* (20): starts full and loses 5 per ticket opened in 30 days;
    - *CSM sentiment* (20): property ``csm_sentiment`` ``positive`` 20, ``neutral`` 10;
    - *NPS* (15): property ``nps_score`` 9–10 gives 15, 7–8 gives 8.

    It is a ``DRAFT`` (to be reviewed before it goes live; Professional portals
    may have only one active score); its id is ``"default-<object_type>"``.
    """
    groups = (
        ScoreGroup(
            name="1:1 engagement",
            max_points=25,
            criteria=(
                EventCriterion(
                    label="Completed meetings, last 90 days",
                    points=10,
                    event_type=EventType.MEETING_COMPLETED,
                    within_days=90,
                    per_occurrence=True,
                    max_points=20,
                ),
                EventCriterion(
                    label="Email replies, last 30 days",
                    points=5,
                    event_type=EventType.EMAIL_REPLIED,
                    within_days=30,
                    per_occurrence=True,
                    max_points=10,
                ),
                EventCriterion(
                    label="Missed meetings, last 90 days",
                    points=-10,
                    event_type=EventType.MEETING_NO_SHOW,
                    within_days=90,
                    per_occurrence=True,
                    max_points=20,
                ),
            ),
        ),
        ScoreGroup(
            name="1:1 call engagement",
            max_points=20,
            criteria=(
                EventCriterion(
                    label="Connected calls, last 90 days",
                    points=10,
                    event_type=EventType.CALL_CONNECTED,
                    within_days=90,
                    per_occurrence=True,
                    max_points=20,
                ),
            ),
        ),
        ScoreGroup(
            name="Support tickets",
            max_points=20,
            criteria=(
                PropertyCriterion(label="Baseline", points=20),
                EventCriterion(
                    label="Tickets opened, last 30 days",
                    points=-5,
                    event_type=TICKET_OPENED,
                    within_days=30,
                    per_occurrence=True,
                    max_points=20,
                ),
            ),
        ),
        ScoreGroup(
            name="CSM sentiment",
            max_points=20,
            criteria=(
                PropertyCriterion(
                    label="Positive",
                    points=20,
                    conditions=(Condition(property="csm_sentiment", operator=Operator.EQ, value="positive"),),
                ),
                PropertyCriterion(
                    label="Neutral",
                    points=10,
                    conditions=(Condition(property="csm_sentiment", operator=Operator.EQ, value="neutral"),),
                ),
            ),
        ),
        ScoreGroup(
            name="NPS",
            max_points=15,
            criteria=(
                PropertyCriterion(
                    label="Promoter",
                    points=15,
                    conditions=(Condition(property="nps_score", operator=Operator.BETWEEN, value=(9, 10)),),
                ),
                PropertyCriterion(
                    label="Passive",
                    points=8,
                    conditions=(Condition(property="nps_score", operator=Operator.BETWEEN, value=(7, 8)),),
                ),
            ),
        ),
    )
    return HealthScore(
        id=f"default-{object_type}",
        name="Customer health",
        object_type=object_type,
        segment_ids=tuple(segment_ids),
        groups=groups,
        thresholds=StatusThresholds(at_risk_below=40, healthy_from=70),
        state=ScoreState.DRAFT,
    )
