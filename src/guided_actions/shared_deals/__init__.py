"""Partner shared deals: an event-sourced aggregate co-sold by a partner and the vendor.

A shared deal changes only through commands, each of which is refused with a
structured reason (:class:`~guided_actions.errors.CommandRefused`) or returns
the events it caused.  The state is a fold over the events (:func:`apply`,
:func:`replay`), so a host stores events in its own storage, and the sync
between the two accounts is "send the other side the events it may see"
(:func:`events_for`).
"""

from guided_actions.shared_deals._apply import TRANSITIONS, apply, check_transitions, replay
from guided_actions.shared_deals._commands import (
    add_note,
    change_product_interest,
    close_lost,
    close_won,
    comment_on_note,
    delete_attachment,
    request_shared_quote,
    set_deal_team,
)
from guided_actions.shared_deals._diagram import state_diagram
from guided_actions.shared_deals._events import (
    AttachmentDeleted,
    ClosedLost,
    ClosedWon,
    CommentAdded,
    DealTeamSet,
    Event,
    NoteAdded,
    ProductInterestChanged,
    QuoteRequested,
    SharedDealConverted,
    SharedDealEvent,
    SharedDealRegistered,
)
from guided_actions.shared_deals._queries import (
    active_registrations,
    banner,
    events_for,
    notification_recipients,
    visible_notes,
)
from guided_actions.shared_deals._refusals import REFUSALS
from guided_actions.shared_deals._register import convert_to_shared_deal, create_shared_deal
from guided_actions.shared_deals._values import (
    Attachment,
    Banner,
    Comment,
    Partner,
    QuoteRequest,
    SharedDeal,
    SharedDealStatus,
    SharedNote,
    Side,
    Visibility,
)

__all__ = [
    "REFUSALS",
    "TRANSITIONS",
    "Attachment",
    "AttachmentDeleted",
    "Banner",
    "ClosedLost",
    "ClosedWon",
    "Comment",
    "CommentAdded",
    "DealTeamSet",
    "Event",
    "NoteAdded",
    "Partner",
    "ProductInterestChanged",
    "QuoteRequest",
    "QuoteRequested",
    "SharedDeal",
    "SharedDealConverted",
    "SharedDealEvent",
    "SharedDealRegistered",
    "SharedDealStatus",
    "SharedNote",
    "Side",
    "Visibility",
    "active_registrations",
    "add_note",
    "apply",
    "banner",
    "change_product_interest",
    "check_transitions",
    "close_lost",
    "close_won",
    "comment_on_note",
    "convert_to_shared_deal",
    "create_shared_deal",
    "delete_attachment",
    "events_for",
    "notification_recipients",
    "replay",
    "request_shared_quote",
    "set_deal_team",
    "state_diagram",
    "visible_notes",
]

# Registers the events with the library converter (a tagged union); imported last, for its effect.
from guided_actions.shared_deals import _serialization  # noqa: F401
