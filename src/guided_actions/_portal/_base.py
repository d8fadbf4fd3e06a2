"""The state of one drawing of a synthetic portal: random source, shared instants, owners, contexts."""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Sequence
from typing import Any, TypeVar

import pendulum

from guided_actions._portal import _tables as tables
from guided_actions._portal._tables import BASE_COUNTS, DEAL_PIPELINE, LEAD_PIPELINE, PORTAL_TIMEZONES, VENDOR_DOMAIN
from guided_actions.crm import Contact, Permission, Seat, Team, User
from guided_actions.crm._calendar import local_day_bounds

__all__ = ["Context", "Drawing"]

T = TypeVar("T")


class Context:
    """Who an engagement belongs to and what it is associated with (shared by many engagements)."""

    __slots__ = ("address", "fields", "owner")

    def __init__(self, owner: str, address: str | None, **associations: tuple[str, ...]) -> None:
        self.owner, self.address = owner, address
        self.fields: dict[str, Any] = {"owner_id": owner, **associations}


class Drawing:
    """One drawing of a portal: the random source, the shared instants and the records so far."""

    def __init__(self, *, users: int, scale: float, seed: int, now: pendulum.DateTime) -> None:
        self.rng, self.scale, self.now = random.Random(seed), scale, now
        self.random = self.rng.random
        self.base = _dt.datetime.fromtimestamp(now.timestamp(), tz=_dt.UTC)
        self._instants: dict[int, _dt.datetime] = {}
        self.records: dict[str, list[Any]] = {"pipelines": [DEAL_PIPELINE, LEAD_PIPELINE]}
        self.contexts: list[Context] = []
        self.deal_contexts: list[Context] = []
        self.company_ids: list[tuple[str, ...]] = []
        self.contacts_of_company: list[list[Contact]] = []
        self._users(users)

    def at(self, minutes: int) -> _dt.datetime:
        """``now`` plus ``minutes``, one shared object per distinct instant."""
        value = self._instants.get(minutes)
        if value is None:
            value = self._instants[minutes] = self.base + _dt.timedelta(minutes=minutes)
        return value

    def span(self, span: tuple[int, int]) -> int:
        """A minute offset in ``[low, high)``."""
        # ``int(random() * n)`` rather than ``randrange``: three times faster, and exactness is not needed here.
        return span[0] + int(self.random() * max(1, span[1] - span[0]))

    def count(self, kind: str) -> int:
        """How many records of ``kind`` to draw at this scale."""
        return round(BASE_COUNTS[kind] * self.scale)

    def pick(self, values: Sequence[T]) -> T:
        """One of ``values``, uniformly."""
        return values[int(self.random() * len(values))]

    def context(self) -> Context:
        """Where the next engagement goes: a deal (40%) or a contact, with their owner and associations."""
        if self.deal_contexts and (not self.contexts or self.rng.random() < 0.4):
            return self.pick(self.deal_contexts)
        return self.pick(self.contexts) if self.contexts else Context(self.pick(self.owners), None)

    def _users(self, count: int) -> None:
        teams = [Team(id=f"t{i + 1}", name=tables.TEAMS[i]) for i in range(max(1, min(4, (count + 3) // 4)))]
        users = []
        for i in range(count):
            name = (
                f"{tables.FIRST[i % len(tables.FIRST)]}.{tables.LAST[(i + i // len(tables.FIRST)) % len(tables.LAST)]}"
            )
            primary, service = teams[i % len(teams)].id, i % 3 == 2
            permissions = {Permission.CS_WORKSPACE_ACCESS} if service else set()
            users.append(
                User(
                    id=f"u{i + 1}",
                    email=f"{name}{'' if i < len(tables.FIRST) else i + 1}@{VENDOR_DOMAIN}",
                    timezone=PORTAL_TIMEZONES[i % len(PORTAL_TIMEZONES)],
                    primary_team_id=primary,
                    team_ids={primary, teams[-1].id} if i % 5 == 4 else {primary},
                    super_admin=i == 0,
                    seats={Seat.SALES, Seat.SERVICE} if service else {Seat.SALES},
                    permissions=permissions | {Permission.MANAGE_CS_SETTINGS} if i == 2 else permissions,
                )
            )
        self.records.update(users=users, teams=teams)
        self.owners = [u.id for u in users]
        self.address_of = {u.id: u.email for u in users}
        # Local day starts (today, tomorrow, the day after) per owner, in minutes from now: once per user.
        self.days: dict[str, tuple[int, int, int]] = {}
        base = self.base.timestamp()
        for user in users:
            today, tomorrow = local_day_bounds(self.now, user.timezone)
            after = tomorrow.add(days=1)
            self.days[user.id] = (
                int((today.timestamp() - base) // 60),
                int((tomorrow.timestamp() - base) // 60),
                int((after.timestamp() - base) // 60),
            )
