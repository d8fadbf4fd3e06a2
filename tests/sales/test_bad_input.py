"""Every sales-workspace function refuses an unknown user and a naive ``now`` with a clear message."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from guided_actions._builders import make_user
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import GuidedActionsError
from guided_actions.sales import (
    activity_feed,
    contacts_with_meetings_today,
    deal_views,
    sequence_cards,
    task_buckets,
)

NOW = pendulum.datetime(2026, 6, 10, 12, tz="UTC")
CRM = CrmSnapshot.build(users=[make_user(id="u1")])

PER_USER: list[Callable[..., Any]] = [
    task_buckets,
    sequence_cards,
    activity_feed,
    deal_views,
    contacts_with_meetings_today,
]


@pytest.mark.parametrize("function", PER_USER, ids=lambda f: f.__name__)
class TestEveryPerUserFunction:
    def test_an_unknown_user_id_is_refused_naming_the_function_and_the_id(self, function: Callable[..., Any]) -> None:
        with pytest.raises(GuidedActionsError, match=rf"{function.__name__}: unknown user user_id='u2'"):
            function(CRM, "u2", now=NOW)

    def test_a_non_string_user_id_is_refused(self, function: Callable[..., Any]) -> None:
        with pytest.raises(GuidedActionsError, match="user_id must be a non-empty user id"):
            function(CRM, 1, now=NOW)

    def test_a_naive_now_is_refused(self, function: Callable[..., Any]) -> None:
        with pytest.raises(GuidedActionsError, match=rf"{function.__name__}: now must be timezone-aware"):
            function(CRM, "u1", now=_dt.datetime(2026, 6, 10, 12))

    def test_a_now_that_is_not_a_datetime_is_refused(self, function: Callable[..., Any]) -> None:
        with pytest.raises(GuidedActionsError, match="now must be a timezone-aware datetime"):
            function(CRM, "u1", now="2026-06-10T12:00:00Z")

    def test_a_stdlib_aware_now_is_accepted(self, function: Callable[..., Any]) -> None:
        assert function(CRM, "u1", now=_dt.datetime(2026, 6, 10, 12, tzinfo=_dt.UTC)) is not None
