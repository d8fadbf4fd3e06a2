"""``snapshots()``: whole, referentially consistent portals around a ``now``, for property tests."""

from __future__ import annotations

import datetime as _dt
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from guided_actions._builders import make_lead_pipeline, make_pipeline
from guided_actions.crm import CrmSnapshot, Email, EmailDirection, ObjectType
from guided_actions.testing._strategies import (
    Strategy,
    aware_datetimes,
    calls,
    companies,
    contacts,
    deals,
    emails,
    leads,
    meetings,
    near,
    notes,
    pipelines,
    portal_settings,
    tasks,
    teams,
    users,
)

__all__ = ["snapshots"]

R = TypeVar("R")
_ID = st.just("id")  # placeholder: records get their real ids after drawing

_REPLY_DELAYS = tuple(_dt.timedelta(minutes=m) for m in (1, 61, 25 * 60, 8 * 24 * 60))
_FLIP = {EmailDirection.OUTGOING: EmailDirection.INCOMING, EmailDirection.INCOMING: EmailDirection.OUTGOING}


def snapshots(
    *,
    min_users: int = 1,
    max_users: int = 3,
    max_records: int = 4,
    now: _dt.datetime | None = None,
    strict: bool = True,
) -> Strategy[CrmSnapshot]:
    """Whole portals that always build: ids unique per kind, every reference resolves.

    Between ``min_users`` and ``max_users`` users, and up to ``max_records``
    records *of each kind* (small by default, so failures shrink to a handful of
    records).  Every time lies around ``now`` (drawn when not given; see
    :func:`near`): exactly on the rules' windows, either side of them, or in
    between, in several zones and in both pendulum and stdlib flavours.  Leads
    and deals sit in stages of their own pipelines; some emails answer earlier
    emails of the snapshot (from the address they were sent to, back to the
    sender); some tasks follow up meetings of the snapshot; contacts sometimes
    share an address or a domain with a user.  With ``strict=False`` some
    references point to records that are not loaded, as a host that loads one
    user's book of business would see.
    """
    if not 0 <= min_users <= max_users:
        raise InvalidArgument(f"need 0 <= min_users <= max_users, got {min_users=}, {max_users=}")
    if max_records < 0:
        raise InvalidArgument(f"max_records must be >= 0, got {max_records}")
    if now is not None and (not isinstance(now, _dt.datetime) or now.utcoffset() is None):
        raise InvalidArgument(f"now must be an aware datetime, got {now!r}")
    return _snapshots(min_users, max_users, max_records, now, strict)


@st.composite
def _snapshots(
    draw: st.DrawFn, min_users: int, max_users: int, max_records: int, now: _dt.datetime | None, strict: bool
) -> CrmSnapshot:
    at = now if now is not None else draw(aware_datetimes(min_value=_dt.datetime(2020, 1, 1)))  # noqa: DTZ001
    times = near(at)

    def pool(ids: list[str], prefix: str) -> Strategy[str]:
        ids = ids if strict else [*ids, f"{prefix}-not-loaded"]
        return st.sampled_from(ids) if ids else st.nothing()

    def many(prefix: str, strategy: Strategy[R], low: int = 0, high: int = max_records) -> list[R]:
        # One strategy per kind, ids given afterwards: building a strategy per record is what costs.
        count: int = draw(st.integers(low, high))
        drawn: list[Any] = [draw(strategy) for _ in range(count)]
        return [attrs.evolve(record, id=f"{prefix}{i + 1}") for i, record in enumerate(drawn)]

    team_list = many("t", teams(ids=_ID), 0, 2)
    template = st.sampled_from(("{id}@vendor.example", "{id}@customer.example", "{ID}@Vendor.Example"))
    user_list = [
        attrs.evolve(user, email=draw(template).format(id=user.id, ID=user.id.upper()))
        for user in many("u", users(ids=_ID, team_ids=pool([t.id for t in team_list], "t")), min_users, max_users)
    ]
    owners = st.none() | pool([u.id for u in user_list], "u")
    company_list = many("co", companies(ids=_ID, owner_ids=owners, times=times))
    company_ids = pool([c.id for c in company_list], "co")
    user_addresses = [u.email for u in user_list]
    # Contacts sometimes have a user's very address, or the users' domain.
    contact_address = st.none() | st.sampled_from([*user_addresses, "{id}@customer.example", "{ID}@VENDOR.example"])
    contact_list = [
        attrs.evolve(contact, email=None if address is None else address.format(id=contact.id, ID=contact.id.upper()))
        for contact, address in (
            (c, draw(contact_address))
            for c in many("c", contacts(ids=_ID, owner_ids=owners, company_ids=company_ids, times=times))
        )
    ]
    contact_ids = pool([c.id for c in contact_list], "c")
    lead_pipeline, deal_pipelines = make_lead_pipeline(), [make_pipeline()]
    if draw(st.booleans()):
        deal_pipelines.append(draw(pipelines(ids=st.just("custom"), object_types=st.just(ObjectType.DEAL))))
    lead_list = (
        many(
            "l",
            leads(ids=_ID, contact_ids=contact_ids, owner_ids=owners, pipelines=st.just(lead_pipeline), times=times),
        )
        if contact_list
        else []
    )
    deal_strategy = deals(
        ids=_ID,
        owner_ids=owners,
        contact_ids=contact_ids,
        company_ids=company_ids,
        pipelines=st.sampled_from(deal_pipelines),
        times=times,
    )
    deal_list = many("d", deal_strategy)
    links: dict[str, Any] = {
        "owner_ids": owners,
        "times": times,
        "contact_ids": contact_ids,
        "company_ids": company_ids,
        "deal_ids": pool([d.id for d in deal_list], "d"),
        "lead_ids": pool([lead.id for lead in lead_list], "l"),
    }
    meeting_list = many("m", meetings(ids=_ID, **links))
    task_list = many("task", tasks(ids=_ID, meeting_ids=pool([m.id for m in meeting_list], "m"), **links))
    call_list = many("call", calls(ids=_ID, **links))
    addresses = st.sampled_from(
        [*user_addresses, *(c.email for c in contact_list if c.email), "someone@elsewhere.example"]
    )
    fresh = emails(ids=_ID, addresses=addresses, email_ids=st.just("e-not-loaded"), **links)
    email_list: list[Email] = []
    for eid in (f"e{i + 1}" for i in range(draw(st.integers(0, max_records)))):
        kind = draw(st.sampled_from(("fresh", "reply", "answer")) if email_list else st.just("fresh"))
        if kind == "answer":  # a realistic reply: back from the primary recipient to the sender
            email_list.append(_reply(eid, draw(st.sampled_from(email_list)), draw(st.sampled_from(_REPLY_DELAYS))))
            continue
        email = draw(fresh)
        if kind == "reply":
            email = attrs.evolve(email, in_reply_to=draw(st.sampled_from(email_list)).id)
        elif strict and email.in_reply_to:
            email = attrs.evolve(email, in_reply_to=None)
        email_list.append(attrs.evolve(email, id=eid))
    note_list = many("n", notes(ids=_ID, **links))
    return CrmSnapshot.build(
        users=user_list,
        teams=team_list,
        companies=company_list,
        contacts=contact_list,
        leads=lead_list,
        deals=deal_list,
        pipelines=[lead_pipeline, *deal_pipelines],
        tasks=task_list,
        meetings=meeting_list,
        calls=call_list,
        emails=email_list,
        notes=note_list,
        settings=draw(portal_settings()),
        strict=strict,
    )


def _reply(eid: str, parent: Email, delay: _dt.timedelta) -> Email:
    """An answer to ``parent``: the other direction, from its primary recipient back to its sender."""
    return Email(
        id=eid,
        owner_id=parent.owner_id,
        contact_ids=parent.contact_ids,
        company_ids=parent.company_ids,
        deal_ids=parent.deal_ids,
        lead_ids=parent.lead_ids,
        direction=_FLIP[parent.direction],
        from_address=parent.to_addresses[0],
        to_addresses=(parent.from_address,),
        sent_at=parent.sent_at + delay,
        in_reply_to=parent.id,
        thread_id=parent.thread_id,
    )
