"""Render a rep's sales workspace as text: summary, queues, schedule, feed, deals.

Run it with ``python examples/sales_workspace.py``.  The portal is built with the
library's builders around a fixed ``now`` (never the clock), so the output is
the same on every run.  A host would build the snapshot from its own rows and
render the same values as HTML instead.
"""

from __future__ import annotations

import datetime as _dt

import pendulum

from guided_actions._builders import (
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_team,
    make_user,
)
from guided_actions.actions import ActionCategory
from guided_actions.crm import CrmSnapshot, MeetingOutcome, ObjectType, SequenceStep, TaskPriority
from guided_actions.errors import AccessDenied
from guided_actions.sales import (
    DashboardAccess,
    activity_feed,
    add_dashboard,
    can_view_dashboard,
    contacts_with_meetings_today,
    deal_insights,
    deal_views,
    sales_summary,
    schedule,
    week_window,
)

BERLIN = "Europe/Berlin"
NOW = pendulum.datetime(2026, 3, 25, 8, 30, tz=BERLIN)  # Wednesday of the week clocks spring forward


def build_portal(now: pendulum.DateTime) -> CrmSnapshot:
    """A small portal: Rita (Berlin), Sam (New York), Ada the super admin, and their book of business."""

    def seq(step: int, enrollment: str) -> SequenceStep:
        return SequenceStep(sequence_id="outbound", enrollment_id=enrollment, step=step, sequence_name="Outbound Q1")

    return CrmSnapshot.build(
        users=[
            make_user(id="rita", timezone=BERLIN, team_ids=frozenset({"emea"}), primary_team_id="emea"),
            make_user(id="sam", timezone="America/New_York", team_ids=frozenset({"amer"})),
            make_user(id="ada", super_admin=True),
        ],
        teams=[make_team(id="emea", name="EMEA"), make_team(id="amer", name="Americas")],
        companies=[
            make_company(id="acme", name="ACME", owner_id="rita", target_account=True),
            make_company(id="globex", name="Globex", owner_id="sam"),
        ],
        contacts=[
            make_contact(id="lena", owner_id="sam", company_ids=("acme",)),
            make_contact(id="omar", owner_id="rita"),
            make_contact(id="ines", owner_id="rita", company_ids=("globex",)),
        ],
        pipelines=[make_pipeline()],
        deals=[
            make_deal(
                id="acme-renewal",
                name="ACME renewal",
                owner_id="rita",
                contact_ids=("lena",),
                close_date=_dt.date(2026, 3, 20),
                created_at=now.subtract(days=40),
            ),
            make_deal(id="globex-pilot", name="Globex pilot", owner_id="rita", created_at=now.subtract(days=12)),
            make_deal(
                id="initech",
                name="Initech expansion",
                owner_id="rita",
                contact_ids=("ines",),
                stage_id="qualified",
                next_steps="Security review",
                next_steps_updated_at=now.subtract(days=1),
                created_at=now.subtract(days=20),
            ),
        ],
        tasks=[
            make_task(
                id="call-omar",
                title="Call Omar back",
                owner_id="rita",
                contact_ids=("omar",),
                due_at=pendulum.datetime(2026, 3, 25, 23, 30, tz=BERLIN),
                priority=TaskPriority.HIGH,
            ),
            make_task(id="quote", title="Send Globex quote", owner_id="rita", due_at=now.subtract(days=2)),
            make_task(id="prep", title="Prepare QBR deck", owner_id="rita", due_at=now.add(days=1)),
            make_task(
                id="review",
                title="Security questionnaire",
                owner_id="rita",
                deal_ids=("initech",),
                due_at=now.add(days=6),
            ),
            make_task(
                id="s1", title="Intro email", owner_id="rita", contact_ids=("omar",), due_at=now, sequence=seq(1, "e1")
            ),
            make_task(
                id="s2",
                title="LinkedIn touch",
                owner_id="rita",
                contact_ids=("ines",),
                due_at=now,
                sequence=seq(2, "e2"),
            ),
        ],
        meetings=[
            make_meeting(
                id="demo",
                title="ACME demo",
                owner_id="rita",
                contact_ids=("lena",),
                deal_ids=("acme-renewal",),
                start=now.add(hours=3),
                end=now.add(hours=4),
            ),
            make_meeting(
                id="kickoff",
                title="Initech kickoff",
                owner_id="rita",
                contact_ids=("ines",),
                deal_ids=("initech",),
                start=now.subtract(days=2),
                end=now.subtract(days=2).add(hours=1),
                outcome=MeetingOutcome.COMPLETED,
            ),
        ],
        calls=[
            make_call(
                id="disco",
                owner_id="rita",
                contact_ids=("lena",),
                deal_ids=("acme-renewal",),
                started_at=now.subtract(days=3),
                ended_at=now.subtract(days=3).add(minutes=20),
            ),
        ],
        emails=[
            make_email(
                id="budget",
                owner_id="sam",
                from_address="sam@vendor.example",
                to_addresses=("lena@customer.example",),
                contact_ids=("lena",),
                deal_ids=("acme-renewal",),
                sent_at=now.subtract(days=1),
            ),
        ],
        notes=[make_note(id="n1", owner_id="rita", contact_ids=("omar",), created_at=now.subtract(days=5))],
    )


def local(value: _dt.datetime, tz: str = BERLIN) -> str:
    """An instant as Rita reads it on her screen."""
    return pendulum.instance(value).in_timezone(tz).format("ddd DD MMM HH:mm")


def main() -> None:
    """Print Rita's workspace, then what a super admin and a colleague may see of it."""
    crm = build_portal(NOW)
    summary = sales_summary(crm, "rita", now=NOW)

    print(f"== Sales workspace of rita at {local(NOW)} ({BERLIN}) ==")
    counts = summary.task_counts
    print(
        f"Tasks: {counts['overdue']} overdue · {counts['due_today']} due today · {counts['due_tomorrow']} due tomorrow"
    )
    for name, bucket in (("Overdue", summary.tasks.overdue), ("Due today", summary.tasks.due_today)):
        for task in bucket:
            assert task.due_at is not None
            print(f"  {name:<10} {local(task.due_at)}  [{task.priority.value:>6}] {task.title}")

    for card in summary.sequence_cards:
        steps = ", ".join(f"step {group.step}: {len(group.tasks)}" for group in card.steps)
        print(f"Sequence {card.sequence_name}: {steps}")

    print("Guided actions:")
    for chip in (None, ActionCategory.DEAL, ActionCategory.PROSPECTING):
        actions = summary.actions(chip)
        label = "All" if chip is None else chip.value.capitalize()
        print(f"  {label:<12} {len(actions)}: {', '.join(sorted({a.type for a in actions}))}")

    print("Today:")
    for item in summary.schedule_today:
        print(f"  {local(item.start)}  {item.kind.value:<7} {item.title}")
    print("Contacts with meetings today:", ", ".join(c.id for c in contacts_with_meetings_today(crm, "rita", now=NOW)))

    start, end = week_window(NOW, BERLIN)
    print(f"\nThis week: {local(start)} to {local(end)} ({(end - start).total_seconds() / 3600:.0f} hours)")
    print("Ada (super admin) sees Rita's week as:")
    for item in schedule(crm, "rita", viewer_id="ada", start=start, end=end, hide_weekends=True):
        print(f"  {local(item.start)}  {item.kind.value:<7} {item.title}")
    try:
        schedule(crm, "rita", viewer_id="sam", start=start, end=end)
    except AccessDenied as refused:
        print(f"Sam is refused: {refused}")

    print("\nFeed:")
    for group in activity_feed(crm, "rita", now=NOW):
        flag = " [target account]" if group.target_account else ""
        kinds = ", ".join(e.kind.value for e in group.activities)
        print(f"  {group.contact_id}{flag}: {kinds}")

    print("\nDeals:")
    views = deal_views(crm, "rita", now=NOW)
    for name, deals in views.items():
        print(f"  {name}: {', '.join(d.name for d in deals)}")
    for viewer in ("rita", "sam"):  # Sam sees only his own email: two reps, two views
        insights = deal_insights(crm, "acme-renewal", viewer_id=viewer, now=NOW)
        recent = ", ".join(e.id for e in insights.recent_activity)
        print(f"  ACME renewal as seen by {viewer}: recent [{recent}]")
        for risk in insights.risks:
            print(f"    risk {risk.code.value}: {risk.message}")

    dashboards = add_dashboard(
        {}, "emea-pipeline", DashboardAccess.teams("emea"), confirmed_view_access=True, known_teams=crm
    )
    viewers = [u.id for u in crm.users if can_view_dashboard(u, dashboards["emea-pipeline"])]
    print(f"\nDashboard emea-pipeline is visible to: {', '.join(viewers)}")
    assert ObjectType.MEETING in {i.kind for i in summary.schedule_today}


if __name__ == "__main__":
    main()
