"""The values of a shared deal: sides, the partner, the aggregate's state and its parts."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

import attrs

from guided_actions.crm._checks import (
    aware,
    instance_of,
    is_bool,
    is_str,
    items_of,
    non_empty_str,
    optional_aware,
    optional_non_empty_str,
    optional_str,
    str_frozenset,
)
from guided_actions.shared_deals._checks import non_negative_int, str_set, to_tuple

__all__ = [
    "Attachment",
    "Banner",
    "Comment",
    "Partner",
    "QuoteRequest",
    "SharedDeal",
    "SharedDealStatus",
    "SharedNote",
    "Side",
    "Visibility",
]


class Side(StrEnum):
    """Which of the two co-selling accounts acted or is looking.

    A shared deal lives in two accounts at once; every event says which side
    caused it, and every query that depends on visibility asks for whom.
    """

    PARTNER = "partner"
    VENDOR = "vendor"

    @property
    def other(self) -> Side:
        """The other account: what one side writes privately, this one never sees."""
        return Side.VENDOR if self is Side.PARTNER else Side.PARTNER


class Visibility(StrEnum):
    """Who may receive an event: both sides, or only the side that wrote it.

    The sync between the two accounts sends exactly the events whose visibility
    admits the receiving side, so a private note never leaves its account.
    """

    SHARED = "shared"
    PARTNER_ONLY = "partner_only"
    VENDOR_ONLY = "vendor_only"

    @staticmethod
    def private(side: Side) -> Visibility:
        """The visibility of something only ``side`` may see (``PRIVATE(side)`` in the spec)."""
        return Visibility.PARTNER_ONLY if side is Side.PARTNER else Visibility.VENDOR_ONLY

    @property
    def private_to(self) -> Side | None:
        """The one side that may see it, or ``None`` when it is shared."""
        if self is Visibility.SHARED:
            return None
        return Side.PARTNER if self is Visibility.PARTNER_ONLY else Side.VENDOR

    def visible_to(self, side: Side) -> bool:
        """Whether ``side`` may see what carries this visibility."""
        return self is Visibility.SHARED or self.private_to is side


class SharedDealStatus(StrEnum):
    """The life of a shared deal: open while co-selling, then closed for good."""

    OPEN = "open"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"

    @property
    def is_closed(self) -> bool:
        """Whether the deal has ended; a closed shared deal refuses every command."""
        return self is not SharedDealStatus.OPEN


class Banner(StrEnum):
    """The banner the partner portal shows on a closed shared deal."""

    PURCHASED = "purchased"
    """The customer bought: the deal was closed won."""
    LOST = "lost"
    """The deal was closed lost."""


@attrs.frozen(kw_only=True)
class Partner:
    """A partner account (a reseller or an agency) that co-sells with the vendor.

    ``capacity`` caps how many shared deals it may have open at once (its
    "active deal registrations"); ``user_ids`` are the users of its account, the
    only people who may own a shared deal or sit on its deal team.  When
    ``notifications_enabled``, ``notification_recipient_id`` also receives the
    activity notifications of every shared deal.  New registrations go to
    ``default_pipeline_id``.
    """

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    user_ids: frozenset[str] = attrs.field(converter=str_frozenset, validator=str_set)
    capacity: int = attrs.field(validator=non_negative_int)
    notifications_enabled: bool = attrs.field(default=False, validator=is_bool)
    notification_recipient_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    default_pipeline_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)


@attrs.frozen(kw_only=True)
class Attachment:
    """A file attached to a note; deleting it removes it from the note on both sides."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class Comment:
    """A comment on a note; it has the note's visibility."""

    id: str = attrs.field(validator=non_empty_str)
    side: Side = attrs.field(validator=instance_of(Side))
    author_id: str = attrs.field(validator=non_empty_str)
    body: str = attrs.field(validator=non_empty_str)
    created_at: _dt.datetime = attrs.field(validator=aware)


@attrs.frozen(kw_only=True)
class SharedNote:
    """A note on a shared deal, written by one side.

    A ``shared`` note is visible to (and synced with) both sides; a private one
    stays in the account of its ``side``, with its comments and attachments.
    """

    id: str = attrs.field(validator=non_empty_str)
    side: Side = attrs.field(validator=instance_of(Side))
    author_id: str = attrs.field(validator=non_empty_str)
    body: str = attrs.field(validator=non_empty_str)
    shared: bool = attrs.field(validator=is_bool)
    attachments: tuple[Attachment, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(Attachment))
    comments: tuple[Comment, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(Comment))
    created_at: _dt.datetime = attrs.field(validator=aware)

    @property
    def visibility(self) -> Visibility:
        """``SHARED`` for a shared note, else private to the side that wrote it."""
        return Visibility.SHARED if self.shared else Visibility.private(self.side)


@attrs.frozen(kw_only=True)
class QuoteRequest:
    """A request for a shared quote; its text is the shared note ``note_id``."""

    id: str = attrs.field(validator=non_empty_str)
    side: Side = attrs.field(validator=instance_of(Side))
    author_id: str = attrs.field(validator=non_empty_str)
    note_id: str = attrs.field(validator=non_empty_str)
    requested_at: _dt.datetime = attrs.field(validator=aware)


@attrs.frozen(kw_only=True)
class SharedDeal:
    """The state of one shared deal: a fold of its events, never edited in place.

    ``deal_id`` is the CRM deal the two sides co-sell (the one created on
    registration, or the existing one that was converted); ``version`` is the
    number of events applied, so a host can tell which state is newer and
    check a replay.  Build it with :func:`replay`, not by hand.
    """

    id: str = attrs.field(validator=non_empty_str)
    deal_id: str = attrs.field(validator=non_empty_str)
    partner_id: str = attrs.field(validator=non_empty_str)
    partner_owner_id: str = attrs.field(validator=non_empty_str)
    vendor_rep_id: str = attrs.field(validator=non_empty_str)
    status: SharedDealStatus = attrs.field(validator=instance_of(SharedDealStatus))
    name: str = attrs.field(validator=is_str)
    pipeline_id: str | None = attrs.field(validator=optional_non_empty_str)
    product_interest: frozenset[str] = attrs.field(default=frozenset(), converter=str_frozenset, validator=str_set)
    introduction: str = attrs.field(default="", validator=is_str)
    pain_points: str = attrs.field(default="", validator=is_str)
    next_steps: str = attrs.field(default="", validator=is_str)
    welcome_note: str | None = attrs.field(default=None, validator=optional_str)
    team_ids: frozenset[str] = attrs.field(default=frozenset(), converter=str_frozenset, validator=str_set)
    notes: tuple[SharedNote, ...] = attrs.field(default=(), converter=to_tuple, validator=items_of(SharedNote))
    quote_requests: tuple[QuoteRequest, ...] = attrs.field(
        default=(), converter=to_tuple, validator=items_of(QuoteRequest)
    )
    registered_at: _dt.datetime = attrs.field(validator=aware)
    closed_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    version: int = attrs.field(default=0, validator=non_negative_int)

    @property
    def is_closed(self) -> bool:
        """Whether the deal was closed won or lost (and so accepts no more commands)."""
        return self.status.is_closed

    def note(self, note_id: str) -> SharedNote | None:
        """The note with this id, whoever wrote it, or ``None``."""
        for note in self.notes:
            if note.id == note_id:
                return note
        return None
