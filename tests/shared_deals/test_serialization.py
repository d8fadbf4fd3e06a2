"""Shared-deal events (and states) round-trip through the library's JSON converter."""

from __future__ import annotations

import datetime as _dt
import json

import pytest
from hypothesis import settings
from hypothesis.stateful import invariant

from guided_actions.errors import InvalidDocument
from guided_actions.serialization import from_dict, from_json, to_dict, to_json
from guided_actions.shared_deals import (
    ClosedWon,
    Event,
    SharedDeal,
    SharedDealEvent,
    Side,
    Visibility,
    add_note,
    comment_on_note,
    events_for,
    replay,
)
from tests.shared_deals._helpers import LATER, NOW, fold, registered, registration
from tests.shared_deals.test_stateful import SharedDealMachine


def _log() -> list[SharedDealEvent]:
    """A registration, a private vendor note with a file, a comment on it, and a close at a stdlib instant."""
    events = list(registration())
    events += add_note(
        replay(events),
        side=Side.VENDOR,
        author_id="vr1",
        body="Pricing",
        shared=False,
        attachments=("plan.pdf",),
        now=LATER,
    )
    state = replay(events)
    events += comment_on_note(state, state.notes[0].id, side=Side.VENDOR, author_id="vr1", body="ok", now=LATER)
    instant = _dt.datetime(2026, 2, 1, 8, tzinfo=_dt.UTC)
    events.append(ClosedWon(at=instant, deal_id=state.deal_id, side=Side.VENDOR, visibility=Visibility.SHARED))
    return events


class TestRoundTrip:
    def test_a_plain_list_of_events_round_trips_with_a_type_tag_on_each(self) -> None:
        events = _log()
        text = to_json(events)
        assert [item["type"] for item in json.loads(text)] == [type(e).__name__ for e in events]
        assert from_json(list[SharedDealEvent], text) == events

    def test_a_list_declared_as_the_union_round_trips_too(self) -> None:
        events = _log()
        assert from_json(list[Event], to_json(events, as_type=list[Event])) == events

    def test_what_the_sync_sends_round_trips(self) -> None:
        sent = list(events_for(_log(), Side.PARTNER))
        assert from_json(list[SharedDealEvent], to_json(sent)) == sent

    def test_one_event_round_trips_as_its_own_class(self) -> None:
        (event,) = registration()
        assert from_dict(type(event), to_dict(event)) == event

    def test_a_state_round_trips(self) -> None:
        state = replay(_log())
        assert from_json(SharedDeal, to_json(state)) == state

    def test_the_replay_of_read_back_events_is_the_same_state(self) -> None:
        events = _log()
        assert replay(from_json(list[SharedDealEvent], to_json(events))) == replay(events)


class TestBadDocuments:
    def test_an_unknown_event_type_is_refused_with_its_path(self) -> None:
        data = to_dict(_log())
        data[1]["type"] = "NoteAddd"
        with pytest.raises(InvalidDocument) as error:
            from_dict(list[SharedDealEvent], data)
        assert any("[1]" in problem.path for problem in error.value.problems)
        assert "NoteAdded" in str(error.value)

    def test_an_event_without_a_type_is_refused(self) -> None:
        data = to_dict(_log())
        del data[0]["type"]
        with pytest.raises(InvalidDocument):
            from_dict(list[SharedDealEvent], data)

    def test_an_event_read_as_another_class_is_refused(self) -> None:
        (event,) = registration()
        with pytest.raises(InvalidDocument):
            from_dict(ClosedWon, to_dict(event))

    def test_an_unknown_field_is_refused(self) -> None:
        data = to_dict(_log())
        data[0]["colour"] = "blue"
        with pytest.raises(InvalidDocument):
            from_dict(list[SharedDealEvent], data)

    def test_a_naive_instant_is_refused(self) -> None:
        data = to_dict(_log())
        data[0]["at"] = "2026-01-05T09:00:00"
        with pytest.raises(InvalidDocument):
            from_dict(list[SharedDealEvent], data)


def test_a_registered_state_is_unchanged_by_a_round_trip_of_its_events() -> None:
    events = registration(now=NOW)
    assert fold(None, tuple(from_json(list[SharedDealEvent], to_json(list(events))))) == registered()


class RoundTripMachine(SharedDealMachine):
    """The shared-deal state machine, also checking that every log round-trips through JSON."""

    @invariant()
    def the_events_round_trip_through_json(self) -> None:
        for log in self.logs.values():
            assert from_json(list[SharedDealEvent], to_json(log)) == log


RoundTripMachine.TestCase.settings = settings(stateful_step_count=15)
TestRoundTripMachine = RoundTripMachine.TestCase
