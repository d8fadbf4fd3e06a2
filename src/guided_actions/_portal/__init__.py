"""Synthetic portals: deterministic, realistic CRM data for demos, docs and benchmarks.

:func:`synthetic_portal` draws a whole portal from ``random.Random(seed)`` with
every time placed relative to the ``now`` it is given, so the guided-action rules
(their 10-minute, 1-hour, 24-hour and 7/14/30-day windows), the task buckets and
the health scores all find a realistic share of records on both sides of each
boundary.  It reads no clock and needs no test-only dependency (the CLI demo
uses it).

It is built to make a million records in seconds: ``now`` is converted once to a
stdlib UTC datetime and every instant is that base plus a whole number of
minutes, cached so that equal instants are one shared object (stdlib ``+`` costs
~0.1 µs, pendulum's ~6 µs); strings (addresses, names, titles) and association
tuples are shared between the records that repeat them.  Stdlib datetimes are
also what an ORM hands a host, and the entities keep them as given.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pendulum

from guided_actions._portal._activity import draw_calls, draw_emails, draw_meetings, draw_notes, draw_tasks
from guided_actions._portal._base import Drawing
from guided_actions._portal._records import draw_companies, draw_contacts, draw_deals
from guided_actions._portal._tables import BASE_COUNTS, DEAL_PIPELINE, LEAD_PIPELINE, PORTAL_TIMEZONES, VENDOR_DOMAIN
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import GuidedActionsError

__all__ = [
    "BASE_COUNTS",
    "DEAL_PIPELINE",
    "LEAD_PIPELINE",
    "PORTAL_TIMEZONES",
    "VENDOR_DOMAIN",
    "synthetic_portal",
    "synthetic_records",
]


def synthetic_records(*, users: int = 10, scale: float = 1.0, seed: int = 0, now: pendulum.DateTime) -> dict[str, Any]:
    """The records of :func:`synthetic_portal` as ``CrmSnapshot.build`` keyword arguments (lists).

    Kept apart so a benchmark can time drawing the entities and building the
    snapshot separately, and a host can add records of its own before building.
    """
    if type(users) is not int or users < 1:
        raise GuidedActionsError(f"synthetic_portal: users must be an int >= 1, got {users!r}")
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not scale >= 0:
        raise GuidedActionsError(f"synthetic_portal: scale must be a number >= 0, got {scale!r}")
    if not isinstance(now, _dt.datetime) or now.utcoffset() is None:
        raise GuidedActionsError(f"synthetic_portal: now must be an aware pendulum.DateTime, got {now!r}")
    drawing = Drawing(users=users, scale=scale, seed=seed, now=now)
    # The order matters: contacts need companies, deals need contacts, engagements need both.
    for step in (
        draw_companies,
        draw_contacts,
        draw_deals,
        draw_meetings,
        draw_tasks,
        draw_calls,
        draw_emails,
        draw_notes,
    ):
        step(drawing)
    return drawing.records


def synthetic_portal(*, users: int = 10, scale: float = 1.0, seed: int = 0, now: pendulum.DateTime) -> CrmSnapshot:
    """A deterministic, realistic portal for demos, docs and benchmarks (strict-valid).

    ``users`` owners (in teams, in several zones: ``America/Los_Angeles``,
    ``Europe/Berlin``, ``Pacific/Auckland``…) share companies (some target
    accounts), contacts, leads (open, qualified, disqualified and re-engaged) and
    deals in every stage, with tasks, meetings, calls, email threads and notes
    placed around ``now`` so that each guided-action rule fires for a realistic
    share of records.  The record count grows linearly with ``scale``:
    ``scale=1`` is about 10,000 records, ``scale=100`` about a million (seconds,
    not minutes).  The same arguments always give an equal snapshot: randomness
    comes from ``random.Random(seed)`` and time only from ``now`` (never the
    clock), so tests and benchmarks can pin what they see.
    """
    return CrmSnapshot.build(**synthetic_records(users=users, scale=scale, seed=seed, now=now), strict=True)
