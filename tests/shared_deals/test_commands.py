"""Each command returns the events the spec describes, with deterministic ids."""

from __future__ import annotations

import datetime as _dt

import attrs

from guided_actions._builders import make_pipeline
from guided_actions.shared_deals import (
    Attachment,
    AttachmentDeleted,
    ClosedLost,
    ClosedWon,
    CommentAdded,
    DealTeamSet,
    NoteAdded,
    ProductInterestChanged,
    QuoteRequested,
    SharedDealConverted,
    SharedDealRegistered,
    SharedDealStatus,
    Side,
    Visibility,
    add_note,
    change_product_interest,
    close_lost,
    close_won,
    comment_on_note,
    convert_to_shared_deal,
    delete_attachment,
    replay,
    request_shared_quote,
    set_deal_team,
)
from tests.shared_deals._helpers import (
    CONTACT,
    LATER,
    NOW,
    convertible_deal,
    fold,
    make_partner,
    registered,
    registration,
    with_note,
)


class TestCreateSharedDeal:
    def test_registration_is_one_shared_event_by_the_partner_in_the_partners_default_pipeline(self) -> None:
        (event,) = registration()
        assert isinstance(event, SharedDealRegistered)
        assert (event.side, event.visibility, event.at) == (Side.PARTNER, Visibility.SHARED, NOW)
        assert event.pipeline_id == "partner-deals"
        assert event.source == CONTACT
        assert event.vendor_rep_id == "vr1"

    def test_the_registered_deal_is_open_assigned_to_the_vendor_rep_and_owned_by_the_partner_user(self) -> None:
        state = registered()
        assert state.status is SharedDealStatus.OPEN
        assert (state.vendor_rep_id, state.partner_owner_id, state.pipeline_id) == ("vr1", "pu1", "partner-deals")
        assert state.product_interest == frozenset({"sales-hub"})
        assert state.team_ids == frozenset({"pu1"})
        assert (state.version, state.registered_at, state.closed_at) == (1, NOW, None)

    def test_ids_are_derived_from_the_content_so_the_same_registration_gives_the_same_ids(self) -> None:
        assert registration() == registration()
        (first,) = registration()
        (other,) = registration(now=LATER)
        assert isinstance(first, SharedDealRegistered)
        assert isinstance(other, SharedDealRegistered)
        assert first.shared_deal_id != other.shared_deal_id
        assert first.deal_id != other.deal_id

    def test_a_partner_without_default_pipeline_registers_without_a_pipeline(self) -> None:
        state = fold(None, registration(make_partner(default_pipeline_id=None)))
        assert state.pipeline_id is None


class TestConvertToSharedDeal:
    def test_conversion_is_one_shared_event_by_the_vendor_that_keeps_the_deals_pipeline(self) -> None:
        deal = convertible_deal(pipeline_id="deals", stage_id="qualified", next_steps="Call the CFO")
        (event,) = convert_to_shared_deal(
            deal,
            make_partner(),
            partner_owner_id="pu2",
            welcome_note="Welcome aboard",
            availability_confirmed=True,
            vendor_rep_id="vr1",
            active_registrations=0,
            now=NOW,
            pipeline=make_pipeline(),
        )
        assert isinstance(event, SharedDealConverted)
        assert (event.side, event.visibility, event.deal_id) == (Side.VENDOR, Visibility.SHARED, deal.id)
        state = replay((event,))
        assert state.pipeline_id == "deals"
        assert state.pipeline_id != make_partner().default_pipeline_id
        assert (state.welcome_note, state.next_steps, state.partner_owner_id) == (
            "Welcome aboard",
            "Call the CFO",
            "pu2",
        )

    def test_without_a_vendor_rep_the_deals_owner_stays_the_rep(self) -> None:
        (event,) = convert_to_shared_deal(
            convertible_deal(owner_id="vr9"),
            make_partner(),
            partner_owner_id="pu1",
            welcome_note="",
            availability_confirmed=True,
            vendor_rep_id=None,
            active_registrations=2,
            now=NOW,
        )
        assert replay((event,)).vendor_rep_id == "vr9"


class TestChangesOnAnOpenDeal:
    def test_changing_product_interest_replaces_it_for_both_sides(self) -> None:
        state = registered()
        events = change_product_interest(state, ["service-hub", "cms-hub"], by="pu1", now=LATER)
        (event,) = events
        assert isinstance(event, ProductInterestChanged)
        assert (event.side, event.visibility) == (Side.PARTNER, Visibility.SHARED)
        assert fold(state, events).product_interest == frozenset({"service-hub", "cms-hub"})

    def test_the_vendor_rep_changing_product_interest_acts_for_the_vendor(self) -> None:
        (event,) = change_product_interest(registered(), ["cms-hub"], by="vr1", now=LATER)
        assert event.side is Side.VENDOR

    def test_setting_the_deal_team_replaces_the_partner_side_team(self) -> None:
        state = registered()
        events = set_deal_team(state, make_partner(), ["pu2", "pu3"], by="pu1", now=LATER)
        (event,) = events
        assert isinstance(event, DealTeamSet)
        assert (event.side, event.visibility) == (Side.PARTNER, Visibility.SHARED)
        assert fold(state, events).team_ids == frozenset({"pu2", "pu3"})

    def test_a_shared_note_is_a_shared_event_and_a_private_note_is_private_to_its_side(self) -> None:
        state = registered()
        (shared,) = add_note(state, side=Side.VENDOR, author_id="vr1", body="Hi", shared=True, now=LATER)
        (private,) = add_note(state, side=Side.VENDOR, author_id="vr1", body="Hi", shared=False, now=LATER)
        assert isinstance(shared, NoteAdded)
        assert isinstance(private, NoteAdded)
        assert shared.visibility is Visibility.SHARED
        assert private.visibility is Visibility.VENDOR_ONLY

    def test_a_note_keeps_its_attachments_and_file_names_get_derived_ids(self) -> None:
        given = Attachment(id="f1", name="deck.pptx")
        state = registered()
        events = add_note(
            state,
            side=Side.PARTNER,
            author_id="pu1",
            body="Files",
            shared=True,
            attachments=(given, "a.pdf"),
            now=LATER,
        )
        (note,) = fold(state, events).notes
        assert note.attachments[0] == given
        assert note.attachments[1].name == "a.pdf"
        assert note.attachments[1].id.startswith("file-")
        assert events == add_note(
            state,
            side=Side.PARTNER,
            author_id="pu1",
            body="Files",
            shared=True,
            attachments=(given, "a.pdf"),
            now=LATER,
        )

    def test_a_comment_travels_with_its_note(self) -> None:
        state = with_note(registered(), side=Side.PARTNER, shared=True)
        note_id = state.notes[0].id
        events = comment_on_note(state, note_id, side=Side.VENDOR, author_id="vr1", body="Agreed", now=LATER)
        (event,) = events
        assert isinstance(event, CommentAdded)
        assert (event.side, event.visibility, event.note_id) == (Side.VENDOR, Visibility.SHARED, note_id)
        (comment,) = fold(state, events).notes[0].comments
        assert (comment.author_id, comment.body, comment.side) == ("vr1", "Agreed", Side.VENDOR)

    def test_a_comment_on_ones_own_private_note_stays_private(self) -> None:
        state = with_note(registered(), side=Side.PARTNER, shared=False)
        (event,) = comment_on_note(state, state.notes[0].id, side=Side.PARTNER, author_id="pu2", body="x", now=LATER)
        assert event.visibility is Visibility.PARTNER_ONLY

    def test_deleting_an_attachment_removes_it_from_the_note_on_both_sides(self) -> None:
        state = with_note(registered(), side=Side.PARTNER, shared=True)
        note = state.notes[0]
        events = delete_attachment(state, note.id, note.attachments[0].id, side=Side.VENDOR, by="vr1", now=LATER)
        (event,) = events
        assert isinstance(event, AttachmentDeleted)
        assert event.visibility is Visibility.SHARED
        assert fold(state, events).notes[0].attachments == ()

    def test_a_quote_request_is_recorded_as_a_shared_note(self) -> None:
        state = registered()
        events = request_shared_quote(state, side=Side.PARTNER, author_id="pu1", note="Quote for 10 seats", now=LATER)
        (event,) = events
        assert isinstance(event, QuoteRequested)
        assert event.visibility is Visibility.SHARED
        after = fold(state, events)
        (request,) = after.quote_requests
        (note,) = after.notes
        assert (note.id, note.body, note.shared) == (request.note_id, "Quote for 10 seats", True)

    def test_closing_won_and_lost_are_shared_vendor_events_that_end_the_deal(self) -> None:
        state = registered()
        won, lost = close_won(state, now=LATER), close_lost(state, now=LATER)
        assert isinstance(won[0], ClosedWon)
        assert isinstance(lost[0], ClosedLost)
        assert {(e.side, e.visibility) for e in (*won, *lost)} == {(Side.VENDOR, Visibility.SHARED)}
        assert fold(state, won).status is SharedDealStatus.CLOSED_WON
        assert fold(state, lost).status is SharedDealStatus.CLOSED_LOST
        assert fold(state, lost).closed_at == LATER

    def test_a_command_never_changes_the_state_it_was_given(self) -> None:
        state = registered()
        before = attrs.evolve(state)
        add_note(state, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER)
        close_won(state, now=LATER)
        assert state == before

    def test_two_notes_with_the_same_text_at_different_versions_get_different_ids(self) -> None:
        state = registered()
        first = fold(state, add_note(state, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER))
        second = fold(first, add_note(first, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER))
        assert len({note.id for note in second.notes}) == 2

    def test_now_may_be_a_stdlib_aware_datetime(self) -> None:
        instant = _dt.datetime(2026, 1, 5, 10, tzinfo=_dt.UTC)
        state = registered()
        (event,) = close_won(state, now=instant)
        assert event.at == instant
