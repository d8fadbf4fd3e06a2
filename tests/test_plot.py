"""The optional pictures render with the Agg backend and show what they claim to show."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any, cast

import pendulum
import pytest

from guided_actions.crm import Company
from guided_actions.success import (
    Event,
    EventCriterion,
    HealthScore,
    HealthStatus,
    PropertyCriterion,
    ScoreGroup,
    calculate,
    score_trend,
    summarize,
)

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from guided_actions.plot import STATUS_COLORS, plot_health_distribution, plot_score_trend  # noqa: E402

NOW = pendulum.datetime(2026, 3, 15, 12, tz="UTC")
PNG = b"\x89PNG\r\n\x1a\n"


def _score() -> HealthScore:
    return HealthScore(
        id="hs",
        name="Health",
        object_type="companies",
        segment_ids=("all",),
        groups=(
            ScoreGroup(name="Baseline", max_points=30, criteria=(PropertyCriterion(points=30),)),
            ScoreGroup(
                name="Usage",
                max_points=70,
                criteria=(EventCriterion(points=10, event_type="login", per_occurrence=True, max_points=70),),
            ),
        ),
    )


def _logins(record_id: str, months: int) -> list[Event]:
    return [Event(type="login", record_id=record_id, occurred_at=NOW.subtract(months=m, days=1)) for m in range(months)]


def _heights(ax: Any) -> list[int]:
    return [round(bar.get_height()) for bar in ax.patches]


def _png(fig: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_the_distribution_has_a_bar_per_bucket_and_per_status_and_saves_as_png() -> None:
    companies = [Company(id=f"c{i}", name=f"C{i}") for i in range(5)]
    results = [calculate(_score(), c, _logins(c.id, i), now=NOW) for i, c in enumerate(companies)]
    summary = summarize(results)
    fig = plot_health_distribution(summary)
    left, right = fig.axes
    assert _heights(left) == list(summary.distribution)
    assert _heights(right) == [summary.counts[s] for s in summary.counts]
    assert [t.get_text() for t in right.get_xticklabels()] == [s.value for s in summary.counts]
    assert "5 records" in fig.get_suptitle()
    assert _png(fig).startswith(PNG)


def test_an_empty_summary_still_draws() -> None:
    fig = plot_health_distribution(summarize([]))
    assert "0 records" in fig.get_suptitle()
    assert _png(fig).startswith(PNG)


def test_the_trend_has_a_point_per_month_on_a_fixed_zero_to_hundred_axis() -> None:
    company = Company(id="acme", name="Acme")
    trend = score_trend(_score(), company, _logins("acme", 6), now=NOW, months=6)
    fig = plot_score_trend(trend, title="Acme")
    (ax,) = fig.axes
    (line,) = ax.get_lines()
    assert [float(y) for y in cast("list[float]", line.get_ydata())] == [p.score for p in trend]
    assert ax.get_ylim() == (0.0, 100.0)
    assert ax.get_title() == "Acme"
    assert _png(fig).startswith(PNG)


def test_every_status_has_a_colour() -> None:
    assert set(STATUS_COLORS) == set(HealthStatus)


def test_importing_the_library_does_not_import_matplotlib() -> None:
    code = "import sys, guided_actions, guided_actions.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
