"""Health alerts: a customer's status changed.

Alerts are raised by comparing two rounds of scores; they expire after 14 days
and the Summary tab lists the newest ones (the seed's "25 active alerts", read
as a cap that is a parameter).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping

import attrs

from guided_actions.errors import GuidedActionsError
from guided_actions.success._health import HealthStatus
from guided_actions.success._scoring import ScoreResult

__all__ = ["ALERT_LIFETIME", "HealthAlert", "active_alerts", "health_alerts"]

ALERT_LIFETIME = _dt.timedelta(days=14)
"""How long an alert stays active."""


@attrs.frozen(kw_only=True)
class HealthAlert:
    """A record's health status changed: from what to what, with both scores, and when it was noticed."""

    record_id: str
    previous_status: HealthStatus
    status: HealthStatus
    previous_score: int
    score: int
    raised_at: _dt.datetime


def health_alerts(
    previous: Mapping[str, ScoreResult], current: Mapping[str, ScoreResult], *, now: _dt.datetime
) -> tuple[HealthAlert, ...]:
    """One alert per record whose **status** changed between two rounds, ordered by record id.

    A score that moves within one band raises nothing; a record new in
    ``current`` (or gone from it) raises nothing either.
    """
    alerts: list[HealthAlert] = []
    for record_id in sorted(current):
        before = previous.get(record_id)
        after = current[record_id]
        if before is None or before.status is after.status:
            continue
        alerts.append(
            HealthAlert(
                record_id=record_id,
                previous_status=before.status,
                status=after.status,
                previous_score=before.score,
                score=after.score,
                raised_at=now,
            )
        )
    return tuple(alerts)


def active_alerts(alerts: Iterable[HealthAlert], *, now: _dt.datetime, limit: int = 25) -> tuple[HealthAlert, ...]:
    """The alerts raised less than 14 days before ``now`` (and not after it), newest first, at most ``limit``.

    Equal times are ordered by record id, so the list is stable.
    """
    if type(limit) is not int or limit < 0:
        raise GuidedActionsError(f"active_alerts: limit must be an int >= 0, got {limit!r}")
    cutoff = now - ALERT_LIFETIME
    live = [alert for alert in alerts if cutoff < alert.raised_at <= now]
    live.sort(key=lambda alert: alert.record_id)
    live.sort(key=lambda alert: alert.raised_at, reverse=True)
    return tuple(live[:limit])
