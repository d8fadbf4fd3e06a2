"""The commands and queries take exactly the parameters the spec's tables show."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from guided_actions import shared_deals

SPEC: list[Any] = [
    pytest.param(
        shared_deals.create_shared_deal,
        ["partner"],
        "source name partner_owner_id vendor_rep_id product_interest introduction pain_points next_steps "
        "active_registrations now",
        id="create_shared_deal",
    ),
    pytest.param(
        shared_deals.convert_to_shared_deal,
        ["deal", "partner"],
        "partner_owner_id welcome_note availability_confirmed vendor_rep_id active_registrations now pipeline",
        id="convert_to_shared_deal",
    ),
    pytest.param(shared_deals.change_product_interest, ["state", "products"], "by now", id="change_product_interest"),
    pytest.param(shared_deals.set_deal_team, ["state", "partner", "user_ids"], "by now", id="set_deal_team"),
    pytest.param(shared_deals.add_note, ["state"], "side author_id body shared attachments now", id="add_note"),
    pytest.param(shared_deals.comment_on_note, ["state", "note_id"], "side author_id body now", id="comment_on_note"),
    pytest.param(
        shared_deals.delete_attachment, ["state", "note_id", "attachment_id"], "side by now", id="delete_attachment"
    ),
    pytest.param(shared_deals.request_shared_quote, ["state"], "side author_id note now", id="request_shared_quote"),
    pytest.param(shared_deals.close_won, ["state"], "now", id="close_won"),
    pytest.param(shared_deals.close_lost, ["state"], "now", id="close_lost"),
    pytest.param(shared_deals.apply, ["state", "event"], "", id="apply"),
    pytest.param(shared_deals.replay, ["events"], "", id="replay"),
    pytest.param(shared_deals.visible_notes, ["state", "side"], "", id="visible_notes"),
    pytest.param(shared_deals.events_for, ["events", "side"], "", id="events_for"),
    pytest.param(shared_deals.notification_recipients, ["state", "partner"], "", id="notification_recipients"),
    pytest.param(shared_deals.banner, ["state"], "", id="banner"),
    pytest.param(shared_deals.active_registrations, ["states", "partner_id"], "", id="active_registrations"),
]


@pytest.mark.parametrize(("function", "positional", "keywords"), SPEC)
def test_the_function_takes_the_positional_and_keyword_only_parameters_of_the_spec(
    function: Callable[..., object], positional: list[str], keywords: str
) -> None:
    parameters = inspect.signature(function).parameters.values()
    assert [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD] == positional
    keyword_only = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert set(keywords.split()) <= keyword_only
    required_extra = {
        p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    } - set(keywords.split())
    assert required_extra == set()


def test_every_public_name_of_the_package_has_a_docstring() -> None:
    missing = [
        name
        for name in shared_deals.__all__
        if isinstance(getattr(shared_deals, name), type | Callable)
        and not (inspect.getdoc(getattr(shared_deals, name)) or "").strip()
    ]
    assert missing == []
    assert shared_deals.__all__ == sorted(shared_deals.__all__, key=lambda n: (not n.isupper(), n))
