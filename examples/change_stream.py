"""A host that reconciles on every CRM change, and sleeps until the next check in between.

The portal is ``synthetic_portal`` (about 20,000 records).  A stream of
changes arrives — emails re-sent, deals losing a contact, tasks completed,
meetings moved — each applied with ``CrmSnapshot.evolve`` and reconciled
incrementally (``changed`` + ``since``) against the stored actions kept as a
``KnownActions`` index.  Between changes, when the clock passes
``next_check_at``, a timer run reconciles with nothing changed.  At the end the
state is checked against one full reconcile.

Run it with ``python examples/change_stream.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

import attrs
import pendulum

from guided_actions import KnownActions, ObjectRef, ObjectType, TaskStatus, reconcile
from guided_actions.crm import CrmSnapshot
from guided_actions.testing import synthetic_portal

START = pendulum.datetime(2026, 3, 2, 12, tz="UTC")


def a_change(crm: CrmSnapshot, rng: random.Random, now: dt.datetime) -> tuple[Any, ObjectType]:
    """One realistic change to a random record."""
    kind = rng.choice([ObjectType.EMAIL, ObjectType.DEAL, ObjectType.TASK, ObjectType.MEETING])
    if kind is ObjectType.EMAIL:
        email = rng.choice(list(crm.emails))
        return attrs.evolve(email, sent_at=email.sent_at + dt.timedelta(minutes=5)), kind
    if kind is ObjectType.DEAL:
        deal = rng.choice(list(crm.deals))
        return attrs.evolve(deal, contact_ids=deal.contact_ids[1:]), kind
    if kind is ObjectType.TASK:
        task = rng.choice(list(crm.tasks))
        return attrs.evolve(task, status=TaskStatus.COMPLETED, completed_at=now), kind
    meeting = rng.choice(list(crm.meetings))
    shift = dt.timedelta(hours=rng.choice([-2, 1, 26]))
    return attrs.evolve(meeting, start=meeting.start + shift, end=meeting.end + shift), kind


def main() -> None:
    rng = random.Random(7)
    crm = synthetic_portal(users=20, scale=2, seed=3, now=START)
    now: dt.datetime = START
    result = reconcile(crm, now=now)
    known = KnownActions.of(result.active + result.expired)
    print(f"{len(crm):,} records, {len(known.active):,} active actions after the first full reconcile")

    changes = timer_runs = 0
    spent = 0.0
    next_check = result.next_check_at
    for _ in range(300):
        later = now + dt.timedelta(seconds=rng.randint(1, 120))
        if next_check is not None and next_check <= later:  # the timer fires first
            started = time.perf_counter()
            result = reconcile(crm, now=next_check, known=known, changed=(), since=now)
            spent += time.perf_counter() - started
            known, now, next_check = known.apply(result), next_check, result.next_check_at
            timer_runs += 1
            continue
        record, kind = a_change(crm, rng, later)
        crm = crm.evolve(upsert=[record])
        started = time.perf_counter()
        result = reconcile(crm, now=later, known=known, changed=[ObjectRef(kind, record.id)], since=now)
        spent += time.perf_counter() - started
        known, now, next_check = known.apply(result), later, result.next_check_at
        changes += 1

    full = reconcile(crm, now=now, known=list(known))
    assert not full.changed, "the incremental runs left something a full reconcile would change"
    assert full.active == known.active
    runs = changes + timer_runs
    print(
        f"{changes} changes and {timer_runs} timer runs over {(now - START).total_seconds() / 60:.0f} minutes, "
        f"{spent / runs * 1000:.2f} ms per incremental reconcile on average"
    )
    print(f"{len(known.active):,} active actions at the end: the same as one full reconcile gives")


if __name__ == "__main__":
    main()
