"""Time lines: records sorted by an instant, queried exactly, carried by ``evolve``."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_meeting, make_user
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.crm._timeline import Timeline

BASE = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
ZONES = ("UTC", "Europe/Berlin", "America/Los_Angeles")


@attrs.frozen
class Stamp:
    id: str
    at: dt.datetime | None


def _instant(micros: int, zone: str, far: bool) -> dt.datetime:
    """An instant near BASE (or near the year 2400, where floats merge neighbouring microseconds)."""
    base = BASE.add(years=374) if far else BASE
    return (base + dt.timedelta(microseconds=micros)).in_timezone(zone)


instants = st.builds(_instant, st.integers(-5_000_000, 5_000_000), st.sampled_from(ZONES), st.booleans())
stamps = st.lists(st.builds(Stamp, id=st.uuids().map(str), at=st.one_of(st.none(), instants)), max_size=30)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


class TestTimeline:
    @given(records=stamps, low=instants, high=instants)
    def test_between_is_exactly_the_closed_range(
        self, records: list[Stamp], low: dt.datetime, high: dt.datetime
    ) -> None:
        line = Timeline.of("at", records)
        found = line.between(_utc(low), _utc(high))
        expected = [r for r in records if r.at is not None and low <= r.at <= high]
        assert sorted(r.id for r in found) == sorted(r.id for r in expected)

    @given(records=stamps, at=instants)
    def test_first_from_is_the_earliest_at_or_after(self, records: list[Stamp], at: dt.datetime) -> None:
        found = Timeline.of("at", records).first_from(_utc(at))
        later = [r.at for r in records if r.at is not None and r.at >= at]
        if later:
            assert found is not None
            assert found.at == min(later)
        else:
            assert found is None

    @given(records=stamps, at=instants, data=st.data())
    def test_first_from_leaves_out_the_skipped(
        self, records: list[Stamp], at: dt.datetime, data: st.DataObject
    ) -> None:
        skip = set(data.draw(st.lists(st.sampled_from([r.id for r in records]), unique=True))) if records else set()
        found = Timeline.of("at", records).first_from(_utc(at), skip)
        later = [r.at for r in records if r.at is not None and r.at >= at and r.id not in skip]
        assert (found.at if found is not None else None) == (min(later) if later else None)

    @given(records=stamps, data=st.data())
    def test_a_changed_line_equals_a_line_built_anew(self, records: list[Stamp], data: st.DataObject) -> None:
        removed = data.draw(st.lists(st.sampled_from(records), unique_by=id)) if records else []
        added = data.draw(stamps)
        line = Timeline.of("at", records).changed(removed, added)
        kept = [r for r in records if not any(r is gone for gone in removed)]
        fresh = Timeline.of("at", [*kept, *added])
        assert line.keys == fresh.keys
        assert sorted(map(id, line.records)) == sorted(map(id, fresh.records))


class TestEvolveCarriesTimeLines:
    def test_the_evolved_snapshot_answers_like_a_fresh_one(self) -> None:
        meetings = [
            make_meeting(
                id=f"m{i}", owner_id="u1", start=BASE + dt.timedelta(hours=i), end=BASE + dt.timedelta(hours=i + 1)
            )
            for i in range(6)
        ]
        crm = CrmSnapshot.build(users=[make_user(id="u1")], meetings=meetings)
        before = crm._timeline(ObjectType.MEETING, "start")  # built, then carried by evolve
        moved = attrs.evolve(meetings[2], start=BASE - dt.timedelta(days=1), end=BASE - dt.timedelta(hours=23))
        after = crm.evolve(upsert=[moved], remove=[ObjectRef(ObjectType.MEETING, "m4")])
        carried = after._timeline(ObjectType.MEETING, "start")
        assert carried is not before
        fresh = Timeline.of("start", after.meetings)
        assert [r.id for r in carried.records] == [r.id for r in fresh.records] == ["m2", "m0", "m1", "m3", "m5"]
        assert [r.id for r in before.records] == ["m0", "m1", "m2", "m3", "m4", "m5"]  # the old one is untouched

    def test_evolve_remembers_what_its_step_replaced(self) -> None:
        meeting = make_meeting(id="m1", owner_id="u1", start=BASE, end=BASE + dt.timedelta(hours=1))
        crm = CrmSnapshot.build(users=[make_user(id="u1")], meetings=[meeting])
        moved = attrs.evolve(meeting, start=BASE - dt.timedelta(hours=1))
        new = make_meeting(id="m2", owner_id="u1", start=BASE, end=BASE + dt.timedelta(hours=1))
        after = crm.evolve(upsert=[moved, new])
        assert after._previous_version(ObjectRef(ObjectType.MEETING, "m1")) == (True, meeting)
        assert after._previous_version(ObjectRef(ObjectType.MEETING, "m2")) == (True, None)
        assert crm._previous_version(ObjectRef(ObjectType.MEETING, "m1")) == (False, None)
        gone = after.evolve(remove=[ObjectRef(ObjectType.MEETING, "m2")])
        assert gone._previous_version(ObjectRef(ObjectType.MEETING, "m2")) == (True, new)
        assert gone._previous_version(ObjectRef(ObjectType.MEETING, "m1")) == (False, None)
