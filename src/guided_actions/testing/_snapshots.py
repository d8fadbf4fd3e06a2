"""``snapshots()``: whole, referentially consistent portals around a ``now``, for property tests."""

from __future__ import annotations

import datetime as _dt
import functools
import zoneinfo
from typing import Any, TypeVar

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from guided_actions._builders import make_lead_pipeline, make_pipeline
from guided_actions.crm import CrmSnapshot, Email, EmailDirection, ObjectType, Pipeline, Stage, StageState
from guided_actions.testing._datetimes import near
from guided_actions.testing._strategies import (
    Strategy,
    calls,
    companies,
    contacts,
    deals,
    emails,
    leads,
    meetings,
    notes,
    portal_settings,
    tasks,
    teams,
    users,
)

__all__ = ["snapshots"]

R = TypeVar("R")
_ID = st.just("id")  # placeholder: records get their real ids after drawing

_REPLY_DELAYS = st.sampled_from([_dt.timedelta(minutes=m) for m in (1, 61, 25 * 60, 8 * 24 * 60)])
_EMAIL_KINDS = st.sampled_from(("fresh", "reply", "answer"))
_SETTINGS = portal_settings()
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


_CUSTOM_PIPELINE = Pipeline(
    id="custom",
    object_type=ObjectType.DEAL,
    label="Renewals",
    stages=(Stage(id="renewal-open", label="Open"), Stage(id="renewal-won", label="Renewed", state=StageState.WON)),
)
_LEAD_PIPELINE, _DEAL_PIPELINE = make_lead_pipeline(), make_pipeline()


# Strategies depend only on how many records of each kind exist (ids are ``u1``, ``c2``…), so
# they are built once per shape and reused: building and validating strategies is what costs.
@functools.lru_cache(maxsize=2048)
def _pool(prefix: str, count: int, strict: bool) -> Strategy[str]:
    ids = [f"{prefix}{i + 1}" for i in range(count)] + ([] if strict else [f"{prefix}-not-loaded"])
    return st.sampled_from(ids) if ids else st.nothing()


@functools.lru_cache(maxsize=64)
def _times(now: _dt.datetime) -> Strategy[_dt.datetime]:
    return near(now)


@functools.lru_cache(maxsize=4096)
def _strategy(kind: str, now: _dt.datetime, strict: bool, counts: tuple[int, ...]) -> Strategy[Any]:
    n_users, n_teams, n_companies, n_contacts, n_leads, n_deals, n_meetings = counts
    owners = st.none() | _pool("u", n_users, strict)
    times = _times(now)
    contact_ids, company_ids = _pool("c", n_contacts, strict), _pool("co", n_companies, strict)
    links: dict[str, Any] = {
        "owner_ids": owners,
        "times": times,
        "contact_ids": contact_ids,
        "company_ids": company_ids,
        "deal_ids": _pool("d", n_deals, strict),
        "lead_ids": _pool("l", n_leads, strict),
    }
    if kind == "users":
        return users(ids=_ID, team_ids=_pool("t", n_teams, strict))
    if kind == "companies":
        return companies(ids=_ID, owner_ids=owners, times=times)
    if kind == "contacts":
        return contacts(ids=_ID, owner_ids=owners, company_ids=company_ids, times=times)
    if kind == "leads":
        return leads(ids=_ID, contact_ids=contact_ids, owner_ids=owners, pipelines=st.just(_LEAD_PIPELINE), times=times)
    if kind == "deals":
        pipelines_ = st.sampled_from((_DEAL_PIPELINE, _CUSTOM_PIPELINE))
        return deals(
            ids=_ID,
            owner_ids=owners,
            contact_ids=contact_ids,
            company_ids=company_ids,
            pipelines=pipelines_,
            times=times,
        )
    if kind == "meetings":
        return meetings(ids=_ID, **links)
    if kind == "tasks":
        return tasks(ids=_ID, meeting_ids=_pool("m", n_meetings, strict), **links)
    if kind == "calls":
        return calls(ids=_ID, **links)
    if kind == "notes":
        return notes(ids=_ID, **links)
    raise AssertionError(kind)


@functools.lru_cache(maxsize=1024)
def _addresses(known: tuple[str, ...], extra: tuple[str, ...]) -> Strategy[str]:
    return st.sampled_from((*known, *extra))


@functools.lru_cache(maxsize=4096)
def _emails(now: _dt.datetime, strict: bool, counts: tuple[int, ...], known: tuple[str, ...]) -> Strategy[Email]:
    n_users, _, n_companies, n_contacts, n_leads, n_deals, _ = counts
    return emails(
        ids=_ID,
        owner_ids=st.none() | _pool("u", n_users, strict),
        addresses=_addresses(known, ("someone@elsewhere.example",)),
        email_ids=st.just("e-not-loaded"),
        times=_times(now),
        contact_ids=_pool("c", n_contacts, strict),
        company_ids=_pool("co", n_companies, strict),
        deal_ids=_pool("d", n_deals, strict),
        lead_ids=_pool("l", n_leads, strict),
    )


_NOWS = st.sampled_from(
    [
        pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin"),  # half an hour before clocks go forward
        _dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")),  # the repeated hour
        pendulum.datetime(2026, 4, 5, 2, 30, tz="Pacific/Auckland"),  # southern autumn: clocks go back
        pendulum.datetime(2026, 3, 8, 1, 45, tz="America/Los_Angeles"),
        _dt.datetime(2026, 12, 31, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata")),  # year end, half-hour offset
        pendulum.datetime(2028, 2, 29, 12, 0, tz="UTC"),  # a leap day
        _dt.datetime(2026, 1, 5, 9, 0, tzinfo=_dt.UTC),  # a plain Monday morning
    ]
)
"""The instants ``snapshots()`` picks as ``now`` when none is given: DST nights, a year end, a leap day.

Few on purpose: the strategies around one ``now`` are built once and reused.
"""
_TEMPLATES = st.sampled_from(("{id}@vendor.example", "{id}@customer.example", "{ID}@Vendor.Example"))


@st.composite
def _snapshots(
    draw: st.DrawFn, min_users: int, max_users: int, max_records: int, now: _dt.datetime | None, strict: bool
) -> CrmSnapshot:
    at = now if now is not None else draw(_NOWS)
    counts = [0] * 7  # users, teams, companies, contacts, leads, deals, meetings: the shape so far

    def many(prefix: str, kind: str, low: int = 0, high: int = max_records) -> list[Any]:
        count: int = draw(st.integers(low, high))
        strategy = _strategy(kind, at, strict, tuple(counts))
        drawn: list[Any] = [draw(strategy) for _ in range(count)]
        return [attrs.evolve(record, id=f"{prefix}{i + 1}") for i, record in enumerate(drawn)]

    team_list = [attrs.evolve(draw(teams()), id=f"t{i + 1}") for i in range(draw(st.integers(0, 2)))]
    counts[1] = len(team_list)
    user_list = [
        attrs.evolve(user, email=draw(_TEMPLATES).format(id=user.id, ID=user.id.upper()))
        for user in many("u", "users", min_users, max_users)
    ]
    counts[0] = len(user_list)
    company_list = many("co", "companies")
    counts[2] = len(company_list)
    # Contacts sometimes have a user's very address, or the users' domain.
    user_addresses = tuple(u.email for u in user_list)
    contact_address = st.none() | _addresses(user_addresses, ("{id}@customer.example", "{ID}@VENDOR.example"))
    contact_list = [
        attrs.evolve(contact, email=None if address is None else address.format(id=contact.id, ID=contact.id.upper()))
        for contact, address in ((c, draw(contact_address)) for c in many("c", "contacts"))
    ]
    counts[3] = len(contact_list)
    lead_list = many("l", "leads") if contact_list else []
    counts[4] = len(lead_list)
    deal_list = many("d", "deals")
    counts[5] = len(deal_list)
    meeting_list = many("m", "meetings")
    counts[6] = len(meeting_list)
    task_list, call_list = many("task", "tasks"), many("call", "calls")
    known = (*user_addresses, *(c.email for c in contact_list if c.email))
    fresh = _emails(at, strict, tuple(counts), known)
    email_list: list[Email] = []
    for eid in (f"e{i + 1}" for i in range(draw(st.integers(0, max_records)))):
        kind = draw(_EMAIL_KINDS if email_list else st.just("fresh"))
        if kind == "answer":  # a realistic reply: back from the primary recipient to the sender
            email_list.append(_reply(eid, draw(st.sampled_from(email_list)), draw(_REPLY_DELAYS)))
            continue
        email = draw(fresh)
        if kind == "reply":
            email = attrs.evolve(email, in_reply_to=email_list[draw(st.integers(0, len(email_list) - 1))].id)
        elif strict and email.in_reply_to:
            email = attrs.evolve(email, in_reply_to=None)
        email_list.append(attrs.evolve(email, id=eid))
    note_list = many("n", "notes")
    return CrmSnapshot.build(
        users=user_list,
        teams=team_list,
        companies=company_list,
        contacts=contact_list,
        leads=lead_list,
        deals=deal_list,
        pipelines=[_LEAD_PIPELINE, _DEAL_PIPELINE, _CUSTOM_PIPELINE],
        tasks=task_list,
        meetings=meeting_list,
        calls=call_list,
        emails=email_list,
        notes=note_list,
        settings=draw(_SETTINGS),
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
