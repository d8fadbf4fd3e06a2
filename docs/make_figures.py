"""Draw the pictures the docs show into ``docs/_static/`` (run by ``nox -s docs``).

``python docs/make_figures.py`` scores every company of a synthetic portal with
the default health score, then draws the health distribution and the score
trend of the first company with ``guided_actions.plot``.  Inputs are fixed (a
seeded portal, a fixed ``now``) and the PNGs carry no timestamp, so running it
again rewrites the same files unless the library's behaviour changed.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

from guided_actions import ObjectRef, ObjectType
from guided_actions.plot import plot_health_distribution, plot_score_trend
from guided_actions.success import (
    calculate,
    default_health_score,
    engagement_events,
    score_trend,
    summarize,
)
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 4, 10, 30, tz="UTC")
STATIC = Path(__file__).resolve().parent / "_static"


def main() -> None:
    """Write ``health_distribution.png`` and ``score_trend.png``."""
    crm = synthetic_portal(users=6, scale=0.2, seed=7, now=NOW)
    score = default_health_score("companies", ("all-customers",))
    results = []
    trends = []
    for company in sorted(crm.companies, key=lambda c: c.id):
        events = engagement_events(crm, ObjectRef(ObjectType.COMPANY, company.id), now=NOW, include_contacts=True)
        results.append(calculate(score, company, events, now=NOW))
        trends.append((company, score_trend(score, company, events, now=NOW, months=12)))
    STATIC.mkdir(exist_ok=True)
    metadata = {"Software": None}
    plot_health_distribution(summarize(results), title="Synthetic portal").savefig(
        STATIC / "health_distribution.png", dpi=100, metadata=metadata
    )
    # The company whose score moved the most over the year makes the clearest example.
    company, trend = max(
        trends, key=lambda item: (max(p.score for p in item[1]) - min(p.score for p in item[1]), item[0].id)
    )
    plot_score_trend(trend, title=f"Health score trend: {company.name}").savefig(
        STATIC / "score_trend.png", dpi=100, metadata=metadata
    )
    for name in ("health_distribution.png", "score_trend.png"):
        print(f"wrote docs/_static/{name}")


if __name__ == "__main__":
    main()
