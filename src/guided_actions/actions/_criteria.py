"""Reusable named predicates and the email look-ups the rules share.

Each predicate has the one :class:`~guided_actions.actions._rule.Predicate`
shape ``(ctx, c) -> bool`` and only compares: cutoffs come from the context
(``ctx.ago(c.rule.window)``), associations from the snapshot's indexes.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from guided_actions.actions._rule import Candidate, Context, Criterion, ref
from guided_actions.crm import Contact, Email, EmailDirection, Lead, ObjectType

__all__ = [
    "no_open_lead",
    "ASSIGNED_TO_YOU",
    "CRITERIA_UNMET",
    "NO_ITEMS",
    "action_age_at_least",
    "action_age_more_than",
    "assigned_to_you",
    "contact_emails",
    "contact_of",
    "criteria_unmet",
    "emailed_after",
    "has_trigger",
    "is_open",
    "latest_reply",
    "no_items",
    "not_assigned_to_you",
    "replies_from",
]

_OUT = EmailDirection.OUTGOING
_IN = EmailDirection.INCOMING
NEVER = _dt.datetime.min.replace(tzinfo=_dt.UTC)
"""Sorts before every real instant (for records with no time)."""


# -- generic predicates -------------------------------------------------------


def assigned_to_you(ctx: Context, c: Candidate) -> bool:
    """The subject's ``owner_id`` is the user the action is for."""
    return bool(c.record.owner_id == c.owner.id)


def not_assigned_to_you(ctx: Context, c: Candidate) -> bool:
    """The subject now belongs to someone else (or nobody)."""
    return bool(c.record.owner_id != c.owner.id)


def is_open(ctx: Context, c: Candidate) -> bool:
    """A deal or lead sits in an open stage."""
    return ctx.crm.is_open(c.record)


def is_closed(ctx: Context, c: Candidate) -> bool:
    """A deal or lead left its open stages (won or lost)."""
    return not ctx.crm.is_open(c.record)


def has_trigger(ctx: Context, c: Candidate) -> bool:
    """The rule found its triggering fact for this subject."""
    return c.trigger is not None


def action_age_at_least(ctx: Context, c: Candidate) -> bool:
    """``now - created_at >= max_age``: "the action is N days old"."""
    return c.created_at <= ctx.ago(c.rule.max_age)


def action_age_more_than(ctx: Context, c: Candidate) -> bool:
    """``now - created_at > max_age``: "the action is more than N days old"."""
    return c.created_at < ctx.ago(c.rule.max_age)


def criteria_unmet(ctx: Context, c: Candidate) -> bool:
    """At least one creation criterion no longer holds."""
    return c.rule.first_failing(ctx, c) is not None


def no_items(ctx: Context, c: Candidate) -> bool:
    """A combined action has nothing left to show."""
    return not c.items


def owner_assigned_after_creation(ctx: Context, c: Candidate) -> bool:
    """The subject's ``owner_assigned_at`` is after the action's ``created_at`` (it changed hands)."""
    at = c.record.owner_assigned_at
    return at is not None and at > c.created_at


ASSIGNED_TO_YOU = Criterion(name="assigned_to_you", description="assigned to you", test=assigned_to_you)
CRITERIA_UNMET = Criterion(name="criteria_unmet", description="any creation criterion fails", test=criteria_unmet)
NO_ITEMS = Criterion(name="no_items", description="no item qualifies any more", test=no_items)
REASSIGNED = Criterion(name="reassigned", description="reassigned to another user", test=not_assigned_to_you)
MAX_AGE = Criterion(name="max_age", description="the action is {max_age} old", test=action_age_at_least)
MAX_AGE_STRICT = Criterion(
    name="max_age", description="the action is more than {max_age} old", test=action_age_more_than
)


def no_open_lead(ctx: Context, c: Candidate) -> bool:
    """The contact (or the lead's contact) has no lead in an open stage (rules 3 and 9)."""
    contact_id = c.record.id if isinstance(c.record, Contact) else c.record.contact_id
    return not any(ctx.crm.is_open(lead) for lead in ctx.crm.leads_of_contact(contact_id))


DEAL_OPEN = Criterion(name="deal_open", description="the deal is open", test=is_open)
DEAL_CLOSED = Criterion(name="deal_closed", description="the deal is closed (won or lost)", test=is_closed)


def contact_of(ctx: Context, lead: Lead) -> Contact | None:
    """The lead's contact, when it is in the snapshot."""
    found = ctx.crm.find(ref(ObjectType.CONTACT, lead.contact_id))
    return found if isinstance(found, Contact) else None


def contact_emails(
    ctx: Context, contact: Contact, *, sent_by: bool = False, sent_to: bool = False
) -> tuple[Email, ...]:
    """Emails associated with the contact, plus those from (``sent_by``) or to (``sent_to``) its address.

    Each email once; everything comes from the snapshot's indexes (a tuple: no
    generator, and no new container when the address adds nothing).
    """
    crm = ctx.crm
    own = crm.emails_of(ref(ObjectType.CONTACT, contact.id))
    address = contact.email
    if not address:
        return own
    sent = crm.emails_from(address) if sent_by else ()
    received = crm.emails_to(address) if sent_to else ()
    if not sent and not received:
        return own
    emails = list(own)
    seen = {email.id for email in own}
    for extra in (sent, received):
        for email in extra:
            if email.id not in seen:
                seen.add(email.id)
                emails.append(email)
    return tuple(emails)


def replies_from(ctx: Context, contact: Contact) -> tuple[tuple[Email, Email], ...]:
    """``(reply, original)`` for every reply from the contact: incoming, answering an outgoing email."""
    cache = ctx.table("replies_from")
    key = (contact.id, contact.email)
    found: tuple[tuple[Email, Email], ...] | None = cache.get(key)
    if found is not None:
        return found
    crm = ctx.crm
    pairs: list[tuple[Email, Email]] = []
    for email in contact_emails(ctx, contact, sent_by=True):
        if email.direction is not _IN or email.in_reply_to is None:
            continue
        original = crm.find(ref(ObjectType.EMAIL, email.in_reply_to))
        if isinstance(original, Email) and original.direction is _OUT:
            pairs.append((email, original))
    found = cache[key] = tuple(pairs)
    return found


def latest_reply(ctx: Context, contact: Contact, user_id: str, *, primary: str | None = None) -> Email | None:
    """The latest reply from the contact to the user's email (or, with ``primary``, addressed to that address first)."""
    best: Email | None = None
    for reply, original in replies_from(ctx, contact):
        if primary is None:
            if original.owner_id != user_id:
                continue
        elif reply.primary_recipient != primary:
            continue
        if best is None or (reply.sent_at, reply.id) > (best.sent_at, best.id):
            best = reply
    return best


def emailed_after(ctx: Context, user_id: str, contact: Contact, after: _dt.datetime, *extra: Any) -> bool:
    """Whether the user sent the contact an email after ``after`` ("the user emailed X after T").

    ``extra`` are further records (e.g. the lead) whose associated emails count too.
    """
    for email in contact_emails(ctx, contact, sent_to=True):
        if email.direction is _OUT and email.owner_id == user_id and email.sent_at > after:
            return True
    for record in extra:
        for email in ctx.crm.emails_of(ref(ObjectType.LEAD, record.id)):
            if email.direction is _OUT and email.owner_id == user_id and email.sent_at > after:
                return True
    return False
