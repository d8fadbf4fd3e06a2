"""Pictures of customer health: a summary's distribution and a record's score trend.

Optional: install the ``plot`` extra (``pip install 'guided-actions[plot]'``),
which brings matplotlib.  matplotlib is imported inside the functions, so
``import guided_actions`` never needs it and a host without the extra only
fails when it actually asks for a picture.

The functions build a :class:`matplotlib.figure.Figure` directly, without
``pyplot``: no global figure registry, no backend chosen behind the caller's
back, nothing drawn on screen.  The caller decides what to do with the figure
(``fig.savefig("health.png")``, or let a notebook display it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guided_actions.success import HealthStatus, HealthSummary, TrendPoint

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["STATUS_COLORS", "plot_health_distribution", "plot_score_trend"]

STATUS_COLORS: dict[HealthStatus, str] = {
    HealthStatus.AT_RISK: "#c0392b",
    HealthStatus.NEUTRAL: "#f1c40f",
    HealthStatus.HEALTHY: "#27ae60",
}
"""One colour per status, red-amber-green, shared by both pictures so they read alike."""


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plot_health_distribution(summary: HealthSummary, *, title: str = "Customer health") -> Figure:
    """Two panels of the Summary tab's card: records per score bucket, and records per status.

    The left panel has one bar per ten-point bucket (``0–9`` … ``90–100``), the
    right one bar per :class:`~guided_actions.success.HealthStatus` labelled
    with its share, so the picture says both *how* scores spread and *how many*
    customers need attention.
    """
    fig = _new_figure(9.0, 3.6)
    fig.suptitle(f"{title}: {summary.count} records, average {summary.average:.1f}")
    left, right = fig.subplots(1, 2, width_ratios=(2, 1))
    last = len(summary.distribution) - 1
    labels = [f"{10 * i}–{10 * i + 9}" if i < last else f"{10 * i}–100" for i in range(len(summary.distribution))]
    left.bar(labels, summary.distribution, color="#5b7db1")
    left.set_xlabel("score")
    left.set_ylabel("records")
    left.tick_params(axis="x", labelrotation=45)
    statuses = list(summary.counts)
    bars = right.bar(
        [status.value for status in statuses],
        [summary.counts[status] for status in statuses],
        color=[STATUS_COLORS.get(status, "#888888") for status in statuses],
    )
    right.bar_label(bars, labels=[f"{summary.shares[status]:.0%}" for status in statuses])
    right.set_ylabel("records")
    right.margins(y=0.12)
    return fig


def plot_score_trend(trend: Sequence[TrendPoint], *, title: str = "Health score trend") -> Figure:
    """A record's score month by month (from :func:`~guided_actions.success.score_trend`), dots coloured by status.

    The y axis is always 0–100, so two records' trends can be compared by eye.
    """
    fig = _new_figure(7.0, 3.2)
    ax = fig.subplots()
    ax.set_title(title)
    months = [point.month.strftime("%Y-%m") for point in trend]
    scores = [point.score for point in trend]
    ax.plot(months, scores, color="#5b7db1", linewidth=1.5, zorder=1)
    ax.scatter(months, scores, color=[STATUS_COLORS.get(p.status, "#888888") for p in trend], zorder=2)
    ax.set_ylim(0, 100)
    ax.set_ylabel("score")
    ax.tick_params(axis="x", labelrotation=45)
    return fig
