"""``summarize``: the health-score summary card of the Summary tab.

Average score, how many customers are at risk, neutral or healthy (and their
share), and the score distribution in ten buckets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from guided_actions.success._health import HealthStatus
from guided_actions.success._scoring import ScoreResult

__all__ = ["BUCKETS", "HealthSummary", "summarize"]

BUCKETS = 10
"""Buckets of the distribution: ``[0,10)``, ``[10,20)``, …, ``[80,90)``, ``[90,100]``."""


@attrs.frozen(kw_only=True)
class HealthSummary:
    """The summary of a set of scored records.

    ``average`` is 0.0 when there are no records; ``counts`` and ``shares`` have a
    key for every :class:`HealthStatus` (shares sum to 1.0 when ``count > 0``);
    ``distribution[i]`` counts scores in ``[10 i, 10 i + 10)``, the last bucket
    including 100.
    """

    count: int
    average: float
    counts: Mapping[HealthStatus, int]
    shares: Mapping[HealthStatus, float]
    distribution: tuple[int, ...]

    def _repr_html_(self) -> str:
        """An HTML table, so notebooks show this result readably (escaped)."""
        from guided_actions._html import render_health_summary

        return render_health_summary(self)


def summarize(results: Iterable[ScoreResult] | Mapping[str, ScoreResult]) -> HealthSummary:
    """Summarize scored records (a sequence of results, or a ``record_id -> result`` mapping)."""
    values = tuple(results.values() if isinstance(results, Mapping) else results)
    counts = dict.fromkeys(HealthStatus, 0)
    distribution = [0] * BUCKETS
    total = 0
    for result in values:
        counts[result.status] += 1
        total += result.score
        distribution[min(max(result.score, 0) // 10, BUCKETS - 1)] += 1
    n = len(values)
    shares = {status: (counts[status] / n if n else 0.0) for status in HealthStatus}
    return HealthSummary(
        count=n,
        average=total / n if n else 0.0,
        counts=MappingProxyType(counts),
        shares=MappingProxyType(shares),
        distribution=tuple(distribution),
    )
