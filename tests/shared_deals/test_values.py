"""The values refuse what cannot be right, naming the class, the field and the value."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pytest

from guided_actions.errors import InvalidEntity
from guided_actions.shared_deals import (
    Partner,
    SharedDealRegistered,
    SharedDealStatus,
    Side,
    Visibility,
    close_won,
)
from tests.shared_deals._helpers import NOW, make_partner, registered, registration


class TestPartner:
    def test_user_ids_given_as_any_iterable_become_a_frozenset(self) -> None:
        assert make_partner(user_ids=["a", "b", "a"]).user_ids == frozenset({"a", "b"})

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            pytest.param("capacity", -1, id="negative capacity"),
            pytest.param("capacity", True, id="a bool is not a capacity"),
            pytest.param("id", "", id="empty id"),
            pytest.param("user_ids", {"a", ""}, id="an empty user id"),
            pytest.param("notifications_enabled", "yes", id="a string is not a bool"),
        ],
    )
    def test_a_bad_field_is_refused_with_the_class_field_and_value(self, field: str, value: Any) -> None:
        with pytest.raises(InvalidEntity) as error:
            make_partner(**{field: value})
        assert (error.value.cls, error.value.field) == ("Partner", field)

    def test_a_partner_needs_its_users_and_capacity(self) -> None:
        with pytest.raises(TypeError):
            Partner(id="p", name="P")  # type: ignore[call-arg]


class TestSidesAndVisibility:
    def test_each_side_has_the_other(self) -> None:
        assert (Side.PARTNER.other, Side.VENDOR.other) == (Side.VENDOR, Side.PARTNER)

    @pytest.mark.parametrize("side", list(Side))
    def test_private_visibility_admits_only_its_own_side_and_shared_admits_both(self, side: Side) -> None:
        private = Visibility.private(side)
        assert private.private_to is side
        assert private.visible_to(side)
        assert not private.visible_to(side.other)
        assert Visibility.SHARED.visible_to(side)
        assert Visibility.SHARED.private_to is None

    def test_enum_values_are_lower_case_strings(self) -> None:
        assert [s.value for s in SharedDealStatus] == ["open", "closed_won", "closed_lost"]
        assert Side("vendor") is Side.VENDOR


class TestEventsAndTime:
    def test_a_naive_now_is_refused_when_the_event_is_built(self) -> None:
        with pytest.raises(InvalidEntity) as error:
            close_won(registered(), now=_dt.datetime(2026, 1, 5, 9))
        assert error.value.field == "at"

    def test_the_same_instant_gives_the_same_ids_whether_pendulum_or_stdlib(self) -> None:
        stdlib = _dt.datetime(2026, 1, 5, 10, tzinfo=_dt.timezone(_dt.timedelta(hours=1)))
        (from_pendulum,) = registration(now=NOW)
        (from_stdlib,) = registration(now=stdlib)
        assert isinstance(from_pendulum, SharedDealRegistered)
        assert isinstance(from_stdlib, SharedDealRegistered)
        assert from_pendulum.shared_deal_id == from_stdlib.shared_deal_id

    def test_a_state_knows_whether_it_is_closed(self) -> None:
        state = registered()
        assert not state.is_closed
        assert state.note("nope") is None
