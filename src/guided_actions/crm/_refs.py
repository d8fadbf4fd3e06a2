"""``ObjectRef``: a small, hashable, orderable pointer to any record."""

from __future__ import annotations

import attrs

from guided_actions.crm._checks import instance_of, non_empty_str
from guided_actions.crm._enums import ObjectType

__all__ = ["ObjectRef"]


@attrs.frozen(order=True)
class ObjectRef:
    """A pointer to one record: its kind and id.

    Unlike the entities it takes its fields positionally too
    (``ObjectRef(ObjectType.CONTACT, "c1")``), because refs are written inline
    everywhere.  ``str(ref)`` is ``"contact:c1"``, the form the CLI accepts.
    """

    kind: ObjectType = attrs.field(validator=instance_of(ObjectType))
    id: str = attrs.field(validator=non_empty_str)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> ObjectRef:
        """Parse ``"contact:c1"`` back into a ref (raises ``GuidedActionsError``)."""
        from guided_actions.errors import GuidedActionsError

        kind, sep, ident = text.partition(":")
        try:
            object_type = ObjectType(kind.strip().lower())
        except ValueError:
            known = ", ".join(t.value for t in ObjectType)
            raise GuidedActionsError(f"unknown object kind {kind!r} in {text!r}; expected one of {known}") from None
        if not sep or not ident:
            raise GuidedActionsError(f"expected KIND:ID, got {text!r}")
        return cls(object_type, ident)
