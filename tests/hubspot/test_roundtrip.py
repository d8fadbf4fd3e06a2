"""Any snapshot, written out in HubSpot's wire format, converts back to an equal snapshot."""

from __future__ import annotations

from hypothesis import assume, given

from guided_actions.crm import CrmSnapshot
from guided_actions.hubspot import snapshot_from_hubspot
from guided_actions.testing import snapshots
from tests.hubspot._wire import differences, representable, to_hubspot_export, wire_safe


@given(snapshots())
def test_a_snapshot_written_in_hubspot_wire_format_reads_back_equal(crm: CrmSnapshot) -> None:
    assume(wire_safe(crm))
    result = snapshot_from_hubspot(to_hubspot_export(crm), strict=True, settings=crm.settings)
    assert result.problems == ()
    expected = representable(crm)
    diffs = differences(result.snapshot, expected)
    assert not diffs, "\n".join(diffs)
    assert result.snapshot == expected


@given(snapshots())
def test_reading_the_wire_format_twice_gives_the_same_snapshot(crm: CrmSnapshot) -> None:
    assume(wire_safe(crm))
    export = to_hubspot_export(crm)
    once = snapshot_from_hubspot(export, strict=True, settings=crm.settings).snapshot
    again = snapshot_from_hubspot(to_hubspot_export(once), strict=True, settings=crm.settings).snapshot
    diffs = differences(again, once)
    assert not diffs, "\n".join(diffs)
    assert again == once
