"""``summarize``, ``health_alerts`` and ``active_alerts``: scenarios."""

from __future__ import annotations

import datetime as dt

import pytest

from guided_actions.errors import GuidedActionsError
from guided_actions.success import (
    HealthAlert,
    HealthStatus,
    ScoreResult,
    active_alerts,
    health_alerts,
    summarize,
)
from tests.success._support import NOW


def _result(record: str, score: int, status: HealthStatus) -> ScoreResult:
    return ScoreResult(record_id=record, score=score, status=status, groups=())


def _alert(record: str, days_ago: float) -> HealthAlert:
    return HealthAlert(
        record_id=record,
        previous_status=HealthStatus.HEALTHY,
        status=HealthStatus.AT_RISK,
        previous_score=80,
        score=20,
        raised_at=NOW - dt.timedelta(days=days_ago),
    )


class TestSummarize:
    def test_no_records_give_zeros(self) -> None:
        summary = summarize(())
        assert (summary.count, summary.average) == (0, 0.0)
        assert dict(summary.counts) == dict.fromkeys(HealthStatus, 0)
        assert dict(summary.shares) == dict.fromkeys(HealthStatus, 0.0)
        assert summary.distribution == (0,) * 10

    def test_counts_shares_average_and_buckets(self) -> None:
        results = {
            "a": _result("a", 0, HealthStatus.AT_RISK),
            "b": _result("b", 39, HealthStatus.AT_RISK),
            "c": _result("c", 50, HealthStatus.NEUTRAL),
            "d": _result("d", 90, HealthStatus.HEALTHY),
            "e": _result("e", 100, HealthStatus.HEALTHY),
        }
        summary = summarize(results)
        assert summary.count == 5
        assert summary.average == pytest.approx(55.8)
        assert summary.counts[HealthStatus.AT_RISK] == 2
        assert summary.shares[HealthStatus.HEALTHY] == pytest.approx(0.4)
        assert summary.distribution == (1, 0, 0, 1, 0, 1, 0, 0, 0, 2)


class TestAlerts:
    def test_an_alert_is_raised_only_when_the_status_changes(self) -> None:
        previous = {
            "a": _result("a", 80, HealthStatus.HEALTHY),
            "b": _result("b", 75, HealthStatus.HEALTHY),
            "gone": _result("gone", 10, HealthStatus.AT_RISK),
        }
        current = {
            "a": _result("a", 30, HealthStatus.AT_RISK),
            "b": _result("b", 71, HealthStatus.HEALTHY),
            "new": _result("new", 10, HealthStatus.AT_RISK),
        }
        assert health_alerts(previous, current, now=NOW) == (
            HealthAlert(
                record_id="a",
                previous_status=HealthStatus.HEALTHY,
                status=HealthStatus.AT_RISK,
                previous_score=80,
                score=30,
                raised_at=NOW,
            ),
        )

    def test_active_alerts_are_younger_than_14_days_newest_first_and_capped(self) -> None:
        alerts = [_alert("old", 14), _alert("x", 13.99), _alert("y", 1), _alert("z", 1), _alert("future", -1)]
        assert [a.record_id for a in active_alerts(alerts, now=NOW)] == ["y", "z", "x"]
        assert [a.record_id for a in active_alerts(alerts, now=NOW, limit=2)] == ["y", "z"]
        assert active_alerts(alerts, now=NOW, limit=0) == ()

    def test_more_than_25_alerts_are_capped_at_25_by_default(self) -> None:
        alerts = [_alert(f"r{i:02}", i / 10) for i in range(40)]
        shown = active_alerts(alerts, now=NOW)
        assert len(shown) == 25
        assert shown[0].record_id == "r00"

    def test_a_negative_limit_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError):
            active_alerts((), now=NOW, limit=-1)
