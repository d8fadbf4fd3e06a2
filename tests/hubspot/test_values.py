"""Decoding single wire values: every encoding the facts file lists, and what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.hubspot._values import (
    BadValue,
    decode_bool,
    decode_date,
    decode_decimal,
    decode_id,
    decode_instant,
    decode_int,
    decode_json,
    decode_many,
    decode_text,
    encode_instant,
)

UTC = pendulum.UTC


class TestNoValue:
    @pytest.mark.parametrize("blank", [None, "", "   "], ids=["null or absent", "empty string", "spaces"])
    @pytest.mark.parametrize(
        "decoder",
        [decode_text, decode_id, decode_bool, decode_decimal, decode_int, decode_instant, decode_date, decode_json],
    )
    def test_null_empty_and_absent_all_mean_no_value(self, decoder: object, blank: str | None) -> None:
        assert decoder(blank) is None  # type: ignore[operator]

    def test_a_blank_multi_value_is_an_empty_tuple(self) -> None:
        assert decode_many("") == ()
        assert decode_many(None) == ()


class TestInstants:
    @pytest.mark.parametrize(
        ("wire", "expected"),
        [
            pytest.param("2024-01-17T19:55:04.281Z", pendulum.datetime(2024, 1, 17, 19, 55, 4, 281000), id="Z with ms"),
            pytest.param("2024-01-17T19:55:04Z", pendulum.datetime(2024, 1, 17, 19, 55, 4), id="Z without fraction"),
            pytest.param(
                "2024-01-17T21:55:04.281+02:00", pendulum.datetime(2024, 1, 17, 19, 55, 4, 281000), id="offset"
            ),
            pytest.param(
                "2024-01-17T19:55:04.281+00:00", pendulum.datetime(2024, 1, 17, 19, 55, 4, 281000), id="+00:00"
            ),
            pytest.param("1572480000000", pendulum.datetime(2019, 10, 31), id="epoch ms string"),
            pytest.param("1705521304281", pendulum.datetime(2024, 1, 17, 19, 55, 4, 281000), id="epoch ms exact"),
            pytest.param(1705521304281, pendulum.datetime(2024, 1, 17, 19, 55, 4, 281000), id="epoch ms JSON number"),
            pytest.param("2020-02-29", pendulum.datetime(2020, 2, 29), id="date only is midnight UTC"),
            pytest.param(
                dt.datetime(2024, 1, 17, 19, 55, 4, tzinfo=dt.UTC),
                pendulum.datetime(2024, 1, 17, 19, 55, 4),
                id="to_dict datetime",
            ),
        ],
    )
    def test_every_documented_encoding_becomes_a_utc_pendulum_datetime(
        self, wire: object, expected: pendulum.DateTime
    ) -> None:
        value = decode_instant(wire)
        assert value == expected
        assert isinstance(value, pendulum.DateTime)
        assert value.utcoffset() == dt.timedelta(0)
        assert value.timezone_name == "UTC"

    def test_a_ten_digit_timestamp_is_reported_as_seconds_not_guessed(self) -> None:
        with pytest.raises(BadValue) as caught:
            decode_instant("1705521304")
        assert caught.value.code == "seconds_timestamp"

    @pytest.mark.parametrize("naive", ["2024-01-17T19:55:04", "2024-01-17 19:55:04.281"])
    def test_a_naive_date_time_is_refused(self, naive: str) -> None:
        with pytest.raises(BadValue) as caught:
            decode_instant(naive)
        assert caught.value.code == "naive_datetime"

    @pytest.mark.parametrize("garbage", ["yesterday", "now", "2024-13-45T00:00:00Z", "17/01/2024", "1.5e12", True])
    def test_unparsable_instants_are_refused(self, garbage: object) -> None:
        with pytest.raises(BadValue):
            decode_instant(garbage)

    def test_naive_datetime_objects_are_refused_too(self) -> None:
        with pytest.raises(BadValue):
            decode_instant(dt.datetime(2024, 1, 17))

    @given(
        st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC))
    )
    def test_what_encode_instant_writes_reads_back_to_the_millisecond(self, value: dt.datetime) -> None:
        back = decode_instant(encode_instant(value))
        assert back == value.replace(microsecond=value.microsecond // 1000 * 1000)


class TestDates:
    @pytest.mark.parametrize(
        ("wire", "expected"),
        [
            pytest.param("2020-02-29", pendulum.Date(2020, 2, 29), id="ISO date"),
            pytest.param("1430438400000", pendulum.Date(2015, 5, 1), id="midnight UTC epoch ms"),
            pytest.param(1430438400000, pendulum.Date(2015, 5, 1), id="midnight UTC epoch ms as number"),
        ],
    )
    def test_dates_are_iso_or_midnight_epoch_milliseconds(self, wire: object, expected: pendulum.Date) -> None:
        assert decode_date(wire) == expected

    @pytest.mark.parametrize("bad", ["1430438400001", "2020-02-30", "2020-02-29T00:00:00Z", "1430438400"])
    def test_a_date_that_is_not_midnight_or_not_a_date_is_refused(self, bad: str) -> None:
        with pytest.raises(BadValue):
            decode_date(bad)


class TestScalars:
    @pytest.mark.parametrize(("wire", "expected"), [("true", True), ("false", False), ("TRUE", True), (False, False)])
    def test_booleans_are_true_false_strings(self, wire: object, expected: bool) -> None:
        assert decode_bool(wire) is expected

    @pytest.mark.parametrize("bad", ["yes", "1", "0", 1])
    def test_other_boolean_spellings_are_refused(self, bad: object) -> None:
        with pytest.raises(BadValue):
            decode_bool(bad)

    @pytest.mark.parametrize(
        ("wire", "expected"), [("1500.00", Decimal("1500.00")), ("17", Decimal(17)), ("-3.5", Decimal("-3.5"))]
    )
    def test_numbers_are_decimal_strings(self, wire: str, expected: Decimal) -> None:
        assert decode_decimal(wire) == expected

    @pytest.mark.parametrize("bad", ["NaN", "Infinity", "12,5", "abc", True])
    def test_non_numbers_and_non_finite_numbers_are_refused(self, bad: object) -> None:
        with pytest.raises(BadValue):
            decode_decimal(bad)

    def test_whole_numbers_accept_a_trailing_zero_fraction_but_not_a_real_fraction(self) -> None:
        assert decode_int("3800") == 3800
        assert decode_int("2.0") == 2
        with pytest.raises(BadValue):
            decode_int("2.5")

    @pytest.mark.parametrize(
        ("wire", "expected"),
        [
            ("chocolate;strawberry", ("chocolate", "strawberry")),
            (";12345678;9101112", ("12345678", "9101112")),
            ("single", ("single",)),
        ],
    )
    def test_multi_values_split_on_semicolons_and_ignore_the_append_marker(
        self, wire: str, expected: tuple[str, ...]
    ) -> None:
        assert decode_many(wire) == expected

    @pytest.mark.parametrize(("wire", "expected"), [("784566996485", "784566996485"), (5790939450, "5790939450")])
    def test_ids_are_always_strings_even_when_the_json_has_a_number(self, wire: object, expected: str) -> None:
        assert decode_id(wire) == expected

    def test_a_boolean_is_not_an_id(self) -> None:
        with pytest.raises(BadValue):
            decode_id(True)

    def test_text_keeps_the_string_as_sent(self) -> None:
        assert decode_text("  Spaced  ") == "  Spaced  "


class TestJsonInAString:
    def test_escaped_email_headers_decode_to_an_object(self) -> None:
        wire = (
            '{"from":{"email":"from@domain.com","firstName":"FromFirst"},'
            '"to":[{"email":"ToFirst ToLast<to@test.com>"}]}'
        )
        headers = decode_json(wire)
        assert headers is not None
        assert headers["from"]["email"] == "from@domain.com"

    @pytest.mark.parametrize("bad", ["{not json", "[1, 2]", 42])
    def test_invalid_json_or_a_non_object_is_refused(self, bad: object) -> None:
        with pytest.raises(BadValue):
            decode_json(bad)
