"""Local Hypothesis strategies for the serialization tests.

They aim at what a JSON encoding can lose: every flavour of aware datetime
(pendulum in named zones, pendulum UTC and fixed offsets, stdlib fixed offsets),
both sides of DST folds, microseconds, decimals with trailing zeros and
exponents, every :data:`PropertyValue` type, and strings that look like dates.
Stdlib ``zoneinfo`` values have their own strategy (:func:`stdlib_zoned_datetimes`)
because Python never calls an ambiguous stdlib datetime equal to a datetime in
another tzinfo, so they are compared field by field instead of with ``==``.
"""

from __future__ import annotations

import datetime as _dt
import string
import zoneinfo
from decimal import Decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

from guided_actions._builders import make_lead_pipeline, make_pipeline
from guided_actions.crm import (
    Call,
    CallStatus,
    Company,
    Contact,
    CrmSnapshot,
    Deal,
    Email,
    EmailDirection,
    Lead,
    Meeting,
    MeetingOutcome,
    Note,
    ObjectRef,
    ObjectType,
    Permission,
    Pipeline,
    PortalSettings,
    PropertyValue,
    Seat,
    SequenceStep,
    Stage,
    StageState,
    Task,
    TaskPriority,
    TaskStatus,
    Team,
    User,
)

ZONES = ("UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York", "Australia/Lord_Howe", "America/St_Johns")
_LOW = _dt.datetime(1900, 1, 1)
_HIGH = _dt.datetime(2100, 12, 31)

ids = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6)
texts = st.text(max_size=12) | st.sampled_from(["2026-03-01", "2026-03-01T09:30:00+01:00", "1.50", "true", "null"])


def _pendulum(value: _dt.datetime) -> pendulum.DateTime:
    """The same wall time, zone and fold as a ``pendulum.DateTime``."""
    return pendulum.DateTime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=value.tzinfo,
        fold=value.fold,
    )


def pendulum_datetimes() -> st.SearchStrategy[_dt.datetime]:
    """``pendulum.DateTime`` values in named zones (folds included), in UTC and at fixed offsets."""
    zoned = st.datetimes(_LOW, _HIGH, timezones=st.sampled_from([pendulum.timezone(z) for z in ZONES]))
    fixed = st.datetimes(
        _LOW,
        _HIGH,
        timezones=st.integers(-14 * 60, 14 * 60).map(lambda m: pendulum.FixedTimezone(m * 60)),
    )
    return st.one_of(zoned, fixed).map(_pendulum)


def stdlib_fixed_datetimes() -> st.SearchStrategy[_dt.datetime]:
    """Stdlib datetimes at fixed offsets (``datetime.timezone``), UTC included."""
    offsets = st.just(_dt.UTC) | st.integers(-14 * 60, 14 * 60).map(lambda m: _dt.timezone(_dt.timedelta(minutes=m)))
    return st.datetimes(_LOW, _HIGH, timezones=offsets)


def stdlib_zoned_datetimes() -> st.SearchStrategy[_dt.datetime]:
    """Stdlib datetimes in ``zoneinfo`` zones, folds and DST gaps included."""
    return st.datetimes(
        _LOW, _HIGH, timezones=st.sampled_from([zoneinfo.ZoneInfo(z) for z in ZONES]), allow_imaginary=True
    )


def datetimes() -> st.SearchStrategy[_dt.datetime]:
    """Every aware datetime that ``==`` can compare after a round trip."""
    return pendulum_datetimes() | stdlib_fixed_datetimes()


def decimals() -> st.SearchStrategy[Decimal]:
    """Finite, non-negative decimals: trailing zeros, exponents, many digits."""
    return st.decimals(min_value=0, allow_nan=False, allow_infinity=False) | st.sampled_from(
        [Decimal("1500.00"), Decimal("0.10"), Decimal("1E+3"), Decimal("0E-7")]
    )


def property_values() -> st.SearchStrategy[PropertyValue]:
    """Every :data:`PropertyValue` type (NaN left out: it never equals itself)."""
    return st.one_of(
        st.none(),
        texts,
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.decimals(allow_nan=False, allow_infinity=False),
        datetimes(),
        st.dates(),
    )


def properties() -> st.SearchStrategy[dict[str, PropertyValue]]:
    """Custom property mappings, keys included that are not identifiers."""
    return st.dictionaries(st.text(min_size=1, max_size=8), property_values(), max_size=4)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_assoc = st.lists(ids, max_size=3).map(tuple)
_engagement = {
    "id": ids,
    "owner_id": _maybe(ids),
    "contact_ids": _assoc,
    "company_ids": _assoc,
    "deal_ids": _assoc,
    "lead_ids": _assoc,
}


def _ordered_pair() -> st.SearchStrategy[tuple[_dt.datetime, _dt.datetime]]:
    return st.tuples(datetimes(), datetimes()).map(lambda pair: tuple(sorted(pair)))  # type: ignore[arg-type, return-value]


def _meeting(pair: tuple[_dt.datetime, _dt.datetime], **fields: Any) -> Meeting:
    return Meeting(start=pair[0], end=pair[1], **fields)


def _call(pair: tuple[_dt.datetime, _dt.datetime], ended: bool, **fields: Any) -> Call:
    return Call(started_at=pair[0], ended_at=pair[1] if ended else None, **fields)


ENTITIES: dict[type[Any], st.SearchStrategy[Any]] = {
    User: st.builds(
        User,
        id=ids,
        email=st.emails(),
        timezone=st.sampled_from(ZONES),
        primary_team_id=_maybe(ids),
        team_ids=st.frozensets(ids, max_size=3),
        super_admin=st.booleans(),
        seats=st.frozensets(st.sampled_from(Seat)),
        permissions=st.frozensets(st.sampled_from(Permission)),
    ),
    Team: st.builds(Team, id=ids, name=ids),
    PortalSettings: st.builds(PortalSettings, closed_lifecycle_stages=st.frozensets(texts, max_size=3)),
    Company: st.builds(
        Company,
        id=ids,
        name=ids,
        domain=_maybe(texts),
        owner_id=_maybe(ids),
        target_account=st.booleans(),
        created_at=_maybe(datetimes()),
        properties=properties(),
    ),
    Contact: st.builds(
        Contact,
        id=ids,
        email=_maybe(st.emails()),
        owner_id=_maybe(ids),
        owner_assigned_at=_maybe(datetimes()),
        lifecycle_stage=_maybe(texts),
        company_ids=_assoc,
        created_at=_maybe(datetimes()),
        last_engaged_at=_maybe(datetimes()),
        properties=properties(),
    ),
    Lead: st.builds(
        Lead,
        id=ids,
        contact_id=ids,
        pipeline_id=ids,
        stage_id=ids,
        owner_id=_maybe(ids),
        owner_assigned_at=_maybe(datetimes()),
        stage_entered_at=_maybe(datetimes()),
        created_at=_maybe(datetimes()),
        last_engaged_at=_maybe(datetimes()),
    ),
    Deal: st.builds(
        Deal,
        id=ids,
        name=texts,
        pipeline_id=ids,
        stage_id=ids,
        owner_id=_maybe(ids),
        owner_assigned_at=_maybe(datetimes()),
        created_at=_maybe(datetimes()),
        contact_ids=_assoc,
        company_ids=_assoc,
        next_steps=_maybe(texts),
        next_steps_updated_at=_maybe(datetimes()),
        amount=_maybe(decimals()),
        close_date=_maybe(st.dates()),
    ),
    Stage: st.builds(Stage, id=ids, label=ids, state=st.sampled_from(StageState)),
    Pipeline: st.builds(
        Pipeline,
        id=ids,
        object_type=st.sampled_from(ObjectType),
        label=ids,
        stages=st.lists(st.builds(Stage, id=ids, label=ids, state=st.sampled_from(StageState)), min_size=1).map(
            lambda stages: tuple({s.id: s for s in stages}.values())
        ),
    ),
    SequenceStep: st.builds(
        SequenceStep, sequence_id=ids, enrollment_id=ids, step=st.integers(1, 50), sequence_name=_maybe(texts)
    ),
    Task: st.builds(
        Task,
        **_engagement,
        title=texts,
        status=st.sampled_from(TaskStatus),
        priority=st.sampled_from(TaskPriority),
        due_at=_maybe(datetimes()),
        created_at=_maybe(datetimes()),
        completed_at=_maybe(datetimes()),
        sequence=_maybe(st.builds(SequenceStep, sequence_id=ids, enrollment_id=ids, step=st.integers(1, 50))),
        meeting_id=_maybe(ids),
    ),
    Meeting: st.builds(
        _meeting,
        _ordered_pair(),
        **_engagement,
        title=texts,
        outcome=_maybe(st.sampled_from(MeetingOutcome)),
        created_at=_maybe(datetimes()),
    ),
    Call: st.builds(
        _call,
        _ordered_pair(),
        st.booleans(),
        **_engagement,
        via_calling=st.booleans(),
        status=_maybe(st.sampled_from(CallStatus)),
        outcome=_maybe(texts),
    ),
    Email: st.builds(
        Email,
        **_engagement,
        direction=st.sampled_from(EmailDirection),
        from_address=st.emails(),
        to_addresses=st.lists(st.emails(), min_size=1, max_size=2).map(tuple),
        cc_addresses=st.lists(st.emails(), max_size=2).map(tuple),
        sent_at=datetimes(),
        tracked=st.booleans(),
        opened_at=_maybe(datetimes()),
        in_reply_to=_maybe(ids),
        thread_id=_maybe(ids),
    ),
    Note: st.builds(Note, **_engagement, body=texts, created_at=datetimes()),
    ObjectRef: st.builds(ObjectRef, st.sampled_from(ObjectType), ids),
}
"""A strategy per entity (fields drawn independently: references need not resolve)."""


@st.composite
def snapshots(draw: st.DrawFn) -> CrmSnapshot:
    """Small, referentially consistent snapshots (``strict=True``) built from :data:`ENTITIES`."""
    user_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    team_ids = draw(st.lists(ids, max_size=2, unique=True))
    users = [
        User(
            id=uid,
            email=f"{uid}@vendor.example",
            timezone=draw(st.sampled_from(ZONES)),
            team_ids=frozenset(draw(st.lists(st.sampled_from(team_ids), max_size=2))) if team_ids else frozenset(),
        )
        for uid in user_ids
    ]
    owner = _maybe(st.sampled_from(user_ids))
    companies = [
        Company(id=f"co{i}", name=f"Company {i}", owner_id=draw(owner), properties=draw(properties()))
        for i in range(draw(st.integers(0, 2)))
    ]
    company_ids = [c.id for c in companies]
    some_companies = st.lists(st.sampled_from(company_ids), max_size=2).map(tuple) if company_ids else st.just(())
    contacts = [
        Contact(
            id=f"c{i}",
            owner_id=draw(owner),
            company_ids=draw(some_companies),
            created_at=draw(_maybe(datetimes())),
            properties=draw(properties()),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    contact_ids = [c.id for c in contacts]
    deal_pipeline, lead_pipeline = make_pipeline(), make_lead_pipeline()
    deals = [
        Deal(
            id=f"d{i}",
            name=f"Deal {i}",
            pipeline_id=deal_pipeline.id,
            stage_id=draw(st.sampled_from([s.id for s in deal_pipeline.stages])),
            owner_id=draw(owner),
            contact_ids=tuple(draw(st.lists(st.sampled_from(contact_ids), max_size=2))) if contact_ids else (),
            amount=draw(_maybe(decimals())),
            close_date=draw(_maybe(st.dates())),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    leads = [
        Lead(
            id=f"l{i}",
            contact_id=cid,
            pipeline_id=lead_pipeline.id,
            stage_id=draw(st.sampled_from([s.id for s in lead_pipeline.stages])),
            owner_id=draw(owner),
            stage_entered_at=draw(_maybe(datetimes())),
        )
        for i, cid in enumerate(contact_ids[:2])
    ]
    linked: dict[str, Any] = {"contact_ids": tuple(contact_ids[:1]), "deal_ids": tuple(d.id for d in deals[:1])}
    meetings = [
        _meeting(draw(_ordered_pair()), id=f"m{i}", title="Meeting", owner_id=draw(owner), **linked)
        for i in range(draw(st.integers(0, 2)))
    ]
    tasks = [
        Task(
            id=f"t{i}",
            title="Task",
            owner_id=draw(owner),
            due_at=draw(_maybe(datetimes())),
            meeting_id=meetings[0].id if meetings and i == 0 else None,
            **linked,
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    sent = [draw(datetimes()) for _ in range(draw(st.integers(0, 2)))]
    emails = [
        Email(
            id=f"e{i}",
            owner_id=user_ids[0],
            direction=EmailDirection.OUTGOING if i == 0 else EmailDirection.INCOMING,
            from_address="rep@vendor.example",
            to_addresses=("buyer@customer.example",),
            sent_at=at,
            in_reply_to="e0" if i else None,
            **linked,
        )
        for i, at in enumerate(sent)
    ]
    calls = [_call(draw(_ordered_pair()), draw(st.booleans()), id="call0", owner_id=draw(owner), **linked)]
    notes = [Note(id="n0", body=draw(texts), created_at=draw(datetimes()), **linked)]
    return CrmSnapshot.build(
        users=users,
        teams=[Team(id=tid, name=f"Team {tid}") for tid in team_ids],
        companies=companies,
        contacts=contacts,
        leads=leads,
        deals=deals,
        pipelines=[deal_pipeline, lead_pipeline],
        tasks=tasks,
        meetings=meetings,
        calls=calls,
        emails=emails,
        notes=notes,
        settings=draw(ENTITIES[PortalSettings]),
        strict=True,
    )
