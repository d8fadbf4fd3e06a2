"""The library's errors: one base class, data kept as attributes, messages built from the data."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest

from guided_actions.errors import (
    AccessDenied,
    CommandRefused,
    GuidedActionsError,
    InvalidDocument,
    InvalidEntity,
    InvalidSettings,
    InvalidSnapshot,
    Problem,
)

PROBLEMS = (
    Problem("duplicate_id", "deals[d1]", "deal id 'd1' appears more than once"),
    Problem("missing_setting", "", "no workspace is configured"),
)


class TestProblem:
    def test_a_problem_takes_code_path_and_message_positionally_or_by_keyword(self) -> None:
        assert Problem("c", "p", "m") == Problem(code="c", path="p", message="m")

    def test_a_problem_prints_its_path_message_and_code(self) -> None:
        assert str(PROBLEMS[0]) == "deals[d1]: deal id 'd1' appears more than once [duplicate_id]"

    def test_a_problem_without_a_path_prints_its_message_and_code(self) -> None:
        assert str(PROBLEMS[1]) == "no workspace is configured [missing_setting]"

    def test_a_problem_is_frozen_and_hashable_by_value(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            PROBLEMS[0].code = "other"  # type: ignore[misc]
        assert len({*PROBLEMS, Problem("missing_setting", "", "no workspace is configured")}) == 2


class TestHierarchy:
    @pytest.mark.parametrize(
        "error",
        [
            pytest.param(InvalidEntity("Deal", "amount", -1, "must not be negative"), id="InvalidEntity"),
            pytest.param(InvalidSnapshot(PROBLEMS), id="InvalidSnapshot"),
            pytest.param(InvalidSettings(PROBLEMS), id="InvalidSettings"),
            pytest.param(InvalidDocument(PROBLEMS), id="InvalidDocument"),
            pytest.param(CommandRefused("capacity_reached", "The partner has no capacity left."), id="CommandRefused"),
            pytest.param(AccessDenied("u2 may not see u1's schedule"), id="AccessDenied"),
        ],
    )
    def test_every_error_is_a_guided_actions_error_and_a_value_error(self, error: GuidedActionsError) -> None:
        assert isinstance(error, GuidedActionsError)
        assert isinstance(error, ValueError)
        with pytest.raises(GuidedActionsError):
            raise error

    @pytest.mark.parametrize(
        "error",
        [
            pytest.param(InvalidEntity("Deal", "amount", -1, "must not be negative"), id="InvalidEntity"),
            pytest.param(InvalidSnapshot(PROBLEMS), id="InvalidSnapshot"),
            pytest.param(InvalidSettings(PROBLEMS[:1]), id="InvalidSettings"),
            pytest.param(InvalidDocument([]), id="InvalidDocument"),
            pytest.param(CommandRefused("capacity_reached", "No capacity left."), id="CommandRefused"),
            pytest.param(AccessDenied("no"), id="AccessDenied"),
            pytest.param(GuidedActionsError("bad input"), id="GuidedActionsError"),
        ],
    )
    def test_every_error_survives_pickling_and_copying_with_its_data(self, error: GuidedActionsError) -> None:
        for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
            assert type(clone) is type(error)
            assert str(clone) == str(error)
            assert vars(clone) == vars(error)


class TestInvalidEntity:
    def test_the_error_keeps_class_field_value_and_reason_and_names_them_all(self) -> None:
        error = InvalidEntity("Meeting", "end", "yesterday", "must be a datetime")
        assert (error.cls, error.field, error.value, error.reason) == (
            "Meeting",
            "end",
            "yesterday",
            "must be a datetime",
        )
        assert str(error) == "Meeting.end: must be a datetime (got 'yesterday')"


class TestProblemErrors:
    def test_the_message_counts_and_lists_every_problem(self) -> None:
        error = InvalidSnapshot(PROBLEMS)
        assert error.problems == PROBLEMS
        assert str(error) == (
            "invalid CRM snapshot: 2 problems\n"
            "  - deals[d1]: deal id 'd1' appears more than once [duplicate_id]\n"
            "  - no workspace is configured [missing_setting]"
        )

    def test_one_problem_is_counted_in_the_singular(self) -> None:
        assert str(InvalidSettings(iter(PROBLEMS[1:]))).startswith("invalid settings: 1 problem\n")

    def test_problems_are_kept_as_a_tuple_whatever_iterable_was_given(self) -> None:
        error = InvalidDocument(p for p in PROBLEMS)
        assert error.problems == PROBLEMS
        assert str(error).startswith("invalid document: 2 problems")


class TestCommandRefused:
    def test_the_error_keeps_its_code_and_message(self) -> None:
        error = CommandRefused("capacity_reached", "The partner has no capacity left.")
        assert (error.code, error.message) == ("capacity_reached", "The partner has no capacity left.")
        assert str(error) == "The partner has no capacity left. [capacity_reached]"
