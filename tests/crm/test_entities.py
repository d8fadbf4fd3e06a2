"""The CRM entities: fields and defaults as in entities.md, and every refusal at construction."""

from __future__ import annotations

import datetime as dt
import pickle
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import (
    EPOCH,
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_lead,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_team,
    make_user,
)
from guided_actions.crm import (
    Call,
    CallStatus,
    Company,
    Contact,
    Deal,
    Email,
    EmailDirection,
    Engagement,
    Lead,
    Meeting,
    MeetingOutcome,
    Note,
    ObjectRef,
    ObjectType,
    Permission,
    Pipeline,
    PortalSettings,
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
from guided_actions.errors import GuidedActionsError, InvalidEntity

NAIVE = dt.datetime(2026, 1, 5, 9, 0)
ISO = "2026-01-05T09:00:00+00:00"
LATER = EPOCH + dt.timedelta(hours=1)
EARLIER = EPOCH - dt.timedelta(minutes=1)
STAGES = (Stage(id="a", label="A"), Stage(id="b", label="B"))

REQUIRED = object()

#: class -> (field name, default or REQUIRED) in declaration order, straight from entities.md.
SPEC_FIELDS: dict[type, list[tuple[str, object]]] = {
    User: [
        ("id", REQUIRED),
        ("email", REQUIRED),
        ("timezone", "UTC"),
        ("primary_team_id", None),
        ("team_ids", frozenset()),
        ("super_admin", False),
        ("seats", frozenset()),
        ("permissions", frozenset()),
    ],
    Team: [("id", REQUIRED), ("name", REQUIRED)],
    Company: [
        ("id", REQUIRED),
        ("name", REQUIRED),
        ("domain", None),
        ("owner_id", None),
        ("target_account", False),
        ("created_at", None),
        ("properties", {}),
    ],
    Contact: [
        ("id", REQUIRED),
        ("email", None),
        ("owner_id", None),
        ("owner_assigned_at", None),
        ("lifecycle_stage", None),
        ("company_ids", ()),
        ("created_at", None),
        ("last_engaged_at", None),
        ("properties", {}),
    ],
    Lead: [
        ("id", REQUIRED),
        ("contact_id", REQUIRED),
        ("pipeline_id", REQUIRED),
        ("stage_id", REQUIRED),
        ("owner_id", None),
        ("owner_assigned_at", None),
        ("stage_entered_at", None),
        ("created_at", None),
        ("last_engaged_at", None),
    ],
    Deal: [
        ("id", REQUIRED),
        ("name", REQUIRED),
        ("pipeline_id", REQUIRED),
        ("stage_id", REQUIRED),
        ("owner_id", None),
        ("owner_assigned_at", None),
        ("created_at", None),
        ("contact_ids", ()),
        ("company_ids", ()),
        ("next_steps", None),
        ("next_steps_updated_at", None),
        ("amount", None),
        ("close_date", None),
    ],
    Pipeline: [("id", REQUIRED), ("object_type", REQUIRED), ("label", REQUIRED), ("stages", REQUIRED)],
    Stage: [("id", REQUIRED), ("label", REQUIRED), ("state", StageState.OPEN)],
    SequenceStep: [("sequence_id", REQUIRED), ("enrollment_id", REQUIRED), ("step", REQUIRED), ("sequence_name", None)],
    PortalSettings: [("closed_lifecycle_stages", frozenset({"customer", "evangelist"}))],
}
# Engagements: the spec gives ``owner_id`` no default; the library defaults it to
# None (an unassigned activity), which every builder relies on.
_ENGAGEMENT_COMMON: list[tuple[str, object]] = [
    ("id", REQUIRED),
    ("owner_id", None),
    ("contact_ids", ()),
    ("company_ids", ()),
    ("deal_ids", ()),
    ("lead_ids", ()),
]
SPEC_FIELDS[Task] = [
    *_ENGAGEMENT_COMMON,
    ("title", REQUIRED),
    ("status", TaskStatus.NOT_STARTED),
    ("priority", TaskPriority.NONE),
    ("due_at", None),
    ("created_at", None),
    ("completed_at", None),
    ("sequence", None),
    ("meeting_id", None),
]
SPEC_FIELDS[Meeting] = [
    *_ENGAGEMENT_COMMON,
    ("title", REQUIRED),
    ("start", REQUIRED),
    ("end", REQUIRED),
    ("outcome", None),
    ("created_at", None),
]
SPEC_FIELDS[Call] = [
    *_ENGAGEMENT_COMMON,
    ("started_at", REQUIRED),
    ("ended_at", None),
    ("via_calling", False),
    ("status", None),
    ("outcome", None),
]
SPEC_FIELDS[Email] = [
    *_ENGAGEMENT_COMMON,
    ("direction", REQUIRED),
    ("from_address", REQUIRED),
    ("to_addresses", REQUIRED),
    ("cc_addresses", ()),
    ("sent_at", REQUIRED),
    ("tracked", False),
    ("opened_at", None),
    ("in_reply_to", None),
    ("thread_id", None),
]
SPEC_FIELDS[Note] = [*_ENGAGEMENT_COMMON, ("body", REQUIRED), ("created_at", REQUIRED)]

SPEC_ENUMS: dict[type, list[str]] = {
    Seat: ["SALES", "SERVICE"],
    Permission: ["CS_WORKSPACE_ACCESS", "MANAGE_CS_SETTINGS"],
    StageState: ["OPEN", "WON", "LOST"],
    TaskStatus: ["NOT_STARTED", "IN_PROGRESS", "WAITING", "DEFERRED", "COMPLETED"],
    TaskPriority: ["NONE", "LOW", "MEDIUM", "HIGH"],
    MeetingOutcome: ["SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"],
    CallStatus: ["QUEUED", "RINGING", "IN_PROGRESS", "COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED"],
    EmailDirection: ["OUTGOING", "INCOMING"],
    ObjectType: [
        "USER",
        "CONTACT",
        "COMPANY",
        "DEAL",
        "LEAD",
        "TASK",
        "MEETING",
        "CALL",
        "EMAIL",
        "NOTE",
        "SERVICE",
        "CUSTOM",
    ],
}


def _default(field: attrs.Attribute[Any]) -> object:
    if field.default is attrs.NOTHING:
        return REQUIRED
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


class TestFieldsMatchTheSpec:
    @pytest.mark.parametrize("cls", list(SPEC_FIELDS), ids=lambda c: c.__name__)
    def test_every_entity_has_exactly_the_fields_and_defaults_of_the_spec_tables(self, cls: type) -> None:
        actual = [(f.name, _default(f)) for f in attrs.fields(cls)]
        assert [name for name, _ in actual] == [name for name, _ in SPEC_FIELDS[cls]]
        for (name, default), (_, expected) in zip(actual, SPEC_FIELDS[cls], strict=True):
            if expected is REQUIRED:
                assert default is REQUIRED, f"{cls.__name__}.{name} should be required"
            else:
                assert default == expected, f"{cls.__name__}.{name}"

    @pytest.mark.parametrize("cls", list(SPEC_FIELDS), ids=lambda c: c.__name__)
    def test_every_entity_is_frozen_slotted_and_keyword_only(self, cls: type) -> None:
        assert "__slots__" in cls.__dict__
        assert all(f.kw_only for f in attrs.fields(cls))
        with pytest.raises(TypeError):
            cls("x")

    @pytest.mark.parametrize(
        "value",
        [
            make_user(),
            make_team(),
            make_company(),
            make_contact(),
            make_lead(),
            make_deal(),
            make_pipeline(),
            make_task(),
            make_meeting(),
            make_call(),
            make_email(),
            make_note(),
        ],
        ids=lambda v: type(v).__name__,
    )
    def test_an_entity_cannot_be_changed_after_it_is_built_and_is_hashable(self, value: Any) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            value.id = "other"
        assert hash(value) == hash(attrs.evolve(value))
        assert pickle.loads(pickle.dumps(value)) == value

    @pytest.mark.parametrize("enum", list(SPEC_ENUMS), ids=lambda e: e.__name__)
    def test_every_enum_has_the_spec_members_in_order_with_lower_case_values(self, enum: Any) -> None:
        assert [m.name for m in enum] == SPEC_ENUMS[enum]
        assert all(m.value == m.name.lower() and m == m.name.lower() for m in enum)

    def test_engagements_report_their_kind(self) -> None:
        kinds: dict[type[Engagement], ObjectType] = {Task: ObjectType.TASK, Meeting: ObjectType.MEETING}
        kinds |= {Call: ObjectType.CALL, Email: ObjectType.EMAIL, Note: ObjectType.NOTE}
        for cls, kind in kinds.items():
            assert cls.kind is kind


def _bad(value: object) -> Any:
    """A deliberately wrong value, typed ``Any`` so that mypy lets the test pass it."""
    return value


def _refusal(build: Callable[[], object], cls: str, field: str, value: object, id: str) -> Any:
    return pytest.param(build, cls, field, value, id=id)


REFUSALS = [
    # empty, blank and non-string ids
    _refusal(lambda: make_user(id=""), "User", "id", "", "User.id empty"),
    _refusal(lambda: make_user(id="   "), "User", "id", "   ", "User.id blank"),
    _refusal(lambda: make_user(id=7), "User", "id", 7, "User.id an int"),
    _refusal(lambda: make_user(email=""), "User", "email", "", "User.email empty"),
    _refusal(lambda: make_team(id=""), "Team", "id", "", "Team.id empty"),
    _refusal(lambda: make_team(name=""), "Team", "name", "", "Team.name empty"),
    _refusal(lambda: make_company(id=""), "Company", "id", "", "Company.id empty"),
    _refusal(lambda: make_contact(id=""), "Contact", "id", "", "Contact.id empty"),
    _refusal(lambda: make_contact(id=None), "Contact", "id", None, "Contact.id None"),
    _refusal(lambda: make_contact(owner_id=""), "Contact", "owner_id", "", "Contact.owner_id empty"),
    _refusal(lambda: make_lead(id=""), "Lead", "id", "", "Lead.id empty"),
    _refusal(lambda: make_lead(contact_id=""), "Lead", "contact_id", "", "Lead.contact_id empty"),
    _refusal(lambda: make_lead(pipeline_id=""), "Lead", "pipeline_id", "", "Lead.pipeline_id empty"),
    _refusal(lambda: make_lead(stage_id=""), "Lead", "stage_id", "", "Lead.stage_id empty"),
    _refusal(lambda: make_deal(id=""), "Deal", "id", "", "Deal.id empty"),
    _refusal(lambda: make_deal(stage_id=""), "Deal", "stage_id", "", "Deal.stage_id empty"),
    _refusal(lambda: make_pipeline(id=""), "Pipeline", "id", "", "Pipeline.id empty"),
    _refusal(lambda: Stage(id="", label="A"), "Stage", "id", "", "Stage.id empty"),
    _refusal(lambda: make_task(id=""), "Task", "id", "", "Task.id empty"),
    _refusal(lambda: make_task(meeting_id=""), "Task", "meeting_id", "", "Task.meeting_id empty"),
    _refusal(lambda: make_meeting(id=""), "Meeting", "id", "", "Meeting.id empty"),
    _refusal(lambda: make_call(id=""), "Call", "id", "", "Call.id empty"),
    _refusal(lambda: make_email(id=""), "Email", "id", "", "Email.id empty"),
    _refusal(lambda: make_email(in_reply_to=""), "Email", "in_reply_to", "", "Email.in_reply_to empty"),
    _refusal(lambda: make_email(thread_id=""), "Email", "thread_id", "", "Email.thread_id empty"),
    _refusal(lambda: make_email(from_address=""), "Email", "from_address", "", "Email.from_address empty"),
    _refusal(lambda: make_note(id=""), "Note", "id", "", "Note.id empty"),
    _refusal(
        lambda: SequenceStep(sequence_id="", enrollment_id="e", step=1),
        "SequenceStep",
        "sequence_id",
        "",
        "SequenceStep.sequence_id empty",
    ),
    # association tuples and id sets
    _refusal(
        lambda: make_contact(company_ids=("co1", "")), "Contact", "company_ids", ("co1", ""), "association id empty"
    ),
    _refusal(lambda: make_deal(contact_ids=[""]), "Deal", "contact_ids", ("",), "Deal.contact_ids empty id in a list"),
    _refusal(lambda: make_task(deal_ids=(1,)), "Task", "deal_ids", (1,), "Task.deal_ids an int id"),
    _refusal(lambda: make_note(lead_ids=5), "Note", "lead_ids", 5, "Note.lead_ids not iterable"),
    _refusal(lambda: make_user(team_ids=("t1", "")), "User", "team_ids", "", "User.team_ids empty id"),
    _refusal(lambda: make_user(team_ids=3), "User", "team_ids", 3, "User.team_ids not iterable"),
    _refusal(lambda: make_user(seats=[["sales"]]), "User", "seats", [["sales"]], "User.seats unhashable items"),
    _refusal(lambda: make_email(to_addresses=("",)), "Email", "to_addresses", ("",), "Email.to_addresses empty"),
    _refusal(lambda: make_email(to_addresses=None), "Email", "to_addresses", None, "Email.to_addresses None"),
    _refusal(lambda: make_email(cc_addresses=(" ",)), "Email", "cc_addresses", (" ",), "Email.cc_addresses blank"),
    # naive datetimes
    _refusal(lambda: make_company(created_at=NAIVE), "Company", "created_at", NAIVE, "Company.created_at naive"),
    _refusal(
        lambda: make_contact(owner_assigned_at=NAIVE),
        "Contact",
        "owner_assigned_at",
        NAIVE,
        "Contact.owner_assigned_at naive",
    ),
    _refusal(lambda: make_contact(last_engaged_at=NAIVE), "Contact", "last_engaged_at", NAIVE, "Contact naive"),
    _refusal(lambda: make_lead(stage_entered_at=NAIVE), "Lead", "stage_entered_at", NAIVE, "Lead naive"),
    _refusal(
        lambda: make_deal(next_steps_updated_at=NAIVE),
        "Deal",
        "next_steps_updated_at",
        NAIVE,
        "Deal.next_steps_updated_at naive",
    ),
    _refusal(lambda: make_task(due_at=NAIVE), "Task", "due_at", NAIVE, "Task.due_at naive"),
    _refusal(lambda: make_task(completed_at=NAIVE), "Task", "completed_at", NAIVE, "Task.completed_at naive"),
    _refusal(lambda: make_meeting(start=NAIVE, end=EPOCH), "Meeting", "start", NAIVE, "Meeting.start naive"),
    _refusal(lambda: make_meeting(end=NAIVE), "Meeting", "end", NAIVE, "Meeting.end naive"),
    _refusal(lambda: make_call(started_at=NAIVE), "Call", "started_at", NAIVE, "Call.started_at naive"),
    _refusal(lambda: make_call(ended_at=NAIVE), "Call", "ended_at", NAIVE, "Call.ended_at naive"),
    _refusal(lambda: make_email(sent_at=NAIVE), "Email", "sent_at", NAIVE, "Email.sent_at naive"),
    _refusal(lambda: make_email(opened_at=NAIVE), "Email", "opened_at", NAIVE, "Email.opened_at naive"),
    _refusal(lambda: make_note(created_at=NAIVE), "Note", "created_at", NAIVE, "Note.created_at naive"),
    _refusal(lambda: make_contact(properties={"renewal": NAIVE}), "Contact", "properties", NAIVE, "property naive"),
    # a str where a datetime or a date goes: constructors take datetime objects, never ISO strings
    _refusal(lambda: make_contact(created_at=ISO), "Contact", "created_at", ISO, "Contact.created_at a str"),
    _refusal(
        lambda: Meeting(id="m", title="M", start=_bad(ISO), end=EPOCH), "Meeting", "start", ISO, "Meeting.start a str"
    ),
    _refusal(lambda: make_email(sent_at=ISO), "Email", "sent_at", ISO, "Email.sent_at a str"),
    _refusal(lambda: make_note(created_at=1_767_600_000), "Note", "created_at", 1_767_600_000, "a timestamp"),
    _refusal(lambda: make_task(due_at=EPOCH.date()), "Task", "due_at", EPOCH.date(), "Task.due_at a date"),
    _refusal(lambda: make_deal(close_date="2026-02-01"), "Deal", "close_date", "2026-02-01", "close_date a str"),
    _refusal(lambda: make_deal(close_date=EPOCH), "Deal", "close_date", EPOCH, "close_date a datetime"),
    # unknown timezones
    _refusal(lambda: make_user(timezone="Mars/Olympus"), "User", "timezone", "Mars/Olympus", "unknown zone"),
    _refusal(lambda: make_user(timezone=""), "User", "timezone", "", "timezone empty"),
    _refusal(lambda: make_user(timezone=" UTC"), "User", "timezone", " UTC", "timezone padded"),
    _refusal(lambda: make_user(timezone="America"), "User", "timezone", "America", "timezone a directory"),
    _refusal(lambda: make_user(timezone="../etc/passwd"), "User", "timezone", "../etc/passwd", "timezone a path"),
    _refusal(lambda: make_user(timezone="localtime"), "User", "timezone", "localtime", "the machine's own zone"),
    _refusal(lambda: make_user(timezone="right/UTC"), "User", "timezone", "right/UTC", "a leap-second zone"),
    _refusal(lambda: make_user(timezone=None), "User", "timezone", None, "timezone None"),
    # end before start
    _refusal(lambda: make_meeting(end=EARLIER), "Meeting", "end", EARLIER, "meeting ends before it starts"),
    _refusal(lambda: make_call(ended_at=EARLIER), "Call", "ended_at", EARLIER, "call ends before it starts"),
    # money
    _refusal(lambda: make_deal(amount=Decimal("-0.01")), "Deal", "amount", Decimal("-0.01"), "negative amount"),
    _refusal(lambda: make_deal(amount=Decimal("NaN")), "Deal", "amount", Decimal("NaN"), "NaN amount"),
    _refusal(lambda: make_deal(amount=Decimal("Infinity")), "Deal", "amount", Decimal("Infinity"), "infinite"),
    _refusal(lambda: make_deal(amount=12.5), "Deal", "amount", 12.5, "a float amount"),
    _refusal(lambda: make_deal(amount="100"), "Deal", "amount", "100", "a str amount"),
    # pipelines
    _refusal(lambda: make_pipeline(stages=()), "Pipeline", "stages", (), "pipeline without stages"),
    _refusal(lambda: make_pipeline(stages=[]), "Pipeline", "stages", (), "pipeline with an empty list"),
    _refusal(
        lambda: make_pipeline(stages=(Stage(id="a", label="A"), Stage(id="a", label="Again"))),
        "Pipeline",
        "stages",
        "a",
        "duplicate stage id",
    ),
    _refusal(lambda: make_pipeline(stages=("a", "b")), "Pipeline", "stages", "a", "stages as strings"),
    _refusal(lambda: make_pipeline(stages="ab"), "Pipeline", "stages", "ab", "stages a str"),
    _refusal(lambda: make_pipeline(stages=None), "Pipeline", "stages", None, "stages None"),
    _refusal(lambda: make_pipeline(label=""), "Pipeline", "label", "", "Pipeline.label empty"),
    # a str (or anything else) for an enum field
    _refusal(lambda: make_pipeline(object_type="deal"), "Pipeline", "object_type", "deal", "object_type a str"),
    _refusal(lambda: Stage(id="w", label="W", state=_bad("won")), "Stage", "state", "won", "Stage.state a str"),
    _refusal(lambda: make_task(status="completed"), "Task", "status", "completed", "Task.status a str"),
    _refusal(lambda: make_task(priority="high"), "Task", "priority", "high", "Task.priority a str"),
    _refusal(lambda: make_task(priority=None), "Task", "priority", None, "Task.priority None"),
    _refusal(lambda: make_meeting(outcome="completed"), "Meeting", "outcome", "completed", "Meeting.outcome a str"),
    _refusal(lambda: make_call(status="busy"), "Call", "status", "busy", "Call.status a str"),
    _refusal(lambda: make_email(direction="outgoing"), "Email", "direction", "outgoing", "Email.direction a str"),
    _refusal(lambda: make_user(seats={"sales"}), "User", "seats", "sales", "User.seats a str"),
    _refusal(
        lambda: make_user(permissions=("manage_cs_settings",)),
        "User",
        "permissions",
        "manage_cs_settings",
        "User.permissions a str",
    ),
    _refusal(lambda: ObjectRef(_bad("contact"), "c1"), "ObjectRef", "kind", "contact", "ObjectRef.kind a str"),
    _refusal(lambda: ObjectRef(ObjectType.CONTACT, ""), "ObjectRef", "id", "", "ObjectRef.id empty"),
    # other wrong types
    _refusal(lambda: make_user(super_admin=1), "User", "super_admin", 1, "User.super_admin an int"),
    _refusal(lambda: make_company(target_account="yes"), "Company", "target_account", "yes", "flag a str"),
    _refusal(lambda: make_call(via_calling=None), "Call", "via_calling", None, "Call.via_calling None"),
    _refusal(lambda: make_email(tracked=0), "Email", "tracked", 0, "Email.tracked an int"),
    _refusal(lambda: make_company(domain=5), "Company", "domain", 5, "Company.domain an int"),
    _refusal(lambda: make_contact(email=5), "Contact", "email", 5, "Contact.email an int"),
    _refusal(lambda: make_contact(lifecycle_stage=1), "Contact", "lifecycle_stage", 1, "lifecycle_stage an int"),
    _refusal(lambda: make_deal(name=None), "Deal", "name", None, "Deal.name None"),
    _refusal(lambda: make_deal(next_steps=1), "Deal", "next_steps", 1, "Deal.next_steps an int"),
    _refusal(lambda: make_task(title=None), "Task", "title", None, "Task.title None"),
    _refusal(lambda: make_task(sequence="seq1"), "Task", "sequence", "seq1", "Task.sequence a str"),
    _refusal(lambda: make_call(outcome=3), "Call", "outcome", 3, "Call.outcome an int"),
    _refusal(lambda: make_note(body=None), "Note", "body", None, "Note.body None"),
    _refusal(lambda: make_contact(properties=[("a", 1), 2]), "Contact", "properties", [("a", 1), 2], "not a mapping"),
    _refusal(lambda: make_contact(properties={"": 1}), "Contact", "properties", "", "empty property name"),
    _refusal(lambda: make_company(properties={"tags": ["a"]}), "Company", "properties", ["a"], "a list value"),
    _refusal(lambda: SequenceStep(sequence_id="s", enrollment_id="e", step=0), "SequenceStep", "step", 0, "step zero"),
    _refusal(
        lambda: SequenceStep(sequence_id="s", enrollment_id="e", step=True), "SequenceStep", "step", True, "step bool"
    ),
    _refusal(
        lambda: SequenceStep(sequence_id="s", enrollment_id="e", step=_bad("1")),
        "SequenceStep",
        "step",
        "1",
        "step a str",
    ),
    _refusal(
        lambda: PortalSettings(closed_lifecycle_stages=_bad((1,))),
        "PortalSettings",
        "closed_lifecycle_stages",
        1,
        "lifecycle stage an int",
    ),
]


class TestRefusals:
    @pytest.mark.parametrize(("build", "cls", "field", "value"), REFUSALS)
    def test_a_value_that_cannot_be_right_is_refused_naming_the_class_the_field_and_the_value(
        self, build: Callable[[], object], cls: str, field: str, value: object
    ) -> None:
        with pytest.raises(InvalidEntity) as info:
            build()
        error = info.value
        assert (error.cls, error.field) == (cls, field)
        assert error.value == value or (error.value != error.value and value != value)  # NaN is not NaN
        message = str(error)
        assert f"{cls}.{field}" in message
        assert repr(value) in message
        assert error.reason in message
        assert isinstance(error, GuidedActionsError)
        assert isinstance(error, ValueError)

    def test_a_refusal_keeps_the_very_value_it_refused(self) -> None:
        with pytest.raises(InvalidEntity) as info:
            make_contact(created_at=NAIVE)
        assert info.value.value is NAIVE


class TestAcceptedValues:
    @pytest.mark.parametrize(
        "value",
        [
            pytest.param(EPOCH, id="pendulum UTC"),
            pytest.param(pendulum.datetime(2026, 3, 1, 9, 30, tz="Asia/Kolkata"), id="pendulum Asia/Kolkata"),
            pytest.param(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), id="stdlib UTC"),
            pytest.param(dt.datetime(2026, 1, 5, 9, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")), id="stdlib zoneinfo"),
            pytest.param(dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone(dt.timedelta(hours=-5))), id="stdlib offset"),
        ],
    )
    def test_any_aware_datetime_is_accepted_and_kept_as_given(self, value: dt.datetime) -> None:
        assert Contact(id="c1", created_at=value).created_at is value
        assert make_email(sent_at=value).sent_at is value
        assert make_meeting(start=value, end=value).end is value

    @given(st.datetimes(timezones=st.timezones()))
    def test_every_aware_datetime_hypothesis_finds_is_kept_identically(self, value: dt.datetime) -> None:
        assert make_task(due_at=value, created_at=value).due_at is value
        assert make_call(started_at=value, ended_at=value).ended_at is value

    def test_pendulum_and_stdlib_values_mix_in_one_meeting(self) -> None:
        start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        meeting = make_meeting(start=start, end=pendulum.datetime(2026, 1, 5, 10, 30, tz="Europe/Berlin"))
        assert meeting.happened_at == start + dt.timedelta(minutes=30)

    def test_a_meeting_or_call_may_end_when_it_starts(self) -> None:
        assert make_meeting(start=EPOCH, end=EPOCH).end == EPOCH
        assert make_call(started_at=EPOCH, ended_at=EPOCH).happened_at == EPOCH

    def test_a_zero_amount_and_a_date_close_date_are_fine(self) -> None:
        deal = make_deal(amount=Decimal("0"), close_date=pendulum.date(2026, 2, 1))
        assert deal.amount == 0
        assert deal.close_date == dt.date(2026, 2, 1)

    @pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
    def test_known_iana_zones_are_accepted(self, zone: str) -> None:
        assert make_user(timezone=zone).timezone == zone

    def test_association_fields_take_any_iterable_and_keep_a_lone_id_whole(self) -> None:
        assert make_contact(company_ids=["co1", "co2"]).company_ids == ("co1", "co2")
        assert make_deal(contact_ids="c1").contact_ids == ("c1",)
        assert make_task(contact_ids=iter(["c1"])).contact_ids == ("c1",)
        assert make_email(to_addresses="a@x.example").to_addresses == ("a@x.example",)
        ids = ("c1",)
        assert make_note(contact_ids=ids).contact_ids is ids

    def test_set_fields_take_any_iterable_and_keep_a_lone_string_whole(self) -> None:
        user = make_user(seats=[Seat.SALES, Seat.SALES], team_ids="t1", permissions=(Permission.MANAGE_CS_SETTINGS,))
        assert user.seats == frozenset({Seat.SALES})
        assert user.team_ids == frozenset({"t1"})
        assert user.permissions == frozenset({Permission.MANAGE_CS_SETTINGS})
        assert PortalSettings(closed_lifecycle_stages=["customer"]).closed_lifecycle_stages == frozenset({"customer"})
        assert PortalSettings(closed_lifecycle_stages="other").closed_lifecycle_stages == frozenset({"other"})

    def test_properties_are_a_read_only_copy(self) -> None:
        given = {"plan": "gold", "seats": 12, "mrr": Decimal("99.5"), "renewal": pendulum.date(2026, 6, 1)}
        contact = make_contact(properties=given)
        given["plan"] = "silver"
        assert contact.properties["plan"] == "gold"
        with pytest.raises(TypeError):
            contact.properties["plan"] = "bronze"  # type: ignore[index]
        assert make_contact(properties=contact.properties).properties is contact.properties
        assert make_company(properties=None).properties == {}
        assert make_company(properties={"at": EPOCH, "flag": True, "none": None}).properties["at"] is EPOCH

    def test_blank_texts_are_allowed_where_the_spec_does_not_ask_for_an_id(self) -> None:
        assert make_task(title="").title == ""
        assert make_note(body="").body == ""
        assert make_deal(name="").name == ""


class TestBehaviour:
    @pytest.mark.parametrize(
        ("email", "domain"),
        [
            ("Ann@Example.COM", "example.com"),
            ("a@b@c.example", "c.example"),
            ("no-at-sign", None),
            ("trailing@", None),
            (None, None),
        ],
    )
    def test_domain_is_the_lower_cased_part_after_the_at_sign(self, email: str | None, domain: str | None) -> None:
        assert make_contact(email=email).domain == domain
        if email is not None:
            assert make_user(email=email).domain == domain

    def test_a_task_is_open_unless_completed_and_happened_when_completed_or_created(self) -> None:
        assert all(make_task(status=s).is_open for s in TaskStatus if s is not TaskStatus.COMPLETED)
        assert not make_task(status=TaskStatus.COMPLETED).is_open
        assert make_task(created_at=EPOCH).happened_at == EPOCH
        assert make_task(created_at=EPOCH, completed_at=LATER).happened_at == LATER
        assert make_task().happened_at is None

    def test_each_engagement_happened_at_the_time_the_spec_names(self) -> None:
        assert make_meeting(start=EPOCH, end=LATER).happened_at == LATER
        assert make_call(started_at=EPOCH).happened_at == EPOCH
        assert make_call(started_at=EPOCH, ended_at=LATER).happened_at == LATER
        assert make_email(sent_at=LATER).happened_at == LATER
        assert make_note(created_at=LATER).happened_at == LATER

    def test_the_bare_engagement_base_has_no_time_of_its_own(self) -> None:
        with pytest.raises(NotImplementedError):
            _ = Engagement(id="x").happened_at

    @pytest.mark.parametrize(("outcome", "logged"), [(None, False), ("", False), ("  ", False), ("Connected", True)])
    def test_a_call_outcome_is_logged_unless_none_or_blank(self, outcome: str | None, logged: bool) -> None:
        assert make_call(outcome=outcome).outcome_logged is logged

    def test_the_primary_recipient_is_the_first_to_address_lower_cased(self) -> None:
        assert make_email(to_addresses=("Boss@X.example", "b@x.example")).primary_recipient == "boss@x.example"
        assert make_email(to_addresses=()).primary_recipient is None

    def test_a_pipeline_knows_its_first_stage_and_finds_stages_by_id(self) -> None:
        pipeline = make_pipeline()
        assert pipeline.first_stage.id == "new"
        assert pipeline.stage("won").state is StageState.WON
        assert not pipeline.stage("won").is_open
        assert pipeline.stage("new").is_open
        with pytest.raises(KeyError):
            pipeline.stage("nope")
        assert make_pipeline(stages=[Stage(id="only", label="Only")]).stages == (Stage(id="only", label="Only"),)


class TestObjectRef:
    def test_a_ref_takes_its_fields_positionally_or_by_keyword_and_prints_as_kind_colon_id(self) -> None:
        ref = ObjectRef(ObjectType.CONTACT, "c1")
        assert ref == ObjectRef(kind=ObjectType.CONTACT, id="c1")
        assert str(ref) == "contact:c1"
        assert ObjectRef.parse("contact:c1") == ref
        assert ObjectRef.parse(" Deal:d:1") == ObjectRef(ObjectType.DEAL, "d:1")

    def test_refs_are_hashable_and_order_by_kind_then_id(self) -> None:
        refs = [ObjectRef(ObjectType.DEAL, "d2"), ObjectRef(ObjectType.CONTACT, "c9"), ObjectRef(ObjectType.DEAL, "d1")]
        assert sorted(refs) == [refs[1], refs[2], refs[0]]
        assert len({*refs, ObjectRef(ObjectType.DEAL, "d1")}) == 3

    @pytest.mark.parametrize("text", ["planet:p1", "contact", "contact:", ":c1"])
    def test_parse_refuses_an_unknown_kind_or_a_missing_id(self, text: str) -> None:
        with pytest.raises(GuidedActionsError, match=repr(text).replace("(", r"\(")):
            ObjectRef.parse(text)


def test_a_meeting_ending_in_the_first_pass_of_a_repeated_hour_before_a_start_in_the_second_is_refused() -> None:
    import datetime as _dt
    import zoneinfo

    from guided_actions import InvalidEntity, Meeting

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start = _dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=berlin)  # 01:30 UTC
    end = _dt.datetime(2026, 10, 25, 2, 45, fold=0, tzinfo=berlin)  # 00:45 UTC, earlier
    with pytest.raises(InvalidEntity, match=r"Meeting\.end"):
        Meeting(id="m1", title="t", start=start, end=end)
    ok = Meeting(id="m1", title="t", start=end, end=start)
    assert ok.end is start
