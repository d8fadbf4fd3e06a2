"""The customer success workspace settings and the portal schema they are checked against.

Values only: building one checks the *types* of its fields (``InvalidEntity``);
whether the settings fit the portal (objects, properties, pipelines, teams,
limits) is :func:`~guided_actions.success.validate_settings`'s job, which reports
every problem at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import attrs

from guided_actions.crm._checks import (
    instance_of,
    is_bool,
    is_str,
    items_of,
    non_empty_str,
    optional_instance_of,
    optional_non_empty_str,
    str_frozenset,
    to_tuple,
)
from guided_actions.success._common import frozen_mapping

__all__ = [
    "CustomerSuccessSettings",
    "CustomerView",
    "ObjectSchema",
    "ObjectSettings",
    "PortalSchema",
    "PropertyType",
    "RevenueObjectSettings",
    "RevenueSettings",
    "ServicesSettings",
    "Sharing",
    "TeamWorkspace",
    "Tier",
]


class Tier(StrEnum):
    """The Service Hub subscription tier; it decides custom objects and health-score limits."""

    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


class Sharing(StrEnum):
    """Who sees a customer view.

    ``PRIVATE``: its creator only; ``TEAM``: the creator's teams; ``EVERYONE``:
    every user of the workspace.  Only ``EVERYONE`` views can be default views,
    and only a super admin or a settings manager may share with everyone.
    """

    PRIVATE = "private"
    TEAM = "team"
    EVERYONE = "everyone"


class PropertyType(StrEnum):
    """The type of a property in the portal schema; owner properties must be ``USER``."""

    USER = "user"
    """A HubSpot-user property (an owner)."""
    DATE = "date"
    DATETIME = "datetime"
    STRING = "string"
    NUMBER = "number"
    ENUM = "enum"
    BOOL = "bool"


@attrs.frozen(kw_only=True)
class ObjectSettings:
    """The object that represents customer accounts, its CSM owner property and renewal date."""

    object_type: str = attrs.field(validator=non_empty_str)
    owner_property: str = attrs.field(validator=non_empty_str)
    renewal_date_property: str | None = attrs.field(default=None, validator=optional_non_empty_str)


@attrs.frozen(kw_only=True)
class ServicesSettings:
    """The object that represents service offerings (onboarding, consulting…) and its board."""

    object_type: str = attrs.field(validator=non_empty_str)
    owner_property: str = attrs.field(validator=non_empty_str)
    renewal_date_property: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    pipeline_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=items_of(str))
    default_pipeline_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    default_layout: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    show_tab: bool = attrs.field(default=True, validator=is_bool)


@attrs.frozen(kw_only=True)
class RevenueObjectSettings:
    """One revenue object (deals or a custom object): owner, end date, pipelines shown."""

    object_type: str = attrs.field(validator=non_empty_str)
    owner_property: str = attrs.field(validator=non_empty_str)
    end_date_property: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    pipeline_ids: tuple[str, ...] = attrs.field(converter=to_tuple, validator=items_of(str))
    default_pipeline_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    default_layout: str | None = attrs.field(default=None, validator=optional_non_empty_str)


@attrs.frozen(kw_only=True)
class RevenueSettings:
    """The revenue tab: up to two objects and the one shown first (``default_object``)."""

    objects: tuple[RevenueObjectSettings, ...] = attrs.field(
        converter=to_tuple, validator=items_of(RevenueObjectSettings)
    )
    default_object: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    show_tab: bool = attrs.field(default=True, validator=is_bool)


@attrs.frozen(kw_only=True)
class TeamWorkspace:
    """A workspace for some teams; a user sees it when their *primary* team is listed."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    description: str = attrs.field(default="", validator=is_str)
    team_ids: frozenset[str] = attrs.field(converter=str_frozenset, validator=items_of(str))
    show_services_tab: bool = attrs.field(default=True, validator=is_bool)
    show_revenue_tab: bool = attrs.field(default=True, validator=is_bool)


@attrs.frozen(kw_only=True)
class CustomerView:
    """A saved view of customer records; default views become cards on the summary tab.

    ``is_hubspot_default`` marks the views HubSpot ships ("Owned by me",
    "Assigned to me in the last 30 days"): they can be deleted but not edited, and
    need no description.
    """

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    sharing: Sharing = attrs.field(validator=instance_of(Sharing))
    is_hubspot_default: bool = attrs.field(default=False, validator=is_bool)
    description: str = attrs.field(default="", validator=is_str)


@attrs.frozen(kw_only=True)
class CustomerSuccessSettings:
    """Everything an admin configures for the customer success workspace.

    ``services`` / ``revenue`` are ``None`` when that part is not used;
    ``workspaces`` are the team workspaces beside the primary one.
    """

    tier: Tier = attrs.field(validator=instance_of(Tier))
    customers: ObjectSettings = attrs.field(validator=instance_of(ObjectSettings))
    services: ServicesSettings | None = attrs.field(default=None, validator=optional_instance_of(ServicesSettings))
    revenue: RevenueSettings | None = attrs.field(default=None, validator=optional_instance_of(RevenueSettings))
    workspaces: tuple[TeamWorkspace, ...] = attrs.field(
        default=(), converter=to_tuple, validator=items_of(TeamWorkspace)
    )
    default_views: tuple[CustomerView, ...] = attrs.field(
        default=(), converter=to_tuple, validator=items_of(CustomerView)
    )
    reports: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(str))


def _property_types(
    inst: object, attribute: attrs.Attribute[Mapping[str, PropertyType]], value: Mapping[str, PropertyType]
) -> None:
    items_of(str)(inst, attribute, value.keys())
    items_of(PropertyType)(inst, attribute, value.values())


@attrs.frozen(kw_only=True)
class ObjectSchema:
    """One object of the portal: whether it is custom, its properties and pipelines."""

    name: str = attrs.field(validator=non_empty_str)
    custom: bool = attrs.field(default=False, validator=is_bool)
    properties: Mapping[str, PropertyType] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_property_types
    )
    pipelines: frozenset[str] = attrs.field(default=frozenset(), converter=str_frozenset, validator=items_of(str))


def _object_schemas(
    inst: object, attribute: attrs.Attribute[Mapping[str, ObjectSchema]], value: Mapping[str, ObjectSchema]
) -> None:
    items_of(str)(inst, attribute, value.keys())
    items_of(ObjectSchema)(inst, attribute, value.values())


@attrs.frozen(kw_only=True)
class PortalSchema:
    """What the portal has: objects (``"contacts"``, ``"companies"``, ``"deals"``,
    ``"services"`` or custom names), teams, and whether the services object is on.

    Settings are validated against it, so a host passes what its CRM really has.
    """

    objects: Mapping[str, ObjectSchema] = attrs.field(converter=frozen_mapping, validator=_object_schemas)
    teams: frozenset[str] = attrs.field(default=frozenset(), converter=str_frozenset, validator=items_of(str))
    services_enabled: bool = attrs.field(default=False, validator=is_bool)
