"""The building blocks of a rule: named, described predicates and the ``Rule`` that orders them.

A rule is data: a subject kind, a category, a title, an ordered tuple of
creation criteria, an ordered tuple of expiration conditions, a trigger and a
key function, plus its numeric parameters.  Every criterion and condition has
the same small shape, :class:`Predicate` ``(ctx, c) -> bool``, so reconcile and
explain treat built-in and host rules alike and ``explain`` can print any rule.

Predicates only *compare*: the :class:`Context` computes every time cutoff once
per reconcile (``ctx.ago(rule.window)``, ``ctx.local_day(tz)``) and hands the
same datetime to every subject.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable
from typing import Any, Protocol, cast

import attrs

from guided_actions.actions._model import ActionCategory, GuidedAction
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType, User
from guided_actions.crm._calendar import local_day_bounds
from guided_actions.errors import GuidedActionsError

__all__ = [
    "Candidate",
    "CandidatesFunction",
    "Context",
    "Criterion",
    "KeyFunction",
    "Predicate",
    "Rule",
    "Trigger",
    "TriggerFunction",
    "human_duration",
    "ref",
    "stamp",
    "utc",
]

_UTC = _dt.UTC


def utc(value: _dt.datetime) -> _dt.datetime:
    """The same instant as a plain ``datetime`` in UTC (cheap to compare, cheap to shift)."""
    u = value.astimezone(_UTC)
    return _dt.datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=_UTC)


_DAYS: dict[str, tuple[_dt.datetime, _dt.datetime, str]] = {}


def _local_day(now_utc: _dt.datetime, now: _dt.datetime, tz: str) -> tuple[_dt.datetime, _dt.datetime, str]:
    """Today in ``tz`` as ``(start, end, date)``, start and end UTC instants.

    Why a memo across reconciles: finding a local day costs a time-zone
    conversion (about 100 µs here), and a host reconciling on every change
    asks for the same few days again and again; whether the last day found for
    a zone still holds ``now`` is two comparisons.  It holds pure values only.
    """
    found = _DAYS.get(tz)
    if found is not None and found[0] <= now_utc < found[1]:
        return found
    start, end = local_day_bounds(now, tz)
    found = (utc(start), utc(end), start.date().isoformat())
    if len(_DAYS) > 1024:
        _DAYS.clear()
    _DAYS[tz] = found
    return found


_new = object.__new__
_set = object.__setattr__


def ref(kind: ObjectType, id: str) -> ObjectRef:
    """An :class:`ObjectRef` built without re-validating its fields (hot paths; ``kind`` and ``id`` are known good)."""
    made: ObjectRef = _new(ObjectRef)
    _set(made, "kind", kind)
    _set(made, "id", id)
    return made


def stamp(value: _dt.datetime | None) -> str:
    """An instant as a stable key fragment (UTC ISO 8601), whatever zone or class it came in."""
    return "none" if value is None else utc(value).isoformat()


class Context:
    """What every predicate of one reconcile (or explain) shares: the snapshot, ``now`` and cutoffs.

    Cutoffs are computed on first use and memoised, so ``now - 7 days`` is one
    subtraction per reconcile, and a user's local day one ``in_timezone`` per
    time zone.  ``memo`` keeps any other per-reconcile derived index a rule
    needs (e.g. contacts by email address).
    """

    __slots__ = ("_ago", "_ahead", "_days", "_memo", "crm", "now", "now_utc")

    def __init__(self, crm: CrmSnapshot, now: _dt.datetime) -> None:
        if not isinstance(now, _dt.datetime) or now.tzinfo is None or now.utcoffset() is None:
            raise GuidedActionsError(f"now must be an aware datetime, got {now!r}")
        self.crm = crm
        self.now = now
        self.now_utc = utc(now)
        self._ago: dict[_dt.timedelta, _dt.datetime] = {}
        self._ahead: dict[_dt.timedelta, _dt.datetime] = {}
        self._days: dict[str, tuple[_dt.datetime, _dt.datetime]] = {}
        self._memo: dict[str, Any] = {}

    def ago(self, delta: _dt.timedelta | None) -> _dt.datetime:
        """``now - delta`` (memoised); ``t > ctx.ago(d)`` means "less than ``d`` ago"."""
        if delta is None:
            raise GuidedActionsError("this rule needs a time parameter that is not set")
        cut = self._ago.get(delta)
        if cut is None:
            cut = self._ago[delta] = self.now_utc - delta
        return cut

    def ahead(self, delta: _dt.timedelta | None) -> _dt.datetime:
        """``now + delta`` (memoised)."""
        if delta is None:
            raise GuidedActionsError("this rule needs a time parameter that is not set")
        cut = self._ahead.get(delta)
        if cut is None:
            cut = self._ahead[delta] = self.now_utc + delta
        return cut

    def local_day(self, tz: str) -> tuple[_dt.datetime, _dt.datetime]:
        """``[start, end)`` of today in the zone ``tz``, as UTC instants (one calendar day)."""
        bounds = self._days.get(tz)
        if bounds is None:
            start, end, _ = _local_day(self.now_utc, self.now, tz)
            bounds = self._days[tz] = (start, end)
        return bounds

    def local_date(self, tz: str) -> str:
        """Today's date in ``tz`` as ``YYYY-MM-DD``."""
        return _local_day(self.now_utc, self.now, tz)[2]

    def memo(self, name: str, build: Callable[[], Any]) -> Any:
        """A value derived once per context (built by ``build`` on first use)."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]

    def table(self, name: str) -> dict[Any, Any]:
        """A per-context cache named ``name`` (e.g. a contact's emails by contact id), empty at first.

        The snapshot never changes within a context, so a look-up several rules
        repeat for the same record is done once and kept here.
        """
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = {}
        return cast("dict[Any, Any]", found)


@attrs.frozen(kw_only=True)
class Trigger:
    """The fact that triggers an action: when it happened and, if any, the record it is about."""

    at: _dt.datetime
    ref: ObjectRef | None = None


class Candidate:
    """One (rule, owner, subject) being judged: at creation (``action is None``) or for expiry.

    ``created_at`` is the action's ``created_at`` (``now`` for a would-be
    action), so age conditions read the same way at both moments.  ``trigger``
    is computed by the rule on first use at creation and taken from the stored
    action at expiry.  For a combined rule the subject is the owner and
    ``items`` are the records that currently qualify.
    """

    __slots__ = ("_trigger", "_trigger_done", "action", "created_at", "ctx", "items", "owner", "record", "rule")

    def __init__(
        self,
        ctx: Context,
        rule: Rule,
        owner: User,
        record: Any,
        *,
        action: GuidedAction | None = None,
        items: tuple[Any, ...] = (),
    ) -> None:
        self.ctx = ctx
        self.rule = rule
        self.owner = owner
        self.record = record
        self.action = action
        self.items = items
        if action is None:
            self.created_at = ctx.now_utc
            self._trigger: Trigger | None = None
            self._trigger_done = False
        else:
            self.created_at = action.created_at
            self._trigger = Trigger(at=action.triggered_at, ref=action.trigger)
            self._trigger_done = True

    @property
    def trigger(self) -> Trigger | None:
        """The triggering fact (``None`` when the rule finds none for this subject)."""
        if not self._trigger_done:
            self._trigger = self.rule.trigger(self.ctx, self)
            self._trigger_done = True
        return self._trigger


class Predicate(Protocol):
    """The one shape of every creation criterion and expiration condition."""

    def __call__(self, ctx: Context, c: Candidate, /) -> bool: ...


KeyFunction = Callable[[Context, Candidate], str]
"""Names what triggered an action; equal keys mean "the same suggestion"."""
TriggerFunction = Callable[[Context, Candidate], "Trigger | None"]
"""Finds the triggering fact for a subject (``None``: nothing triggers)."""
CandidatesFunction = Callable[[Context, User], Iterable[Any]]
"""The subjects worth judging for one user, found through the snapshot's indexes."""
AssociationsFunction = Callable[[Context, Any], tuple[tuple[str, ...], tuple[str, ...]]]
"""The contact and company ids to copy onto an action from its primary record."""
PeriodFunction = Callable[[Context, User], str]


_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _name(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise GuidedActionsError(f"{type(inst).__name__}.{attribute.name} must be snake_case, got {value!r}")


@attrs.frozen(kw_only=True)
class Criterion:
    """A named, described predicate: a creation criterion or an expiration condition.

    ``description`` is English for people (explain, the docs' table); it may
    name the rule's parameters as ``{window}``, ``{delay}`` or ``{max_age}``,
    filled in by :meth:`describe` so a variant with other numbers reads right.
    For an expiration condition the ``name`` is the ``expiry_reason``, and
    ``done`` says whether it means the user did what the action asked.
    """

    name: str = attrs.field(validator=_name)
    description: str
    test: Predicate
    done: bool = False

    def holds(self, ctx: Context, c: Candidate) -> bool:
        """Whether the predicate holds for this candidate."""
        return self.test(ctx, c)

    def describe(self, rule: Rule) -> str:
        """The description with the rule's parameters filled in."""
        return self.description.format(
            window=human_duration(rule.window), delay=human_duration(rule.delay), max_age=human_duration(rule.max_age)
        )


def human_duration(value: _dt.timedelta | None) -> str:
    """``7 days``, ``1 hour``, ``10 minutes``, ``24 hours`` — the way the rule table words them."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    for unit, size, least in (("day", 86400, 2 * 86400), ("hour", 3600, 3600), ("minute", 60, 60)):
        if seconds >= least and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{seconds} seconds"


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _unique_names(inst: Rule, attribute: attrs.Attribute[tuple[Criterion, ...]], value: tuple[Criterion, ...]) -> None:
    names = [c.name for c in value]
    for item in value:
        if not isinstance(item, Criterion):
            raise GuidedActionsError(f"Rule {inst.type!r}: {attribute.name} must hold Criterion values, got {item!r}")
    if len(set(names)) != len(names):
        raise GuidedActionsError(f"Rule {inst.type!r}: {attribute.name} names must be unique, got {names}")


def owned(ctx: Context, user: User, kind: ObjectType) -> Iterable[Any]:
    """The user's records of one kind (the default way a rule finds its subjects)."""
    return ctx.crm.owned_by(user.id, kind)


def default_associations(ctx: Context, record: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Contact and company ids of a record, as the record holds them now."""
    kind = getattr(record, "kind", None)
    if kind is None:
        from guided_actions.crm import Contact, Lead

        if isinstance(record, Contact):
            return (record.id,), record.company_ids
        if isinstance(record, Lead):
            contact = ctx.crm.find(ref(ObjectType.CONTACT, record.contact_id))
            return (record.contact_id,), getattr(contact, "company_ids", ())
    return tuple(getattr(record, "contact_ids", ())), tuple(getattr(record, "company_ids", ()))


def _subject_trigger(ctx: Context, c: Candidate) -> Trigger | None:
    return Trigger(at=ctx.now_utc)


@attrs.frozen(kw_only=True)
class Rule:
    """One kind of guided action, declared so it reads like its row of the rule table.

    ``subject`` is the kind of record the action is about (for a ``combined``
    rule: the kind of its items; the action's subject is then the owner).
    ``candidates`` finds the subjects to judge for a user through the
    snapshot's indexes (default: the user's records of that kind); the
    criteria then decide.  ``key`` names the trigger (``(type, owner, key)``
    is never created twice); ``trigger`` finds the triggering fact and its
    time.  ``window``, ``delay`` and ``max_age`` are the rule's numbers, so a
    variant is ``attrs.evolve(rule, type=..., window=...)``.  ``period`` (combined
    rules only) names the period an action belongs to, e.g. the owner's local
    date: an action of an earlier period has no items any more.
    """

    type: str = attrs.field(validator=_name, converter=str)
    title: str
    subject: ObjectType
    category: ActionCategory | None = None
    combined: bool = False
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria, validator=_unique_names)
    conditions: tuple[Criterion, ...] = attrs.field(converter=_criteria, validator=_unique_names)
    key: KeyFunction
    trigger: TriggerFunction = _subject_trigger
    candidates: CandidatesFunction | None = None
    associations: AssociationsFunction = default_associations
    window: _dt.timedelta | None = None
    delay: _dt.timedelta | None = None
    max_age: _dt.timedelta | None = None
    period: PeriodFunction | None = None

    @criteria.validator
    def _some_criteria(self, attribute: attrs.Attribute[tuple[Criterion, ...]], value: tuple[Criterion, ...]) -> None:
        if not value:
            raise GuidedActionsError(f"Rule {self.type!r} needs at least one creation criterion")

    def subjects(self, ctx: Context, user: User) -> Iterable[Any]:
        """The records to judge for ``user`` (the rule's ``candidates`` or the user's own records)."""
        if self.candidates is not None:
            return self.candidates(ctx, user)
        return ctx.crm.owned_by(user.id, self.subject)

    @property
    def done_reasons(self) -> frozenset[str]:
        """The names of the conditions that mean the user did what the action asked."""
        return frozenset(c.name for c in self.conditions if c.done)

    def first_failing(self, ctx: Context, c: Candidate) -> Criterion | None:
        """The first creation criterion that does not hold (``None`` when all hold)."""
        for criterion in self.criteria:
            if not criterion.test(ctx, c):
                return criterion
        return None

    def first_expiry(self, ctx: Context, c: Candidate) -> Criterion | None:
        """The first expiration condition that holds, in table order (``None`` when none does)."""
        for condition in self.conditions:
            if condition.test(ctx, c):
                return condition
        return None
