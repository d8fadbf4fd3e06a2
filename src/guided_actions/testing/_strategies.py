"""Hypothesis strategies for every entity, each a plural name with keyword-only arguments.

Every argument is itself a strategy (``ids=st.just("c1")``, ``owner_ids=...``,
``times=...``), so a test or :func:`~guided_actions.testing.snapshots` can tie
records together: pass the ids that exist and the instants around a ``now``.
The defaults draw from small pools (ids ``c1``…``c9``, a handful of addresses,
zones with and without DST) so collisions, shared domains and equal instants
happen often enough to matter, and failures shrink to readable examples.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, TypeVar

from hypothesis import strategies as st

from guided_actions._builders import make_lead_pipeline, make_pipeline
from guided_actions.crm import (
    Call,
    CallStatus,
    Company,
    Contact,
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
from guided_actions.testing._datetimes import TIMEZONES, aware_datetimes, later

__all__ = [
    "LIFECYCLE_STAGES",
    "calls",
    "companies",
    "contacts",
    "deals",
    "emails",
    "leads",
    "meetings",
    "notes",
    "object_refs",
    "pipelines",
    "portal_settings",
    "sequence_steps",
    "stages",
    "tasks",
    "teams",
    "users",
]

T = TypeVar("T")
Strategy = st.SearchStrategy

LIFECYCLE_STAGES = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
    "other",
)
"""The default lifecycle stages, in order."""

_ADDRESSES = ("u1@vendor.example", "u2@vendor.example", "c1@customer.example", "C1@Customer.Example", "x@other.example")
_words = st.text(alphabet="abcdefgh XYZ-é", min_size=1, max_size=10).filter(str.strip)
_DURATIONS = tuple(_dt.timedelta(minutes=m) for m in (0, 15, 30, 60, 120))


def _ids(prefix: str) -> Strategy[str]:
    return st.integers(1, 9).map(lambda i: f"{prefix}{i}")


def _or(strategy: Strategy[T] | None, default: Strategy[T]) -> Strategy[T]:
    return default if strategy is None else strategy


def _assoc(ids: Strategy[str]) -> Strategy[tuple[str, ...]]:
    # ``st.nothing()`` (no record to point to) means no association at all.
    return st.just(()) if ids.is_empty else st.lists(ids, max_size=3, unique=True).map(tuple)


def _optional(strategy: Strategy[T]) -> Strategy[T | None]:
    return st.none() | strategy


def _property_values() -> Strategy[PropertyValue]:
    return st.one_of(
        st.none(),
        _words,
        st.integers(-1000, 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        aware_datetimes(),
        st.dates(),
    )


def teams(*, ids: Strategy[str] | None = None, names: Strategy[str] | None = None) -> Strategy[Team]:
    """Teams ``t1``…``t9`` with short names."""
    return st.builds(Team, id=_or(ids, _ids("t")), name=_or(names, _words))


def users(
    *,
    ids: Strategy[str] | None = None,
    emails: Strategy[str] | None = None,
    timezones: Strategy[str] | None = None,
    team_ids: Strategy[str] | None = None,
) -> Strategy[User]:
    """Users in DST and non-DST zones, with any mix of teams, seats and permissions."""
    team = _or(team_ids, _ids("t"))
    return st.builds(
        User,
        id=_or(ids, _ids("u")),
        email=_or(emails, st.sampled_from(_ADDRESSES)),
        timezone=_or(timezones, st.sampled_from(TIMEZONES)),
        primary_team_id=_optional(team),
        team_ids=st.just(frozenset()) if team.is_empty else st.frozensets(team, max_size=2),
        super_admin=st.booleans(),
        seats=st.frozensets(st.sampled_from(Seat)),
        permissions=st.frozensets(st.sampled_from(Permission)),
    )


def companies(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    times: Strategy[_dt.datetime] | None = None,
) -> Strategy[Company]:
    """Companies, some target accounts, some with custom properties."""
    return st.builds(
        Company,
        id=_or(ids, _ids("co")),
        name=_words,
        domain=_optional(st.sampled_from(("customer.example", "vendor.example", "Other.Example"))),
        owner_id=_or(owner_ids, _optional(_ids("u"))),
        target_account=st.booleans(),
        created_at=_optional(_or(times, aware_datetimes())),
        properties=st.dictionaries(
            st.sampled_from(("industry", "employees", "renewal_date")), _property_values(), max_size=2
        ),
    )


def contacts(
    *,
    ids: Strategy[str] | None = None,
    emails: Strategy[str | None] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    company_ids: Strategy[str] | None = None,
    times: Strategy[_dt.datetime] | None = None,
) -> Strategy[Contact]:
    """Contacts, with or without an address, owner, lifecycle stage and companies."""
    when = _or(times, aware_datetimes())
    return st.builds(
        Contact,
        id=_or(ids, _ids("c")),
        email=_or(emails, _optional(st.sampled_from(_ADDRESSES))),
        owner_id=_or(owner_ids, _optional(_ids("u"))),
        owner_assigned_at=_optional(when),
        lifecycle_stage=_optional(st.sampled_from(LIFECYCLE_STAGES)),
        company_ids=_assoc(_or(company_ids, _ids("co"))),
        created_at=_optional(when),
        last_engaged_at=_optional(when),
    )


def stages(*, ids: Strategy[str] | None = None, states: Strategy[StageState] | None = None) -> Strategy[Stage]:
    """Pipeline stages, open or closed."""
    return st.builds(Stage, id=_or(ids, _ids("s")), label=_words, state=_or(states, st.sampled_from(StageState)))


def pipelines(
    *, ids: Strategy[str] | None = None, object_types: Strategy[ObjectType] | None = None
) -> Strategy[Pipeline]:
    """Pipelines of one to five stages with distinct ids, for deals or leads."""
    return st.builds(
        Pipeline,
        id=_or(ids, _ids("p")),
        object_type=_or(object_types, st.sampled_from((ObjectType.DEAL, ObjectType.LEAD))),
        label=_words,
        stages=st.lists(stages(), min_size=1, max_size=5, unique_by=lambda s: s.id).map(tuple),
    )


@st.composite
def _in_pipeline(draw: st.DrawFn, pipelines_: Strategy[Pipeline]) -> tuple[str, str]:
    pipeline = draw(pipelines_)
    return pipeline.id, draw(st.sampled_from(pipeline.stages)).id


def leads(
    *,
    ids: Strategy[str] | None = None,
    contact_ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    pipelines: Strategy[Pipeline] | None = None,
    times: Strategy[_dt.datetime] | None = None,
) -> Strategy[Lead]:
    """Leads in any stage of their pipeline (default: the builders' lead pipeline)."""
    when = _or(times, aware_datetimes())
    return st.builds(
        lambda place, **fields: Lead(pipeline_id=place[0], stage_id=place[1], **fields),
        _in_pipeline(_or(pipelines, st.just(make_lead_pipeline()))),
        id=_or(ids, _ids("l")),
        contact_id=_or(contact_ids, _ids("c")),
        owner_id=_or(owner_ids, _optional(_ids("u"))),
        owner_assigned_at=_optional(when),
        stage_entered_at=_optional(when),
        created_at=_optional(when),
        last_engaged_at=_optional(when),
    )


def deals(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    contact_ids: Strategy[str] | None = None,
    company_ids: Strategy[str] | None = None,
    pipelines: Strategy[Pipeline] | None = None,
    times: Strategy[_dt.datetime] | None = None,
) -> Strategy[Deal]:
    """Deals in any stage of their pipeline (default: the builders' deal pipeline), with or without contacts."""
    when = _or(times, aware_datetimes())
    return st.builds(
        lambda place, **fields: Deal(pipeline_id=place[0], stage_id=place[1], **fields),
        _in_pipeline(_or(pipelines, st.just(make_pipeline()))),
        id=_or(ids, _ids("d")),
        name=_words,
        owner_id=_or(owner_ids, _optional(_ids("u"))),
        owner_assigned_at=_optional(when),
        created_at=_optional(when),
        contact_ids=_assoc(_or(contact_ids, _ids("c"))),
        company_ids=_assoc(_or(company_ids, _ids("co"))),
        next_steps=_optional(_words),
        next_steps_updated_at=_optional(when),
        amount=_optional(st.decimals(min_value=0, max_value=10**6, places=2)),
        close_date=_optional(st.dates(_dt.date(2020, 1, 1), _dt.date(2035, 12, 31))),
    )


def _engagement_fields(
    ids: Strategy[str], owner_ids: Strategy[str | None] | None, links: dict[str, Strategy[str] | None]
) -> dict[str, Strategy[Any]]:
    fields: dict[str, Strategy[Any]] = {"id": ids, "owner_id": _or(owner_ids, _optional(_ids("u")))}
    for field, prefix in (("contact_ids", "c"), ("company_ids", "co"), ("deal_ids", "d"), ("lead_ids", "l")):
        fields[field] = _assoc(_or(links.get(field), _ids(prefix)))
    return fields


def sequence_steps() -> Strategy[SequenceStep]:
    """Where a sequence task sits: one of two sequences, steps 1 to 5."""
    return st.builds(
        SequenceStep,
        sequence_id=st.sampled_from(("seq1", "seq2")),
        enrollment_id=_ids("enr"),
        step=st.integers(1, 5),
        sequence_name=_optional(_words),
    )


def tasks(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    meeting_ids: Strategy[str] | None = None,
    times: Strategy[_dt.datetime] | None = None,
    **links: Strategy[str] | None,
) -> Strategy[Task]:
    """Tasks in every status and priority, some from sequences, some following up a meeting.

    ``links`` are ``contact_ids=``, ``company_ids=``, ``deal_ids=``, ``lead_ids=``
    (strategies of ids to associate), as for every engagement strategy.
    """
    when = _or(times, aware_datetimes())
    return st.builds(
        Task,
        **_engagement_fields(_or(ids, _ids("task")), owner_ids, links),
        title=_words,
        status=st.sampled_from(TaskStatus),
        priority=st.sampled_from(TaskPriority),
        due_at=_optional(when),
        created_at=_optional(when),
        completed_at=_optional(when),
        sequence=_optional(sequence_steps()),
        meeting_id=_optional(_or(meeting_ids, _ids("m"))),
    )


def meetings(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    times: Strategy[_dt.datetime] | None = None,
    **links: Strategy[str] | None,
) -> Strategy[Meeting]:
    """Meetings of 0 to 120 minutes with any outcome (or none)."""
    when = _or(times, aware_datetimes())
    return st.builds(
        lambda start, duration, **fields: Meeting(start=start, end=later(start, duration), **fields),
        when,
        st.sampled_from(_DURATIONS),
        **_engagement_fields(_or(ids, _ids("m")), owner_ids, links),
        title=_words,
        outcome=_optional(st.sampled_from(MeetingOutcome)),
        created_at=_optional(when),
    )


def calls(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    times: Strategy[_dt.datetime] | None = None,
    **links: Strategy[str] | None,
) -> Strategy[Call]:
    """Calls via the CRM's calling or logged by hand, with any status and a logged, blank or missing outcome."""
    return st.builds(
        lambda start, duration, **fields: Call(
            started_at=start, ended_at=None if duration is None else later(start, duration), **fields
        ),
        _or(times, aware_datetimes()),
        _optional(st.sampled_from(_DURATIONS)),
        **_engagement_fields(_or(ids, _ids("call")), owner_ids, links),
        via_calling=st.booleans(),
        status=_optional(st.sampled_from(CallStatus)),
        outcome=st.sampled_from((None, "", "  ", "Connected", "Left voicemail")),
    )


def emails(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    addresses: Strategy[str] | None = None,
    email_ids: Strategy[str] | None = None,
    times: Strategy[_dt.datetime] | None = None,
    **links: Strategy[str] | None,
) -> Strategy[Email]:
    """Emails in both directions, tracked or not, opened or not, some replying to ``email_ids``."""
    address = _or(addresses, st.sampled_from(_ADDRESSES))
    when = _or(times, aware_datetimes())
    return st.builds(
        Email,
        **_engagement_fields(_or(ids, _ids("e")), owner_ids, links),
        direction=st.sampled_from(EmailDirection),
        from_address=address,
        to_addresses=st.lists(address, min_size=1, max_size=2).map(tuple),
        cc_addresses=st.lists(address, max_size=1).map(tuple),
        sent_at=when,
        tracked=st.booleans(),
        opened_at=_optional(when),
        in_reply_to=_optional(_or(email_ids, _ids("e"))),
        thread_id=_optional(st.sampled_from(("th1", "th2"))),
    )


def notes(
    *,
    ids: Strategy[str] | None = None,
    owner_ids: Strategy[str | None] | None = None,
    times: Strategy[_dt.datetime] | None = None,
    **links: Strategy[str] | None,
) -> Strategy[Note]:
    """Notes logged on records."""
    return st.builds(
        Note,
        **_engagement_fields(_or(ids, _ids("n")), owner_ids, links),
        body=_words,
        created_at=_or(times, aware_datetimes()),
    )


def portal_settings(*, stages: Strategy[str] | None = None) -> Strategy[PortalSettings]:
    """Portal settings: the default closed stages, or a customised set (possibly empty)."""
    stage = _or(stages, st.sampled_from(LIFECYCLE_STAGES))
    return st.just(PortalSettings()) | st.builds(
        PortalSettings, closed_lifecycle_stages=st.frozensets(stage, max_size=3)
    )


def object_refs(*, kinds: Strategy[ObjectType] | None = None, ids: Strategy[str] | None = None) -> Strategy[ObjectRef]:
    """Refs of any kind to short ids."""
    return st.builds(ObjectRef, _or(kinds, st.sampled_from(ObjectType)), _or(ids, _ids("r")))
