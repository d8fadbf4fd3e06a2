"""Rules 5, 9 and 11: a contact (or a lead's contact) replied and waits for your answer.

They share the reply look-ups and the ``email_sent`` condition, so they live together.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

from guided_actions.actions._criteria import (
    ASSIGNED_TO_YOU,
    MAX_AGE,
    MAX_AGE_STRICT,
    REASSIGNED,
    contact_of,
    emailed_after,
    has_trigger,
    latest_reply,
    no_open_lead,
    owner_assigned_after_creation,
)
from guided_actions.actions._model import ActionCategory, ActionType
from guided_actions.actions._rule import Candidate, Context, Criterion, Rule, Trigger, ref
from guided_actions.crm import Contact, EmailDirection, Lead, ObjectType, User

__all__ = ["contacts_awaiting_reply", "email_replies", "leads_awaiting_reply"]

_DAYS = _dt.timedelta(days=1)


def _reply_key(ctx: Context, c: Candidate) -> str:
    trigger = c.trigger
    return trigger.ref.id if trigger is not None and trigger.ref is not None else c.record.id


def _reply_trigger(reply: Any) -> Trigger | None:
    return None if reply is None else Trigger(at=reply.sent_at, ref=ref(ObjectType.EMAIL, reply.id))


def _emailed_since_trigger(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    if trigger is None:
        return False
    if isinstance(c.record, Lead):
        contact = contact_of(ctx, c.record)
        return contact is not None and emailed_after(ctx, c.owner.id, contact, trigger.at, c.record)
    return emailed_after(ctx, c.owner.id, c.record, trigger.at)


EMAIL_SENT = Criterion(
    name="email_sent", description="you emailed the contact after the reply", test=_emailed_since_trigger, done=True
)


# -- 5 ------------------------------------------------------------------------


def _reply_to_you(ctx: Context, c: Candidate) -> Trigger | None:
    return _reply_trigger(latest_reply(ctx, c.record, c.owner.id))


REPLIED = Criterion(name="replied", description="the contact replied to an email you sent", test=has_trigger)


def email_replies() -> Rule:
    """Row 5: a contact of yours replied to your email."""
    return Rule(
        type=ActionType.EMAIL_REPLIES,
        title="Email replies",
        subject=ObjectType.CONTACT,
        category=ActionCategory.PROSPECTING,
        criteria=(ASSIGNED_TO_YOU, REPLIED),
        conditions=(
            EMAIL_SENT,
            Criterion(name="reassigned", description="the contact was reassigned", test=REASSIGNED.test),
            MAX_AGE,
        ),
        key=_reply_key,
        trigger=_reply_to_you,
        max_age=14 * _DAYS,
    )


# -- 9 and 11 -----------------------------------------------------------------


def _repliers(ctx: Context, user: User) -> tuple[Contact, ...]:
    """Contacts who sent the user a reply with the user as primary recipient (via the user's inbox), each once.

    Rules 9 and 11 and the next-check time all start from this list, so it is found once per user.
    """
    address = user.email.lower()
    cache = ctx.table("repliers")
    found: tuple[Contact, ...] | None = cache.get(address)
    if found is None:
        found = cache[address] = tuple(_find_repliers(ctx, address))
    return found


def _find_repliers(ctx: Context, address: str) -> Iterator[Contact]:
    by_email = ctx.crm.contacts_with_email
    crm = ctx.crm
    seen: set[str] = set()
    for email in crm.emails_to(address):
        if email.direction is not EmailDirection.INCOMING or email.in_reply_to is None:
            continue
        if email.primary_recipient != address:
            continue
        found: list[Any] = [crm.find(ref(ObjectType.CONTACT, contact_id)) for contact_id in email.contact_ids]
        found.extend(by_email(email.from_address))
        for contact in found:
            if isinstance(contact, Contact) and contact.id not in seen:
                seen.add(contact.id)
                yield contact


def _reply_to_you_as_primary(ctx: Context, c: Candidate) -> Trigger | None:
    contact = c.record if isinstance(c.record, Contact) else contact_of(ctx, c.record)
    if contact is None:
        return None
    return _reply_trigger(latest_reply(ctx, contact, c.owner.id, primary=c.owner.email.lower()))


def _other_domain(ctx: Context, c: Candidate) -> bool:
    contact = c.record if isinstance(c.record, Contact) else contact_of(ctx, c.record)
    return contact is not None and contact.domain != c.owner.domain


def contacts_awaiting_reply() -> Rule:
    """Row 9: an outside contact replied to you and is waiting for your answer."""
    return Rule(
        type=ActionType.CONTACTS_AWAITING_REPLY,
        title="Contacts awaiting your reply",
        subject=ObjectType.CONTACT,
        category=ActionCategory.PROSPECTING,
        criteria=(
            Criterion(name="no_open_lead", description="the contact has no open lead", test=no_open_lead),
            Criterion(
                name="replied_to_you",
                description="the contact replied to an email with you as primary recipient of the reply",
                test=has_trigger,
            ),
            Criterion(
                name="other_domain", description="the contact's email domain differs from yours", test=_other_domain
            ),
        ),
        conditions=(
            Criterion(
                name="reassigned",
                description="the contact was reassigned after the action was created",
                test=owner_assigned_after_creation,
            ),
            MAX_AGE_STRICT,
            EMAIL_SENT,
        ),
        key=_reply_key,
        trigger=_reply_to_you_as_primary,
        candidates=_repliers,
        max_age=14 * _DAYS,
    )


def _replying_leads(ctx: Context, user: User) -> Iterator[Lead]:
    for contact in _repliers(ctx, user):
        yield from ctx.crm.leads_of_contact(contact.id)


def leads_awaiting_reply() -> Rule:
    """Row 11: a lead's contact replied to you and is waiting for your answer."""
    return Rule(
        type=ActionType.LEADS_AWAITING_REPLY,
        title="Leads awaiting your reply",
        subject=ObjectType.LEAD,
        category=ActionCategory.PROSPECTING,
        criteria=(
            Criterion(
                name="replied_to_you",
                description="the lead's contact sent a reply with you as primary recipient",
                test=has_trigger,
            ),
            Criterion(
                name="other_domain",
                description="the lead's contact email domain differs from yours",
                test=_other_domain,
            ),
        ),
        conditions=(
            Criterion(
                name="reassigned",
                description="the lead was reassigned after the action was created",
                test=owner_assigned_after_creation,
            ),
            MAX_AGE_STRICT,
            Criterion(
                name="email_sent",
                description="you emailed the lead's contact after the reply",
                test=_emailed_since_trigger,
                done=True,
            ),
        ),
        key=_reply_key,
        trigger=_reply_to_you_as_primary,
        candidates=_replying_leads,
        max_age=14 * _DAYS,
    )
