"""The shared deal's state diagram, rendered from the transition table itself."""

from __future__ import annotations

from collections.abc import Mapping

from guided_actions.shared_deals._apply import TRANSITIONS
from guided_actions.shared_deals._events import SharedDealEvent
from guided_actions.shared_deals._values import SharedDealStatus

__all__ = ["state_diagram"]


def _name(status: SharedDealStatus | None) -> str:
    return "[*]" if status is None else status.value


def state_diagram(
    table: Mapping[tuple[SharedDealStatus | None, type[SharedDealEvent]], SharedDealStatus] = TRANSITIONS,
) -> str:
    """Mermaid ``stateDiagram-v2`` text of the shared deal's life, from the transition table.

    The reference docs include this text verbatim and a test compares it, so
    the diagram cannot drift from what the code enforces.  Events that lead
    between the same two statuses share one arrow; final statuses (no way out)
    get an arrow to the end marker.
    """
    arrows: dict[tuple[SharedDealStatus | None, SharedDealStatus], list[str]] = {}
    for (source, event), target in table.items():
        arrows.setdefault((source, target), []).append(event.__name__)
    lines = ["stateDiagram-v2"]
    for (source, target), events in arrows.items():
        lines.append(f"    {_name(source)} --> {_name(target)}: {', '.join(events)}")
    sources = {source for source, _ in table}
    reached = [target for target in SharedDealStatus if target in table.values()]
    lines += [f"    {_name(status)} --> [*]" for status in reached if status not in sources]
    return "\n".join(lines) + "\n"
