"""When to reconcile next, and what time alone changed: the time behaviour of the built-in rules.

Every time-dependent predicate of the built-in rules compares one instant of a
record with ``now`` shifted by one of the rule's numbers (``end > now - 7 days``
flips at ``end + 7 days``), an action's age with its ``max_age``, or a due date
with the owner's local day (flips at local midnight).  This module declares,
per built-in rule, those instants as data: which kind of record, which field,
which offsets (:class:`TimeBehaviour`).  With each kind's records kept sorted
by each such field (:mod:`guided_actions.crm._timeline`), two questions cost a
binary search instead of a walk over the portal:

- **next check**: the earliest ``field + offset`` at or after ``now`` over the
  snapshot, the earliest local midnight of a judged user (when a rule asks
  "today"), and the earliest ``created_at + max_age`` of a kept action.  Until
  then, a reconcile with no data change gives nothing new, so a host can skip it.
- **what time changed** (incremental reconcile): the records whose
  ``field + offset`` lies in ``(since, now]``, which are then treated like
  changed records.

The instants are conservative: every record of the kind counts, whoever owns it
and whether or not its other criteria hold (an earlier next check is harmless, a
later one would be wrong).  A rule is recognised by its predicates, so a
variant made with ``attrs.evolve(rule, type=..., window=...)`` is understood
with its own numbers; a host rule whose predicates are unknown here makes the
next check ``now`` itself (its time behaviour is unknown, so never skip) and an
incremental reconcile falls back to a full one.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Collection, Iterable
from typing import Any

import attrs

from guided_actions.actions._criteria import action_age_at_least, action_age_more_than
from guided_actions.actions._judged import Judged
from guided_actions.actions._known import KnownActions
from guided_actions.actions._model import GuidedAction
from guided_actions.actions._registry import RuleRegistry
from guided_actions.actions._rule import Context, Rule, utc
from guided_actions.crm import ObjectType

__all__ = ["TimeBehaviour", "TimeField", "TimePlan", "next_check_at", "rule_boundaries", "time_plan"]

_TICK = _dt.timedelta(microseconds=1)
_ZERO = _dt.timedelta(0)
_AGE_TESTS = (action_age_at_least, action_age_more_than)


@attrs.frozen
class TimeField:
    """``kind.field + offset`` for each named offset: ``"0"``, ``"window"``, ``"-window"`` or ``"delay"``.

    ``kind=None`` means the rule's own subject kind.
    """

    kind: ObjectType | None
    field: str
    offsets: tuple[str, ...]


@attrs.frozen
class TimeBehaviour:
    """What time does to one built-in rule: the record instants it compares, and "today"."""

    fields: tuple[TimeField, ...] = ()
    local_day: bool = False


def _at(kind: ObjectType | None, field: str, *offsets: str) -> TimeField:
    return TimeField(kind, field, offsets)


_C, _L, _M, _K, _E = ObjectType.CONTACT, ObjectType.LEAD, ObjectType.MEETING, ObjectType.CALL, ObjectType.EMAIL

#: Per built-in rule (its row of the table), the instants at which its comparisons flip.
_BY_TYPE: dict[str, TimeBehaviour] = {
    "newly_assigned_contacts": TimeBehaviour((_at(_C, "owner_assigned_at", "window"),)),
    "newly_assigned_leads": TimeBehaviour((_at(_L, "owner_assigned_at", "window"),)),
    "re_engaged_contacts": TimeBehaviour((_at(_C, "last_engaged_at", "window"),)),
    "sequence_activity": TimeBehaviour(),
    "email_replies": TimeBehaviour(),
    # a follow-up counts from the meeting's start; the rule looks back ``window`` from its end
    "follow_up_meeting": TimeBehaviour((_at(_M, "start", "0"), _at(_M, "end", "window"))),
    "log_meeting_outcome": TimeBehaviour((_at(_M, "end", "delay", "window"),)),
    "log_call_outcome": TimeBehaviour((_at(_K, "started_at", "delay", "window"),)),
    # 9 and 11 expire when ``owner_assigned_at`` is after the action's creation (``now`` for a
    # candidate), so an assignment dated in the future blocks creation until it passes
    "contacts_awaiting_reply": TimeBehaviour((_at(_C, "owner_assigned_at", "0"),)),
    "reply_to_email": TimeBehaviour(),
    "leads_awaiting_reply": TimeBehaviour((_at(_L, "owner_assigned_at", "0"),)),
    "upcoming_meeting_prep": TimeBehaviour((_at(_M, "start", "delay", "-window"),)),
    # an open high-priority task enters or leaves "today", and the period changes, at local midnight
    "todays_high_priority_tasks": TimeBehaviour(local_day=True),
    "target_account_activity": TimeBehaviour((_at(_C, "last_engaged_at", "window"),)),
    "recently_engaged_leads": TimeBehaviour((_at(_L, "last_engaged_at", "window"),)),
    # the latest meeting or call of a deal: a later one becomes the latest when it happens
    "update_next_steps": TimeBehaviour((_at(_M, "happened_at", "0", "delay"), _at(_K, "happened_at", "0", "delay"))),
    "add_contact_to_deal": TimeBehaviour((_at(None, "created_at", "window"),)),
    "initial_outreach_needed": TimeBehaviour((_at(None, "created_at", "window"),)),
    # a buyer's open of an email to a contact of the deal
    "follow_up_with_buyer": TimeBehaviour((_at(_E, "opened_at", "window"),)),
}


def _signature(rule: Rule) -> tuple[Any, ...]:
    """What a rule does with time: its predicates and its trigger (lambdas are rebuilt per rule, so left out)."""
    trigger = rule.trigger if getattr(rule.trigger, "__name__", "<lambda>") != "<lambda>" else None
    return (
        rule.subject,
        rule.combined,
        tuple(c.test for c in rule.criteria),
        tuple(c.test for c in rule.conditions),
        trigger,
    )


@functools.lru_cache(maxsize=1)
def _known() -> dict[tuple[Any, ...], TimeBehaviour]:
    from guided_actions.actions._builtin import builtin_rules

    return {_signature(rule): _BY_TYPE[rule.type] for rule in builtin_rules()}


def rule_boundaries(rule: Rule) -> TimeBehaviour | None:
    """The time behaviour of a built-in rule or a variant of one (``None``: unknown)."""
    return _known().get(_signature(rule))


def _offset(rule: Rule, name: str) -> _dt.timedelta | None:
    if name == "0":
        return _ZERO
    if name == "-window":
        return None if rule.window is None else -rule.window
    value: _dt.timedelta | None = getattr(rule, name)
    return value


@attrs.frozen
class TimePlan:
    """The time behaviour of a whole registry, numbers resolved.

        ``lines`` maps ``(kind, field)`` to the distinct offsets at which its
        instants matter; ``local_day`` holds the subject kinds of the rules that ask
    "today" (a user who owns such a record is checked at local midnight); ``max_age`` maps a
        rule type to the age at which its actions expire.
    """

    lines: dict[tuple[ObjectType, str], tuple[_dt.timedelta, ...]]
    local_day: frozenset[ObjectType]
    max_age: dict[str, _dt.timedelta]
    day_types: frozenset[str] = frozenset()


_PLANS: dict[tuple[int, ...], tuple[tuple[Rule, ...], TimePlan | None]] = {}


def time_plan(registry: Iterable[Rule]) -> TimePlan | None:
    """The registry's :class:`TimePlan`, or ``None`` when a rule's time behaviour is unknown.

    Remembered per exact set of rule objects (rules are immutable), so a
    reconcile does not recognise 19 rules again each time.
    """
    rules = tuple(registry)
    key = tuple(map(id, rules))
    found = _PLANS.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], rules, strict=True)):
        return found[1]
    plan = _time_plan(rules)
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[key] = (rules, plan)
    return plan


def _time_plan(registry: Iterable[Rule]) -> TimePlan | None:
    lines: dict[tuple[ObjectType, str], dict[_dt.timedelta, None]] = {}
    local_day: set[ObjectType] = set()
    day_types: set[str] = set()
    max_age: dict[str, _dt.timedelta] = {}
    for rule in registry:
        behaviour = rule_boundaries(rule)
        if behaviour is None:
            return None
        if behaviour.local_day:
            local_day.add(rule.subject)
            day_types.add(rule.type)
        for spec in behaviour.fields:
            offsets = lines.setdefault((spec.kind or rule.subject, spec.field), {})
            for name in spec.offsets:
                offset = _offset(rule, name)
                if offset is not None:
                    offsets[offset] = None
        if rule.max_age is not None and any(c.test in _AGE_TESTS for c in rule.conditions):
            max_age[rule.type] = rule.max_age
    return TimePlan(
        {key: tuple(offsets) for key, offsets in lines.items()}, frozenset(local_day), max_age, frozenset(day_types)
    )


def next_check_at(
    ctx: Context,
    registry: RuleRegistry,
    judged: Judged,
    actions: Iterable[GuidedAction],
    known: KnownActions | None = None,
    gone: Collection[str] = (),
) -> _dt.datetime | None:
    """The earliest instant after ``ctx.now`` at which a no-change reconcile could differ (``None``: never).

    ``judged`` are the users the reconcile judged and ``actions`` the active
    actions it returned (with ``known``: the ones it created or updated, the
    others being ``known``'s active actions except the ids in ``gone``).
    ``ctx.now`` itself when a rule's time behaviour is unknown.  Cost: a
    binary search per (kind, field, offset), one local midnight per time zone
    (of users who own a record a "today" rule judges), and one comparison per
    action (with ``known``: a binary search per rule type).
    """
    plan = time_plan(registry)
    if plan is None:
        return ctx.now
    now = ctx.now_utc
    crm = ctx.crm
    # The smallest instant >= now; an instant equal to now stands for "just after now" (strict comparisons).
    best: _dt.datetime | None = None
    for (kind, field), offsets in plan.lines.items():
        line = crm._timeline(kind, field)
        for offset in offsets:
            record = line.first_from(now - offset)
            if record is not None:
                at = utc(getattr(record, field)) + offset
                if best is None or at < best:
                    best = at
    if plan.local_day:
        owners = [crm._owners(kind) for kind in plan.local_day]
        zones = [tz for tz, ids in judged.by_zone.items() if any(uid in found for found in owners for uid in ids)]
        for tz in zones:
            at = ctx.local_day(tz)[1]
            if best is None or at < best:
                best = at
    if plan.max_age:
        cutoffs = {name: now - age for name, age in plan.max_age.items()}
        youngest: dict[str, _dt.datetime] = {}  # per type: the oldest creation still under its max age (UTC)
        for action in actions:
            cutoff = cutoffs.get(action.type)
            if cutoff is None:
                continue
            created = action.created_at
            if created >= cutoff:
                found = youngest.get(action.type)
                if found is None or created < found:
                    youngest[action.type] = utc(created)
        if known is not None:
            for name, cutoff in cutoffs.items():
                first = known.first_created_from(name, cutoff, gone)
                if first is not None:
                    found = youngest.get(name)
                    if found is None or first < found:
                        youngest[name] = utc(first)
        for name, created in youngest.items():
            at = created + plan.max_age[name]
            if best is None or at < best:
                best = at
    if best is not None and best == now:
        best = now + _TICK
    return best
