"""Shared-deal events as JSON, through the library's one converter.

The events are registered as a tagged union (a ``"type"`` key naming the class),
so a field or a list declared as :data:`SharedDealEvent` round-trips.  Each
event class also writes and accepts its tag on its own, so a host that stores or
sends a plain ``list`` of events — ``to_json(events_for(...))`` without naming
the type — still gets documents that ``from_json(list[SharedDealEvent], text)``
reads back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from guided_actions.serialization import converter, register_tagged_union
from guided_actions.shared_deals._events import SharedDealEvent

__all__ = ["TAG"]

TAG = "type"
"""The key that names an event's class in its JSON object."""


def _tagging(name: str, plain: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def unstructure(value: Any) -> Any:
        # The tag goes first, so a reader knows the class at once.
        return {TAG: name, **plain(value)}

    return unstructure


def _accepting_tag(name: str, plain: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def structure(value: Any, cls: Any) -> Any:
        if type(value) is dict and TAG in value:
            if value[TAG] != name:
                raise ValueError(f"{value[TAG]!r} is not a {name}")
            value = {key: item for key, item in value.items() if key != TAG}
        return plain(value, cls)

    return structure


def _register() -> None:
    register_tagged_union(SharedDealEvent, tag=TAG)
    # The union's hooks captured the plain per-class hooks above; wrap those now.
    for member in get_args(SharedDealEvent):
        name = member.__name__
        converter.register_unstructure_hook(member, _tagging(name, converter.get_unstructure_hook(member)))
        converter.register_structure_hook(member, _accepting_tag(name, converter.get_structure_hook(member)))


_register()
