"""Other packages' attrs classes: converted as they are, and tagged unions by ``register_tagged_union``."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError, InvalidDocument
from guided_actions.serialization import from_dict, from_json, register_tagged_union, to_dict, to_json
from tests.serialization import _strategies as strat


class Mood(StrEnum):
    """A tiny enum of the kind results carry."""

    GOOD = "good"
    BAD = "bad"


@attrs.frozen(kw_only=True)
class Score:
    """A result value of another package: every field type the converter promises to handle."""

    subject: ObjectRef
    at: _dt.datetime
    value: Decimal
    mood: Mood
    tags: frozenset[str] = frozenset()
    history: tuple[int, ...] = ()
    weights: Mapping[str, float] = attrs.field(factory=lambda: MappingProxyType({}))
    due: _dt.date | None = None


@attrs.frozen(kw_only=True)
class Opened:
    """A first tiny event."""

    deal_id: str
    at: _dt.datetime


@attrs.frozen(kw_only=True)
class Closed:
    """A second tiny event."""

    deal_id: str
    won: bool


Event = Opened | Closed
register_tagged_union(Event)


@attrs.frozen(kw_only=True)
class History:
    """A value holding events of the union, and maybe one last event."""

    events: tuple[Event, ...]
    last: Event | None = None


AT = pendulum.datetime(2026, 3, 1, 9, 30, tz="Asia/Kolkata")


class TestUnregisteredClasses:
    def test_a_result_class_of_another_package_round_trips_with_no_registration(self) -> None:
        score = Score(
            subject=ObjectRef(ObjectType.COMPANY, "co1"),
            at=AT,
            value=Decimal("72.50"),
            mood=Mood.GOOD,
            tags=frozenset({"b", "a"}),
            history=(3, 1),
            weights=MappingProxyType({"usage": 0.5}),
            due=_dt.date(2026, 4, 1),
        )
        data = to_dict(score)
        assert data == {
            "subject": {"kind": "company", "id": "co1"},
            "at": "2026-03-01T09:30:00+05:30[Asia/Kolkata]",
            "value": "72.50",
            "mood": "good",
            "tags": ["a", "b"],
            "history": [3, 1],
            "weights": {"usage": 0.5},
            "due": "2026-04-01",
        }
        back = from_json(Score, to_json(score))
        assert back == score
        assert isinstance(back.weights, MappingProxyType)

    @given(at=strat.datetimes(), value=strat.decimals(), tags=st.frozensets(strat.ids))
    def test_a_result_class_round_trips_for_any_values(
        self, at: _dt.datetime, value: Decimal, tags: frozenset[str]
    ) -> None:
        score = Score(subject=ObjectRef(ObjectType.DEAL, "d1"), at=at, value=value, mood=Mood.BAD, tags=tags)
        assert from_json(Score, to_json(score)) == score

    def test_a_bad_result_document_reports_every_field(self) -> None:
        doc = {"subject": {"kind": "planet", "id": "x"}, "at": "2026-03-01", "value": 1, "mood": "meh", "extra": 1}
        with pytest.raises(InvalidDocument) as caught:
            from_dict(Score, doc)
        found = {(p.code, p.path) for p in caught.value.problems}
        assert found == {
            ("invalid_enum", "$.subject.kind"),
            ("invalid_datetime", "$.at"),
            ("wrong_type", "$.value"),
            ("invalid_enum", "$.mood"),
            ("unknown_key", "$.extra"),
        }

    def test_lists_of_entities_round_trip_too(self) -> None:
        refs = [ObjectRef(ObjectType.CONTACT, "c1"), ObjectRef(ObjectType.DEAL, "d1")]
        assert from_json(list[ObjectRef], to_json(refs)) == refs


class TestTaggedUnions:
    def test_each_member_is_written_with_its_class_name_first(self) -> None:
        history = History(events=(Opened(deal_id="d1", at=AT), Closed(deal_id="d1", won=True)))
        data = to_dict(history)
        assert data["events"] == [
            {"type": "Opened", "deal_id": "d1", "at": "2026-03-01T09:30:00+05:30[Asia/Kolkata]"},
            {"type": "Closed", "deal_id": "d1", "won": True},
        ]
        assert next(iter(data["events"][0])) == "type"
        assert data["last"] is None

    @given(won=st.booleans(), at=strat.datetimes(), last=st.booleans())
    def test_a_value_holding_union_members_round_trips(self, won: bool, at: _dt.datetime, last: bool) -> None:
        closed = Closed(deal_id="d1", won=won)
        history = History(events=(Opened(deal_id="d1", at=at), closed), last=closed if last else None)
        assert from_json(History, to_json(history)) == history

    def test_a_lone_member_is_written_tagged_when_asked_for_as_the_union(self) -> None:
        event = Closed(deal_id="d1", won=False)
        text = to_json(event, as_type=Event)
        assert text == '{"type":"Closed","deal_id":"d1","won":false}'
        assert from_json(Event, text) == event

    def test_a_missing_or_unknown_tag_is_refused_with_the_path(self) -> None:
        doc = {
            "events": [
                {"deal_id": "d1", "won": True},
                {"type": "Clozed", "deal_id": "d1", "won": True},
                {"type": "Closed", "deal_id": "d1", "won": "yes"},
                7,
            ],
            "last": {"type": "Opened", "deal_id": "d1"},
        }
        with pytest.raises(InvalidDocument) as caught:
            from_dict(History, doc)
        found = {(p.code, p.path) for p in caught.value.problems}
        assert found == {
            ("missing_tag", "$.events[0]"),
            ("unknown_tag", "$.events[1]"),
            ("wrong_type", "$.events[2].won"),
            ("wrong_type", "$.events[3]"),
            ("missing_field", "$.last.at"),
        }
        unknown = next(p for p in caught.value.problems if p.code == "unknown_tag")
        assert "did you mean 'Closed'?" in unknown.message

    def test_only_unions_of_attrs_classes_can_be_registered(self) -> None:
        with pytest.raises(GuidedActionsError):
            register_tagged_union(int | str)

    def test_a_tag_that_is_also_a_field_name_is_refused(self) -> None:
        @attrs.frozen(kw_only=True)
        class Typed:
            type: str

        with pytest.raises(GuidedActionsError, match="already has a field"):
            register_tagged_union(Typed | Closed)
