"""``validate_settings``: every problem of customer success settings, at once.

All wording lives in :data:`SETTINGS_PROBLEMS`, one line per code, so a
problem's text is changed in one place and the docs can list the codes from
the code.  Unknown names (objects, properties, pipelines, teams) get a
"did you mean …?" suggestion when one is close (``difflib``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from guided_actions.errors import InvalidSettings, Problem
from guided_actions.success._common import did_you_mean, worded_problem
from guided_actions.success._settings import (
    CustomerSuccessSettings,
    CustomerView,
    ObjectSchema,
    PortalSchema,
    PropertyType,
    RevenueSettings,
    ServicesSettings,
    Sharing,
    TeamWorkspace,
    Tier,
)

__all__ = [
    "MAX_DEFAULT_VIEWS",
    "MAX_REPORTS",
    "MAX_REVENUE_OBJECTS",
    "MAX_WORKSPACES",
    "SETTINGS_PROBLEMS",
    "ensure_valid",
    "settings_problem",
    "validate_settings",
    "view_problems",
    "workspace_problems",
]

MAX_REVENUE_OBJECTS = 2
MAX_WORKSPACES = 5
MAX_DEFAULT_VIEWS = 6
MAX_REPORTS = 5
_CUSTOMER_OBJECTS = frozenset({"contacts", "companies"})
_DATE_TYPES = frozenset({PropertyType.DATE, PropertyType.DATETIME})

#: code -> message template (``str.format`` fields come from the call site).
SETTINGS_PROBLEMS: Mapping[str, str] = MappingProxyType(
    {
        "unknown_object": "the portal has no object {name!r}{hint}",
        "customer_object_not_allowed": "customers must be contacts, companies or a custom object, not {name!r}",
        "services_object_not_allowed": "services must be the services object or a custom object, not {name!r}",
        "custom_object_requires_enterprise": "the custom object {name!r} needs an Enterprise subscription",
        "services_not_enabled": "the services object is not enabled in this portal",
        "too_many_revenue_objects": "at most {limit} revenue objects can be selected, got {count}",
        "revenue_object_not_allowed": "a revenue object must be deals or a custom object, not {name!r}",
        "duplicate_revenue_object": "the revenue object {name!r} is selected twice",
        "default_object_not_selected": "the default revenue object {name!r} is not among the selected objects",
        "unknown_property": "{object!r} has no property {name!r}{hint}",
        "owner_property_not_user": "the owner property {name!r} is a {type} property, not a HubSpot user property",
        "date_property_not_date": "the date property {name!r} is a {type} property, not a date or datetime",
        "unknown_pipeline": "{object!r} has no pipeline {name!r}{hint}",
        "default_pipeline_not_selected": "the default pipeline {name!r} is not among the selected pipelines",
        "too_many_workspaces": "at most {limit} team workspaces can exist, got {count}",
        "team_in_several_workspaces": "the team {name!r} is already in the workspace {other!r}",
        "unknown_team": "the portal has no team {name!r}{hint}",
        "workspace_without_team": "the workspace {name!r} has no team",
        "duplicate_workspace": "another workspace already has the {field} {name!r}",
        "too_many_default_views": "at most {limit} default views can be set, got {count}",
        "default_view_not_shared": "the default view {name!r} must be shared with everyone, not {sharing}",
        "default_view_without_description": "the custom default view {name!r} needs a description",
        "too_many_reports": "at most {limit} reports can be on the summary tab, got {count}",
    }
)


def settings_problem(code: str, path: str, **fields: object) -> Problem:
    """A :class:`Problem` worded from :data:`SETTINGS_PROBLEMS` (``hint`` defaults to none)."""
    return worded_problem(SETTINGS_PROBLEMS, code, path, **fields)


def _object(name: str, path: str, schema: PortalSchema, problems: list[Problem]) -> ObjectSchema | None:
    found = schema.objects.get(name)
    if found is None:
        problems.append(settings_problem("unknown_object", path, name=name, hint=did_you_mean(name, schema.objects)))
    return found


def _property(
    obj: ObjectSchema, name: str | None, path: str, wanted: frozenset[PropertyType], code: str, problems: list[Problem]
) -> None:
    if name is None:
        return
    found = obj.properties.get(name)
    if found is None:
        hint = did_you_mean(name, obj.properties)
        problems.append(settings_problem("unknown_property", path, object=obj.name, name=name, hint=hint))
    elif found not in wanted:
        problems.append(settings_problem(code, path, name=name, type=found.value))


def _owner_and_date(
    obj: ObjectSchema, owner: str, owner_path: str, date: str | None, date_path: str, problems: list[Problem]
) -> None:
    _property(obj, owner, owner_path, frozenset({PropertyType.USER}), "owner_property_not_user", problems)
    _property(obj, date, date_path, _DATE_TYPES, "date_property_not_date", problems)


def _pipelines(
    obj: ObjectSchema | None,
    pipeline_ids: tuple[str, ...],
    default: str | None,
    path: str,
    problems: list[Problem],
) -> None:
    if obj is not None:
        for i, pipeline in enumerate(pipeline_ids):
            if pipeline not in obj.pipelines:
                hint = did_you_mean(pipeline, obj.pipelines)
                problems.append(
                    settings_problem(
                        "unknown_pipeline", f"{path}.pipeline_ids[{i}]", object=obj.name, name=pipeline, hint=hint
                    )
                )
    if default is not None and default not in pipeline_ids:
        problems.append(settings_problem("default_pipeline_not_selected", f"{path}.default_pipeline_id", name=default))


def _customers(settings: CustomerSuccessSettings, schema: PortalSchema, problems: list[Problem]) -> None:
    customers = settings.customers
    obj = _object(customers.object_type, "customers.object_type", schema, problems)
    if obj is None:
        return
    if obj.custom:
        if settings.tier is not Tier.ENTERPRISE:
            problems.append(
                settings_problem("custom_object_requires_enterprise", "customers.object_type", name=obj.name)
            )
    elif obj.name not in _CUSTOMER_OBJECTS:
        problems.append(settings_problem("customer_object_not_allowed", "customers.object_type", name=obj.name))
    _owner_and_date(
        obj,
        customers.owner_property,
        "customers.owner_property",
        customers.renewal_date_property,
        "customers.renewal_date_property",
        problems,
    )


def _services(services: ServicesSettings, tier: Tier, schema: PortalSchema, problems: list[Problem]) -> None:
    if not schema.services_enabled:
        problems.append(settings_problem("services_not_enabled", "services"))
    obj = _object(services.object_type, "services.object_type", schema, problems)
    if obj is not None:
        if obj.custom:
            if tier is not Tier.ENTERPRISE:
                problems.append(
                    settings_problem("custom_object_requires_enterprise", "services.object_type", name=obj.name)
                )
        elif obj.name != "services":
            problems.append(settings_problem("services_object_not_allowed", "services.object_type", name=obj.name))
        _owner_and_date(
            obj,
            services.owner_property,
            "services.owner_property",
            services.renewal_date_property,
            "services.renewal_date_property",
            problems,
        )
    _pipelines(obj, services.pipeline_ids, services.default_pipeline_id, "services", problems)


def _revenue(revenue: RevenueSettings, schema: PortalSchema, problems: list[Problem]) -> None:
    count = len(revenue.objects)
    if count > MAX_REVENUE_OBJECTS:
        problems.append(
            settings_problem("too_many_revenue_objects", "revenue.objects", limit=MAX_REVENUE_OBJECTS, count=count)
        )
    seen: set[str] = set()
    for i, item in enumerate(revenue.objects):
        path = f"revenue.objects[{i}]"
        if item.object_type in seen:
            problems.append(settings_problem("duplicate_revenue_object", f"{path}.object_type", name=item.object_type))
        seen.add(item.object_type)
        obj = _object(item.object_type, f"{path}.object_type", schema, problems)
        if obj is not None:
            if not obj.custom and obj.name != "deals":
                problems.append(settings_problem("revenue_object_not_allowed", f"{path}.object_type", name=obj.name))
            _owner_and_date(
                obj,
                item.owner_property,
                f"{path}.owner_property",
                item.end_date_property,
                f"{path}.end_date_property",
                problems,
            )
        _pipelines(obj, item.pipeline_ids, item.default_pipeline_id, path, problems)
    if revenue.default_object is not None and revenue.default_object not in seen:
        problems.append(
            settings_problem("default_object_not_selected", "revenue.default_object", name=revenue.default_object)
        )


def workspace_problems(workspaces: Iterable[TeamWorkspace], teams: frozenset[str] | None) -> list[Problem]:
    """The problems of a list of team workspaces (``teams=None``: do not check team names).

    Shared by :func:`validate_settings` and the workspace lifecycle helpers, so
    both refuse the same things in the same words.
    """
    problems: list[Problem] = []
    workspaces = tuple(workspaces)
    if len(workspaces) > MAX_WORKSPACES:
        problems.append(
            settings_problem("too_many_workspaces", "workspaces", limit=MAX_WORKSPACES, count=len(workspaces))
        )
    ids: set[str] = set()
    names: set[str] = set()
    team_home: dict[str, str] = {}
    for i, workspace in enumerate(workspaces):
        path = f"workspaces[{i}]"
        if workspace.id in ids:
            problems.append(settings_problem("duplicate_workspace", f"{path}.id", field="id", name=workspace.id))
        name_key = workspace.name.strip().casefold()
        if name_key in names:
            problems.append(settings_problem("duplicate_workspace", f"{path}.name", field="name", name=workspace.name))
        ids.add(workspace.id)
        names.add(name_key)
        if not workspace.team_ids:
            problems.append(settings_problem("workspace_without_team", f"{path}.team_ids", name=workspace.name))
        for team in sorted(workspace.team_ids):
            if teams is not None and team not in teams:
                problems.append(
                    settings_problem("unknown_team", f"{path}.team_ids", name=team, hint=did_you_mean(team, teams))
                )
            other = team_home.get(team)
            if other is not None:
                problems.append(
                    settings_problem("team_in_several_workspaces", f"{path}.team_ids", name=team, other=other)
                )
            else:
                team_home[team] = workspace.name
    return problems


def view_problems(views: Iterable[CustomerView]) -> list[Problem]:
    """The problems of the default views: how many, how shared, described."""
    problems: list[Problem] = []
    views = tuple(views)
    if len(views) > MAX_DEFAULT_VIEWS:
        problems.append(
            settings_problem("too_many_default_views", "default_views", limit=MAX_DEFAULT_VIEWS, count=len(views))
        )
    for i, view in enumerate(views):
        if view.sharing is not Sharing.EVERYONE:
            problems.append(
                settings_problem(
                    "default_view_not_shared", f"default_views[{i}].sharing", name=view.name, sharing=view.sharing.value
                )
            )
        if not view.is_hubspot_default and not view.description.strip():
            problems.append(
                settings_problem("default_view_without_description", f"default_views[{i}].description", name=view.name)
            )
    return problems


def validate_settings(settings: CustomerSuccessSettings, schema: PortalSchema) -> tuple[Problem, ...]:
    """Every problem of ``settings`` against the portal's ``schema`` (empty when valid).

    Checks objects, owner and date properties, pipelines and defaults of the
    customers, services and revenue parts, the team workspaces, the default
    views and the reports; each problem carries the dotted path of the bad field
    (``"revenue.objects[1].default_pipeline_id"``).  The order follows the
    settings from top to bottom, so the same settings always give the same list.
    """
    problems: list[Problem] = []
    _customers(settings, schema, problems)
    if settings.services is not None:
        _services(settings.services, settings.tier, schema, problems)
    if settings.revenue is not None:
        _revenue(settings.revenue, schema, problems)
    problems.extend(workspace_problems(settings.workspaces, schema.teams))
    problems.extend(view_problems(settings.default_views))
    if len(settings.reports) > MAX_REPORTS:
        problems.append(settings_problem("too_many_reports", "reports", limit=MAX_REPORTS, count=len(settings.reports)))
    return tuple(problems)


def ensure_valid(settings: CustomerSuccessSettings, schema: PortalSchema) -> CustomerSuccessSettings:
    """``settings`` unchanged when valid; otherwise :class:`InvalidSettings` with every problem.

    Returning the settings lets a host write ``saved = ensure_valid(new, schema)``.
    """
    problems = validate_settings(settings, schema)
    if problems:
        raise InvalidSettings(problems)
    return settings
