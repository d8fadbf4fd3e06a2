"""The tables :mod:`guided_actions._portal` draws from: names, pipelines, weights and time spans.

Kept apart from the drawing code so the *shape* of a synthetic portal (how many
deals are won, how often a call has no outcome, where meetings fall around
``now``) reads as one page of numbers.  Time spans are ``(low, high)`` offsets in
minutes from ``now``.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Generic, TypeVar

from guided_actions.crm import (
    CallStatus,
    MeetingOutcome,
    ObjectType,
    Pipeline,
    Stage,
    StageState,
    TaskPriority,
    TaskStatus,
)

__all__ = [
    "AMOUNTS",
    "ASSIGNED_SPAN",
    "ATTEMPTING",
    "BASE_COUNTS",
    "CALLING_STATUS",
    "CALL_OUTCOMES",
    "CALL_SPAN",
    "DAY",
    "DEAL_PIPELINE",
    "DEAL_STAGE",
    "DISQUALIFIED",
    "EMAIL_SPAN",
    "ENGAGED_SPAN",
    "FIRST",
    "FUTURE_OUTCOME",
    "HOUR",
    "LAST",
    "LEAD_PIPELINE",
    "LEAD_STAGE",
    "LIFECYCLE",
    "MEETING_SPAN",
    "MEETING_TITLES",
    "NEW",
    "NEXT_STEPS",
    "NOTE_BODIES",
    "OPEN_STATUS",
    "PAST_OUTCOME",
    "PORTAL_TIMEZONES",
    "PRIORITY",
    "PRODUCTS",
    "PROPERTIES",
    "SEQUENCES",
    "SUFFIXES",
    "TASK_TITLES",
    "TEAMS",
    "VENDOR_DOMAIN",
    "WORDS",
    "Weighted",
]

T = TypeVar("T")

VENDOR_DOMAIN = "northwind-crm.example"
"""The email domain of the portal's users; a few contacts share it (colleagues), so domain rules see both sides."""
PORTAL_TIMEZONES = ("America/Los_Angeles", "Europe/Berlin", "Pacific/Auckland", "America/New_York", "Asia/Kolkata")
"""The users' zones, handed out in turn: DST in the north and the south, a half-hour offset."""
BASE_COUNTS = {
    "companies": 300,
    "contacts": 1500,
    "deals": 500,
    "meetings": 800,
    "tasks": 1850,
    "calls": 1000,
    "threads": 2050,
    "notes": 500,
}
"""Records drawn per kind at ``scale=1``; leads, follow-up tasks and replies come on top (≈10,000 in all)."""

HOUR, DAY = 60, 1440
"""Minutes in an hour and in a (UTC) day: the unit of every span below."""
FIRST = ("ana", "ben", "chloe", "dev", "emma", "finn", "grace", "hiro", "ines", "jonas", "kai", "lena")
LAST = ("silva", "becker", "martin", "patel", "novak", "kowalski", "tanaka", "okafor", "garcia", "larsen")
WORDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wonka", "Tyrell", "Aperture")
SUFFIXES = ("Labs", "Systems", "Foods", "Logistics", "Health", "Energy", "Media", "Bank", "Robotics", "Retail")
PRODUCTS = ("Platform licence", "Expansion", "Renewal", "Pilot", "Onboarding package", "Premium support")
NEXT_STEPS = ("Send proposal", "Book demo with IT", "Legal review", "Pricing call", "Wait for budget approval")
TASK_TITLES = ("Call back", "Send pricing", "Prepare demo", "Check in", "Share case study", "Confirm budget")
MEETING_TITLES = ("Discovery call", "Product demo", "Quarterly review", "Negotiation", "Kick-off")
NOTE_BODIES = ("Spoke about pricing.", "Decision maker is on holiday.", "Wants a security review.", "Happy so far.")
CALL_OUTCOMES = ("Connected", "Left voicemail", "Left live message", "No answer", "Wrong number", "Busy")
SEQUENCES = ("Inbound follow-up", "Event leads", "Re-engage cold accounts", "Trial nurture")
TEAMS = ("Sales EMEA", "Sales Americas", "Sales APAC", "Customer Success")
AMOUNTS = tuple(Decimal(n) for n in ("1200", "4800", "9900", "15000", "24000", "60000", "125000"))
PROPERTIES = tuple(
    MappingProxyType({"industry": industry, "employees": employees, "annual_revenue": Decimal(revenue)})
    for industry, employees, revenue in (("Software", 40, "2.5e6"), ("Retail", 1200, "9e7"), ("Health", 300, "3.1e7"))
)

DEAL_PIPELINE = Pipeline(
    id="default",
    object_type=ObjectType.DEAL,
    label="Sales Pipeline",
    stages=(
        Stage(id="appointmentscheduled", label="Appointment scheduled"),
        Stage(id="qualifiedtobuy", label="Qualified to buy"),
        Stage(id="presentationscheduled", label="Presentation scheduled"),
        Stage(id="decisionmakerboughtin", label="Decision maker bought-in"),
        Stage(id="contractsent", label="Contract sent"),
        Stage(id="closedwon", label="Closed won", state=StageState.WON),
        Stage(id="closedlost", label="Closed lost", state=StageState.LOST),
    ),
)
"""The synthetic deal pipeline (HubSpot's default stage ids): five open stages, then won and lost."""
LEAD_PIPELINE = Pipeline(
    id="lead-pipeline-id",
    object_type=ObjectType.LEAD,
    label="Lead pipeline",
    stages=(
        Stage(id="new-stage-id", label="New"),
        Stage(id="attempting-stage-id", label="Attempting"),
        Stage(id="connected-stage-id", label="Connected"),
        Stage(id="qualified-stage-id", label="Qualified", state=StageState.WON),
        Stage(id="unqualified-stage-id", label="Disqualified", state=StageState.LOST),
    ),
)
"""The synthetic lead pipeline (HubSpot's lead stage ids): new, attempting, connected, qualified, disqualified."""
NEW, ATTEMPTING, DISQUALIFIED = "new-stage-id", "attempting-stage-id", "unqualified-stage-id"
"""Lead stages the drawing code names directly."""


class Weighted(Generic[T]):
    """A weighted choice made with one ``random()`` and a bisect (cheaper than ``random.choices``)."""

    __slots__ = ("_cumulative", "_total", "_values")

    def __init__(self, values: Sequence[T], weights: Sequence[int]) -> None:
        self._values = tuple(values)
        self._cumulative = tuple(sum(weights[: i + 1]) for i in range(len(weights)))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self._values[bisect.bisect_right(self._cumulative, rng.random() * self._total)]


LIFECYCLE = Weighted(
    ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist"),
    (10, 30, 15, 15, 10, 15, 5),
)
DEAL_STAGE = Weighted([s.id for s in DEAL_PIPELINE.stages], (25, 15, 12, 10, 8, 15, 15))
LEAD_STAGE = Weighted([s.id for s in LEAD_PIPELINE.stages], (30, 15, 10, 15, 30))
OPEN_STATUS = Weighted(
    (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.WAITING, TaskStatus.DEFERRED), (70, 15, 8, 7)
)
PRIORITY = Weighted((TaskPriority.HIGH, TaskPriority.MEDIUM, TaskPriority.LOW, TaskPriority.NONE), (20, 25, 15, 40))
PAST_OUTCOME: Weighted[MeetingOutcome | None] = Weighted(
    (None, *MeetingOutcome),  # scheduled, completed, rescheduled, no-show, canceled
    (25, 15, 38, 4, 8, 10),
)
FUTURE_OUTCOME: Weighted[MeetingOutcome | None] = Weighted(
    (MeetingOutcome.SCHEDULED, None, MeetingOutcome.CANCELED), (60, 25, 15)
)
CALLING_STATUS = Weighted(
    (CallStatus.COMPLETED, CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.FAILED, CallStatus.IN_PROGRESS),
    (60, 15, 10, 10, 5),
)
# Where things happen: (low, high) minute offsets from now, weighted so every rule window is hit on both sides.
MEETING_SPAN = Weighted(
    ((-9, 1), (15, DAY - 15), (DAY, 14 * DAY), (-7 * DAY, -HOUR), (-30 * DAY, -7 * DAY)), (8, 15, 10, 55, 12)
)
CALL_SPAN = Weighted(((-55, 0), (-7 * DAY, -HOUR), (-30 * DAY, -7 * DAY)), (15, 60, 25))
EMAIL_SPAN = Weighted(((-DAY, -5), (-7 * DAY, -DAY), (-30 * DAY, -7 * DAY)), (20, 40, 40))
ENGAGED_SPAN = Weighted(((-7 * DAY, 0), (-30 * DAY, -7 * DAY), (-200 * DAY, -30 * DAY)), (25, 20, 35))
ASSIGNED_SPAN = Weighted(((HOUR, 30 * DAY), (30 * DAY, 40 * DAY), (40 * DAY, 400 * DAY)), (15, 5, 80))
