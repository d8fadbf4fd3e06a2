"""Calendar helpers: local days in the user's zone, computed once, as instant ranges."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.crm._calendar import local_date, local_day_bounds, to_pendulum


class TestToPendulum:
    def test_a_pendulum_value_is_returned_as_is(self) -> None:
        value = pendulum.datetime(2026, 1, 5, 9, tz="Europe/Berlin")
        assert to_pendulum(value) is value

    def test_a_stdlib_value_becomes_the_same_instant_in_pendulum(self) -> None:
        value = dt.datetime(2026, 1, 5, 9, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
        converted = to_pendulum(value)
        assert isinstance(converted, pendulum.DateTime)
        assert converted == value
        assert converted.utcoffset() == value.utcoffset()


class TestLocalDays:
    def test_the_local_date_depends_on_the_zone(self) -> None:
        late_evening_utc = pendulum.datetime(2026, 1, 5, 23, 30, tz="UTC")
        assert local_date(late_evening_utc, "UTC") == dt.date(2026, 1, 5)
        assert local_date(late_evening_utc, "Europe/Berlin") == dt.date(2026, 1, 6)
        assert local_date(late_evening_utc, "America/Los_Angeles") == dt.date(2026, 1, 5)

    def test_the_local_day_runs_from_local_midnight_to_the_next(self) -> None:
        now = dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.UTC)
        start, end = local_day_bounds(now, "Asia/Tokyo")
        assert start == pendulum.datetime(2026, 1, 6, tz="Asia/Tokyo")
        assert end == pendulum.datetime(2026, 1, 7, tz="Asia/Tokyo")

    @pytest.mark.parametrize(
        ("day", "hours"),
        [
            pytest.param(dt.date(2026, 3, 29), 23, id="spring forward: 23 hours"),
            pytest.param(dt.date(2026, 10, 25), 25, id="fall back: 25 hours"),
            pytest.param(dt.date(2026, 6, 1), 24, id="an ordinary day"),
        ],
    )
    def test_a_local_day_is_a_calendar_day_across_dst_changes(self, day: dt.date, hours: int) -> None:
        now = pendulum.datetime(day.year, day.month, day.day, 12, tz="Europe/Berlin")
        start, end = local_day_bounds(now, "Europe/Berlin")
        assert (end - start).in_hours() == hours

    def test_days_ahead_shifts_by_calendar_days(self) -> None:
        now = pendulum.datetime(2026, 3, 28, 12, tz="Europe/Berlin")
        start, end = local_day_bounds(now, "Europe/Berlin", days_ahead=1)
        assert start == pendulum.datetime(2026, 3, 29, tz="Europe/Berlin")
        assert end == pendulum.datetime(2026, 3, 30, tz="Europe/Berlin")
        yesterday, _ = local_day_bounds(now, "Europe/Berlin", days_ahead=-1)
        assert yesterday == pendulum.datetime(2026, 3, 27, tz="Europe/Berlin")

    @given(
        st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.timezones()),
        st.sampled_from(["UTC", "Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kathmandu"]),
    )
    def test_now_always_falls_inside_its_own_local_day(self, now: dt.datetime, zone: str) -> None:
        start, end = local_day_bounds(now, zone)
        assert start <= now < end
        assert start.date() == local_date(now, zone)
