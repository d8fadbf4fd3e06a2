"""Companies, contacts, deals and leads from v3 records.

Each ``*_from`` function reads one record through a :class:`Reader` and returns
the entity, or ``None`` when the record cannot be used (its problems say why).
Properties that no entity field takes are kept, as the raw strings HubSpot
sent, in ``properties`` of contacts and companies: without the portal's property
definitions their types are unknown, and a raw string loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import pendulum

from guided_actions.crm import Company, Contact, Deal, Lead, Pipeline, StageState
from guided_actions.errors import InvalidEntity
from guided_actions.hubspot._associations import AssociationGraph
from guided_actions.hubspot._envelope import Reader
from guided_actions.hubspot._values import decode_text

__all__ = ["ENGAGED_PROPERTIES", "Context", "build", "company_from", "contact_from", "deal_from", "lead_from", "owner"]

E = TypeVar("E")

#: The contact's own engagement signals; ``last_engaged_at`` is the latest of them.
ENGAGED_PROPERTIES: tuple[str, ...] = (
    "hs_last_sales_activity_timestamp",
    "hs_sales_email_last_replied",
    "hs_sales_email_last_opened",
    "hs_sales_email_last_clicked",
    "engagements_last_meeting_booked",
)
_CONTACT_FIELDS = frozenset(
    {
        "email",
        "hubspot_owner_id",
        "hubspot_owner_assigneddate",
        "lifecyclestage",
        "createdate",
        "associatedcompanyid",
        "hs_object_id",
        *ENGAGED_PROPERTIES,
    }
)
_COMPANY_FIELDS = frozenset(
    {"name", "domain", "hubspot_owner_id", "hs_is_target_account", "createdate", "hs_object_id"}
)


@attrs.define
class Context:
    """What every record needs from the rest of the export while it is read."""

    graph: AssociationGraph
    known_owners: frozenset[str] | None
    owner_emails: Mapping[str, str]
    pipelines: Mapping[str, Pipeline]
    timezone: str = "UTC"
    contact_engaged: dict[str, pendulum.DateTime] = attrs.field(factory=dict)


def owner(reader: Reader, ctx: Context) -> str | None:
    """``hubspot_owner_id``; an owner the export's owners do not list is reported, and kept."""
    owner_id = reader.ident("hubspot_owner_id")
    if owner_id and ctx.known_owners is not None and owner_id not in ctx.known_owners:
        reader.report(
            "unknown_owner",
            "hubspot_owner_id",
            owner_id,
            "no owner with this id in the export's owners; kept as a dangling reference",
            fatal=False,
        )
    return owner_id


#: (entity class, field) -> the HubSpot property it is read from, so a refused value names the property.
_SOURCES: dict[tuple[str, str], str] = {
    ("Deal", "amount"): "amount",
    ("Deal", "close_date"): "closedate",
    ("Meeting", "start"): "hs_meeting_start_time",
    ("Meeting", "end"): "hs_meeting_end_time",
    ("Call", "ended_at"): "hs_call_duration",
    ("Email", "from_address"): "hs_email_headers",
    ("Email", "to_addresses"): "hs_email_headers",
    ("Email", "cc_addresses"): "hs_email_headers",
}


def build(reader: Reader, cls: type[E], **fields: Any) -> E | None:
    """The entity, or ``None`` (with a problem) when the record was bad or the entity refuses a value."""
    if reader.fatal:
        return None
    try:
        return cls(**fields)
    except InvalidEntity as exc:
        source = _SOURCES.get((exc.cls, exc.field))
        reader.report("invalid_value", source or exc.field, exc.value, exc.reason, top=source is None)
        return None


def _extra(reader: Reader, consumed: frozenset[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for name, value in reader.properties.items():
        if name in consumed or not isinstance(name, str) or not name:
            continue
        if isinstance(value, str) and value.strip():
            extra[name] = value
        elif value is not None and not isinstance(value, str):
            text = decode_text(value) if isinstance(value, bool | int) else str(value)
            if text:
                extra[name] = text
    return extra


def company_from(reader: Reader, ctx: Context) -> Company | None:
    """A company; one without ``name`` is named after its domain, else its id (HubSpot allows nameless ones)."""
    domain = reader.text("domain")
    return build(
        reader,
        Company,
        id=reader.id,
        name=reader.text("name") or domain or reader.id,
        domain=domain,
        owner_id=owner(reader, ctx),
        target_account=bool(reader.flag("hs_is_target_account")),
        created_at=reader.created_at("createdate"),
        properties=_extra(reader, _COMPANY_FIELDS),
    )


def contact_from(reader: Reader, ctx: Context) -> Contact | None:
    """A contact; ``last_engaged_at`` is the latest of :data:`ENGAGED_PROPERTIES`."""
    companies = ctx.graph.related("contacts", reader.id, "companies")
    primary_company = reader.ident("associatedcompanyid")
    if primary_company and primary_company not in companies:
        companies = (*companies, primary_company)
    engaged = reader.latest(*ENGAGED_PROPERTIES)
    contact = build(
        reader,
        Contact,
        id=reader.id,
        email=reader.text("email"),
        owner_id=owner(reader, ctx),
        owner_assigned_at=reader.instant("hubspot_owner_assigneddate"),
        lifecycle_stage=reader.text("lifecyclestage"),
        company_ids=companies,
        created_at=reader.created_at("createdate"),
        last_engaged_at=engaged,
        properties=_extra(reader, _CONTACT_FIELDS),
    )
    if contact is not None and engaged is not None:
        ctx.contact_engaged[contact.id] = engaged
    return contact


def _pipeline_and_stage(reader: Reader, ctx: Context, pipeline_name: str, stage_name: str) -> tuple[str, str]:
    pipeline_id = reader.ident(pipeline_name) or ""
    stage_id = reader.ident(stage_name) or ""
    pipeline = ctx.pipelines.get(pipeline_id)
    if not pipeline_id:
        reader.report("missing_value", pipeline_name, None, "a pipeline is required")
    elif pipeline is None:
        reader.report("unknown_pipeline", pipeline_name, pipeline_id, "no such pipeline in the export's pipelines")
    elif pipeline.object_type.value != reader.singular:
        reader.report("unknown_pipeline", pipeline_name, pipeline_id, f"not a {reader.singular} pipeline")
    if not stage_id:
        reader.report("missing_value", stage_name, None, "a stage is required")
    elif pipeline is not None and all(stage.id != stage_id for stage in pipeline.stages):
        reader.report("unknown_stage", stage_name, stage_id, f"no such stage in pipeline {pipeline_id!r}")
    return pipeline_id, stage_id


def _check_closed_flags(reader: Reader, ctx: Context, pipeline_id: str, stage_id: str) -> None:
    """Report a deal whose ``hs_is_closed*`` flags disagree with its stage's metadata (the stage wins)."""
    pipeline = ctx.pipelines.get(pipeline_id)
    stage = next((s for s in pipeline.stages if s.id == stage_id), None) if pipeline else None
    if stage is None:
        return
    expected = {
        "hs_is_closed": stage.state is not StageState.OPEN,
        "hs_is_closed_won": stage.state is StageState.WON,
        "hs_is_closed_lost": stage.state is StageState.LOST,
    }
    for name, want in expected.items():
        flag = reader.flag(name, fatal=False)
        if flag is not None and flag != want:
            reason = f"disagrees with stage {stage_id!r} ({stage.state.value} by its metadata); the stage is used"
            reader.report("stage_state_mismatch", name, reader.properties.get(name), reason, fatal=False)


def deal_from(reader: Reader, ctx: Context) -> Deal | None:
    """A deal; ``close_date`` is ``closedate``'s calendar date in the portal's timezone."""
    pipeline_id, stage_id = _pipeline_and_stage(reader, ctx, "pipeline", "dealstage")
    _check_closed_flags(reader, ctx, pipeline_id, stage_id)
    close_date: pendulum.Date | None
    raw_close = reader.properties.get("closedate")
    if isinstance(raw_close, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_close.strip()):
        close_date = reader.day("closedate")
    else:
        closing = reader.instant("closedate")
        local = closing if closing is None or ctx.timezone == "UTC" else closing.in_timezone(ctx.timezone)
        close_date = local.date() if local is not None else None
    return build(
        reader,
        Deal,
        id=reader.id,
        name=reader.text("dealname") or "",
        pipeline_id=pipeline_id,
        stage_id=stage_id,
        owner_id=owner(reader, ctx),
        owner_assigned_at=reader.instant("hubspot_owner_assigneddate"),
        created_at=reader.created_at("createdate"),
        contact_ids=ctx.graph.related("deals", reader.id, "contacts"),
        company_ids=ctx.graph.related("deals", reader.id, "companies"),
        next_steps=reader.text("hs_next_step"),
        next_steps_updated_at=reader.instant("hs_next_step_updated_at"),
        amount=reader.number("amount"),
        close_date=close_date,
    )


def _stage_entered_at(reader: Reader, stage_id: str) -> pendulum.DateTime | None:
    """When the lead entered ``stage_id``: its ``hs_pipeline_stage`` history, else the stage-date properties."""
    run_start: pendulum.DateTime | None = None
    for value, stamp in sorted(reader.history("hs_pipeline_stage"), key=lambda entry: entry[1], reverse=True):
        if value != stage_id:
            break
        run_start = pendulum.instance(stamp)
    if run_start is not None:
        return run_start
    found = reader.instant("hs_v2_date_entered_current_stage")
    if found is not None:
        return found
    pattern = re.compile(rf"hs_(?:v2_)?date_entered_{re.escape(stage_id.replace('-', '_'))}(?:_\d+)?")
    candidates = [name for name in reader.properties if isinstance(name, str) and pattern.fullmatch(name)]
    return reader.latest(*sorted(candidates)) if candidates else None


def lead_from(reader: Reader, ctx: Context) -> Lead | None:
    """A lead on its primary contact; ``last_engaged_at`` falls back to that contact's."""
    contact_id = (
        ctx.graph.primary("leads", reader.id, "contacts")
        or reader.ident("hs_primary_contact_id")
        or next(iter(ctx.graph.related("leads", reader.id, "contacts")), None)
    )
    if not contact_id:
        reader.report("missing_contact", "associations.contacts", None, "a lead needs a contact", top=True)
    pipeline_id, stage_id = _pipeline_and_stage(reader, ctx, "hs_pipeline", "hs_pipeline_stage")
    engaged = reader.latest(*ENGAGED_PROPERTIES)
    if engaged is None and contact_id:
        engaged = ctx.contact_engaged.get(contact_id)
    return build(
        reader,
        Lead,
        id=reader.id,
        contact_id=contact_id or "",
        pipeline_id=pipeline_id,
        stage_id=stage_id,
        owner_id=owner(reader, ctx),
        owner_assigned_at=reader.instant("hubspot_owner_assigneddate"),
        stage_entered_at=_stage_entered_at(reader, stage_id) if stage_id else None,
        created_at=reader.created_at("hs_createdate", "createdate"),
        last_engaged_at=engaged,
    )
