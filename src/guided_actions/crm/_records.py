"""CRM records: companies, contacts, leads, deals and their pipelines."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from guided_actions.crm._checks import (
    EMPTY_MAPPING,
    id_tuple,
    ids,
    instance_of,
    is_bool,
    is_str,
    non_empty_str,
    optional_amount,
    optional_aware,
    optional_date,
    optional_non_empty_str,
    optional_str,
    property_mapping,
    read_only_mapping,
    reduce_entity,
)
from guided_actions.crm._enums import ObjectType, StageState
from guided_actions.crm._people import email_domain
from guided_actions.errors import InvalidEntity

__all__ = ["Company", "Contact", "Deal", "Lead", "Pipeline", "PropertyValue", "Stage"]

PropertyValue: TypeAlias = str | int | float | bool | Decimal | _dt.datetime | _dt.date | None
"""A value of a custom property: text, number, boolean, money, instant or date."""


@attrs.frozen(kw_only=True)
class Company:
    """A company (an account); ``target_account`` marks it for account-based selling."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    domain: str | None = attrs.field(default=None, validator=optional_str)
    owner_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    target_account: bool = attrs.field(default=False, validator=is_bool)
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    # A read-only mapping is not hashable: the entity's hash leaves it out (equality keeps it).
    properties: Mapping[str, PropertyValue] = attrs.field(
        default=EMPTY_MAPPING, converter=read_only_mapping, validator=property_mapping, hash=False
    )

    def __reduce__(self) -> tuple[Any, tuple[type[Any], dict[str, Any]]]:
        """Pickle by rebuilding from the fields (``properties`` is a read-only mapping)."""
        return reduce_entity(self)


@attrs.frozen(kw_only=True)
class Contact:
    """A person at a customer or prospect.

    ``owner_assigned_at`` is when the current owner got the contact (rule 1's
    "newly assigned"); ``last_engaged_at`` is the contact's own latest engagement
    (an open, a reply, a visit), which rules 3 and 14 watch.
    """

    id: str = attrs.field(validator=non_empty_str)
    email: str | None = attrs.field(default=None, validator=optional_str)
    owner_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    owner_assigned_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    lifecycle_stage: str | None = attrs.field(default=None, validator=optional_str)
    company_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    last_engaged_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    # A read-only mapping is not hashable: the entity's hash leaves it out (equality keeps it).
    properties: Mapping[str, PropertyValue] = attrs.field(
        default=EMPTY_MAPPING, converter=read_only_mapping, validator=property_mapping, hash=False
    )

    def __reduce__(self) -> tuple[Any, tuple[type[Any], dict[str, Any]]]:
        """Pickle by rebuilding from the fields (``properties`` is a read-only mapping)."""
        return reduce_entity(self)

    @property
    def domain(self) -> str | None:
        """The lower-cased part of ``email`` after ``@``."""
        return email_domain(self.email)


@attrs.frozen(kw_only=True)
class Lead:
    """A lead: one prospecting effort on a contact, moving through a lead pipeline.

    ``stage_entered_at`` is when it entered its current stage; for a
    disqualified lead that is the disqualification time (rule 3 compares the
    contact's re-engagement with it).
    """

    id: str = attrs.field(validator=non_empty_str)
    contact_id: str = attrs.field(validator=non_empty_str)
    pipeline_id: str = attrs.field(validator=non_empty_str)
    stage_id: str = attrs.field(validator=non_empty_str)
    owner_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    owner_assigned_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    stage_entered_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    last_engaged_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)


@attrs.frozen(kw_only=True)
class Deal:
    """A deal in a deal pipeline; open while its stage is ``OPEN``."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=is_str)
    pipeline_id: str = attrs.field(validator=non_empty_str)
    stage_id: str = attrs.field(validator=non_empty_str)
    owner_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    owner_assigned_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    created_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    contact_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    company_ids: tuple[str, ...] = attrs.field(default=(), converter=ids, validator=id_tuple)
    next_steps: str | None = attrs.field(default=None, validator=optional_str)
    next_steps_updated_at: _dt.datetime | None = attrs.field(default=None, validator=optional_aware)
    amount: Decimal | None = attrs.field(default=None, validator=optional_amount)
    close_date: _dt.date | None = attrs.field(default=None, validator=optional_date)


@attrs.frozen(kw_only=True)
class Stage:
    """One stage of a pipeline; ``state`` tells open from won/lost."""

    id: str = attrs.field(validator=non_empty_str)
    label: str = attrs.field(validator=non_empty_str)
    state: StageState = attrs.field(default=StageState.OPEN, validator=instance_of(StageState))

    @property
    def is_open(self) -> bool:
        """Whether a record in this stage is open (not won, not lost)."""
        return self.state is StageState.OPEN


def _stages(value: object) -> tuple[Stage, ...]:
    if type(value) is tuple or isinstance(value, str):
        return value  # type: ignore[return-value]  # a str is refused by the validator
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        return value  # type: ignore[return-value]  # refused by the validator


@attrs.frozen(kw_only=True)
class Pipeline:
    """An ordered list of stages for deals, leads or another object with stages.

    ``stages[0]`` is the *first stage* (rules 2 and 18 ask whether a record is
    still there).  A pipeline without stages, or with a stage id twice, is refused.
    """

    id: str = attrs.field(validator=non_empty_str)
    object_type: ObjectType = attrs.field(validator=instance_of(ObjectType))
    label: str = attrs.field(validator=non_empty_str)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)

    @stages.validator
    def _check_stages(self, attribute: attrs.Attribute[tuple[Stage, ...]], value: tuple[Stage, ...]) -> None:
        if type(value) is not tuple:
            raise InvalidEntity("Pipeline", "stages", value, "must be a sequence of Stage")
        if not value:
            raise InvalidEntity("Pipeline", "stages", value, "a pipeline needs at least one stage")
        seen: set[str] = set()
        for stage in value:
            if not isinstance(stage, Stage):
                raise InvalidEntity("Pipeline", "stages", stage, "every stage must be a Stage")
            if stage.id in seen:
                raise InvalidEntity("Pipeline", "stages", stage.id, f"stage id {stage.id!r} appears twice")
            seen.add(stage.id)

    @property
    def first_stage(self) -> Stage:
        """The stage new records enter."""
        return self.stages[0]

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id (``KeyError`` when it is not in this pipeline)."""
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)
