"""Random command sequences from both sides keep the shared deal's invariants.

A Hypothesis state machine registers and converts deals for one partner and
then drives every command, from the partner and from the vendor, valid or
not.  After every step it checks the spec's invariants: the fold of the events
returned so far is the current state and ``version`` counts them; nothing
private to one side reaches the other; closed is final; the partner never has
more open shared deals than its capacity; and each side's synced view agrees.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from guided_actions._builders import make_pipeline
from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import CommandRefused
from guided_actions.shared_deals import (
    AttachmentDeleted,
    CommentAdded,
    NoteAdded,
    QuoteRequested,
    SharedDeal,
    SharedDealEvent,
    SharedDealStatus,
    Side,
    active_registrations,
    add_note,
    apply,
    change_product_interest,
    close_lost,
    close_won,
    comment_on_note,
    convert_to_shared_deal,
    create_shared_deal,
    delete_attachment,
    events_for,
    replay,
    request_shared_quote,
    set_deal_team,
    visible_notes,
)
from tests.shared_deals._helpers import NOW, convertible_deal, make_partner

USERS = ["pu1", "pu2", "pu3", "vr1", "stranger"]
TEXTS = ["", "Pricing", "Next call Tuesday", "Budget approved"]
sides = st.sampled_from(Side)
Command = Callable[[SharedDeal], tuple[SharedDealEvent, ...]]


def _author(side: Side) -> str:
    return "pu2" if side is Side.PARTNER else "vr1"


class SharedDealMachine(RuleBasedStateMachine):
    """One partner with capacity 2, its shared deals, and each deal's event log."""

    def __init__(self) -> None:
        super().__init__()
        self.partner = make_partner(capacity=2)
        self.now = NOW
        self.logs: dict[str, list[SharedDealEvent]] = {}
        self.states: dict[str, SharedDeal] = {}
        self.converted = 0

    # -- helpers -----------------------------------------------------------

    def _tick(self) -> _dt.datetime:
        self.now += _dt.timedelta(minutes=7)
        return self.now

    def _active(self) -> int:
        return active_registrations(self.states.values(), self.partner.id)

    def _start(self, make: Callable[[], tuple[SharedDealEvent, ...]]) -> None:
        active = self._active()
        try:
            events = make()
        except CommandRefused as refused:
            code: str | None = refused.code
        else:
            code = None
        if code is not None:
            assert code != "capacity_reached" or active >= self.partner.capacity
            return
        assert active < self.partner.capacity, "a deal was started at capacity"
        state = replay(events)
        assert state.deal_id not in self.states
        self.logs[state.deal_id] = list(events)
        self.states[state.deal_id] = state

    def _key(self, pick: int) -> str:
        keys = sorted(self.states)
        return keys[pick % len(keys)]

    def _run(self, pick: int, command: Command) -> None:
        key = self._key(pick)
        state = self.states[key]
        try:
            events = command(state)
        except CommandRefused as refused:
            code: str | None = refused.code
        else:
            code = None
        if code is not None:
            assert code == "deal_closed" or not state.is_closed
            return
        assert not state.is_closed, "a command succeeded on a closed deal"
        assert events
        for event in events:
            state = apply(state, event)
        self.logs[key].extend(events)
        self.states[key] = state

    def _note_id(self, pick: int, index: int) -> str:
        notes = self.states[self._key(pick)].notes
        return notes[index % len(notes)].id if notes and index >= 0 else "no-such-note"

    # -- starting deals ----------------------------------------------------

    @rule(
        kind=st.sampled_from([ObjectType.CONTACT, ObjectType.COMPANY, ObjectType.DEAL]),
        owner=st.sampled_from(USERS),
        introduction=st.sampled_from(TEXTS),
        products=st.frozensets(st.sampled_from(["sales-hub", "cms-hub"])),
    )
    def register(self, kind: ObjectType, owner: str, introduction: str, products: frozenset[str]) -> None:
        now = self._tick()
        self._start(
            lambda: create_shared_deal(
                self.partner,
                source=ObjectRef(kind, "rec1"),
                name="Expansion",
                partner_owner_id=owner,
                vendor_rep_id="vr1",
                product_interest=products,
                introduction=introduction,
                pain_points="Spreadsheets",
                next_steps="Demo",
                active_registrations=self._active(),
                now=now,
            )
        )

    @rule(
        has_company=st.booleans(),
        has_contact=st.booleans(),
        confirmed=st.booleans(),
        stage=st.sampled_from(["new", "qualified", "won", "lost"]),
        owner=st.sampled_from(USERS),
    )
    def convert(self, has_company: bool, has_contact: bool, confirmed: bool, stage: str, owner: str) -> None:
        self.converted += 1
        deal = convertible_deal(
            id=f"crm-{self.converted}",
            stage_id=stage,
            company_ids=("co1",) if has_company else (),
            contact_ids=("c1",) if has_contact else (),
        )
        now = self._tick()
        self._start(
            lambda: convert_to_shared_deal(
                deal,
                self.partner,
                partner_owner_id=owner,
                welcome_note="Welcome",
                availability_confirmed=confirmed,
                vendor_rep_id="vr1",
                active_registrations=self._active(),
                now=now,
                pipeline=make_pipeline(),
            )
        )

    # -- commands on a deal ------------------------------------------------

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), products=st.frozensets(st.sampled_from(["a", "b", "c"])), by=st.sampled_from(USERS))
    def change_interest(self, pick: int, products: frozenset[str], by: str) -> None:
        now = self._tick()
        self._run(pick, lambda s: change_product_interest(s, products, by=by, now=now))

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), team=st.frozensets(st.sampled_from(USERS), max_size=3), by=st.sampled_from(USERS))
    def set_team(self, pick: int, team: frozenset[str], by: str) -> None:
        now = self._tick()
        self._run(pick, lambda s: set_deal_team(s, self.partner, team, by=by, now=now))

    @precondition(lambda self: self.states)
    @rule(
        pick=st.integers(0, 9), side=sides, shared=st.booleans(), body=st.sampled_from(TEXTS), files=st.integers(0, 2)
    )
    def note(self, pick: int, side: Side, shared: bool, body: str, files: int) -> None:
        now = self._tick()
        names = tuple(f"file{i}.pdf" for i in range(files))
        self._run(
            pick,
            lambda s: add_note(
                s, side=side, author_id=_author(side), body=body, shared=shared, attachments=names, now=now
            ),
        )

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), side=sides, index=st.integers(-1, 5), body=st.sampled_from(TEXTS))
    def comment(self, pick: int, side: Side, index: int, body: str) -> None:
        now = self._tick()
        note_id = self._note_id(pick, index)
        self._run(pick, lambda s: comment_on_note(s, note_id, side=side, author_id=_author(side), body=body, now=now))

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), side=sides, index=st.integers(-1, 5), file=st.integers(-1, 2))
    def delete_file(self, pick: int, side: Side, index: int, file: int) -> None:
        now = self._tick()
        # Aim at notes that have files, so that deletions succeed as often as they are refused.
        with_files = [n for n in self.states[self._key(pick)].notes if n.attachments]
        note = with_files[index % len(with_files)] if with_files and index >= 0 else None
        note_id = note.id if note is not None else "no-such-note"
        files = note.attachments if note is not None else ()
        file_id = files[file % len(files)].id if files and file >= 0 else "no-such-file"
        self._run(pick, lambda s: delete_attachment(s, note_id, file_id, side=side, by=_author(side), now=now))

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), side=sides, text=st.sampled_from(TEXTS))
    def quote(self, pick: int, side: Side, text: str) -> None:
        now = self._tick()
        self._run(pick, lambda s: request_shared_quote(s, side=side, author_id=_author(side), note=text, now=now))

    @precondition(lambda self: self.states)
    @rule(pick=st.integers(0, 9), outcome=st.sampled_from(["won", "lost", "keep", "keep", "keep"]))
    def close(self, pick: int, outcome: str) -> None:
        # Deals are mostly kept open, so that the other commands have open deals to work on.
        if outcome == "keep":
            return
        now = self._tick()
        self._run(pick, lambda s: close_won(s, now=now) if outcome == "won" else close_lost(s, now=now))

    # -- invariants --------------------------------------------------------

    @invariant()
    def replaying_the_returned_events_gives_the_current_state(self) -> None:
        for key, log in self.logs.items():
            state = replay(log)
            assert state == self.states[key]
            assert state.version == len(log)

    @invariant()
    def nothing_private_to_one_side_reaches_the_other(self) -> None:
        for key, log in self.logs.items():
            state = self.states[key]
            for side in Side:
                private_elsewhere = {n.id for n in state.notes if not n.shared and n.side is not side}
                assert not {n.id for n in visible_notes(state, side)} & private_elsewhere
                for event in events_for(log, side):
                    assert event.visibility.visible_to(side)
                    if isinstance(event, NoteAdded | CommentAdded | AttachmentDeleted | QuoteRequested):
                        assert event.note_id not in private_elsewhere

    @invariant()
    def each_sides_synced_view_shows_what_that_side_may_see(self) -> None:
        for key, log in self.logs.items():
            for side in Side:
                view = replay(events_for(log, side))
                assert visible_notes(view, side) == visible_notes(self.states[key], side)
                assert view.status is self.states[key].status

    @invariant()
    def the_partner_never_has_more_open_deals_than_its_capacity(self) -> None:
        assert self._active() <= self.partner.capacity

    @invariant()
    def a_closed_deal_has_a_closed_at_and_an_open_one_has_not(self) -> None:
        for state in self.states.values():
            assert (state.closed_at is not None) == (state.status is not SharedDealStatus.OPEN)


SharedDealMachine.TestCase.settings = settings(stateful_step_count=30)
TestSharedDealMachine = SharedDealMachine.TestCase
