"""Visibility, notifications, banner, capacity count, and the fold's own checks."""

from __future__ import annotations

import attrs
import pytest

from guided_actions.errors import GuidedActionsError
from guided_actions.shared_deals import (
    TRANSITIONS,
    Banner,
    ClosedWon,
    SharedDealEvent,
    SharedDealStatus,
    Side,
    Visibility,
    active_registrations,
    add_note,
    apply,
    banner,
    check_transitions,
    close_lost,
    close_won,
    comment_on_note,
    events_for,
    notification_recipients,
    replay,
    set_deal_team,
    visible_notes,
)
from tests.shared_deals._helpers import LATER, NOW, fold, make_partner, registered, registration


def _two_sided_log() -> list[SharedDealEvent]:
    events = list(registration())
    state = replay(events)
    for side, shared, body in [
        (Side.PARTNER, True, "shared by partner"),
        (Side.PARTNER, False, "partner only"),
        (Side.VENDOR, False, "vendor only"),
        (Side.VENDOR, True, "shared by vendor"),
    ]:
        author = "pu1" if side is Side.PARTNER else "vr1"
        new = add_note(state, side=side, author_id=author, body=body, shared=shared, now=LATER)
        events += new
        state = fold(state, new)
    private = next(n for n in state.notes if n.body == "partner only")
    new = comment_on_note(state, private.id, side=Side.PARTNER, author_id="pu2", body="secret", now=LATER)
    return [*events, *new]


class TestVisibility:
    def test_each_side_sees_shared_notes_and_its_own_private_notes_oldest_first(self) -> None:
        state = replay(_two_sided_log())
        partner = [n.body for n in visible_notes(state, Side.PARTNER)]
        vendor = [n.body for n in visible_notes(state, Side.VENDOR)]
        assert partner == ["shared by partner", "partner only", "shared by vendor"]
        assert vendor == ["shared by partner", "vendor only", "shared by vendor"]

    def test_the_shared_tab_shows_only_shared_notes(self) -> None:
        state = replay(_two_sided_log())
        shared = [n.body for n in visible_notes(state, Side.PARTNER, shared_only=True)]
        assert shared == ["shared by partner", "shared by vendor"]

    def test_notes_are_ordered_by_when_they_were_written(self) -> None:
        state = registered()
        late = fold(state, add_note(state, side=Side.PARTNER, author_id="pu1", body="late", shared=True, now=LATER))
        early = fold(late, add_note(late, side=Side.VENDOR, author_id="vr1", body="early", shared=True, now=NOW))
        assert [n.body for n in visible_notes(early, Side.VENDOR)] == ["early", "late"]

    def test_the_sync_never_sends_a_side_what_is_private_to_the_other(self) -> None:
        log = _two_sided_log()
        for_vendor = events_for(log, Side.VENDOR)
        assert all(e.visibility in (Visibility.SHARED, Visibility.VENDOR_ONLY) for e in for_vendor)
        assert "partner only" not in repr(for_vendor)
        assert "secret" not in repr(for_vendor)
        assert len(events_for(log, Side.PARTNER)) == len(log) - 1

    def test_replaying_what_a_side_received_gives_that_sides_view(self) -> None:
        log = _two_sided_log()
        full = replay(log)
        for side in Side:
            view = replay(events_for(log, side))
            assert visible_notes(view, side) == visible_notes(full, side)


class TestNotifications:
    def test_the_deal_team_is_notified(self) -> None:
        state = registered()
        state = fold(state, set_deal_team(state, make_partner(), ["pu2", "pu3"], by="pu1", now=LATER))
        assert notification_recipients(state, make_partner()) == frozenset({"pu2", "pu3"})

    def test_the_notification_recipient_is_added_only_when_notifications_are_on(self) -> None:
        state = registered()
        on = make_partner(notifications_enabled=True, notification_recipient_id="pu3")
        off = make_partner(notifications_enabled=False, notification_recipient_id="pu3")
        assert notification_recipients(state, on) == frozenset({"pu1", "pu3"})
        assert notification_recipients(state, off) == frozenset({"pu1"})

    def test_nobody_outside_the_partner_account_is_ever_notified(self) -> None:
        state = registered()
        shrunk = make_partner(user_ids={"pu2"}, notifications_enabled=True, notification_recipient_id="gone")
        assert notification_recipients(state, shrunk) == frozenset()

    def test_asking_with_another_partner_is_an_error(self) -> None:
        with pytest.raises(GuidedActionsError):
            notification_recipients(registered(), make_partner(id="other"))


class TestBannerAndCapacity:
    def test_the_banner_says_purchased_when_won_lost_when_lost_and_nothing_while_open(self) -> None:
        state = registered()
        assert banner(state) is None
        assert banner(fold(state, close_won(state, now=LATER))) is Banner.PURCHASED
        assert banner(fold(state, close_lost(state, now=LATER))) is Banner.LOST

    def test_active_registrations_counts_the_partners_open_deals_only(self) -> None:
        one = registered()
        two = registered(now=LATER)
        closed = fold(two, close_lost(two, now=LATER))
        other = attrs.evolve(one, partner_id="someone-else")
        assert active_registrations([one, two, other], "p") == 2
        assert active_registrations([one, closed, other], "p") == 1
        assert active_registrations([], "p") == 0


class TestFold:
    def test_replay_counts_every_event_in_version(self) -> None:
        log = _two_sided_log()
        assert replay(log).version == len(log)

    def test_replay_of_nothing_is_an_error(self) -> None:
        with pytest.raises(GuidedActionsError, match="no events"):
            replay([])

    def test_a_stream_must_start_with_a_creation(self) -> None:
        with pytest.raises(GuidedActionsError, match="cannot start"):
            apply(None, ClosedWon(at=NOW, deal_id="d", side=Side.VENDOR, visibility=Visibility.SHARED))

    def test_a_creation_cannot_be_applied_twice(self) -> None:
        with pytest.raises(GuidedActionsError, match="existing shared deal"):
            apply(registered(), registration()[0])

    def test_an_event_of_another_deal_is_refused(self) -> None:
        event = ClosedWon(at=NOW, deal_id="another", side=Side.VENDOR, visibility=Visibility.SHARED)
        with pytest.raises(GuidedActionsError, match="cannot be applied to deal"):
            apply(registered(), event)

    def test_a_second_close_is_a_corrupt_stream(self) -> None:
        state = registered()
        (won,) = close_won(state, now=LATER)
        with pytest.raises(GuidedActionsError, match="cannot follow"):
            apply(apply(state, won), won)

    def test_a_note_delivered_twice_is_a_corrupt_stream(self) -> None:
        state = registered()
        events = add_note(state, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER)
        with pytest.raises(GuidedActionsError, match="delivered twice"):
            fold(fold(state, events), events)

    def test_a_note_the_other_side_wrote_before_it_learned_of_the_close_is_kept(self) -> None:
        state = registered()
        late_note = add_note(state, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER)
        closed = fold(state, close_won(state, now=LATER))
        after = fold(closed, late_note)
        assert after.status is SharedDealStatus.CLOSED_WON
        assert [n.body for n in after.notes] == ["x"]

    def test_the_transition_table_is_sound_and_a_broken_one_is_reported(self) -> None:
        assert check_transitions(TRANSITIONS) == ()
        broken = dict(TRANSITIONS)
        broken[(SharedDealStatus.CLOSED_WON, ClosedWon)] = SharedDealStatus.CLOSED_WON
        del broken[(SharedDealStatus.OPEN, type(close_lost(registered(), now=LATER)[0]))]
        problems = check_transitions(broken)
        assert "event ClosedLost has no transition" in problems
        assert "status closed_lost is unreachable" in problems
        assert "final status closed_won has a way out (ClosedWon)" in problems
