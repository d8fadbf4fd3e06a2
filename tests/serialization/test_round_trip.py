"""Round trips: every entity, every datetime flavour and whole snapshots come back unchanged."""

from __future__ import annotations

import datetime as _dt
import json
import zoneinfo
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import EPOCH, make_contact, make_deal, make_pipeline, make_user
from guided_actions.crm import Contact, CrmSnapshot, Deal, Meeting, Permission, Seat, User
from guided_actions.serialization import converter, from_dict, from_json, to_dict, to_json
from tests.serialization import _strategies as strat

BERLIN = "Europe/Berlin"


def round_trip(value: Any, cls: Any) -> Any:
    """``value`` through JSON and back, checking that writing it again gives the same text."""
    text = to_json(value)
    back = from_json(cls, text)
    assert to_json(back) == text
    return back


class TestEntities:
    @pytest.mark.parametrize("cls", list(strat.ENTITIES), ids=lambda cls: cls.__name__)
    @given(data=st.data())
    def test_every_entity_survives_a_json_round_trip_unchanged(self, cls: type[Any], data: st.DataObject) -> None:
        value = data.draw(strat.ENTITIES[cls])
        back = round_trip(value, cls)
        assert type(back) is cls
        assert back == value

    def test_every_entity_class_of_the_crm_package_has_a_strategy_here(self) -> None:
        import attrs

        from guided_actions import crm

        classes = {getattr(crm, name) for name in crm.__all__}
        entities = {cls for cls in classes if isinstance(cls, type) and attrs.has(cls) and cls is not crm.Engagement}
        assert entities <= set(strat.ENTITIES)

    @given(crm=strat.snapshots())
    def test_a_whole_snapshot_survives_a_json_round_trip_unchanged(self, crm: CrmSnapshot) -> None:
        back = round_trip(crm, CrmSnapshot)
        assert back == crm
        assert back.counts() == crm.counts()
        assert back.strict is crm.strict

    @given(crm=strat.snapshots())
    def test_to_dict_and_from_dict_are_inverse_without_json_in_between(self, crm: CrmSnapshot) -> None:
        assert from_dict(CrmSnapshot, to_dict(crm)) == crm

    def test_the_converter_is_one_shared_object(self) -> None:
        from guided_actions import serialization

        assert serialization.converter is converter
        assert converter.forbid_extra_keys
        assert converter.detailed_validation


class TestDatetimes:
    def test_a_named_zone_is_written_after_the_offset_in_brackets(self) -> None:
        value = pendulum.datetime(2026, 3, 1, 9, 30, tz="Asia/Kolkata")
        assert to_dict(value) == "2026-03-01T09:30:00+05:30[Asia/Kolkata]"

    def test_a_bracketed_zone_is_read_back_as_a_pendulum_datetime_in_that_zone(self) -> None:
        back = from_dict(_dt.datetime, "2026-03-01T09:30:00+05:30[Asia/Kolkata]")
        assert isinstance(back, pendulum.DateTime)
        assert back.timezone_name == "Asia/Kolkata"
        assert (back.hour, back.minute, back.utcoffset()) == (9, 30, _dt.timedelta(hours=5, minutes=30))

    @pytest.mark.parametrize(
        ("fold", "text"),
        [
            pytest.param(0, "2026-10-25T02:30:00+02:00[Europe/Berlin]", id="fold 0: still summer time"),
            pytest.param(1, "2026-10-25T02:30:00+01:00[Europe/Berlin]", id="fold 1: winter time again"),
        ],
    )
    @pytest.mark.parametrize("flavour", ["pendulum", "stdlib"])
    def test_both_sides_of_a_repeated_hour_keep_their_offset(self, fold: int, text: str, flavour: str) -> None:
        tz = pendulum.timezone(BERLIN) if flavour == "pendulum" else zoneinfo.ZoneInfo(BERLIN)
        value = _dt.datetime(2026, 10, 25, 2, 30, tzinfo=tz, fold=fold)
        if flavour == "pendulum":
            value = strat._pendulum(value)
        assert to_dict(value) == text
        back = from_dict(_dt.datetime, text)
        assert isinstance(back, pendulum.DateTime)
        assert (back.hour, back.minute, back.fold) == (2, 30, fold)
        assert back.utcoffset() == value.utcoffset()
        assert back.timestamp() == value.timestamp()

    def test_microseconds_are_kept(self) -> None:
        value = pendulum.datetime(2026, 1, 5, 9, 0, 0, 123456, tz=BERLIN)
        assert to_dict(value) == "2026-01-05T09:00:00.123456+01:00[Europe/Berlin]"
        assert from_dict(_dt.datetime, to_dict(value)).microsecond == 123456

    def test_pendulum_utc_is_the_zone_named_utc(self) -> None:
        assert to_dict(EPOCH) == "2026-01-05T09:00:00+00:00[UTC]"
        back = from_dict(_dt.datetime, to_dict(EPOCH))
        assert back.tzinfo is pendulum.UTC
        assert back == EPOCH

    def test_a_fixed_offset_has_no_brackets_and_comes_back_as_the_same_offset(self) -> None:
        value = _dt.datetime(2026, 1, 5, 9, 0, tzinfo=_dt.timezone(_dt.timedelta(hours=-3, minutes=-30)))
        assert to_dict(value) == "2026-01-05T09:00:00-03:30"
        back = from_dict(_dt.datetime, to_dict(value))
        assert isinstance(back, pendulum.DateTime)
        assert back.utcoffset() == value.utcoffset()
        assert back == value

    def test_a_stdlib_utc_datetime_is_written_as_a_plain_offset(self) -> None:
        value = _dt.datetime(2026, 1, 5, 9, 0, tzinfo=_dt.UTC)
        assert to_dict(value) == "2026-01-05T09:00:00+00:00"
        assert from_dict(_dt.datetime, to_dict(value)) == value

    def test_z_alone_reads_as_utc(self) -> None:
        back = from_dict(_dt.datetime, "2026-01-05T09:00:00Z")
        assert back.tzinfo is pendulum.UTC
        assert back == EPOCH

    def test_z_with_a_zone_is_that_utc_instant_shown_in_the_zone(self) -> None:
        back = from_dict(pendulum.DateTime, "2026-01-05T09:00:00Z[Europe/Berlin]")
        assert back.timezone_name == BERLIN
        assert back.hour == 10
        assert back == EPOCH

    def test_a_critical_zone_flag_is_accepted(self) -> None:
        back = from_dict(pendulum.DateTime, "2026-01-05T10:00:00+01:00[!Europe/Berlin]")
        assert back.timezone_name == BERLIN
        assert back == EPOCH

    @given(value=strat.stdlib_zoned_datetimes())
    def test_a_stdlib_zoneinfo_datetime_comes_back_with_the_same_wall_time_fold_offset_and_zone(
        self, value: _dt.datetime
    ) -> None:
        back = round_trip(value, _dt.datetime)
        assert isinstance(back, pendulum.DateTime)
        assert back.replace(tzinfo=None) == value.replace(tzinfo=None)
        assert back.fold == value.fold or back.utcoffset() == value.replace(fold=back.fold).utcoffset()
        assert back.utcoffset() == value.utcoffset()
        assert back.timezone_name == value.tzinfo.key  # type: ignore[union-attr]

    def test_a_stdlib_wall_time_in_a_dst_gap_comes_back_as_written(self) -> None:
        value = _dt.datetime(2026, 3, 29, 2, 30, tzinfo=zoneinfo.ZoneInfo(BERLIN))
        text = to_dict(value)
        assert text == "2026-03-29T02:30:00+01:00[Europe/Berlin]"
        back = from_dict(_dt.datetime, text)
        assert back.utcoffset() == value.utcoffset()
        assert back.timestamp() == value.timestamp()

    @given(value=strat.datetimes())
    def test_every_comparable_datetime_survives_a_round_trip_unchanged(self, value: _dt.datetime) -> None:
        back = round_trip(value, _dt.datetime)
        assert isinstance(back, pendulum.DateTime)
        assert back == value
        assert back.utcoffset() == value.utcoffset()


class TestOtherValues:
    def test_a_decimal_is_written_as_a_string_digit_for_digit(self) -> None:
        deal = make_deal(amount=Decimal("1500.00"))
        assert to_dict(deal)["amount"] == "1500.00"
        back = round_trip(deal, Deal)
        assert str(back.amount) == "1500.00"

    @given(amount=strat.decimals())
    def test_every_decimal_keeps_its_exact_digits_and_exponent(self, amount: Decimal) -> None:
        back = round_trip(make_deal(amount=amount), Deal).amount
        assert back is not None
        assert back.as_tuple() == amount.as_tuple()

    def test_a_date_is_written_as_year_month_day(self) -> None:
        deal = make_deal(close_date=_dt.date(2026, 3, 1))
        assert to_dict(deal)["close_date"] == "2026-03-01"
        assert round_trip(deal, Deal).close_date == _dt.date(2026, 3, 1)

    def test_enums_are_written_by_value_and_frozensets_as_sorted_lists(self) -> None:
        user = make_user(
            team_ids={"t2", "t1"}, seats={Seat.SERVICE, Seat.SALES}, permissions={Permission.MANAGE_CS_SETTINGS}
        )
        data = to_dict(user)
        assert data["team_ids"] == ["t1", "t2"]
        assert data["seats"] == ["sales", "service"]
        assert data["permissions"] == ["manage_cs_settings"]
        assert round_trip(user, User) == user

    def test_tuples_are_written_as_lists(self) -> None:
        data = to_dict(make_deal(contact_ids=("c2", "c1")))
        assert data["contact_ids"] == ["c2", "c1"]
        assert json.loads(to_json(make_pipeline()))["stages"][0] == {"id": "new", "label": "New", "state": "open"}

    def test_properties_come_back_as_a_read_only_mapping(self) -> None:
        contact = make_contact(properties={"plan": "gold"})
        back = round_trip(contact, Contact)
        assert isinstance(back.properties, MappingProxyType)
        assert back.properties == {"plan": "gold"}

    def test_property_values_that_json_cannot_tell_apart_are_tagged(self) -> None:
        contact = make_contact(
            properties={
                "looks_like_a_date": "2026-03-01",
                "money": Decimal("1.50"),
                "flag": True,
                "count": 1,
                "ratio": 1.0,
                "at": pendulum.datetime(2026, 3, 1, 9, 30, tz=BERLIN),
                "on": _dt.date(2026, 3, 1),
                "empty": None,
            }
        )
        assert to_dict(contact)["properties"] == {
            "looks_like_a_date": "2026-03-01",
            "money": {"decimal": "1.50"},
            "flag": True,
            "count": 1,
            "ratio": 1.0,
            "at": {"datetime": "2026-03-01T09:30:00+01:00[Europe/Berlin]"},
            "on": {"date": "2026-03-01"},
            "empty": None,
        }
        back = round_trip(contact, Contact).properties
        assert [type(back[k]).__name__ for k in ("looks_like_a_date", "money", "flag", "count", "ratio")] == [
            "str",
            "Decimal",
            "bool",
            "int",
            "float",
        ]
        assert isinstance(back["at"], pendulum.DateTime)
        assert type(back["on"]) is not _dt.datetime
        assert isinstance(back["on"], _dt.date)

    @given(props=strat.properties())
    def test_every_property_value_keeps_its_exact_type(self, props: dict[str, Any]) -> None:
        back = round_trip(make_contact(properties=props), Contact).properties
        assert back == props
        for key, value in props.items():
            if isinstance(value, _dt.datetime):
                assert isinstance(back[key], pendulum.DateTime)
            elif isinstance(value, _dt.date):
                assert isinstance(back[key], _dt.date)
                assert not isinstance(back[key], _dt.datetime)
            else:
                assert type(back[key]) is type(value)

    def test_floats_json_cannot_hold_are_tagged_in_properties(self) -> None:
        contact = make_contact(properties={"nan": float("nan"), "up": float("inf"), "down": float("-inf")})
        assert to_dict(contact)["properties"] == {
            "nan": {"float": "nan"},
            "up": {"float": "inf"},
            "down": {"float": "-inf"},
        }
        back = round_trip(contact, Contact).properties
        assert back["nan"] != back["nan"]
        assert (back["up"], back["down"]) == (float("inf"), float("-inf"))


class TestSnapshotDocument:
    def test_a_snapshot_is_one_object_with_a_list_per_kind_then_settings_and_strict(self) -> None:
        crm = CrmSnapshot.build(users=[make_user()], pipelines=[make_pipeline()], deals=[make_deal(owner_id="u1")])
        data = to_dict(crm)
        assert list(data) == [
            "users",
            "teams",
            "companies",
            "contacts",
            "leads",
            "deals",
            "tasks",
            "meetings",
            "calls",
            "emails",
            "notes",
            "pipelines",
            "settings",
            "strict",
        ]
        assert data["deals"][0]["owner_id"] == "u1"
        assert data["settings"] == {"closed_lifecycle_stages": ["customer", "evangelist"]}
        assert data["strict"] is True

    def test_every_key_is_optional_and_empty_lists_are_allowed(self) -> None:
        assert from_dict(CrmSnapshot, {}) == CrmSnapshot.build()
        assert from_dict(CrmSnapshot, {"users": [], "notes": []}) == CrmSnapshot.build()

    def test_strict_false_lets_references_dangle(self) -> None:
        doc = {"contacts": [{"id": "c1", "owner_id": "someone"}], "strict": False}
        crm = from_dict(CrmSnapshot, doc)
        assert crm.strict is False
        assert crm.contact("c1").owner_id == "someone"

    def test_a_meeting_keeps_its_start_and_end_zones(self) -> None:
        start = pendulum.datetime(2026, 3, 1, 9, 30, tz="Asia/Kolkata")
        end = pendulum.datetime(2026, 3, 1, 5, 30, tz=BERLIN)
        meeting = Meeting(id="m1", title="Demo", start=start, end=end)
        back = round_trip(meeting, Meeting)
        assert (back.start.timezone_name, back.end.timezone_name) == ("Asia/Kolkata", BERLIN)
