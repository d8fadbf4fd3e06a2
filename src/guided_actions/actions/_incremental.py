"""Incremental reconcile: which subjects, owners and actions a change log (and the passing time) can affect.

A reconcile at ``since`` left the host's actions at a fixed point: reconciling
the same snapshot at the same ``now`` again changes nothing.  Between ``since``
and ``now`` two things can move a subject away from that point:

- **a record changed** (added, modified, removed).  The subjects whose rules
  read it are found by following the association indexes from the record, in
  its version before the change and in its version after: an email touches the
  contacts it is associated with or addressed from or to (and their leads and
  deals), the email it answers and its replies; a task touches its meeting; a
  deal touches its contacts; a company its contacts; a lead its contact.  The
  direction is the reverse of what :mod:`guided_actions.actions._shard`
  collects for a user, and as conservative.
- **time passed a boundary**: a record whose ``field + offset`` (as declared in
  :mod:`guided_actions.actions._next_check`) lies in ``(since, now]`` is treated
  like a changed record; a user whose local midnight passed has their "today"
  rules judged again; an action that reached its maximum age is checked.

Every other subject would be judged exactly as at ``since``, so only the
affected ones are judged; the result equals a full reconcile at ``now``.

The reverse of a rule's ``candidates`` (which users judge this subject?) is
declared here for the built-in candidate functions.  A registry with a rule
whose reads or time behaviour are not known here (a host rule), a change to a
user or a pipeline, or a changed record whose previous version is unknown make
:func:`plan_incremental` return ``None``, and the reconcile is a full one.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from guided_actions.actions._builtin_deals import _contacts_of_your_open_deals
from guided_actions.actions._builtin_prospecting import _target_contacts
from guided_actions.actions._builtin_replies import _repliers, _replying_leads
from guided_actions.actions._judged import Judged
from guided_actions.actions._model import GuidedAction
from guided_actions.actions._next_check import TimePlan, time_plan
from guided_actions.actions._rule import Context, Rule, ref, utc
from guided_actions.actions._rule import _local_day as local_day
from guided_actions.crm import Company, Contact, CrmSnapshot, Email, EmailDirection, Lead, ObjectRef, ObjectType, User
from guided_actions.crm._snapshot import FRAME

__all__ = ["Affected", "plan_incremental"]

_C, _L, _D = ObjectType.CONTACT, ObjectType.LEAD, ObjectType.DEAL
#: Kinds a change to which the subject-level tracking below cannot follow (a full reconcile then).
_GLOBAL_KINDS = frozenset({ObjectType.USER, ObjectType.SERVICE, ObjectType.CUSTOM})


# -- who reads a record -------------------------------------------------------


class _Readers:
    """Collects the subjects whose rules may read some records, through one snapshot's indexes."""

    __slots__ = ("contacts", "crm", "refs")

    def __init__(self, crm: CrmSnapshot) -> None:
        self.crm = crm
        self.refs: set[ObjectRef] = set()
        self.contacts: set[str] = set()

    def contact(self, contact_id: str) -> None:
        """A contact and everything judged with it in full: its leads and the deals that list it."""
        if contact_id in self.contacts:
            return
        self.contacts.add(contact_id)
        refs, crm = self.refs, self.crm
        refs.add(ref(_C, contact_id))
        for lead in crm.leads_of_contact(contact_id):
            refs.add(ref(_L, lead.id))
        for deal in crm.deals_of_contact(contact_id):
            refs.add(ref(_D, deal.id))

    def address(self, address: str) -> None:
        for contact in self.crm.contacts_with_email(address):
            self.contact(contact.id)

    def lead(self, lead_id: str, contact_id: str | None = None) -> None:
        self.refs.add(ref(_L, lead_id))
        if contact_id is None:
            found = self.crm.find(ref(_L, lead_id))
            contact_id = found.contact_id if isinstance(found, Lead) else None
        if contact_id is not None:
            self.contact(contact_id)

    def targets(self, engagement: Any) -> None:
        """The records an engagement is associated with (an email also by its addresses)."""
        for contact_id in engagement.contact_ids:
            self.contact(contact_id)
        for lead_id in engagement.lead_ids:
            self.lead(lead_id)
        for deal_id in engagement.deal_ids:
            self.refs.add(ref(_D, deal_id))
        if isinstance(engagement, Email):
            self.address(engagement.from_address)
            for address in (*engagement.to_addresses, *engagement.cc_addresses):
                self.address(address)

    def record(self, kind: ObjectType, record: Any) -> None:
        """Every subject that may read ``record`` (of ``kind``), the record itself included."""
        crm, refs = self.crm, self.refs
        refs.add(ref(kind, record.id))
        if kind is _C:
            self.contact(record.id)
        elif kind is _L:
            self.lead(record.id, record.contact_id)
        elif kind is _D:
            for contact_id in record.contact_ids:
                self.contact(contact_id)
        elif kind is ObjectType.COMPANY:
            for contact in crm.contacts_of_company(record.id):
                self.contact(contact.id)
        elif hasattr(record, "contact_ids"):  # an engagement
            self.targets(record)
            if kind is ObjectType.TASK and record.meeting_id:
                refs.add(ref(ObjectType.MEETING, record.meeting_id))
            if isinstance(record, Email):
                if record.in_reply_to is not None:
                    original = crm.find(ref(ObjectType.EMAIL, record.in_reply_to))
                    if original is not None:
                        self.targets(original)
                for reply in crm.replies_to(record.id):
                    self.targets(reply)


# -- who judges a subject -----------------------------------------------------

Owners = Callable[[Context, Any], Iterable[str]]
"""For a rule's ``candidates`` function: the ids of the users whose candidates include a record."""


def _owner(ctx: Context, record: Any) -> Iterable[str]:
    owner = record.owner_id
    return () if owner is None else (owner,)


def _target_contact_owners(ctx: Context, record: Any) -> Iterator[str]:
    if record.owner_id is not None:
        yield record.owner_id
        return
    crm = ctx.crm
    for company_id in record.company_ids:
        company = crm.find(ref(ObjectType.COMPANY, company_id))
        if isinstance(company, Company) and company.target_account and company.owner_id is not None:
            yield company.owner_id


def _open_deal_owners(ctx: Context, record: Any) -> Iterator[str]:
    crm = ctx.crm
    for deal in crm.deals_of_contact(record.id):
        if deal.owner_id is not None and crm.is_open(deal):
            yield deal.owner_id


def _index_users(users: Collection[User]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for user in users:
        found.setdefault(user.email.lower(), []).append(user.id)
    return found


def _users_by_email(ctx: Context) -> dict[str, list[str]]:
    """User ids by lower-case address (kept with the snapshot's users: made once, not per reconcile)."""
    found: dict[str, list[str]] = ctx.crm._derived(ObjectType.USER, "by_email", _index_users)
    return found


def _replied_to(ctx: Context, contact: Contact) -> Iterator[str]:
    """The users who received a reply from this contact as primary recipient (see ``_repliers``)."""
    crm = ctx.crm
    users = _users_by_email(ctx)
    emails = crm.emails_of(ref(_C, contact.id))
    if contact.email:
        emails = (*emails, *crm.emails_from(contact.email))
    for email in emails:
        if email.direction is EmailDirection.INCOMING and email.in_reply_to is not None:
            primary = email.primary_recipient
            if primary is not None:
                yield from users.get(primary, ())


def _replier_owners(ctx: Context, record: Any) -> Iterable[str]:
    return _replied_to(ctx, record) if isinstance(record, Contact) else ()


def _replying_lead_owners(ctx: Context, record: Any) -> Iterable[str]:
    contact = ctx.crm.find(ref(_C, record.contact_id))
    return _replied_to(ctx, contact) if isinstance(contact, Contact) else ()


#: The reverse of each built-in ``candidates`` function (``None``: the rule judges its owner's records).
_OWNERS: dict[Any, Owners] = {
    None: _owner,
    _target_contacts: _target_contact_owners,
    _contacts_of_your_open_deals: _open_deal_owners,
    _repliers: _replier_owners,
    _replying_leads: _replying_lead_owners,
}


# -- the plan -----------------------------------------------------------------


class Affected:
    """What an incremental reconcile judges again.

    ``subjects`` maps ``(rule type, owner id)`` to the ids of the subjects to
    judge; ``whole`` holds the ``(rule type, owner id)`` pairs judged in full
    (combined rules, "today" after a local midnight); ``refs`` are the records
    whose actions are checked again; ``triggers`` the changed records (an
    action triggered by one is checked again); ``aging`` maps a rule type to
    the ``[low, high]`` range of ``created_at`` whose actions reached their
    maximum age between ``since`` and ``now``.
    """

    __slots__ = ("aging", "refs", "subjects", "triggers", "whole")

    def __init__(self) -> None:
        self.subjects: dict[tuple[str, str], dict[str, Any]] = {}
        self.whole: set[tuple[str, str]] = set()
        self.refs: set[ObjectRef] = set()
        self.triggers: set[ObjectRef] = set()
        self.aging: dict[str, tuple[_dt.datetime, _dt.datetime]] = {}

    def reopen(self, ctx: Context, rule: Rule, action: GuidedAction) -> None:
        """An action expired in this run: its subject is free again, so judge it for creation too.

        (A full reconcile would: the subject is no longer taken, and a key that
        changed while the action was active is not blocked.)
        """
        pair = (rule.type, action.owner_id)
        if rule.combined:
            self.whole.add(pair)
            return
        record = ctx.crm.find(action.subject) if action.subject.kind is rule.subject else None
        if record is not None and action.owner_id in set(_OWNERS[rule.candidates](ctx, record)):
            self.subjects.setdefault(pair, {})[record.id] = record

    def touches(self, action: GuidedAction) -> bool:
        """Whether a known action must be checked again (else it is unchanged)."""
        if (action.type, action.owner_id) in self.whole:
            return True
        aging = self.aging.get(action.type)
        if aging is not None and aging[0] <= action.created_at <= aging[1]:
            return True
        refs = self.refs
        if action.subject in refs or (action.trigger is not None and action.trigger in self.triggers):
            return True
        return any(item in refs for item in action.items)


def _versions(
    crm: CrmSnapshot, previous: CrmSnapshot | None, changed: Iterable[ObjectRef]
) -> list[tuple[ObjectType, Any]] | None:
    """Every version (before and after) of every changed record, or ``None`` when one is unknown."""
    if previous is not None:
        if not crm._same_frame(previous):
            return None
    elif crm._previous_version(FRAME)[0]:
        return None
    out: list[tuple[ObjectType, Any]] = []
    for target in changed:
        if target.kind in _GLOBAL_KINDS:
            return None
        if previous is not None:
            old = previous.find(target)
        else:
            known, old = crm._previous_version(target)
            if not known:
                return None
        if old is not None:
            out.append((target.kind, old))
        new = crm.find(target)
        if new is not None:
            out.append((target.kind, new))
    return out


def _crossed(ctx: Context, plan: TimePlan, since: _dt.datetime, now: _dt.datetime) -> Iterator[tuple[ObjectType, Any]]:
    """The records whose ``field + offset`` lies in ``[since, now]`` (a comparison may flip just after ``since``)."""
    crm = ctx.crm
    for (kind, field), offsets in plan.lines.items():
        line = crm._timeline(kind, field)
        for offset in offsets:
            for record in line.between(since - offset, now - offset):
                yield kind, record


def _midnight_passed(judged: Judged, since: _dt.datetime, now: _dt.datetime) -> set[str]:
    """The judged users whose local midnight lies in ``(since, now]`` (``since`` and ``now`` in UTC)."""
    out: set[str] = set()
    for tz, user_ids in judged.by_zone.items():
        if local_day(since, since, tz)[1] <= now:
            out.update(user_ids)
    return out


def plan_incremental(
    ctx: Context,
    registry: Iterable[Rule],
    judged: Judged,
    changed: Iterable[ObjectRef],
    since: _dt.datetime,
    previous: CrmSnapshot | None,
) -> Affected | None:
    """The subjects, owners and actions to judge again, or ``None`` when only a full reconcile is safe."""
    rules = list(registry)
    plan = time_plan(rules)
    if plan is None or any(rule.candidates not in _OWNERS for rule in rules):
        return None
    crm = ctx.crm
    versions = _versions(crm, previous, changed)
    if versions is None:
        return None
    affected = Affected()
    for kind, record in versions:
        affected.triggers.add(ref(kind, record.id))
    now, since = ctx.now_utc, utc(since)
    readers = _Readers(crm)
    for kind, record in versions:
        readers.record(kind, record)
    moved = since < now  # at the same instant no comparison with ``now`` can flip
    for kind, record in _crossed(ctx, plan, since, now) if moved else ():
        readers.record(kind, record)
        affected.triggers.add(ref(kind, record.id))
    affected.refs = readers.refs

    judged_ids = judged.by_id
    by_kind: dict[ObjectType, list[Any]] = {}
    for target in readers.refs:
        found = crm.find(target)
        if found is not None:
            by_kind.setdefault(target.kind, []).append(found)
    midnight = _midnight_passed(judged, since, now) if plan.local_day and moved else set()
    for rule in rules:
        if rule.type in plan.day_types:
            affected.whole.update((rule.type, uid) for uid in midnight)
        owners_of = _OWNERS[rule.candidates]
        for record in by_kind.get(rule.subject, ()):
            for uid in owners_of(ctx, record):
                if uid not in judged_ids:
                    continue
                if rule.combined:
                    affected.whole.add((rule.type, uid))
                else:
                    affected.subjects.setdefault((rule.type, uid), {})[record.id] = record
    if moved:
        affected.aging = {name: (since - age, now - age) for name, age in plan.max_age.items()}
    return affected
