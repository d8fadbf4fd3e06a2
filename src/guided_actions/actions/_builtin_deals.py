"""Built-in deal rules (rows 10, 16, 17, 18, 19)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

from guided_actions.actions._criteria import (
    ASSIGNED_TO_YOU,
    DEAL_CLOSED,
    DEAL_OPEN,
    MAX_AGE_STRICT,
    REASSIGNED,
    contact_emails,
    emailed_after,
    has_trigger,
    latest_reply,
    replies_from,
)
from guided_actions.actions._model import ActionCategory, ActionType
from guided_actions.actions._rule import Candidate, Context, Criterion, Rule, Trigger, ref, stamp
from guided_actions.crm import Contact, Email, EmailDirection, ObjectType, User

__all__ = [
    "add_contact_to_deal",
    "follow_up_with_buyer",
    "initial_outreach_needed",
    "reply_to_email",
    "update_next_steps",
]

_DAYS = _dt.timedelta(days=1)


def _contact(ctx: Context, contact_id: str) -> Contact | None:
    found = ctx.crm.find(ref(ObjectType.CONTACT, contact_id))
    return found if isinstance(found, Contact) else None


def _deal_key(ctx: Context, c: Candidate) -> str:
    trigger = c.trigger
    ref = trigger.ref.id if trigger is not None and trigger.ref is not None else "none"
    return f"{c.record.id}/{ref}"


def _assigned_key(ctx: Context, c: Candidate) -> str:
    return f"{c.record.id}@{stamp(c.record.owner_assigned_at)}"


def _created_long_ago(ctx: Context, c: Candidate) -> bool:
    at = c.record.created_at
    return at is not None and at < ctx.ago(c.rule.window)


CREATED_LONG_AGO = Criterion(
    name="created_long_ago", description="created more than {window} ago", test=_created_long_ago
)


def _created_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.created_at or ctx.now_utc)


# -- 10 -----------------------------------------------------------------------


def _contacts_of_your_open_deals(ctx: Context, user: User) -> Iterator[Contact]:
    crm = ctx.crm
    for deal in crm.owned_by(user.id, ObjectType.DEAL):
        if crm.is_open(deal):
            for contact_id in deal.contact_ids:
                contact = _contact(ctx, contact_id)
                if contact is not None:
                    yield contact


def _on_open_deal_of_yours(ctx: Context, c: Candidate) -> bool:
    uid = c.owner.id
    return any(d.owner_id == uid and ctx.crm.is_open(d) for d in ctx.crm.deals_of_contact(c.record.id))


def _no_open_deal_of_yours(ctx: Context, c: Candidate) -> bool:
    return not _on_open_deal_of_yours(ctx, c)


def _reply_trigger(ctx: Context, c: Candidate) -> Trigger | None:
    reply = latest_reply(ctx, c.record, c.owner.id)
    return None if reply is None else Trigger(at=reply.sent_at, ref=ref(ObjectType.EMAIL, reply.id))


def _emailed_since(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    return trigger is not None and emailed_after(ctx, c.owner.id, c.record, trigger.at)


def _not_emailed_since(ctx: Context, c: Candidate) -> bool:
    return not _emailed_since(ctx, c)


def _reply_key(ctx: Context, c: Candidate) -> str:
    trigger = c.trigger
    return trigger.ref.id if trigger is not None and trigger.ref is not None else c.record.id


def reply_to_email() -> Rule:
    """Row 10: a buyer on your open deal replied to you and waits for your answer."""
    return Rule(
        type=ActionType.REPLY_TO_EMAIL,
        title="Reply to email",
        subject=ObjectType.CONTACT,
        category=ActionCategory.DEAL,
        criteria=(
            Criterion(
                name="on_open_deal",
                description="the contact is associated with an open deal assigned to you",
                test=_on_open_deal_of_yours,
            ),
            Criterion(name="replied", description="the contact replied to an email you sent", test=has_trigger),
            Criterion(
                name="not_answered",
                description="you have not emailed the contact since that reply",
                test=_not_emailed_since,
            ),
        ),
        conditions=(
            Criterion(
                name="deal_closed",
                description="no open deal of yours is associated with the contact any more",
                test=_no_open_deal_of_yours,
            ),
            Criterion(
                name="email_sent", description="you emailed the contact after the reply", test=_emailed_since, done=True
            ),
            MAX_AGE_STRICT,
        ),
        key=_reply_key,
        trigger=_reply_trigger,
        candidates=_contacts_of_your_open_deals,
        max_age=7 * _DAYS,
    )


# -- 16 -----------------------------------------------------------------------


def _last_meeting_or_call(ctx: Context, c: Candidate) -> Trigger | None:
    deal = ref(ObjectType.DEAL, c.record.id)
    now = ctx.now_utc
    best = None
    for engagement in (*ctx.crm.meetings_of(deal), *ctx.crm.calls_of(deal)):
        at = engagement.happened_at
        if at is not None and at <= now and (best is None or (at, engagement.id) > (best[0], best[1].id)):
            best = (at, engagement)
    if best is None:
        return None
    return Trigger(at=best[0], ref=ref(best[1].kind, best[1].id))


def _ended_a_while_ago(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    return trigger is not None and trigger.at < ctx.ago(c.rule.delay)


def _next_steps_stale(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    updated = c.record.next_steps_updated_at
    return trigger is not None and (updated is None or updated < trigger.at)


def _next_steps_changed(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    updated = c.record.next_steps_updated_at
    return trigger is not None and updated is not None and updated > trigger.at


def update_next_steps() -> Rule:
    """Row 16: a meeting or call on your deal ended a day ago and next steps were not updated."""
    return Rule(
        type=ActionType.UPDATE_NEXT_STEPS,
        title="Update next steps",
        subject=ObjectType.DEAL,
        category=ActionCategory.DEAL,
        criteria=(
            ASSIGNED_TO_YOU,
            DEAL_OPEN,
            Criterion(
                name="ended_a_while_ago",
                description="the deal's most recent ended meeting or call ended more than {delay} ago",
                test=_ended_a_while_ago,
            ),
            Criterion(
                name="next_steps_stale",
                description="next steps were not updated since that meeting or call ended",
                test=_next_steps_stale,
            ),
        ),
        conditions=(
            REASSIGNED,
            DEAL_CLOSED,
            Criterion(
                name="next_steps_changed",
                description="next steps were changed after the meeting or call",
                test=_next_steps_changed,
                done=True,
            ),
        ),
        key=_deal_key,
        trigger=_last_meeting_or_call,
        delay=24 * _dt.timedelta(hours=1),
    )


# -- 17 and 18 ----------------------------------------------------------------


def _no_contact(ctx: Context, c: Candidate) -> bool:
    return not c.record.contact_ids


def _contact_added(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.contact_ids)


def add_contact_to_deal() -> Rule:
    """Row 17: a week-old deal of yours still has no contact."""
    return Rule(
        type=ActionType.ADD_CONTACT_TO_DEAL,
        title="Add contact to deal",
        subject=ObjectType.DEAL,
        category=ActionCategory.DEAL,
        criteria=(
            ASSIGNED_TO_YOU,
            DEAL_OPEN,
            CREATED_LONG_AGO,
            Criterion(name="no_contact", description="no contact is associated with the deal", test=_no_contact),
        ),
        conditions=(
            REASSIGNED,
            DEAL_CLOSED,
            Criterion(
                name="contact_added",
                description="a contact was associated with the deal",
                test=_contact_added,
                done=True,
            ),
            MAX_AGE_STRICT,
        ),
        key=_assigned_key,
        trigger=_created_trigger,
        window=7 * _DAYS,
        max_age=7 * _DAYS,
    )


def _first_stage_open(ctx: Context, c: Candidate) -> bool:
    return ctx.crm.in_first_stage(c.record) and ctx.crm.is_open(c.record)


def _no_engagement(ctx: Context, c: Candidate) -> bool:
    return not ctx.crm.has_engagement(ref(ObjectType.DEAL, c.record.id))


def _engaged(ctx: Context, c: Candidate) -> bool:
    return ctx.crm.has_engagement(ref(ObjectType.DEAL, c.record.id))


def initial_outreach_needed() -> Rule:
    """Row 18: a week-old deal of yours in its first stage has no activity at all."""
    return Rule(
        type=ActionType.INITIAL_OUTREACH_NEEDED,
        title="Initial outreach needed",
        subject=ObjectType.DEAL,
        category=ActionCategory.DEAL,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(
                name="first_stage_open",
                description="the deal is open and in the first stage of its pipeline",
                test=_first_stage_open,
            ),
            CREATED_LONG_AGO,
            Criterion(
                name="no_engagement", description="no engagement is associated with the deal", test=_no_engagement
            ),
        ),
        conditions=(
            REASSIGNED,
            DEAL_CLOSED,
            Criterion(
                name="engaged", description="an engagement was associated with the deal", test=_engaged, done=True
            ),
            MAX_AGE_STRICT,
        ),
        key=_assigned_key,
        trigger=_created_trigger,
        window=7 * _DAYS,
        max_age=7 * _DAYS,
    )


# -- 19 -----------------------------------------------------------------------


def _replied_to(ctx: Context, email: Email, contact: Contact) -> bool:
    address = contact.email.lower() if contact.email else None
    for reply in ctx.crm.replies_to(email.id):
        if reply.direction is EmailDirection.INCOMING and (
            contact.id in reply.contact_ids or (address is not None and reply.from_address.lower() == address)
        ):
            return True
    return False


def _opened_unanswered(ctx: Context, c: Candidate) -> Trigger | None:
    cutoff = ctx.ago(c.rule.window)
    uid = c.owner.id
    best: Email | None = None
    for contact_id in c.record.contact_ids:
        contact = _contact(ctx, contact_id)
        if contact is None:
            continue
        for email in contact_emails(ctx, contact, sent_to=True):
            opened = email.opened_at
            if email.direction is not EmailDirection.OUTGOING or email.owner_id != uid or opened is None:
                continue
            if opened >= cutoff or _replied_to(ctx, email, contact):
                continue
            if best is None or (opened, email.id) > (best.opened_at, best.id):
                best = email
    if best is None or best.opened_at is None:
        return None
    return Trigger(at=best.opened_at, ref=ref(ObjectType.EMAIL, best.id))


def _buyer_replied(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    if trigger is None:
        return False
    email = ctx.crm.find(trigger.ref) if trigger.ref is not None else None
    sent = email.sent_at if isinstance(email, Email) else trigger.at
    uid = c.owner.id
    for contact_id in c.record.contact_ids:
        contact = _contact(ctx, contact_id)
        if contact is None:
            continue
        for reply, original in replies_from(ctx, contact):
            if original.owner_id == uid and reply.sent_at > sent:
                return True
    return False


def follow_up_with_buyer() -> Rule:
    """Row 19: a buyer opened your email over a week ago and never answered."""
    return Rule(
        type=ActionType.FOLLOW_UP_WITH_BUYER,
        title="Follow up with buyer",
        subject=ObjectType.DEAL,
        category=ActionCategory.DEAL,
        criteria=(
            ASSIGNED_TO_YOU,
            DEAL_OPEN,
            Criterion(
                name="opened_unanswered",
                description=(
                    "a contact of the deal opened an email you sent more than {window} ago and has not replied to it"
                ),
                test=has_trigger,
            ),
        ),
        conditions=(
            Criterion(
                name="buyer_replied",
                description="a contact of the deal replied to you after that email",
                test=_buyer_replied,
            ),
            MAX_AGE_STRICT,
        ),
        key=_deal_key,
        trigger=_opened_unanswered,
        window=7 * _DAYS,
        max_age=7 * _DAYS,
    )
