"""``explain``: why a rule would (or would not) create an action for one subject.

It evaluates every creation criterion and every expiration condition of the
rule for that subject and user at ``now``, with the very predicates reconcile
uses, so its answer and reconcile's cannot disagree.
"""

from __future__ import annotations

import datetime as _dt

import attrs

from guided_actions.actions._reconcile import combined_items
from guided_actions.actions._registry import RuleRegistry, default_registry
from guided_actions.actions._rule import Candidate, Context, Rule
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError

__all__ = ["Check", "Explanation", "explain"]


@attrs.frozen(kw_only=True)
class Check:
    """One criterion or condition as evaluated: its name, its English description and whether it holds."""

    name: str
    description: str
    holds: bool

    def __str__(self) -> str:
        return f"{'✓' if self.holds else '✗'} {self.name}: {self.description}"


@attrs.frozen(kw_only=True)
class Explanation:
    """Every creation criterion and expiration condition of a rule for one subject, evaluated.

    ``would_create`` is true when every criterion holds and no condition does
    (whether the host already has or had such an action is not considered).
    ``key`` is the key the action would have.  ``str()`` is a ✓/✗ checklist.
    """

    type: str
    title: str
    subject: ObjectRef
    user_id: str
    criteria: tuple[Check, ...]
    conditions: tuple[Check, ...]
    would_create: bool
    key: str | None = None
    items: tuple[ObjectRef, ...] = ()

    def _repr_html_(self) -> str:
        """An HTML table, so notebooks show this result readably (escaped)."""
        from guided_actions._html import render_explanation

        return render_explanation(self)

    def __str__(self) -> str:
        verdict = "would be created" if self.would_create else "would not be created"
        lines = [f"{self.title} ({self.type}) for {self.subject}, user {self.user_id}: {verdict}"]
        lines.append("creation criteria (all must hold):")
        lines.extend(f"  {check}" for check in self.criteria)
        lines.append("expiration conditions (none may hold):")
        lines.extend(f"  {check}" for check in self.conditions)
        if self.items:
            lines.append("items: " + ", ".join(str(item) for item in self.items))
        if self.key is not None:
            lines.append(f"key: {self.key}")
        return "\n".join(lines)


def _checks(rule: Rule, criteria: tuple[object, ...], results: list[bool]) -> tuple[Check, ...]:
    return tuple(
        Check(name=c.name, description=c.describe(rule), holds=held)  # type: ignore[attr-defined]
        for c, held in zip(criteria, results, strict=True)
    )


def explain(
    crm: CrmSnapshot,
    action_type: str,
    subject: ObjectRef,
    *,
    user_id: str,
    now: _dt.datetime,
    registry: RuleRegistry | None = None,
) -> Explanation:
    """Evaluate a rule for one subject and user at ``now``, criterion by criterion.

    ``subject`` is a record of the rule's subject kind; for a combined rule it
    may also be the user (the combined action's own subject), which explains
    whether any item qualifies.
    """
    registry = registry if registry is not None else default_registry()
    rule = registry.require(action_type)
    ctx = Context(crm, now)
    if not isinstance(subject, ObjectRef):
        raise GuidedActionsError(f"subject must be an ObjectRef, got {subject!r}")
    owner_ref = ObjectRef(ObjectType.USER, user_id)
    if owner_ref not in crm:
        raise GuidedActionsError(f"user {user_id!r} is not in the snapshot")
    owner = crm.user(user_id)
    combined_self = rule.combined and subject.kind is ObjectType.USER
    if subject.kind is not rule.subject and not combined_self:
        raise GuidedActionsError(f"{rule.type} is about {rule.subject.value} records, not {subject.kind.value}")
    if subject not in crm:
        raise GuidedActionsError(f"{subject} is not in the snapshot")
    title = rule.title

    if rule.combined:
        current = combined_items(ctx, rule, owner)
        records = tuple(r for r, _ in current)
        whole = Candidate(ctx, rule, owner, owner, items=records)
        condition_results = [cond.test(ctx, whole) for cond in rule.conditions]
        refs = tuple(ObjectRef(rule.subject, r.id) for r in records)
        key = rule.key(ctx, whole) if records else None
        if combined_self:
            if subject.id != user_id:
                raise GuidedActionsError(f"a combined action's subject is its owner; got {subject} for user {user_id}")
            criteria: tuple[Check, ...] = (
                Check(
                    name="items",
                    description=f"at least one {rule.subject.value} qualifies",
                    holds=bool(records),
                ),
            )
            would = bool(records) and not any(condition_results)
        else:
            item = Candidate(ctx, rule, owner, crm.get(subject))
            results = [crit.test(ctx, item) for crit in rule.criteria]
            criteria = _checks(rule, rule.criteria, results)
            would = all(results) and not any(condition_results)
        return Explanation(
            type=rule.type,
            title=title,
            subject=subject,
            user_id=user_id,
            criteria=criteria,
            conditions=_checks(rule, rule.conditions, condition_results),
            would_create=would,
            key=key if would else None,
            items=refs,
        )

    c = Candidate(ctx, rule, owner, crm.get(subject))
    results = [crit.test(ctx, c) for crit in rule.criteria]
    condition_results = [cond.test(ctx, c) for cond in rule.conditions]
    would = all(results) and not any(condition_results)
    return Explanation(
        type=rule.type,
        title=title,
        subject=subject,
        user_id=user_id,
        criteria=_checks(rule, rule.criteria, results),
        conditions=_checks(rule, rule.conditions, condition_results),
        would_create=would,
        key=rule.key(ctx, c) if would else None,
    )
