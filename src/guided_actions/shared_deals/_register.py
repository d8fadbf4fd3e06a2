"""The two commands that start a shared deal: a partner's registration and a vendor's conversion."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from guided_actions.crm import Deal, ObjectRef, ObjectType, Pipeline
from guided_actions.errors import GuidedActionsError
from guided_actions.shared_deals._events import SharedDealConverted, SharedDealEvent, SharedDealRegistered
from guided_actions.shared_deals._ids import derive_id
from guided_actions.shared_deals._refusals import refuse
from guided_actions.shared_deals._values import Partner, Side, Visibility

__all__ = ["convert_to_shared_deal", "create_shared_deal"]

_SOURCE_KINDS = frozenset({ObjectType.CONTACT, ObjectType.COMPANY})


def _blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def _check_capacity(partner: Partner, active: int) -> None:
    if active >= partner.capacity:
        raise refuse("capacity_reached", partner_id=partner.id, active=active, capacity=partner.capacity)


def _check_partner_user(partner: Partner, user_id: str) -> None:
    if user_id not in partner.user_ids:
        raise refuse("not_partner_user", user_id=user_id, partner_id=partner.id)


def create_shared_deal(
    partner: Partner,
    *,
    source: ObjectRef,
    name: str,
    partner_owner_id: str,
    vendor_rep_id: str,
    product_interest: Iterable[str],
    introduction: str,
    pain_points: str,
    next_steps: str,
    active_registrations: int,
    now: _dt.datetime,
) -> tuple[SharedDealEvent, ...]:
    """A partner registers a deal it found on one of its contact or company records.

    The deal is created in the partner's default pipeline and assigned to
    ``vendor_rep_id`` at once.  ``active_registrations`` is the partner's number
    of open shared deals (see :func:`~guided_actions.shared_deals.active_registrations`);
    the host counts them because only it holds every deal.

    Refused with ``bad_source`` when ``source`` is not a contact or a company,
    ``capacity_reached`` when the partner is at capacity, ``missing_field`` when
    the name, introduction, pain points, next steps or vendor rep is empty, and
    ``not_partner_user`` when ``partner_owner_id`` is not a user of the partner.
    The shared deal's id and its CRM deal's id are derived from the partner,
    the source and ``now``, so registering twice at the same instant is one deal.
    """
    if not isinstance(source, ObjectRef) or source.kind not in _SOURCE_KINDS:
        raise refuse("bad_source", source=source)
    _check_capacity(partner, active_registrations)
    fields = {
        "name": name,
        "introduction": introduction,
        "pain_points": pain_points,
        "next_steps": next_steps,
        "vendor_rep_id": vendor_rep_id,
    }
    for field, value in fields.items():
        if _blank(value):
            raise refuse("missing_field", field=field)
    _check_partner_user(partner, partner_owner_id)
    key = derive_id("sd", partner.id, source, now)
    return (
        SharedDealRegistered(
            at=now,
            deal_id="deal" + key.removeprefix("sd"),
            side=Side.PARTNER,
            visibility=Visibility.SHARED,
            shared_deal_id=key,
            partner_id=partner.id,
            source=source,
            name=name,
            partner_owner_id=partner_owner_id,
            vendor_rep_id=vendor_rep_id,
            pipeline_id=partner.default_pipeline_id,
            product_interest=product_interest,
            introduction=introduction,
            pain_points=pain_points,
            next_steps=next_steps,
        ),
    )


def convert_to_shared_deal(
    deal: Deal,
    partner: Partner,
    *,
    partner_owner_id: str,
    welcome_note: str,
    availability_confirmed: bool,
    vendor_rep_id: str | None,
    active_registrations: int,
    now: _dt.datetime,
    pipeline: Pipeline | None = None,
) -> tuple[SharedDealEvent, ...]:
    """The vendor turns an existing CRM deal into a shared deal with ``partner``.

    The deal **keeps its own pipeline**: the partner's default pipeline is for
    new registrations and never overrides an existing one.  Pass the deal's
    ``pipeline`` to have a deal in a closed (won or lost) stage refused;
    ``vendor_rep_id=None`` keeps the deal's owner as the vendor rep.

    Refused with ``capacity_reached`` at capacity, ``missing_company`` /
    ``missing_contact`` when the deal has no associated company / contact,
    ``availability_not_confirmed`` unless the vendor confirmed it contacted the
    partner, ``deal_closed`` for a closed deal, ``not_partner_user`` when
    ``partner_owner_id`` is not a user of the partner, and ``missing_field``
    when there is no vendor rep at all.
    """
    _check_capacity(partner, active_registrations)
    if not deal.company_ids:
        raise refuse("missing_company", deal_id=deal.id)
    if not deal.contact_ids:
        raise refuse("missing_contact", deal_id=deal.id)
    if availability_confirmed is not True:
        raise refuse("availability_not_confirmed", partner_id=partner.id)
    if pipeline is not None:
        if pipeline.id != deal.pipeline_id:
            raise GuidedActionsError(f"deal {deal.id!r} is in pipeline {deal.pipeline_id!r}, not {pipeline.id!r}")
        try:
            stage = pipeline.stage(deal.stage_id)
        except KeyError:
            raise GuidedActionsError(f"pipeline {pipeline.id!r} has no stage {deal.stage_id!r}") from None
        if not stage.is_open:
            raise refuse("deal_closed", deal_id=deal.id)
    _check_partner_user(partner, partner_owner_id)
    rep = vendor_rep_id if vendor_rep_id is not None else deal.owner_id
    if rep is None or _blank(rep):
        raise refuse("missing_field", field="vendor_rep_id")
    return (
        SharedDealConverted(
            at=now,
            deal_id=deal.id,
            side=Side.VENDOR,
            visibility=Visibility.SHARED,
            shared_deal_id=derive_id("sd", partner.id, ObjectRef(ObjectType.DEAL, deal.id), now),
            partner_id=partner.id,
            name=deal.name,
            partner_owner_id=partner_owner_id,
            vendor_rep_id=rep,
            pipeline_id=deal.pipeline_id,
            welcome_note=welcome_note,
            next_steps=deal.next_steps or "",
        ),
    )
