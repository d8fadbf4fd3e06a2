"""Quickstart: build a snapshot, reconcile, explain, store, reconcile again.

Run it with ``python examples/quickstart.py``.  It is the tutorial
(``docs/tutorial.md``) in one script: ``now`` is fixed, so the output is the
same on every run.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from guided_actions import (
    ActionType,
    Contact,
    CrmSnapshot,
    GuidedAction,
    Meeting,
    MeetingOutcome,
    ObjectRef,
    ObjectType,
    User,
    explain,
    from_json,
    reconcile,
    to_json,
)

NOW = pendulum.datetime(2026, 3, 4, 15, tz="Europe/Berlin")


def main() -> None:
    """Walk one rep's guided actions through two reconciles and a logged meeting outcome."""
    ana = User(id="ana", email="ana@example.com", timezone="Europe/Berlin")
    lena = Contact(
        id="lena",
        email="lena@customer.test",
        owner_id="ana",
        owner_assigned_at=NOW - dt.timedelta(days=2),
        lifecycle_stage="lead",
    )
    demo = Meeting(
        id="m1",
        owner_id="ana",
        title="Demo with Lena",
        start=NOW - dt.timedelta(hours=3),
        end=NOW - dt.timedelta(hours=2),
        contact_ids=("lena",),
    )
    crm = CrmSnapshot.build(users=[ana], contacts=[lena], meetings=[demo])

    first = reconcile(crm, now=NOW)
    print(f"First reconcile at {NOW.to_iso8601_string()}: {len(first.created)} created")
    for action in first.created:
        print(f"  + {action.title():<28} {action.subject}  (id {action.id})")

    print()
    lena_ref = ObjectRef(ObjectType.CONTACT, "lena")
    print(explain(crm, ActionType.NEWLY_ASSIGNED_CONTACTS, lena_ref, user_id="ana", now=NOW))

    # The host stores every action as a JSON row and reads them back next time.
    rows = [to_json(action) for action in (*first.active, *first.expired)]
    known = [from_json(GuidedAction, row) for row in rows]

    later = NOW + dt.timedelta(hours=1)
    second = reconcile(crm, now=later, known=known)
    print()
    print(f"Second reconcile, nothing changed: {len(second.created)} created, {len(second.unchanged)} unchanged")
    assert not second.changed

    # Ana logs the meeting's outcome: "Log meeting outcome" has no item left and expires.
    crm = crm.evolve(upsert=[attrs.evolve(demo, outcome=MeetingOutcome.COMPLETED)])
    third = reconcile(crm, now=later, known=[*second.active, *second.expired])
    print()
    print("After logging the meeting outcome:")
    for action in third.expired:
        print(f"  - {action.title():<28} expired: {action.expiry_reason}")
    assert [a.type for a in third.expired] == [ActionType.LOG_MEETING_OUTCOME]


if __name__ == "__main__":
    main()
