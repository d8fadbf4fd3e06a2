"""Every refusal code, raised exactly where the spec's command table says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from guided_actions._builders import make_pipeline
from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import CommandRefused, GuidedActionsError
from guided_actions.shared_deals import (
    REFUSALS,
    Attachment,
    SharedDeal,
    Side,
    add_note,
    change_product_interest,
    close_lost,
    close_won,
    comment_on_note,
    convert_to_shared_deal,
    delete_attachment,
    request_shared_quote,
    set_deal_team,
)
from tests.shared_deals._helpers import (
    LATER,
    NOW,
    convertible_deal,
    fold,
    make_partner,
    registered,
    registration,
    with_note,
)


def _convert(**overrides: Any) -> object:
    deal = overrides.pop("deal", convertible_deal())
    fields: dict[str, Any] = {
        "partner_owner_id": "pu1",
        "welcome_note": "Welcome",
        "availability_confirmed": True,
        "vendor_rep_id": "vr1",
        "active_registrations": 0,
        "now": NOW,
    }
    fields.update(overrides)
    return convert_to_shared_deal(deal, make_partner(), **fields)


def _private_vendor_note() -> tuple[SharedDeal, str, str]:
    state = with_note(registered(), side=Side.VENDOR, shared=False)
    return state, state.notes[0].id, state.notes[0].attachments[0].id


def _shared_note() -> tuple[SharedDeal, str]:
    state = with_note(registered(), side=Side.PARTNER, shared=True)
    return state, state.notes[0].id


REFUSED: list[Any] = [
    pytest.param("bad_source", lambda: registration(source=ObjectRef(ObjectType.DEAL, "d1")), id="create: deal source"),
    pytest.param("bad_source", lambda: registration(source=ObjectRef(ObjectType.LEAD, "l1")), id="create: lead source"),
    pytest.param("capacity_reached", lambda: registration(active_registrations=3), id="create: at capacity"),
    pytest.param(
        "capacity_reached",
        lambda: registration(make_partner(capacity=0)),
        id="create: a partner with no capacity",
    ),
    pytest.param("missing_field", lambda: registration(introduction=""), id="create: empty introduction"),
    pytest.param("missing_field", lambda: registration(pain_points="  "), id="create: blank pain points"),
    pytest.param("missing_field", lambda: registration(next_steps=""), id="create: empty next steps"),
    pytest.param("not_partner_user", lambda: registration(partner_owner_id="vr1"), id="create: owner outside partner"),
    pytest.param("capacity_reached", lambda: _convert(active_registrations=5), id="convert: over capacity"),
    pytest.param("missing_company", lambda: _convert(deal=convertible_deal(company_ids=())), id="convert: no company"),
    pytest.param("missing_contact", lambda: _convert(deal=convertible_deal(contact_ids=())), id="convert: no contact"),
    pytest.param(
        "availability_not_confirmed", lambda: _convert(availability_confirmed=False), id="convert: not confirmed"
    ),
    pytest.param(
        "deal_closed",
        lambda: _convert(deal=convertible_deal(stage_id="won"), pipeline=make_pipeline()),
        id="convert: won deal",
    ),
    pytest.param(
        "deal_closed",
        lambda: _convert(deal=convertible_deal(stage_id="lost"), pipeline=make_pipeline()),
        id="convert: lost deal",
    ),
    pytest.param("not_partner_user", lambda: _convert(partner_owner_id="stranger"), id="convert: owner outside"),
    pytest.param(
        "missing_field",
        lambda: _convert(deal=convertible_deal(owner_id=None), vendor_rep_id=None),
        id="convert: no rep at all",
    ),
    pytest.param(
        "missing_field",
        lambda: change_product_interest(registered(), [], by="pu1", now=LATER),
        id="product interest: empty",
    ),
    pytest.param(
        "not_partner_user",
        lambda: set_deal_team(registered(), make_partner(), ["pu1", "vr1"], by="pu1", now=LATER),
        id="deal team: vendor user",
    ),
    pytest.param(
        "wrong_partner",
        lambda: set_deal_team(registered(), make_partner(id="other"), ["pu1"], by="pu1", now=LATER),
        id="deal team: another partner",
    ),
    pytest.param(
        "missing_field",
        lambda: add_note(registered(), side=Side.PARTNER, author_id="pu1", body=" ", shared=True, now=LATER),
        id="note: blank body",
    ),
    pytest.param(
        "duplicate_attachment",
        lambda: add_note(
            registered(),
            side=Side.PARTNER,
            author_id="pu1",
            body="x",
            shared=True,
            attachments=(Attachment(id="f", name="a"), Attachment(id="f", name="b")),
            now=LATER,
        ),
        id="note: attachment id twice",
    ),
    pytest.param(
        "unknown_note",
        lambda: comment_on_note(registered(), "nope", side=Side.PARTNER, author_id="pu1", body="x", now=LATER),
        id="comment: unknown note",
    ),
    pytest.param(
        "not_visible",
        lambda: comment_on_note(
            _private_vendor_note()[0],
            _private_vendor_note()[1],
            side=Side.PARTNER,
            author_id="pu1",
            body="x",
            now=LATER,
        ),
        id="comment: the other side's private note",
    ),
    pytest.param(
        "missing_field",
        lambda: comment_on_note(*_shared_note(), side=Side.VENDOR, author_id="vr1", body="", now=LATER),
        id="comment: empty body",
    ),
    pytest.param(
        "unknown_note",
        lambda: delete_attachment(registered(), "nope", "f", side=Side.PARTNER, by="pu1", now=LATER),
        id="delete attachment: unknown note",
    ),
    pytest.param(
        "not_visible",
        lambda: delete_attachment(*_private_vendor_note(), side=Side.PARTNER, by="pu1", now=LATER),
        id="delete attachment: the other side's private note",
    ),
    pytest.param(
        "unknown_attachment",
        lambda: delete_attachment(*_shared_note(), "nope", side=Side.VENDOR, by="vr1", now=LATER),
        id="delete attachment: unknown file",
    ),
    pytest.param(
        "missing_field",
        lambda: request_shared_quote(registered(), side=Side.PARTNER, author_id="pu1", note="", now=LATER),
        id="quote: empty note",
    ),
]


@pytest.mark.parametrize(("code", "command"), REFUSED)
def test_the_command_is_refused_with_the_code(code: str, command: Callable[[], object]) -> None:
    with pytest.raises(CommandRefused) as refused:
        command()
    assert refused.value.code == code
    assert refused.value.message in str(refused.value)


def test_every_refusal_code_in_the_table_is_exercised_here_or_by_the_closed_deal_tests() -> None:
    exercised = {param.values[0] for param in REFUSED} | {"deal_closed"}
    assert exercised == set(REFUSALS)


def _closed(won: bool) -> SharedDeal:
    state = with_note(registered(), side=Side.PARTNER, shared=True)
    return fold(state, close_won(state, now=LATER) if won else close_lost(state, now=LATER))


ON_A_CLOSED_DEAL: list[Any] = [
    pytest.param(lambda s: change_product_interest(s, ["x"], by="pu1", now=LATER), id="change_product_interest"),
    pytest.param(lambda s: set_deal_team(s, make_partner(), ["pu2"], by="pu1", now=LATER), id="set_deal_team"),
    pytest.param(
        lambda s: add_note(s, side=Side.PARTNER, author_id="pu1", body="x", shared=True, now=LATER), id="add_note"
    ),
    pytest.param(
        lambda s: comment_on_note(s, s.notes[0].id, side=Side.VENDOR, author_id="vr1", body="x", now=LATER),
        id="comment_on_note",
    ),
    pytest.param(
        lambda s: delete_attachment(
            s, s.notes[0].id, s.notes[0].attachments[0].id, side=Side.PARTNER, by="pu1", now=LATER
        ),
        id="delete_attachment",
    ),
    pytest.param(
        lambda s: request_shared_quote(s, side=Side.PARTNER, author_id="pu1", note="x", now=LATER),
        id="request_shared_quote",
    ),
    pytest.param(lambda s: close_won(s, now=LATER), id="close_won"),
    pytest.param(lambda s: close_lost(s, now=LATER), id="close_lost"),
]


@pytest.mark.parametrize("won", [True, False], ids=["closed won", "closed lost"])
@pytest.mark.parametrize("command", ON_A_CLOSED_DEAL)
def test_every_mutating_command_is_refused_on_a_closed_deal(won: bool, command: Callable[[SharedDeal], object]) -> None:
    with pytest.raises(CommandRefused) as refused:
        command(_closed(won))
    assert refused.value.code == "deal_closed"


def test_a_pipeline_that_is_not_the_deals_is_bad_input_not_a_refusal() -> None:
    with pytest.raises(GuidedActionsError) as error:
        _convert(pipeline=make_pipeline(id="other"))
    assert not isinstance(error.value, CommandRefused)


def test_a_refusal_is_a_guided_actions_error_and_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"\[capacity_reached\]"):
        registration(active_registrations=99)
