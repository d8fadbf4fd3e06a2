"""Score a small book of customers, explain one score, and show the Summary tab's card.

Run it with ``python examples/health_scores.py``.  The portal is built with the
library's builders around a fixed ``now`` (never the clock), so the output is the
same on every run.  Engagements become health-score events with
``engagement_events``; the host adds its own (support tickets) and scores every
company with the default health score.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from guided_actions._builders import make_call, make_company, make_email, make_meeting, make_user
from guided_actions.crm import CallStatus, CrmSnapshot, EmailDirection, MeetingOutcome, ObjectRef, ObjectType
from guided_actions.success import (
    Event,
    ScoreResult,
    active_alerts,
    calculate,
    default_health_score,
    engagement_events,
    health_alerts,
    score_trend,
    summarize,
)

NOW = pendulum.datetime(2026, 3, 15, 12, tz="UTC")


def _ago(days: int) -> pendulum.DateTime:
    return NOW - dt.timedelta(days=days)


def portal() -> CrmSnapshot:
    """Three customers: one engaged, one drifting away, one quiet but happy."""
    companies = [
        make_company(id="acme", name="Acme", owner_id="csm", properties={"csm_sentiment": "positive", "nps_score": 9}),
        make_company(
            id="globex", name="Globex", owner_id="csm", properties={"csm_sentiment": "negative", "nps_score": 4}
        ),
        make_company(
            id="initech", name="Initech", owner_id="csm", properties={"csm_sentiment": "neutral", "nps_score": 8}
        ),
    ]
    meetings = [
        make_meeting(id="m1", start=_ago(5), outcome=MeetingOutcome.COMPLETED, company_ids=("acme",)),
        make_meeting(id="m2", start=_ago(40), outcome=MeetingOutcome.COMPLETED, company_ids=("acme",)),
        make_meeting(id="m3", start=_ago(12), outcome=MeetingOutcome.NO_SHOW, company_ids=("globex",)),
        make_meeting(id="m4", start=_ago(70), outcome=MeetingOutcome.COMPLETED, company_ids=("initech",)),
    ]
    calls = [
        make_call(id="k1", started_at=_ago(2), status=CallStatus.COMPLETED, company_ids=("acme",)),
        make_call(id="k2", started_at=_ago(9), status=CallStatus.NO_ANSWER, company_ids=("globex",)),
        make_call(id="k3", started_at=_ago(20), status=CallStatus.COMPLETED, company_ids=("initech",)),
    ]
    emails = [
        make_email(id="e1", sent_at=_ago(8), company_ids=("acme",)),
        make_email(
            id="e2", direction=EmailDirection.INCOMING, in_reply_to="e1", sent_at=_ago(7), company_ids=("acme",)
        ),
    ]
    return CrmSnapshot.build(
        users=[make_user(id="csm")], companies=companies, meetings=meetings, calls=calls, emails=emails
    )


def tickets() -> list[Event]:
    """The host's own events: support tickets from its help desk."""
    return [
        Event(type="ticket_opened", record_id="globex", occurred_at=_ago(d), properties={"priority": "high"})
        for d in (1, 3, 6)
    ]


def explain(result: ScoreResult) -> str:
    """A readable breakdown of one score."""
    lines = [f"{result.record_id}: {result.score} ({result.status.value})"]
    for group in result.groups:
        lines.append(f"  {group.name:<22} {group.points:>3}/{group.max_points:<3} (raw {group.raw_points:+d})")
        for c in group.criteria:
            label = getattr(c.criterion, "label", "") or type(c.criterion).__name__
            if c.matched:
                lines.append(f"      {label:<34} x{c.count:<2} {c.points:+d}")
    return "\n".join(lines)


def main() -> None:
    """Score the book, explain the drifting customer, summarize and raise alerts."""
    crm = portal()
    score = default_health_score("companies", ("my-customers",))
    host_events = tickets()
    results: dict[str, ScoreResult] = {}
    last_month: dict[str, ScoreResult] = {}
    for company in crm.companies:
        events = [*engagement_events(crm, ObjectRef(ObjectType.COMPANY, company.id), now=NOW), *host_events]
        results[company.id] = calculate(score, company, events, now=NOW)
        last_month[company.id] = calculate(score, company, events, now=_ago(30))
        trend = score_trend(score, company, events, now=NOW, months=3)
        print(f"{company.name:<8} score {results[company.id].score:>3}  trend {[p.score for p in trend]}")
    print()
    print(explain(results["globex"]))
    print()
    summary = summarize(results)
    shares = ", ".join(f"{status.value} {share:.0%}" for status, share in summary.shares.items())
    print(f"{summary.count} customers, average {summary.average:.1f}: {shares}")
    print(f"distribution {list(summary.distribution)}")
    alerts = active_alerts(health_alerts(last_month, results, now=NOW), now=NOW)
    for alert in alerts:
        change = f"{alert.previous_status.value} -> {alert.status.value}"
        print(f"alert: {alert.record_id} {change} ({alert.previous_score} -> {alert.score})")


if __name__ == "__main__":
    main()
