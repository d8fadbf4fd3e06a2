"""Drawing the CRM records of a synthetic portal: companies, contacts with their leads, deals."""

from __future__ import annotations

import datetime as _dt

from guided_actions._portal import _tables as tables
from guided_actions._portal._base import Context, Drawing
from guided_actions._portal._tables import DAY, DEAL_PIPELINE, HOUR, LEAD_PIPELINE, VENDOR_DOMAIN
from guided_actions.crm import Company, Contact, Deal, Lead

__all__ = ["draw_companies", "draw_contacts", "draw_deals"]


def draw_companies(p: Drawing) -> None:
    """Companies (10% target accounts) with a few shared property sets."""
    companies = []
    for i in range(p.count("companies")):
        word, suffix = p.pick(tables.WORDS), p.pick(tables.SUFFIXES)
        companies.append(
            Company(
                id=f"co{i + 1}",
                name=f"{word} {suffix}",
                domain=f"{word.lower()}-{suffix.lower()}-{i + 1}.example",
                owner_id=p.pick(p.owners),
                target_account=p.rng.random() < 0.1,
                created_at=p.at(-p.span((60 * DAY, 900 * DAY))),
                properties=tables.PROPERTIES[i % len(tables.PROPERTIES)],
            )
        )
    p.records["companies"] = companies
    p.company_ids = [(c.id,) for c in companies]
    p.contacts_of_company = [[] for _ in companies]


def draw_contacts(p: Drawing) -> None:
    """Contacts (some unowned, some colleagues at the vendor's domain) and their leads."""
    rng, at, companies = p.rng, p.at, p.records["companies"]
    contacts, leads = [], []
    for i in range(p.count("contacts")):
        cid = f"c{i + 1}"
        company = int(rng.random() * len(companies)) if companies and rng.random() < 0.95 else None
        roll, name = rng.random(), f"{p.pick(tables.FIRST)}.{p.pick(tables.LAST)}.{i + 1}"
        domain = VENDOR_DOMAIN if roll < 0.07 or company is None else companies[company].domain
        email = None if roll < 0.04 else f"{name}@{domain}"
        owner: str | None = None
        assigned: int | None = None
        if rng.random() < 0.88:
            owner = companies[company].owner_id if company is not None and rng.random() < 0.8 else None
            owner, assigned = owner or p.pick(p.owners), -p.span(tables.ASSIGNED_SPAN(rng))
        created = (assigned or -p.span((DAY, 400 * DAY))) - p.span((0, 30 * DAY))
        engaged = p.span(tables.ENGAGED_SPAN(rng)) if rng.random() < 0.8 else None
        lead_owner = owner or p.pick(p.owners)
        mine: list[Lead] = []
        if rng.random() < 0.04:  # an old disqualified lead, then a newer open one: not re-engaged
            mine.append(_lead(p, f"l{cid}a", cid, lead_owner, tables.DISQUALIFIED, -200 * DAY, -150 * DAY, None))
            start = -p.span((HOUR, 60 * DAY))
            stage = tables.NEW if rng.random() < 0.5 else tables.ATTEMPTING
            mine.append(_lead(p, f"l{cid}b", cid, lead_owner, stage, start, start, engaged))
        elif rng.random() < 0.25:
            stage, created_lead = tables.LEAD_STAGE(rng), -p.span((HOUR, 120 * DAY))
            entered = created_lead if stage == tables.NEW else created_lead + p.span((0, -created_lead))
            if stage == tables.DISQUALIFIED and rng.random() < 0.5:  # re-engaged after disqualification
                engaged = max(entered + p.span((HOUR, max(2 * HOUR, -entered))), -29 * DAY)
            lead_engaged = None if stage == tables.DISQUALIFIED else engaged
            mine.append(_lead(p, f"l{cid}", cid, lead_owner, stage, created_lead, entered, lead_engaged))
        leads.extend(mine)
        contact = Contact(
            id=cid,
            email=email,
            owner_id=owner,
            owner_assigned_at=None if assigned is None else at(assigned),
            lifecycle_stage=tables.LIFECYCLE(rng),
            company_ids=p.company_ids[company] if company is not None else (),
            created_at=at(created),
            last_engaged_at=None if engaged is None else at(min(engaged, 0)),
        )
        contacts.append(contact)
        if company is not None:
            p.contacts_of_company[company].append(contact)
        lead_ids = (mine[-1].id,) if mine and rng.random() < 0.6 else ()
        p.contexts.append(
            Context(lead_owner, email, contact_ids=(cid,), company_ids=contact.company_ids, lead_ids=lead_ids)
        )
    p.records.update(contacts=contacts, leads=leads)


def _lead(
    p: Drawing, lid: str, cid: str, owner: str, stage: str, created: int, entered: int, engaged: int | None
) -> Lead:
    at = p.at
    return Lead(
        id=lid,
        contact_id=cid,
        pipeline_id=LEAD_PIPELINE.id,
        stage_id=stage,
        owner_id=owner,
        owner_assigned_at=at(created),
        stage_entered_at=at(entered),
        created_at=at(created),
        last_engaged_at=None if engaged is None else at(min(engaged, 0)),
    )


def draw_deals(p: Drawing) -> None:
    """Deals in every stage; 15% stay quiet (no engagement), 10% have no contact."""
    rng, at, companies = p.rng, p.at, p.records["companies"]
    today = _dt.date(p.now.year, p.now.month, p.now.day)
    close_dates = [today + _dt.timedelta(days=d) for d in range(-30, 120, 3)]
    deals = []
    for i in range(p.count("deals")):
        did, company = f"d{i + 1}", int(rng.random() * len(companies)) if companies else None
        members = p.contacts_of_company[company] if company is not None else []
        picked = sorted({p.pick(members).id for _ in range(1 + (rng.random() < 0.3))}) if members else []
        if rng.random() < 0.1:
            picked = []
        owner = companies[company].owner_id if company is not None and rng.random() < 0.8 else p.pick(p.owners)
        created, steps = -p.span((HOUR, 180 * DAY)), rng.random() < 0.5
        deal = Deal(
            id=did,
            name=f"{companies[company].name if company is not None else 'Direct'} – {p.pick(tables.PRODUCTS)}",
            pipeline_id=DEAL_PIPELINE.id,
            stage_id=tables.DEAL_STAGE(rng),
            owner_id=owner if rng.random() < 0.97 else None,
            owner_assigned_at=at(created),
            created_at=at(created),
            contact_ids=picked,
            company_ids=p.company_ids[company] if company is not None else (),
            next_steps=p.pick(tables.NEXT_STEPS) if steps else None,
            next_steps_updated_at=at(-p.span((HOUR, 30 * DAY))) if steps else None,
            amount=p.pick(tables.AMOUNTS) if rng.random() < 0.9 else None,
            close_date=p.pick(close_dates) if rng.random() < 0.7 else None,
        )
        deals.append(deal)
        if rng.random() < 0.85:  # the others stay quiet: initial outreach needed
            address = next((c.email for c in members if c.id in picked and c.email), None)
            fields = {"contact_ids": deal.contact_ids, "company_ids": deal.company_ids, "deal_ids": (did,)}
            p.deal_contexts.append(Context(owner, address, **fields))
    p.records["deals"] = deals
