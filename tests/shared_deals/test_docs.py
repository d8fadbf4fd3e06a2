"""The reference page's state diagram is the one the code renders from its transition table."""

from __future__ import annotations

import re
from pathlib import Path

from guided_actions.shared_deals import TRANSITIONS, SharedDealStatus, state_diagram

PAGE = Path(__file__).resolve().parents[2] / "docs" / "shared-deals.md"
BLOCK = re.compile(
    r"<!-- BEGIN GENERATED: shared-deal-state-diagram -->\n```mermaid\n(?P<diagram>.*?)```\n"
    r"<!-- END GENERATED: shared-deal-state-diagram -->",
    re.DOTALL,
)


def test_the_reference_page_shows_the_diagram_generated_from_the_transition_table() -> None:
    match = BLOCK.search(PAGE.read_text(encoding="utf-8"))
    assert match is not None, "the generated-diagram markers are missing from docs/shared-deals.md"
    assert match["diagram"] == state_diagram(), "regenerate the diagram with shared_deals.state_diagram()"


def test_the_diagram_has_an_arrow_per_status_change_and_an_end_for_each_final_status() -> None:
    diagram = state_diagram()
    assert diagram.startswith("stateDiagram-v2\n")
    for (source, event), target in TRANSITIONS.items():
        start = "[*]" if source is None else source.value
        assert re.search(rf"{re.escape(start)} --> {target.value}: .*\b{event.__name__}\b", diagram)
    for status in (SharedDealStatus.CLOSED_WON, SharedDealStatus.CLOSED_LOST):
        assert f"    {status.value} --> [*]\n" in diagram
