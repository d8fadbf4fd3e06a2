"""The events of a shared deal: one small frozen class per fact.

Every event carries when it happened (``at``), the CRM deal it belongs to
(``deal_id``), the side that caused it (``side``) and who may receive it
(``visibility``).  Events are facts: :func:`~guided_actions.shared_deals.apply`
folds them into a :class:`~guided_actions.shared_deals.SharedDeal` and never
re-judges them; the commands are where the rules live.
"""

from __future__ import annotations

import datetime as _dt
from typing import TypeAlias

import attrs

from guided_actions.crm import ObjectRef
from guided_actions.crm._checks import (
    aware,
    instance_of,
    is_bool,
    is_str,
    items_of,
    non_empty_str,
    optional_non_empty_str,
    str_frozenset,
)
from guided_actions.shared_deals._checks import str_set, to_tuple
from guided_actions.shared_deals._values import Attachment, Side, Visibility

__all__ = [
    "AttachmentDeleted",
    "ClosedLost",
    "ClosedWon",
    "CommentAdded",
    "DealTeamSet",
    "Event",
    "NoteAdded",
    "ProductInterestChanged",
    "QuoteRequested",
    "SharedDealConverted",
    "SharedDealEvent",
    "SharedDealRegistered",
]


@attrs.frozen(kw_only=True)
class _EventBase:
    """The fields every shared-deal event carries."""

    at: _dt.datetime = attrs.field(validator=aware)
    deal_id: str = attrs.field(validator=non_empty_str)
    side: Side = attrs.field(validator=instance_of(Side))
    visibility: Visibility = attrs.field(validator=instance_of(Visibility))


@attrs.frozen(kw_only=True)
class SharedDealRegistered(_EventBase):
    """A partner registered a new deal from one of its contact or company records.

    The CRM deal ``deal_id`` was created with it, in ``pipeline_id`` (the
    partner's default pipeline), and assigned to ``vendor_rep_id`` at once.
    """

    shared_deal_id: str = attrs.field(validator=non_empty_str)
    partner_id: str = attrs.field(validator=non_empty_str)
    source: ObjectRef = attrs.field(validator=instance_of(ObjectRef))
    name: str = attrs.field(validator=non_empty_str)
    partner_owner_id: str = attrs.field(validator=non_empty_str)
    vendor_rep_id: str = attrs.field(validator=non_empty_str)
    pipeline_id: str | None = attrs.field(validator=optional_non_empty_str)
    product_interest: frozenset[str] = attrs.field(converter=str_frozenset, validator=str_set)
    introduction: str = attrs.field(validator=non_empty_str)
    pain_points: str = attrs.field(validator=non_empty_str)
    next_steps: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class SharedDealConverted(_EventBase):
    """The vendor turned an existing CRM deal into a shared deal with a partner.

    The deal keeps its own ``pipeline_id``; ``welcome_note`` is what the vendor
    told the partner about the deal.
    """

    shared_deal_id: str = attrs.field(validator=non_empty_str)
    partner_id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=is_str)
    partner_owner_id: str = attrs.field(validator=non_empty_str)
    vendor_rep_id: str = attrs.field(validator=non_empty_str)
    pipeline_id: str = attrs.field(validator=non_empty_str)
    welcome_note: str = attrs.field(validator=is_str)
    next_steps: str = attrs.field(default="", validator=is_str)


@attrs.frozen(kw_only=True)
class ProductInterestChanged(_EventBase):
    """The products the customer is interested in were replaced (synced both ways)."""

    by: str = attrs.field(validator=non_empty_str)
    products: frozenset[str] = attrs.field(converter=str_frozenset, validator=str_set)


@attrs.frozen(kw_only=True)
class DealTeamSet(_EventBase):
    """The partner-side deal team was replaced; its members get the deal's notifications."""

    by: str = attrs.field(validator=non_empty_str)
    user_ids: frozenset[str] = attrs.field(converter=str_frozenset, validator=str_set)


@attrs.frozen(kw_only=True)
class NoteAdded(_EventBase):
    """A note was written; shared notes reach both sides, private ones stay home."""

    note_id: str = attrs.field(validator=non_empty_str)
    author_id: str = attrs.field(validator=non_empty_str)
    body: str = attrs.field(validator=non_empty_str)
    shared: bool = attrs.field(validator=is_bool)
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(Attachment))


@attrs.frozen(kw_only=True)
class CommentAdded(_EventBase):
    """A comment was added to a note; it travels exactly where the note travels."""

    note_id: str = attrs.field(validator=non_empty_str)
    comment_id: str = attrs.field(validator=non_empty_str)
    author_id: str = attrs.field(validator=non_empty_str)
    body: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class AttachmentDeleted(_EventBase):
    """A file was removed from a note, in every account that can see the note."""

    note_id: str = attrs.field(validator=non_empty_str)
    attachment_id: str = attrs.field(validator=non_empty_str)
    by: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class QuoteRequested(_EventBase):
    """A side asked for a shared quote; the request is recorded as a shared note ``note_id``."""

    quote_request_id: str = attrs.field(validator=non_empty_str)
    note_id: str = attrs.field(validator=non_empty_str)
    author_id: str = attrs.field(validator=non_empty_str)
    note: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class ClosedWon(_EventBase):
    """The customer bought: the deal is closed won and the partner sees the purchased banner."""


@attrs.frozen(kw_only=True)
class ClosedLost(_EventBase):
    """The deal was lost: it is closed lost and the partner sees the lost banner."""


SharedDealEvent: TypeAlias = (
    SharedDealRegistered
    | SharedDealConverted
    | ProductInterestChanged
    | DealTeamSet
    | NoteAdded
    | CommentAdded
    | AttachmentDeleted
    | QuoteRequested
    | ClosedWon
    | ClosedLost
)
"""Any event of a shared deal: what commands return, what a host stores and syncs."""

Event: TypeAlias = SharedDealEvent
"""Short name of :data:`SharedDealEvent` inside this package (the top level has another ``Event``)."""
