"""Built-in prospecting rules: contacts and leads to reach out to (rows 1-5, 9, 11, 14, 15)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

from guided_actions.actions._criteria import (
    ASSIGNED_TO_YOU,
    CRITERIA_UNMET,
    MAX_AGE,
    NEVER,
    REASSIGNED,
    contact_emails,
    no_open_lead,
)
from guided_actions.actions._model import ActionCategory, ActionType
from guided_actions.actions._rule import Candidate, Context, Criterion, Rule, Trigger, ref, stamp
from guided_actions.crm import Contact, EmailDirection, Lead, ObjectType, StageState, User

__all__ = [
    "newly_assigned_contacts",
    "newly_assigned_leads",
    "re_engaged_contacts",
    "recently_engaged_leads",
    "sequence_activity",
    "target_account_activity",
]

_DAYS = _dt.timedelta(days=1)


def _assigned_recently(ctx: Context, c: Candidate) -> bool:
    at = c.record.owner_assigned_at
    return at is not None and at > ctx.ago(c.rule.window)


def _engaged_recently(ctx: Context, c: Candidate) -> bool:
    at = c.record.last_engaged_at
    return at is not None and at > ctx.ago(c.rule.window)


def _engagement_stale(ctx: Context, c: Candidate) -> bool:
    at = c.record.last_engaged_at
    return at is not None and at < ctx.ago(c.rule.window)


def _assigned_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.owner_assigned_at or ctx.now_utc)


def _engaged_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.last_engaged_at or ctx.now_utc)


def _engaged_key(ctx: Context, c: Candidate) -> str:
    return f"{c.record.id}@{stamp(c.record.last_engaged_at)}"


def _assigned_key(ctx: Context, c: Candidate) -> str:
    return f"{c.record.id}@{stamp(c.record.owner_assigned_at)}"


# -- 1 ------------------------------------------------------------------------


def _lifecycle_open(ctx: Context, c: Candidate) -> bool:
    stage = c.record.lifecycle_stage
    return stage is None or stage.lower() not in ctx.crm.settings.closed_lifecycle_stages


def _no_deal(ctx: Context, c: Candidate) -> bool:
    return not ctx.crm.deals_of_contact(c.record.id)


def _no_tracked_email_sent(ctx: Context, c: Candidate) -> bool:
    uid = c.owner.id
    return not any(
        e.direction is EmailDirection.OUTGOING and e.tracked and e.owner_id == uid
        for e in contact_emails(ctx, c.record, sent_to=True)
    )


def _no_email_received(ctx: Context, c: Candidate) -> bool:
    uid = c.owner.id
    return not any(
        e.direction is EmailDirection.INCOMING and e.owner_id == uid
        for e in contact_emails(ctx, c.record, sent_by=True)
    )


def newly_assigned_contacts() -> Rule:
    """Row 1: a contact you got recently and have not started talking to."""
    return Rule(
        type=ActionType.NEWLY_ASSIGNED_CONTACTS,
        title="Newly assigned contacts",
        subject=ObjectType.CONTACT,
        category=ActionCategory.PROSPECTING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(name="assigned_recently", description="assigned less than {window} ago", test=_assigned_recently),
            Criterion(
                name="lifecycle_stage_open",
                description="lifecycle stage is not one of the portal's closed stages",
                test=_lifecycle_open,
            ),
            Criterion(name="no_deal", description="no deal is associated with the contact", test=_no_deal),
            Criterion(
                name="no_tracked_email_sent",
                description="you sent the contact no tracked email",
                test=_no_tracked_email_sent,
            ),
            Criterion(name="no_email_received", description="the contact sent you no email", test=_no_email_received),
        ),
        conditions=(CRITERIA_UNMET, MAX_AGE),
        key=_assigned_key,
        trigger=_assigned_trigger,
        window=30 * _DAYS,
        max_age=30 * _DAYS,
    )


# -- 2 ------------------------------------------------------------------------


def _in_first_stage(ctx: Context, c: Candidate) -> bool:
    return ctx.crm.in_first_stage(c.record)


def _activity_logged(ctx: Context, c: Candidate) -> bool:
    since = c.record.owner_assigned_at or NEVER
    uid = c.owner.id
    for engagement in ctx.crm.engagements_of(ref(ObjectType.LEAD, c.record.id)):
        at = engagement.happened_at
        if engagement.owner_id == uid and at is not None and at > since:
            return True
    return False


def newly_assigned_leads() -> Rule:
    """Row 2: a lead you got recently that is still in its first stage."""
    return Rule(
        type=ActionType.NEWLY_ASSIGNED_LEADS,
        title="Newly assigned leads",
        subject=ObjectType.LEAD,
        category=ActionCategory.PROSPECTING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(
                name="in_first_stage",
                description="the lead is in the first stage of its pipeline",
                test=_in_first_stage,
            ),
            Criterion(name="assigned_recently", description="assigned less than {window} ago", test=_assigned_recently),
        ),
        conditions=(
            REASSIGNED,
            MAX_AGE,
            Criterion(
                name="activity_logged",
                description="you logged an engagement on the lead after it was assigned to you",
                test=_activity_logged,
                done=True,
            ),
        ),
        key=_assigned_key,
        trigger=_assigned_trigger,
        window=30 * _DAYS,
        max_age=30 * _DAYS,
    )


# -- 3 ------------------------------------------------------------------------


def _latest_lead(ctx: Context, contact_id: str) -> Lead | None:
    best: Lead | None = None
    for lead in ctx.crm.leads_of_contact(contact_id):
        if best is None or (lead.created_at or NEVER, lead.id) > (best.created_at or NEVER, best.id):
            best = lead
    return best


def _latest_lead_disqualified(ctx: Context, c: Candidate) -> bool:
    lead = _latest_lead(ctx, c.record.id)
    if lead is None:
        return False
    stage = ctx.crm.stage_of(lead)
    return stage is not None and stage.state is StageState.LOST


def _re_engaged(ctx: Context, c: Candidate) -> bool:
    lead = _latest_lead(ctx, c.record.id)
    engaged = c.record.last_engaged_at
    if lead is None or lead.stage_entered_at is None or engaged is None:
        return False
    return bool(engaged > lead.stage_entered_at and engaged > ctx.ago(c.rule.window))


def _re_engaged_trigger(ctx: Context, c: Candidate) -> Trigger | None:
    lead = _latest_lead(ctx, c.record.id)
    if lead is None:
        return None
    return Trigger(at=c.record.last_engaged_at or ctx.now_utc, ref=ref(ObjectType.LEAD, lead.id))


def _re_engaged_key(ctx: Context, c: Candidate) -> str:
    trigger = c.trigger
    lead_id = trigger.ref.id if trigger is not None and trigger.ref is not None else "none"
    return f"{c.record.id}/{lead_id}"


def _lead_created(ctx: Context, c: Candidate) -> bool:
    trigger = c.trigger
    lead = _latest_lead(ctx, c.record.id)
    return lead is not None and trigger is not None and trigger.ref is not None and lead.id != trigger.ref.id


def re_engaged_contacts() -> Rule:
    """Row 3: a contact whose last lead was disqualified is engaging again."""
    return Rule(
        type=ActionType.RE_ENGAGED_CONTACTS,
        title="Re-engaged contacts",
        subject=ObjectType.CONTACT,
        category=ActionCategory.PROSPECTING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(name="no_open_lead", description="the contact has no open lead", test=no_open_lead),
            Criterion(
                name="latest_lead_disqualified",
                description="the contact's most recent lead is disqualified",
                test=_latest_lead_disqualified,
            ),
            Criterion(
                name="re_engaged",
                description="last engaged after that lead was disqualified and less than {window} ago",
                test=_re_engaged,
            ),
        ),
        conditions=(
            Criterion(name="reassigned", description="the contact was reassigned", test=REASSIGNED.test),
            Criterion(name="lead_created", description="a newer lead exists for the contact", test=_lead_created),
            Criterion(
                name="engagement_stale", description="last engaged more than {window} ago", test=_engagement_stale
            ),
        ),
        key=_re_engaged_key,
        trigger=_re_engaged_trigger,
        window=30 * _DAYS,
    )


# -- 4 ------------------------------------------------------------------------


def _has_sequence(ctx: Context, c: Candidate) -> bool:
    return c.record.sequence is not None


def _task_open(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.is_open)


def _task_trigger(ctx: Context, c: Candidate) -> Trigger:
    return Trigger(at=c.record.created_at or c.record.due_at or ctx.now_utc)


def sequence_activity() -> Rule:
    """Row 4: an open task a sequence created for you."""
    return Rule(
        type=ActionType.SEQUENCE_ACTIVITY,
        title="Sequence activity",
        subject=ObjectType.TASK,
        category=ActionCategory.PROSPECTING,
        criteria=(
            Criterion(name="sequence_task", description="the task was created by a sequence", test=_has_sequence),
            ASSIGNED_TO_YOU,
            Criterion(name="task_open", description="the task is open", test=_task_open),
        ),
        conditions=(CRITERIA_UNMET,),
        key=lambda ctx, c: str(c.record.id),
        trigger=_task_trigger,
    )


# -- 14 and 15 ----------------------------------------------------------------


def _target_companies(ctx: Context, contact: Contact) -> list[Any]:
    found = []
    for company_id in contact.company_ids:
        company = ctx.crm.find(ref(ObjectType.COMPANY, company_id))
        if company is not None and getattr(company, "target_account", False):
            found.append(company)
    return found


def _at_target_account(ctx: Context, c: Candidate) -> bool:
    return bool(_target_companies(ctx, c.record))


def _yours_or_target_owners(ctx: Context, c: Candidate) -> bool:
    owner = c.record.owner_id
    if owner is not None:
        return bool(owner == c.owner.id)
    targets = _target_companies(ctx, c.record)
    return bool(targets) and bool(targets[0].owner_id == c.owner.id)


def _target_contacts(ctx: Context, user: User) -> Iterator[Contact]:
    crm = ctx.crm
    yield from crm.owned_by(user.id, ObjectType.CONTACT)
    for company in crm.owned_by(user.id, ObjectType.COMPANY):
        if company.target_account:
            for contact in crm.contacts_of_company(company.id):
                if contact.owner_id is None:
                    yield contact


def target_account_activity() -> Rule:
    """Row 14: someone at a target account engaged this week."""
    return Rule(
        type=ActionType.TARGET_ACCOUNT_ACTIVITY,
        title="Target account activity",
        subject=ObjectType.CONTACT,
        category=ActionCategory.PROSPECTING,
        criteria=(
            Criterion(
                name="target_account",
                description="the contact is associated with a target account company",
                test=_at_target_account,
            ),
            Criterion(
                name="engaged_recently", description="last engaged less than {window} ago", test=_engaged_recently
            ),
            Criterion(
                name="yours",
                description="you own the contact, or it has no owner and you own its first target company",
                test=_yours_or_target_owners,
            ),
        ),
        conditions=(
            Criterion(
                name="engagement_stale", description="last engaged more than {window} ago", test=_engagement_stale
            ),
        ),
        key=_engaged_key,
        trigger=_engaged_trigger,
        candidates=_target_contacts,
        window=7 * _DAYS,
    )


def _lead_open(ctx: Context, c: Candidate) -> bool:
    return ctx.crm.is_open(c.record)


def recently_engaged_leads() -> Rule:
    """Row 15: an open lead of yours engaged this week."""
    return Rule(
        type=ActionType.RECENTLY_ENGAGED_LEADS,
        title="Recently engaged leads",
        subject=ObjectType.LEAD,
        category=ActionCategory.PROSPECTING,
        criteria=(
            ASSIGNED_TO_YOU,
            Criterion(name="lead_open", description="the lead is in an open stage", test=_lead_open),
            Criterion(
                name="engaged_recently", description="last engaged less than {window} ago", test=_engaged_recently
            ),
        ),
        conditions=(
            Criterion(
                name="engagement_stale", description="last engaged more than {window} ago", test=_engagement_stale
            ),
        ),
        key=_engaged_key,
        trigger=_engaged_trigger,
        window=7 * _DAYS,
    )
