"""The shared helpers: UTC cutoffs keep the instant, local midnights are calendar days."""

from __future__ import annotations

import datetime as _dt

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.crm._calendar import local_date
from guided_actions.sales._common import as_utc, local_midnights
from tests.sales._strategies import ZONES

aware = st.datetimes(min_value=_dt.datetime(1970, 1, 2), max_value=_dt.datetime(2100, 1, 1), timezones=st.timezones())


class TestAsUtc:
    @given(value=aware)
    def test_the_cutoff_is_the_same_instant_in_stdlib_utc(self, value: _dt.datetime) -> None:
        cutoff = as_utc(value)
        # Subtraction, not ==: PEP 495 makes an ambiguous time unequal to every other zone's datetime.
        assert value - cutoff == _dt.timedelta(0)
        assert type(cutoff) is _dt.datetime
        assert cutoff.tzinfo is _dt.UTC

    @given(value=aware, other=aware)
    def test_comparing_cutoffs_agrees_with_comparing_the_instants(
        self, value: _dt.datetime, other: _dt.datetime
    ) -> None:
        assert (as_utc(value) < other) == (value < other)

    def test_a_pendulum_value_in_the_repeated_hour_keeps_its_side(self) -> None:
        # 02:30 happens twice in Berlin on 25 October 2026; pendulum picks a side, the cutoff keeps it.
        value = pendulum.datetime(2026, 10, 25, 2, 30, tz="Europe/Berlin")
        assert as_utc(value) - value == _dt.timedelta(0)
        assert as_utc(value).hour == (1 if value.fold else 0)


class TestLocalMidnights:
    @given(now=aware, tz=st.sampled_from(ZONES))
    def test_consecutive_midnights_are_consecutive_local_dates(self, now: _dt.datetime, tz: str) -> None:
        today, tomorrow, after = local_midnights(now, tz, 2)
        assert today <= now < tomorrow < after
        assert local_date(today, tz) == local_date(now, tz)
        assert (local_date(tomorrow, tz) - local_date(today, tz)).days == 1
        assert (local_date(after, tz) - local_date(tomorrow, tz)).days == 1
