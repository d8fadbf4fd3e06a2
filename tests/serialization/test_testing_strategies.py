"""The public test strategies of :mod:`guided_actions.testing` agree with the serialization."""

from __future__ import annotations

from hypothesis import given

from guided_actions.crm import CrmSnapshot
from guided_actions.serialization import from_json, to_dict, to_json
from guided_actions.testing import snapshots


class TestPublicSnapshotStrategy:
    @given(crm=snapshots(strict=True))
    def test_a_strict_generated_portal_survives_a_json_round_trip(self, crm: CrmSnapshot) -> None:
        text = to_json(crm)
        back = from_json(CrmSnapshot, text)
        # Stdlib datetimes in a repeated hour never compare equal to another tzinfo's,
        # so the comparison is on the written form, which carries wall time, offset and zone.
        assert to_json(back) == text
        assert back.counts() == crm.counts()
        assert to_dict(back) == to_dict(crm)

    @given(crm=snapshots(strict=False))
    def test_a_partial_book_of_business_survives_a_json_round_trip(self, crm: CrmSnapshot) -> None:
        text = to_json(crm)
        back = from_json(CrmSnapshot, text)
        assert back.strict is False
        assert to_json(back) == text
