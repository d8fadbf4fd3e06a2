"""Bad documents: refused as ``InvalidDocument``, one problem per bad field, each with its path."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import pytest

from guided_actions._builders import make_deal
from guided_actions.crm import Contact, CrmSnapshot, Deal, Meeting, Pipeline, Task
from guided_actions.errors import GuidedActionsError, InvalidDocument, InvalidSnapshot, Problem
from guided_actions.serialization import from_dict, from_json, to_dict, to_json

DEAL = {"id": "d1", "name": "Deal", "pipeline_id": "deals", "stage_id": "new"}


def problems(cls: Any, data: object) -> list[Problem]:
    """The problems ``from_dict`` reports (it must refuse)."""
    with pytest.raises(InvalidDocument) as caught:
        from_dict(cls, data)
    assert isinstance(caught.value, GuidedActionsError)
    assert caught.value.problems, "a refusal must carry at least one problem"
    for problem in caught.value.problems:
        assert problem.path in str(caught.value)
    return list(caught.value.problems)


def only(cls: Any, data: object) -> Problem:
    """The single problem ``from_dict`` reports."""
    found = problems(cls, data)
    assert len(found) == 1, found
    return found[0]


class TestOneBadField:
    def test_an_unknown_key_is_refused_with_a_suggestion(self) -> None:
        problem = only(Deal, {**DEAL, "amuont": "5"})
        assert (problem.code, problem.path) == ("unknown_key", "$.amuont")
        assert "did you mean 'amount'?" in problem.message

    def test_a_missing_required_field_is_refused(self) -> None:
        problem = only(Deal, {k: v for k, v in DEAL.items() if k != "pipeline_id"})
        assert (problem.code, problem.path) == ("missing_field", "$.pipeline_id")
        assert "pipeline_id" in problem.message

    def test_a_number_where_a_string_belongs_is_refused_not_converted(self) -> None:
        problem = only(Deal, {**DEAL, "name": 12})
        assert (problem.code, problem.path) == ("wrong_type", "$.name")
        assert "expected a string" in problem.message

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            pytest.param("tracked", "false", id="a string for a bool"),
            pytest.param("tracked", 0, id="a number for a bool"),
            pytest.param("to_addresses", "a@b.example", id="a string for a list"),
            pytest.param("sent_at", 1767603600, id="a number for a datetime"),
        ],
    )
    def test_a_value_of_the_wrong_json_type_is_refused(self, field: str, value: object) -> None:
        email = {
            "id": "e1",
            "direction": "outgoing",
            "from_address": "a@b.example",
            "to_addresses": ["c@d.example"],
            "sent_at": "2026-01-05T09:00:00+00:00",
            field: value,
        }
        from guided_actions.crm import Email

        problem = only(Email, email)
        assert (problem.code, problem.path) == ("wrong_type", f"$.{field}")

    def test_a_naive_datetime_is_refused(self) -> None:
        problem = only(Deal, {**DEAL, "created_at": "2026-01-05T09:00:00"})
        assert (problem.code, problem.path) == ("naive_datetime", "$.created_at")
        assert "no UTC offset" in problem.message

    @pytest.mark.parametrize("text", ["now", "tomorrow", "2026-01-05", "5 Jan 2026 09:00 +0000", ""])
    def test_a_fuzzy_or_partial_datetime_is_refused(self, text: str) -> None:
        problem = only(Deal, {**DEAL, "created_at": text})
        assert (problem.code, problem.path) == ("invalid_datetime", "$.created_at")

    def test_an_unknown_zone_is_refused(self) -> None:
        problem = only(Deal, {**DEAL, "created_at": "2026-01-05T09:00:00+01:00[Europe/Atlantis]"})
        assert (problem.code, problem.path) == ("unknown_timezone", "$.created_at")
        assert "Europe/Atlantis" in problem.message

    def test_a_zone_that_disagrees_with_the_offset_is_refused(self) -> None:
        problem = only(Deal, {**DEAL, "created_at": "2026-03-01T09:30:00+01:00[Asia/Kolkata]"})
        assert (problem.code, problem.path) == ("zone_offset_mismatch", "$.created_at")
        assert "+05:30" in problem.message

    def test_an_offset_valid_only_in_summer_is_refused_in_winter(self) -> None:
        problem = only(Deal, {**DEAL, "created_at": "2026-01-05T09:00:00+02:00[Europe/Berlin]"})
        assert problem.code == "zone_offset_mismatch"

    def test_a_bad_enum_value_is_refused_with_the_choices(self) -> None:
        problem = only(Task, {"id": "t1", "title": "Call back", "status": "done"})
        assert (problem.code, problem.path) == ("invalid_enum", "$.status")
        assert "not_started" in problem.message
        assert "completed" in problem.message

    @pytest.mark.parametrize("text", ["1,5", "1_000", " 1", "NaN", "Infinity", "1.5.0", ""])
    def test_a_bad_decimal_is_refused(self, text: str) -> None:
        problem = only(Deal, {**DEAL, "amount": text})
        assert (problem.code, problem.path) == ("invalid_decimal", "$.amount")

    def test_a_decimal_written_as_a_json_number_is_refused(self) -> None:
        problem = only(Deal, {**DEAL, "amount": 1500.0})
        assert (problem.code, problem.path) == ("wrong_type", "$.amount")

    def test_a_datetime_where_a_date_belongs_is_refused(self) -> None:
        problem = only(Deal, {**DEAL, "close_date": "2026-03-01T00:00:00+00:00"})
        assert (problem.code, problem.path) == ("invalid_date", "$.close_date")

    def test_a_negative_amount_is_refused_by_the_entity_at_its_field(self) -> None:
        problem = only(Deal, {**DEAL, "amount": "-5.00"})
        assert (problem.code, problem.path) == ("invalid_entity", "$.amount")
        assert "Deal.amount" in problem.message
        assert "negative" in problem.message

    def test_a_meeting_ending_before_it_starts_is_refused_at_its_end(self) -> None:
        meeting = {"id": "m1", "title": "Demo", "start": "2026-01-05T10:00:00Z", "end": "2026-01-05T09:00:00Z"}
        problem = only(Meeting, meeting)
        assert (problem.code, problem.path) == ("invalid_entity", "$.end")

    def test_a_pipeline_without_stages_is_refused(self) -> None:
        problem = only(Pipeline, {"id": "p", "object_type": "deal", "label": "Sales", "stages": []})
        assert (problem.code, problem.path) == ("invalid_entity", "$.stages")

    def test_a_property_value_of_no_known_shape_is_refused_at_its_key(self) -> None:
        problem = only(Contact, {"id": "c1", "properties": {"plan": {"money": "1"}}})
        assert (problem.code, problem.path) == ("invalid_property", "$.properties.plan")

    def test_a_property_key_that_is_not_an_identifier_is_quoted_in_the_path(self) -> None:
        problem = only(Contact, {"id": "c1", "properties": {"annual revenue": {"decimal": "x"}}})
        assert (problem.code, problem.path) == ("invalid_decimal", '$.properties["annual revenue"]')

    def test_a_list_where_an_object_belongs_is_refused_at_the_top(self) -> None:
        problem = only(Deal, [DEAL])
        assert (problem.code, problem.path) == ("wrong_type", "$")

    def test_text_that_is_not_json_is_refused(self) -> None:
        with pytest.raises(InvalidDocument) as caught:
            from_json(Deal, '{"id": "d1",')
        assert caught.value.problems[0].code == "invalid_json"

    def test_nan_is_not_json(self) -> None:
        with pytest.raises(InvalidDocument) as caught:
            from_json(Deal, '{"id": NaN}')
        assert caught.value.problems[0].code == "invalid_json"


class TestManyBadFields:
    def test_every_bad_field_of_a_document_is_reported_at_once(self) -> None:
        doc = {
            "users": [{"id": "u1", "email": "u1@vendor.example", "seats": ["sales", "admin"]}],
            "contacts": [
                {"id": "c1"},
                {"id": "c2", "created_at": "2026-01-05T09:00:00"},
                {"id": "c3", "emial": "c3@customer.example"},
                {"id": "c4", "created_at": "now"},
            ],
            "deals": [{"id": "d1", "name": "Deal", "stage_id": "new", "amount": "-1"}],
            "tasks": "none",
            "setings": {},
        }
        found = {(p.code, p.path) for p in problems(CrmSnapshot, doc)}
        assert found == {
            ("invalid_enum", "$.users[0].seats[1]"),
            ("naive_datetime", "$.contacts[1].created_at"),
            ("unknown_key", "$.contacts[2].emial"),
            ("invalid_datetime", "$.contacts[3].created_at"),
            ("missing_field", "$.deals[0].pipeline_id"),
            ("wrong_type", "$.tasks"),
            ("unknown_key", "$.setings"),
        }

    def test_an_entity_refusal_is_reported_next_to_the_other_problems(self) -> None:
        doc = {"deals": [{**DEAL, "amount": "-1"}, {**DEAL, "id": "d2", "owner_id": 7}]}
        found = {(p.code, p.path) for p in problems(CrmSnapshot, doc)}
        assert found == {("invalid_entity", "$.deals[0].amount"), ("wrong_type", "$.deals[1].owner_id")}

    def test_a_well_formed_but_inconsistent_snapshot_raises_invalid_snapshot(self) -> None:
        doc = {"deals": [DEAL], "contacts": [{"id": "c1", "owner_id": "ghost"}]}
        with pytest.raises(InvalidSnapshot) as caught:
            from_dict(CrmSnapshot, doc)
        codes = {p.code for p in caught.value.problems}
        assert codes == {"unknown_pipeline", "dangling_reference"}

    def test_problems_nested_in_lists_of_snapshots_get_the_full_path(self) -> None:
        found = problems(list[CrmSnapshot], [{}, {"contacts": [{"id": "c1", "owner_id": "ghost"}]}])
        assert [(p.code, p.path) for p in found] == [("dangling_reference", "$[1].contacts[c1].owner_id")]


class TestWriting:
    def test_a_decimal_that_could_not_be_read_back_is_not_written(self) -> None:
        deal = make_deal()
        object.__setattr__(deal, "amount", Decimal("NaN"))
        with pytest.raises(GuidedActionsError):
            to_json(deal)

    def test_a_naive_datetime_smuggled_past_validation_is_written_without_offset_and_refused_on_reading(self) -> None:
        deal = make_deal()
        object.__setattr__(deal, "created_at", _dt.datetime(2026, 1, 5, 9, 0))
        with pytest.raises(InvalidDocument):
            from_dict(Deal, to_dict(deal))
