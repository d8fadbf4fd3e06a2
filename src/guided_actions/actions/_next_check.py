"""When to reconcile next: the earliest instant after ``now`` at which time alone could change the result.

Every time-dependent predicate of the built-in rules compares a record's instant
with ``now`` shifted by one of the rule's numbers (``end > now - 7 days`` flips
at ``end + 7 days``), an action's age with its ``max_age``, or a due date with
the owner's local day (flips at local midnight).  This module lists, per
built-in rule, the instants at which those comparisons flip for one subject;
the minimum over every subject a reconcile judged and every action it kept
that lies after ``now`` is the next check time.  Until then, a reconcile with
no data change gives nothing new, so a host can skip it.

The instants are conservative: a subject that fails a time-independent
criterion still contributes its instants (an earlier next check is harmless, a
later one would be wrong).  A rule is recognised by its predicates, so a
variant made with ``attrs.evolve(rule, type=..., window=...)`` is understood
with its own numbers; a host rule whose predicates are unknown here makes the
next check ``now`` itself (its time behaviour is unknown, so never skip).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from guided_actions.actions._criteria import action_age_at_least, action_age_more_than, contact_emails
from guided_actions.actions._model import GuidedAction
from guided_actions.actions._registry import RuleRegistry
from guided_actions.actions._rule import Context, Rule, ref, utc
from guided_actions.crm import Contact, ObjectType, TaskPriority, TaskStatus, User

__all__ = ["Boundaries", "action_boundaries", "next_check_at", "rule_boundaries"]

Boundaries = Callable[[Context, Rule, User, Any], Iterable["_dt.datetime | None"]]
"""The instants at which a rule's time comparisons flip for one subject (``None`` entries are skipped)."""

_TICK = _dt.timedelta(microseconds=1)
_AGE_TESTS = (action_age_at_least, action_age_more_than)


def _plus(at: _dt.datetime | None, delta: _dt.timedelta | None) -> _dt.datetime | None:
    return None if at is None or delta is None else at + delta


def _minus(at: _dt.datetime | None, delta: _dt.timedelta | None) -> _dt.datetime | None:
    return None if at is None or delta is None else at - delta


def _none(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return ()


def _assigned(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.owner_assigned_at, rule.window),)


def _reassigned_later(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    # Rules 9 and 11 expire when the subject's ``owner_assigned_at`` is after the action's
    # ``created_at``; a candidate's ``created_at`` is ``now``, so an assignment dated in the
    # future blocks creation until that instant passes.
    return (record.owner_assigned_at,)


def _engaged(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.last_engaged_at, rule.window),)


def _meeting_follow_up(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (record.start, _plus(record.end, rule.window))


def _meeting_outcome(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.end, rule.delay), _plus(record.end, rule.window))


def _call_outcome(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.started_at, rule.delay), _plus(record.started_at, rule.window))


def _meeting_prep(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.start, rule.delay), _minus(record.start, rule.window))


def _todays_tasks(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    # An open high-priority task with a due date enters or leaves "today", and the period key
    # changes, only at the owner's local midnight.
    if record.status is TaskStatus.COMPLETED or record.priority is not TaskPriority.HIGH or record.due_at is None:
        return ()
    return (ctx.local_day(user.timezone)[1],)


def _deal_meetings(ctx: Context, rule: Rule, user: User, record: Any) -> Iterator[_dt.datetime | None]:
    deal = ref(ObjectType.DEAL, record.id)
    for engagement in (*ctx.crm.meetings_of(deal), *ctx.crm.calls_of(deal)):
        at = engagement.happened_at
        yield at  # a meeting that ends later becomes the latest one at its end
        yield _plus(at, rule.delay)


def _created(ctx: Context, rule: Rule, user: User, record: Any) -> Iterable[_dt.datetime | None]:
    return (_plus(record.created_at, rule.window),)


def _opened(ctx: Context, rule: Rule, user: User, record: Any) -> Iterator[_dt.datetime | None]:
    for contact_id in record.contact_ids:
        contact = ctx.crm.find(ref(ObjectType.CONTACT, contact_id))
        if isinstance(contact, Contact):
            for email in contact_emails(ctx, contact, sent_to=True):
                yield _plus(email.opened_at, rule.window)


_BY_TYPE: dict[str, Boundaries] = {
    "newly_assigned_contacts": _assigned,
    "newly_assigned_leads": _assigned,
    "re_engaged_contacts": _engaged,
    "sequence_activity": _none,
    "email_replies": _none,
    "follow_up_meeting": _meeting_follow_up,
    "log_meeting_outcome": _meeting_outcome,
    "log_call_outcome": _call_outcome,
    "contacts_awaiting_reply": _reassigned_later,
    "reply_to_email": _none,
    "leads_awaiting_reply": _reassigned_later,
    "upcoming_meeting_prep": _meeting_prep,
    "todays_high_priority_tasks": _todays_tasks,
    "target_account_activity": _engaged,
    "recently_engaged_leads": _engaged,
    "update_next_steps": _deal_meetings,
    "add_contact_to_deal": _created,
    "initial_outreach_needed": _created,
    "follow_up_with_buyer": _opened,
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
def _known() -> dict[tuple[Any, ...], Boundaries]:
    from guided_actions.actions._builtin import builtin_rules

    return {_signature(rule): _BY_TYPE[rule.type] for rule in builtin_rules()}


def rule_boundaries(rule: Rule) -> Boundaries | None:
    """The boundary function of a built-in rule or a variant of one (``None``: time behaviour unknown)."""
    return _known().get(_signature(rule))


def action_boundaries(rule: Rule, action: GuidedAction) -> Iterable[_dt.datetime]:
    """The instants at which an action's own age conditions flip (``created_at + max_age``)."""
    if rule.max_age is not None and any(c.test in _AGE_TESTS for c in rule.conditions):
        yield utc(action.created_at) + rule.max_age


def next_check_at(
    ctx: Context,
    registry: RuleRegistry,
    users: Collection[User],
    actions: Iterable[GuidedAction],
) -> _dt.datetime | None:
    """The earliest instant after ``ctx.now`` at which a no-change reconcile could differ (``None``: never).

    ``users`` are the users the reconcile judged and ``actions`` the active
    actions it returned.  ``ctx.now`` itself when a rule's time behaviour is
    unknown.
    """
    now = ctx.now_utc
    # The smallest instant >= now; an instant equal to now stands for "just after now" (strict comparisons).
    best: _dt.datetime | None = None
    per_type: dict[str, tuple[Rule, Boundaries, _dt.timedelta | None]] = {}
    for rule in registry:
        found = rule_boundaries(rule)
        if found is None:
            return ctx.now
        has_age = rule.max_age is not None and any(c.test in _AGE_TESTS for c in rule.conditions)
        per_type[rule.type] = (rule, found, rule.max_age if has_age else None)
    for user in users:
        for rule, boundaries, _ in per_type.values():
            if boundaries is _none:
                continue
            for record in rule.subjects(ctx, user):
                for at in boundaries(ctx, rule, user, record):
                    if at is not None and at >= now and (best is None or at < best):
                        best = at
    by_id = {user.id: user for user in users}
    crm = ctx.crm
    for action in actions:
        entry = per_type.get(action.type)
        owner = by_id.get(action.owner_id)
        if entry is None or owner is None:
            continue
        rule, boundaries, max_age = entry
        if max_age is not None:
            created = action.created_at
            at = (ctx.now_utc if created is ctx.now else utc(created)) + max_age
            if at >= now and (best is None or at < best):
                best = at
        if rule.combined and rule.period is not None:
            at = ctx.local_day(owner.timezone)[1]
            if best is None or at < best:
                best = at
        if boundaries is _none:
            continue
        for target in action.items if rule.combined else (action.subject,):
            record = crm.find(target) if target.kind is rule.subject else None
            if record is not None:
                for at in boundaries(ctx, rule, owner, record):
                    if at is not None and at >= now and (best is None or at < best):
                        best = at
    if best is not None and best == now:
        best = now + _TICK
    return best
