"""``validate_settings``: one test per problem code, and a document with many problems."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from guided_actions.errors import InvalidSettings, Problem
from guided_actions.success import (
    SETTINGS_PROBLEMS,
    CustomerSuccessSettings,
    CustomerView,
    ObjectSettings,
    PortalSchema,
    RevenueObjectSettings,
    RevenueSettings,
    ServicesSettings,
    Sharing,
    TeamWorkspace,
    Tier,
    ensure_valid,
    validate_settings,
)
from tests.success._support import evolve_customers, schema, settings, view, workspace

Case = Callable[[], tuple[CustomerSuccessSettings, PortalSchema]]


def _revenue(*objects: RevenueObjectSettings, default: str | None = None) -> RevenueSettings:
    return RevenueSettings(objects=objects, default_object=default)


def _deals(**changes: object) -> RevenueObjectSettings:
    fields: dict[str, object] = {
        "object_type": "deals",
        "owner_property": "hubspot_owner_id",
        "pipeline_ids": ("default",),
    }
    fields.update(changes)
    return RevenueObjectSettings(**fields)  # type: ignore[arg-type]


def _services(**changes: object) -> ServicesSettings:
    fields: dict[str, object] = {
        "object_type": "services",
        "owner_property": "hubspot_owner_id",
        "pipeline_ids": ("onboarding",),
    }
    fields.update(changes)
    return ServicesSettings(**fields)  # type: ignore[arg-type]


CASES: list[tuple[str, Case, str]] = [
    (
        "unknown_object",
        lambda: (evolve_customers(settings(), object_type="compnies"), schema()),
        "customers.object_type",
    ),
    (
        "customer_object_not_allowed",
        lambda: (
            evolve_customers(
                settings(), object_type="deals", owner_property="hubspot_owner_id", renewal_date_property=None
            ),
            schema(),
        ),
        "customers.object_type",
    ),
    (
        "custom_object_requires_enterprise",
        lambda: (
            evolve_customers(
                settings(tier=Tier.PROFESSIONAL), object_type="subscriptions", renewal_date_property="end_date"
            ),
            schema(),
        ),
        "customers.object_type",
    ),
    ("services_not_enabled", lambda: (settings(), schema(services_enabled=False)), "services"),
    (
        "too_many_revenue_objects",
        lambda: (
            settings(
                revenue=_revenue(
                    _deals(),
                    _deals(object_type="subscriptions", pipeline_ids=("subs",)),
                    _deals(object_type="contacts", pipeline_ids=()),
                )
            ),
            schema(),
        ),
        "revenue.objects",
    ),
    (
        "revenue_object_not_allowed",
        lambda: (settings(revenue=_revenue(_deals(), _deals(object_type="companies", pipeline_ids=()))), schema()),
        "revenue.objects[1].object_type",
    ),
    (
        "duplicate_revenue_object",
        lambda: (settings(revenue=_revenue(_deals(), _deals())), schema()),
        "revenue.objects[1].object_type",
    ),
    (
        "default_object_not_selected",
        lambda: (settings(revenue=_revenue(_deals(), default="subscriptions")), schema()),
        "revenue.default_object",
    ),
    (
        "unknown_property",
        lambda: (evolve_customers(settings(), owner_property="csm_ownr"), schema()),
        "customers.owner_property",
    ),
    (
        "owner_property_not_user",
        lambda: (evolve_customers(settings(), owner_property="industry"), schema()),
        "customers.owner_property",
    ),
    (
        "date_property_not_date",
        lambda: (settings(revenue=_revenue(_deals(end_date_property="amount"))), schema()),
        "revenue.objects[0].end_date_property",
    ),
    (
        "unknown_pipeline",
        lambda: (settings(services=_services(pipeline_ids=("onboarding", "consultng"))), schema()),
        "services.pipeline_ids[1]",
    ),
    (
        "default_pipeline_not_selected",
        lambda: (
            settings(
                revenue=_revenue(
                    _deals(), _deals(object_type="subscriptions", pipeline_ids=("subs",), default_pipeline_id="other")
                )
            ),
            schema(),
        ),
        "revenue.objects[1].default_pipeline_id",
    ),
    (
        "too_many_workspaces",
        lambda: (
            settings(workspaces=tuple(workspace(i) for i in range(6))),
            schema(teams=frozenset(f"team{i}" for i in range(6))),
        ),
        "workspaces",
    ),
    (
        "team_in_several_workspaces",
        lambda: (
            settings(workspaces=(workspace(1, team_ids={"emea"}), workspace(2, team_ids={"emea", "amer"}))),
            schema(),
        ),
        "workspaces[1].team_ids",
    ),
    (
        "unknown_team",
        lambda: (settings(workspaces=(workspace(1, team_ids={"emae"}),)), schema()),
        "workspaces[0].team_ids",
    ),
    (
        "workspace_without_team",
        lambda: (settings(workspaces=(workspace(1, team_ids=()),)), schema()),
        "workspaces[0].team_ids",
    ),
    (
        "duplicate_workspace",
        lambda: (
            settings(workspaces=(workspace(1, team_ids={"emea"}), workspace(1, name="Other", team_ids={"amer"}))),
            schema(),
        ),
        "workspaces[1].id",
    ),
    (
        "too_many_default_views",
        lambda: (settings(default_views=tuple(view(i) for i in range(7))), schema()),
        "default_views",
    ),
    (
        "default_view_not_shared",
        lambda: (settings(default_views=(view(1, sharing=Sharing.PRIVATE),)), schema()),
        "default_views[0].sharing",
    ),
    (
        "default_view_without_description",
        lambda: (settings(default_views=(view(1, description="  "),)), schema()),
        "default_views[0].description",
    ),
    ("too_many_reports", lambda: (settings(reports=tuple(f"r{i}" for i in range(6))), schema()), "reports"),
    (
        "services_object_not_allowed",
        lambda: (settings(services=_services(object_type="deals", pipeline_ids=("default",))), schema()),
        "services.object_type",
    ),
]


def test_the_fixture_settings_are_valid() -> None:
    assert validate_settings(settings(), schema()) == ()


@pytest.mark.parametrize(("code", "case", "path"), [pytest.param(*c, id=c[0]) for c in CASES])
def test_each_problem_code_is_reported_with_its_path(code: str, case: Case, path: str) -> None:
    given, portal = case()
    problems = validate_settings(given, portal)
    assert Problem(code, path, problems[0].message) in problems or any(
        p.code == code and p.path == path for p in problems
    ), problems
    assert all(p.code in SETTINGS_PROBLEMS for p in problems)


def test_every_code_of_the_table_has_a_test() -> None:
    assert {code for code, _, _ in CASES} == set(SETTINGS_PROBLEMS)


def test_unknown_names_come_with_a_did_you_mean_suggestion() -> None:
    problems = validate_settings(
        settings(
            customers=ObjectSettings(object_type="compnies", owner_property="x"),
            services=_services(pipeline_ids=("onbording",)),
            workspaces=(workspace(1, team_ids={"emae"}),),
        ),
        schema(),
    )
    messages = {p.path: p.message for p in problems}
    assert messages["customers.object_type"].endswith("did you mean 'companies'?")
    assert messages["services.pipeline_ids[0]"].endswith("did you mean 'onboarding'?")
    assert messages["workspaces[0].team_ids"].endswith("did you mean 'emea'?")


def test_an_unknown_name_far_from_every_candidate_gets_no_suggestion() -> None:
    problems = validate_settings(evolve_customers(settings(), owner_property="zzzzzz"), schema())
    assert problems[0].message == "'companies' has no property 'zzzzzz'"


def test_a_document_with_many_problems_reports_all_of_them_with_their_paths() -> None:
    bad = CustomerSuccessSettings(
        tier=Tier.PROFESSIONAL,
        customers=ObjectSettings(object_type="subscriptions", owner_property="plan", renewal_date_property="plan"),
        services=ServicesSettings(
            object_type="services",
            owner_property="nobody",
            pipeline_ids=("onboarding",),
            default_pipeline_id="consulting",
        ),
        revenue=RevenueSettings(
            objects=(
                RevenueObjectSettings(
                    object_type="deals", owner_property="hubspot_owner_id", pipeline_ids=("default",)
                ),
                RevenueObjectSettings(
                    object_type="deals",
                    owner_property="amount",
                    pipeline_ids=("renewal",),
                    default_pipeline_id="default",
                ),
                RevenueObjectSettings(object_type="tickets", owner_property="x", pipeline_ids=()),
            ),
            default_object="subscriptions",
        ),
        workspaces=(
            TeamWorkspace(id="a", name="A", team_ids={"emea"}),
            TeamWorkspace(id="b", name="a", team_ids={"emea", "mars"}),
            TeamWorkspace(id="c", name="C", team_ids=()),
        ),
        default_views=(CustomerView(id="v", name="Mine", sharing=Sharing.TEAM),),
        reports=("1", "2", "3", "4", "5", "6"),
    )
    found = {(p.code, p.path) for p in validate_settings(bad, schema(services_enabled=False))}
    assert found == {
        ("custom_object_requires_enterprise", "customers.object_type"),
        ("owner_property_not_user", "customers.owner_property"),
        ("date_property_not_date", "customers.renewal_date_property"),
        ("services_not_enabled", "services"),
        ("unknown_property", "services.owner_property"),
        ("default_pipeline_not_selected", "services.default_pipeline_id"),
        ("too_many_revenue_objects", "revenue.objects"),
        ("duplicate_revenue_object", "revenue.objects[1].object_type"),
        ("owner_property_not_user", "revenue.objects[1].owner_property"),
        ("unknown_pipeline", "revenue.objects[1].pipeline_ids[0]"),
        ("default_pipeline_not_selected", "revenue.objects[1].default_pipeline_id"),
        ("unknown_object", "revenue.objects[2].object_type"),
        ("default_object_not_selected", "revenue.default_object"),
        ("duplicate_workspace", "workspaces[1].name"),
        ("unknown_team", "workspaces[1].team_ids"),
        ("team_in_several_workspaces", "workspaces[1].team_ids"),
        ("workspace_without_team", "workspaces[2].team_ids"),
        ("default_view_not_shared", "default_views[0].sharing"),
        ("default_view_without_description", "default_views[0].description"),
        ("too_many_reports", "reports"),
    }


def test_ensure_valid_returns_valid_settings_and_raises_every_problem_otherwise() -> None:
    good = settings()
    assert ensure_valid(good, schema()) is good
    with pytest.raises(InvalidSettings) as info:
        ensure_valid(settings(reports=tuple("abcdef"), default_views=(view(1, sharing=Sharing.PRIVATE),)), schema())
    assert [p.code for p in info.value.problems] == ["default_view_not_shared", "too_many_reports"]


def test_a_custom_customer_object_is_fine_on_enterprise() -> None:
    given = evolve_customers(settings(), object_type="subscriptions", renewal_date_property="end_date")
    assert validate_settings(given, schema()) == ()


def test_hubspot_default_views_need_no_description() -> None:
    given = settings(
        default_views=(CustomerView(id="a", name="Assigned", sharing=Sharing.EVERYONE, is_hubspot_default=True),)
    )
    assert validate_settings(given, schema()) == ()


def test_settings_without_services_or_revenue_are_valid_even_when_services_are_off() -> None:
    given = attrs.evolve(settings(), services=None, revenue=None)
    assert validate_settings(given, schema(services_enabled=False)) == ()
