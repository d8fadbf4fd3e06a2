"""Shared fixtures for the customer success tests: a portal schema and valid settings."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum

from guided_actions.success import (
    CustomerSuccessSettings,
    CustomerView,
    ObjectSchema,
    ObjectSettings,
    PortalSchema,
    PropertyType,
    RevenueObjectSettings,
    RevenueSettings,
    ServicesSettings,
    Sharing,
    TeamWorkspace,
    Tier,
)

NOW = pendulum.datetime(2026, 3, 15, 12, 0, 0, tz="UTC")

_OWNER = {"hubspot_owner_id": PropertyType.USER, "csm_owner": PropertyType.USER}


def schema(**overrides: Any) -> PortalSchema:
    """A portal with contacts, companies, deals, services and a custom ``subscriptions`` object."""
    objects = {
        "contacts": ObjectSchema(
            name="contacts",
            properties={**_OWNER, "renewal_date": PropertyType.DATE, "email": PropertyType.STRING},
        ),
        "companies": ObjectSchema(
            name="companies",
            properties={**_OWNER, "renewal_date": PropertyType.DATE, "industry": PropertyType.ENUM},
        ),
        "deals": ObjectSchema(
            name="deals",
            properties={**_OWNER, "closedate": PropertyType.DATETIME, "amount": PropertyType.NUMBER},
            pipelines={"default", "renewals"},
        ),
        "services": ObjectSchema(
            name="services",
            properties={**_OWNER, "renewal_date": PropertyType.DATE},
            pipelines={"onboarding", "consulting"},
        ),
        "subscriptions": ObjectSchema(
            name="subscriptions",
            custom=True,
            properties={**_OWNER, "end_date": PropertyType.DATE, "plan": PropertyType.STRING},
            pipelines={"subs"},
        ),
    }
    fields: dict[str, Any] = {
        "objects": objects,
        "teams": frozenset({"emea", "amer", "apac", "smb", "ent", "mid"}),
        "services_enabled": True,
    }
    fields.update(overrides)
    return PortalSchema(**fields)


def settings(**overrides: Any) -> CustomerSuccessSettings:
    """Valid Enterprise settings using every part."""
    fields: dict[str, Any] = {
        "tier": Tier.ENTERPRISE,
        "customers": ObjectSettings(
            object_type="companies", owner_property="csm_owner", renewal_date_property="renewal_date"
        ),
        "services": ServicesSettings(
            object_type="services",
            owner_property="hubspot_owner_id",
            pipeline_ids=("onboarding", "consulting"),
            default_pipeline_id="onboarding",
        ),
        "revenue": RevenueSettings(
            objects=(
                RevenueObjectSettings(
                    object_type="deals",
                    owner_property="hubspot_owner_id",
                    end_date_property="closedate",
                    pipeline_ids=("renewals",),
                    default_pipeline_id="renewals",
                ),
                RevenueObjectSettings(object_type="subscriptions", owner_property="csm_owner", pipeline_ids=("subs",)),
            ),
            default_object="deals",
        ),
        "workspaces": (
            TeamWorkspace(id="w-emea", name="EMEA", team_ids={"emea"}),
            TeamWorkspace(id="w-amer", name="Americas", team_ids={"amer"}, show_revenue_tab=False),
        ),
        "default_views": (
            CustomerView(id="owned", name="Owned by me", sharing=Sharing.EVERYONE, is_hubspot_default=True),
            CustomerView(id="renewing", name="Renewing soon", sharing=Sharing.EVERYONE, description="Renewal < 90d"),
        ),
        "reports": ("r1", "r2"),
    }
    fields.update(overrides)
    return CustomerSuccessSettings(**fields)


def workspace(i: int, **overrides: Any) -> TeamWorkspace:
    """A team workspace ``w<i>`` for team ``team<i>``."""
    fields: dict[str, Any] = {"id": f"w{i}", "name": f"Workspace {i}", "team_ids": {f"team{i}"}}
    fields.update(overrides)
    return TeamWorkspace(**fields)


def view(i: int, **overrides: Any) -> CustomerView:
    """A described custom view shared with everyone."""
    fields: dict[str, Any] = {"id": f"v{i}", "name": f"View {i}", "sharing": Sharing.EVERYONE, "description": "d"}
    fields.update(overrides)
    return CustomerView(**fields)


def evolve_customers(base: CustomerSuccessSettings, **changes: Any) -> CustomerSuccessSettings:
    """Settings with the customers part changed."""
    return attrs.evolve(base, customers=attrs.evolve(base.customers, **changes))
