"""``reconcile``: bring the host's stored actions in line with the snapshot at ``now``.

The order is the spec's: nothing is lost, expire first, then create; combined
rules keep one action per owner (and period); associations are copied once;
the output is sorted deterministically.  Cost is linear in the snapshot: each
rule walks only its own subjects, found through the snapshot's indexes, and
every time cutoff is computed once in the shared :class:`Context`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import attrs

from guided_actions.actions._incremental import Affected, plan_incremental
from guided_actions.actions._judged import Judged, judged_users
from guided_actions.actions._known import KnownActions, sort_key_of
from guided_actions.actions._model import ActionStatus, GuidedAction, Reconciliation
from guided_actions.actions._next_check import next_check_at
from guided_actions.actions._registry import RuleRegistry, default_registry
from guided_actions.actions._rule import Candidate, Context, Rule, Trigger, ref
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType, User
from guided_actions.errors import GuidedActionsError

__all__ = ["action_id", "combined_items", "reconcile", "with_feedback"]

_SUBJECT_MISSING = "subject_missing"


def action_id(type: str, owner_id: str, key: str) -> str:
    """The deterministic id of the action ``(type, owner_id, key)``: 20 hex digits of a SHA-256."""
    digest = hashlib.sha256(f"{type}\x1f{owner_id}\x1f{key}".encode()).hexdigest()
    return digest[:20]


def with_feedback(action: GuidedAction, feedback: Any) -> GuidedAction:
    """The action with the user's feedback ("Yes, more like this" / "Not really") set."""
    from guided_actions.actions._model import Feedback

    if feedback is not None and not isinstance(feedback, Feedback):
        try:
            feedback = Feedback(feedback)
        except ValueError:
            known = ", ".join(f.value for f in Feedback)
            raise GuidedActionsError(f"unknown feedback {feedback!r}; expected one of {known}") from None
    return attrs.evolve(action, feedback=feedback)


def _sorted_union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({x for group in groups for x in group}))


def combined_items(ctx: Context, rule: Rule, owner: User) -> tuple[tuple[Any, Trigger], ...]:
    """The records (with their triggers) that qualify now for a combined rule, oldest trigger first."""
    found: list[tuple[Any, Trigger]] = []
    seen: set[str] = set()
    for record in rule.subjects(ctx, owner):
        if record.id in seen:
            continue
        seen.add(record.id)
        c = Candidate(ctx, rule, owner, record)
        if rule.first_failing(ctx, c) is None:
            found.append((record, c.trigger or Trigger(at=ctx.now_utc)))
    found.sort(key=lambda pair: (pair[1].at, pair[0].id))
    return tuple(found)


class _Taken(Collection[str]):
    """Subjects with an active action of one rule and owner: this run's, then the index's (unless expired now)."""

    def __init__(self, run: _Run, type: str, owner_id: str, kind: ObjectType, found: Collection[str]) -> None:
        self.run, self.type, self.owner_id, self.kind, self.found = run, type, owner_id, kind, found

    def __contains__(self, subject_id: object) -> bool:
        if subject_id in self.found:
            return True
        index = self.run.index
        if index is None or not isinstance(subject_id, str):
            return False
        gone = self.run.gone
        for action in index.about(ref(self.kind, subject_id)):
            if (
                action.type == self.type
                and action.owner_id == self.owner_id
                and action.subject.kind is self.kind
                and action.subject.id == subject_id
                and action.id not in gone
            ):
                return True
        return False

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - only membership is asked
        raise TypeError("only membership is asked of the subjects taken")

    def __len__(self) -> int:  # pragma: no cover - only membership is asked
        raise TypeError("only membership is asked of the subjects taken")


class _Run:
    """The state of one reconcile: the context, the index of known actions and the outputs."""

    def __init__(self, ctx: Context, registry: RuleRegistry, index: KnownActions | None = None) -> None:
        self.ctx = ctx
        self.registry = registry
        # With an index, the stored actions are not all read: keys and active subjects are looked up there.
        self.index = index
        self.blocked: set[tuple[str, str, str]] = set()
        # (type, owner_id, subject kind) -> ids of the subjects with an active action.
        self.active_subjects: dict[tuple[str, str, ObjectType], set[str]] = {}
        self.combined: dict[tuple[str, str], tuple[tuple[Any, Trigger], ...]] = {}
        self.created: list[GuidedAction] = []
        self.updated: list[GuidedAction] = []
        self.expired: list[GuidedAction] = []
        self.unchanged: list[GuidedAction] = []
        self.gone: set[str] = set()  # ids of the known actions this run expired or updated

    def items_of(self, rule: Rule, owner: User) -> tuple[tuple[Any, Trigger], ...]:
        key = (rule.type, owner.id)
        items = self.combined.get(key)
        if items is None:
            items = self.combined[key] = combined_items(self.ctx, rule, owner)
        return items

    def keep(self, action: GuidedAction, into: list[GuidedAction]) -> None:
        into.append(action)
        if into is self.updated:
            self.gone.add(action.id)
        key = (action.type, action.owner_id, action.subject.kind)
        ids = self.active_subjects.get(key)
        if ids is None:
            ids = self.active_subjects[key] = set()
        ids.add(action.subject.id)

    def active_ids(self, rule: Rule, owner: User, kind: ObjectType) -> Collection[str]:
        """The ids of the ``kind`` subjects that already have an active ``rule`` action of ``owner``."""
        found = self.active_subjects.get((rule.type, owner.id, kind), ())
        if self.index is None:
            return found
        return _Taken(self, rule.type, owner.id, kind, found)

    def expire(self, action: GuidedAction, reason: str) -> None:
        self.gone.add(action.id)
        self.expired.append(
            attrs.evolve(action, status=ActionStatus.EXPIRED, expired_at=self.ctx.now, expiry_reason=reason)
        )

    # -- step 2: expire first ---------------------------------------------------

    def check(self, action: GuidedAction, rule: Rule, owner: User) -> None:
        ctx = self.ctx
        if rule.combined:
            current = self.items_of(rule, owner)
            if rule.period is not None and current:
                probe = Candidate(ctx, rule, owner, owner, items=tuple(r for r, _ in current))
                if rule.key(ctx, probe) != action.key:
                    current = ()  # the action belongs to an earlier period
            records = tuple(r for r, _ in current)
            c = Candidate(ctx, rule, owner, owner, action=action, items=records)
            reason = rule.first_expiry(ctx, c)
            if reason is not None:
                self.expire(action, reason.name)
                return
            refs = tuple(ref(rule.subject, r.id) for r in records)
            if refs == action.items:
                self.keep(action, self.unchanged)
                return
            old = set(action.items)
            added = [rule.associations(ctx, r) for r in records if ref(rule.subject, r.id) not in old]
            self.keep(
                attrs.evolve(
                    action,
                    items=refs,
                    contact_ids=_sorted_union(action.contact_ids, *(a[0] for a in added)),
                    company_ids=_sorted_union(action.company_ids, *(a[1] for a in added)),
                ),
                self.updated,
            )
            return
        record = ctx.crm.find(action.subject) if action.subject.kind is rule.subject else None
        if record is None:
            self.expire(action, _SUBJECT_MISSING)
            return
        reason = rule.first_expiry(ctx, Candidate(ctx, rule, owner, record, action=action))
        if reason is not None:
            self.expire(action, reason.name)
        else:
            self.keep(action, self.unchanged)

    # -- step 3: create ---------------------------------------------------------

    def new_action(self, rule: Rule, owner: User, subject: ObjectRef, key: str, **fields: Any) -> GuidedAction | None:
        if (rule.type, owner.id, key) in self.blocked or (
            self.index is not None and self.index.used(rule.type, owner.id, key)
        ):
            return None
        self.blocked.add((rule.type, owner.id, key))
        action = GuidedAction(
            id=action_id(rule.type, owner.id, key),
            type=rule.type,
            owner_id=owner.id,
            subject=subject,
            key=key,
            created_at=self.ctx.now,
            **fields,
        )
        self.keep(action, self.created)
        return action

    def create(self, rule: Rule, owner: User, only: Collection[Any] | None = None) -> None:
        """Create ``rule``'s actions for ``owner`` (for a non-combined rule: among ``only`` when given)."""
        ctx = self.ctx
        if rule.combined:
            if owner.id in self.active_ids(rule, owner, ObjectType.USER):
                return
            current = self.items_of(rule, owner)
            if not current:
                return
            records = tuple(r for r, _ in current)
            c = Candidate(ctx, rule, owner, owner, items=records)
            if rule.first_expiry(ctx, c) is not None:
                return
            assoc = [rule.associations(ctx, r) for r in records]
            self.new_action(
                rule,
                owner,
                ref(ObjectType.USER, owner.id),
                rule.key(ctx, c),
                items=tuple(ref(rule.subject, r.id) for r in records),
                contact_ids=_sorted_union(*(a[0] for a in assoc)),
                company_ids=_sorted_union(*(a[1] for a in assoc)),
                triggered_at=current[0][1].at,
            )
            return
        kind = rule.subject
        taken = self.active_ids(rule, owner, kind)  # grows only with the ids created below, which ``seen`` holds
        failing, expiring, trigger_at = rule.first_failing, rule.first_expiry, ctx.now_utc
        seen: set[str] = set()
        for record in rule.subjects(ctx, owner) if only is None else only:
            rid = record.id
            if rid in seen or rid in taken:
                continue
            seen.add(rid)
            c = Candidate(ctx, rule, owner, record)
            if failing(ctx, c) is not None or expiring(ctx, c) is not None:
                continue
            trigger = c.trigger or Trigger(at=trigger_at)
            contacts, companies = rule.associations(ctx, record)
            subject = ref(kind, rid)
            self.new_action(
                rule,
                owner,
                subject,
                rule.key(ctx, c),
                items=(subject,),
                contact_ids=tuple(contacts),
                company_ids=tuple(companies),
                triggered_at=trigger.at,
                trigger=trigger.ref,
            )


def _reopen(run: _Run, affected: Affected, registry: RuleRegistry) -> None:
    """The subjects of the actions this run expired are judged for creation as well."""
    for action in run.expired:
        rule = registry.get(action.type)
        if rule is not None:
            affected.reopen(run.ctx, rule, action)


def _create_affected(run: _Run, affected: Affected, judged: Judged, registry: RuleRegistry) -> None:
    """The create step of an incremental reconcile: affected subjects only, in the order a full one meets them."""
    whole, subjects = affected.whole, affected.subjects
    owners = {uid for _, uid in whole} | {uid for _, uid in subjects}
    crm = run.ctx.crm
    for owner in judged.in_order(owners):
        for rule in registry:
            key = (rule.type, owner.id)
            if key in whole:
                run.create(rule, owner)
                continue
            found = subjects.get(key)
            if not found:
                continue
            if len(found) == 1:
                run.create(rule, owner, tuple(found.values()))
            else:  # two subjects may share a trigger's key: meet them in the order a full reconcile does
                every = (
                    crm.owned_by(owner.id, rule.subject) if rule.candidates is None else rule.subjects(run.ctx, owner)
                )
                run.create(rule, owner, [r for r in every if r.id in found])


def _users(crm: CrmSnapshot, user_ids: Collection[str] | None) -> list[User] | None:
    """The users ``user_ids`` names, checked (``None``: every user)."""
    if user_ids is None:
        return None
    if isinstance(user_ids, str):
        raise GuidedActionsError("user_ids must be a collection of user ids, not a single string")
    missing = sorted({uid for uid in user_ids if ObjectRef(ObjectType.USER, uid) not in crm})
    if missing:
        raise GuidedActionsError(f"user_ids names users that are not in the snapshot: {', '.join(missing)}")
    return [crm.user(uid) for uid in dict.fromkeys(user_ids)]


def _check_change_log(changed: Iterable[ObjectRef] | None, since: _dt.datetime | None, now: _dt.datetime) -> None:
    """``changed`` and ``since`` come together, hold refs and an aware instant not after ``now``."""
    if (changed is None) != (since is None):
        raise GuidedActionsError("changed and since go together: give both (an incremental reconcile) or neither")
    if changed is None or since is None:
        return
    if isinstance(changed, str | ObjectRef) or not isinstance(changed, Iterable):
        raise GuidedActionsError(f"changed must be a collection of ObjectRef values, got {changed!r}")
    bad = [item for item in changed if not isinstance(item, ObjectRef)]
    if bad:
        raise GuidedActionsError(f"changed must hold ObjectRef values, got {', '.join(repr(b) for b in bad[:3])}")
    if not isinstance(since, _dt.datetime) or since.utcoffset() is None:
        raise GuidedActionsError(f"since must be an aware datetime, got {since!r}")
    if isinstance(now, _dt.datetime) and now.utcoffset() is not None and since > now:
        raise GuidedActionsError(f"since ({since.isoformat()}) is after now ({now.isoformat()})")


def reconcile(
    crm: CrmSnapshot,
    *,
    now: _dt.datetime,
    known: Iterable[GuidedAction] = (),
    registry: RuleRegistry | None = None,
    user_ids: Collection[str] | None = None,
    changed: Iterable[ObjectRef] | None = None,
    since: _dt.datetime | None = None,
    previous: CrmSnapshot | None = None,
) -> Reconciliation:
    """Expire, update and create guided actions so they match the snapshot at ``now``.

    ``known`` is every action the host stored (active and expired).  Every active
    known action comes back exactly once (``updated``, ``expired`` or
    ``unchanged``); expired ones only prevent re-creation of the same
    ``(type, owner_id, key)``.  Actions of users outside ``user_ids`` and of
    types the registry does not know come back unchanged.

    ``changed`` (the refs of records added, modified or removed since the
    reconcile that produced ``known``) and ``since`` (that reconcile's ``now``)
    go together: give both or neither.  With them the reconcile is
    incremental: only the subjects the changed records (and the time between
    ``since`` and ``now``) can affect are judged again, and the result equals
    a full reconcile at ``now``.  ``known`` must then be what the host stored
    after that reconcile.  The links a changed record had before the change
    come from ``previous`` (the snapshot the reconcile at ``since`` saw) or,
    without it, from ``crm`` itself when ``crm`` was made by one
    :meth:`CrmSnapshot.evolve` step with exactly these changes.  When neither
    knows a changed record's previous version, a user, pipeline, team or the
    settings changed, or the registry holds a rule whose reads are not known
    (a host rule), the reconcile is a full one: slower, the same result.
    """
    _check_change_log(changed, since, now)
    if not isinstance(crm, CrmSnapshot):
        raise GuidedActionsError(f"reconcile needs a CrmSnapshot, got {type(crm).__name__}")
    if previous is not None and not isinstance(previous, CrmSnapshot):
        raise GuidedActionsError(f"previous must be a CrmSnapshot, got {type(previous).__name__}")
    registry = registry if registry is not None else default_registry()
    ctx = Context(crm, now)
    judged = judged_users(crm, _users(crm, user_ids))
    users, user_by_id = judged.users, judged.by_id
    affected = (
        plan_incremental(ctx, registry, judged, changed, since, previous)
        if changed is not None and since is not None
        else None
    )
    if affected is not None and isinstance(known, KnownActions):
        return _reconcile_indexed(ctx, registry, judged, known, affected)
    run = _Run(ctx, registry)

    pending: list[tuple[GuidedAction, Rule, User]] = []
    seen_ids: set[str] = set()
    for action in known:
        if not isinstance(action, GuidedAction):
            raise GuidedActionsError(f"known must hold GuidedAction values, got {type(action).__name__}")
        if action.id in seen_ids:
            raise GuidedActionsError(f"known holds the action id {action.id!r} twice")
        seen_ids.add(action.id)
        run.blocked.add((action.type, action.owner_id, action.key))
        if action.status is not ActionStatus.ACTIVE:
            continue
        rule = registry.get(action.type)
        owner = user_by_id.get(action.owner_id)
        if rule is None or owner is None or (affected is not None and not affected.touches(action)):
            run.keep(action, run.unchanged)
        else:
            pending.append((action, rule, owner))
    for action, rule, owner in pending:
        run.check(action, rule, owner)
    if affected is None:
        for owner in users:
            for rule in registry:
                run.create(rule, owner)
    else:
        _reopen(run, affected, registry)
        _create_affected(run, affected, judged, registry)

    sort_key = sort_key_of(registry)
    return Reconciliation(
        created=sorted(run.created, key=sort_key),
        updated=sorted(run.updated, key=sort_key),
        expired=sorted(run.expired, key=sort_key),
        unchanged=sorted(run.unchanged, key=sort_key),
        next_check_at=next_check_at(ctx, registry, judged, (*run.created, *run.updated, *run.unchanged)),
    )


def _reconcile_indexed(
    ctx: Context,
    registry: RuleRegistry,
    judged: Judged,
    known: KnownActions,
    affected: Affected,
) -> Reconciliation:
    """An incremental reconcile that reads only the stored actions about the affected records."""
    run = _Run(ctx, registry, known)
    pending: dict[str, GuidedAction] = {}
    for target in affected.refs:
        for action in known.about(target):
            pending[action.id] = action
    for type_, owner_id in affected.whole:
        for action in known.of_owner(type_, owner_id):
            pending[action.id] = action
    for type_, (low, high) in affected.aging.items():
        for action in known.created_between(type_, low, high):
            pending[action.id] = action
    user_by_id = judged.by_id
    for action in pending.values():
        rule = registry.get(action.type)
        owner = user_by_id.get(action.owner_id)
        if rule is not None and owner is not None and affected.touches(action):
            run.check(action, rule, owner)
    _reopen(run, affected, registry)
    _create_affected(run, affected, judged, registry)

    sort_key = sort_key_of(registry)
    gone = run.gone
    if known.ordered_for(registry):
        unchanged = known.active_without(gone)
    else:
        unchanged = tuple(sorted((a for a in known.active if a.id not in gone), key=sort_key))
    return Reconciliation(
        created=sorted(run.created, key=sort_key),
        updated=sorted(run.updated, key=sort_key),
        expired=sorted(run.expired, key=sort_key),
        unchanged=unchanged,
        next_check_at=next_check_at(ctx, registry, judged, (*run.created, *run.updated), known, gone),
    )
