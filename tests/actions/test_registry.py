"""The registry and the rule building blocks: table order, host rules, variants, validation."""

from __future__ import annotations

import datetime as dt
import runpy
from pathlib import Path
from typing import Any

import attrs
import pytest

from guided_actions._builders import make_deal
from guided_actions.actions import (
    DONE_REASONS,
    LAPSED_REASONS,
    ActionCategory,
    ActionType,
    Candidate,
    Context,
    Criterion,
    Rule,
    RuleRegistry,
    default_registry,
    explain,
    reconcile,
    render_rule_table,
)
from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError
from tests.actions._scenes import DAY, NOW, base, find, scene

EXAMPLE = Path(__file__).parents[2] / "examples" / "custom_rule.py"


def _no_amount(ctx: Context, c: Candidate) -> bool:
    return c.record.amount is None


def _assigned(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.owner_id == c.owner.id)


HOST_RULE = Rule(
    type="deal_without_amount",
    title="Add an amount",
    subject=ObjectType.DEAL,
    category=ActionCategory.DEAL,
    criteria=(
        Criterion(name="assigned_to_you", description="assigned to you", test=_assigned),
        Criterion(name="no_amount", description="the deal has no amount", test=_no_amount),
    ),
    conditions=(
        Criterion(name="amount_set", description="an amount was set", test=lambda ctx, c: not _no_amount(ctx, c)),
    ),
    key=lambda ctx, c: str(c.record.id),
)


class TestRegistry:
    def test_the_default_registry_holds_the_19_rules_in_table_order(self) -> None:
        registry = default_registry()
        assert len(registry) == 19
        assert [rule.type for rule in registry] == [t.value for t in ActionType]

    def test_each_call_builds_a_new_registry(self) -> None:
        first = default_registry()
        first.register(HOST_RULE)
        assert "deal_without_amount" not in default_registry()
        assert "deal_without_amount" in first

    def test_lookups_accept_the_enum_or_its_value(self) -> None:
        registry = default_registry()
        assert ActionType.EMAIL_REPLIES in registry
        assert registry.get(ActionType.EMAIL_REPLIES) is registry.get("email_replies")
        assert registry.get("nope") is None
        assert 42 not in registry

    def test_a_duplicate_type_name_is_refused(self) -> None:
        registry = default_registry()
        with pytest.raises(GuidedActionsError, match="already registered"):
            registry.register(attrs.evolve(HOST_RULE, type="email_replies"))

    def test_action_type_values_are_the_snake_case_names(self) -> None:
        assert all(t.value == t.name.lower() for t in ActionType)
        assert isinstance(ActionType.EMAIL_REPLIES, str)

    def test_categories_and_combined_flags_follow_the_table(self) -> None:
        registry = default_registry()
        combined = [rule.type for rule in registry if rule.combined]
        assert combined == ["log_meeting_outcome", "log_call_outcome", "todays_high_priority_tasks"]
        none = [rule.type for rule in registry if rule.category is None]
        assert none == [
            "follow_up_meeting",
            "log_meeting_outcome",
            "log_call_outcome",
            "upcoming_meeting_prep",
            "todays_high_priority_tasks",
        ]


class TestHostRules:
    def test_a_host_rule_shows_up_in_reconcile_and_explain(self) -> None:
        registry = default_registry()
        registry.register(HOST_RULE)
        s = base(make_deal(owner_id="u1", created_at=NOW), subject=ObjectRef(ObjectType.DEAL, "d1"))
        created = reconcile(s.build(), now=NOW, registry=registry).created
        assert [a.type for a in created] == ["deal_without_amount"]
        report = explain(s.build(), "deal_without_amount", s.subject, user_id="u1", now=NOW, registry=registry)
        assert report.would_create
        assert [c.name for c in report.criteria] == ["assigned_to_you", "no_amount"]

    def test_a_variant_with_other_numbers_is_a_new_rule(self) -> None:
        registry = RuleRegistry()
        rule = default_registry().require(ActionType.RECENTLY_ENGAGED_LEADS)
        registry.register(attrs.evolve(rule, type="engaged_leads_14_days", window=14 * DAY))
        s = scene(ActionType.RECENTLY_ENGAGED_LEADS).change("leads", "l1", last_engaged_at=NOW - 10 * DAY)
        assert [a.type for a in reconcile(s.build(), now=NOW, registry=registry).created] == ["engaged_leads_14_days"]
        assert find(s.reconcile().created, ActionType.RECENTLY_ENGAGED_LEADS, s) is None
        assert "14 days" in render_rule_table(registry)

    def test_the_example_runs(self, capsys: pytest.CaptureFixture[str]) -> None:
        runpy.run_path(str(EXAMPLE), run_name="__main__")
        assert "Set a close date on a big deal" in capsys.readouterr().out


class TestRuleValidation:
    @pytest.mark.parametrize(
        ("change", "message"),
        [
            pytest.param({"type": "Bad Name"}, "snake_case", id="type name"),
            pytest.param({"criteria": ()}, "at least one", id="no criteria"),
            pytest.param(
                {"conditions": (HOST_RULE.conditions[0], HOST_RULE.conditions[0])}, "unique", id="duplicate condition"
            ),
        ],
    )
    def test_a_rule_that_cannot_be_right_is_refused(self, change: dict[str, Any], message: str) -> None:
        with pytest.raises(GuidedActionsError, match=message):
            attrs.evolve(HOST_RULE, **change)

    def test_a_criterion_needs_a_snake_case_name(self) -> None:
        with pytest.raises(GuidedActionsError, match="snake_case"):
            Criterion(name="Not ok", description="x", test=_assigned)

    def test_register_takes_only_rules(self) -> None:
        with pytest.raises(GuidedActionsError, match="Rule"):
            RuleRegistry().register("email_replies")  # type: ignore[arg-type]

    def test_unknown_types_get_a_suggestion(self) -> None:
        with pytest.raises(GuidedActionsError, match="did you mean 'email_replies'"):
            default_registry().require("email_reply")

    def test_descriptions_name_the_rules_numbers(self) -> None:
        rule = default_registry().require(ActionType.UPCOMING_MEETING_PREP)
        described = [c.describe(rule) for c in rule.criteria]
        assert "less than 10 minutes have passed since the meeting started" in described
        assert "the meeting starts within 24 hours" in described
        assert rule.delay == dt.timedelta(minutes=10)


class TestTheTableIsChecked:
    def test_every_expiry_reason_of_the_built_ins_is_a_known_reason(self) -> None:
        reasons = {c.name for rule in default_registry() for c in rule.conditions}
        assert reasons <= DONE_REASONS | LAPSED_REASONS
        assert not DONE_REASONS & LAPSED_REASONS

    def test_a_condition_is_marked_done_exactly_when_its_reason_is_a_done_reason(self) -> None:
        for rule in default_registry():
            for condition in rule.conditions:
                assert condition.done == (condition.name in DONE_REASONS), (rule.type, condition.name)
