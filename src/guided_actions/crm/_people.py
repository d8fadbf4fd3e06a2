"""Users, teams and portal-wide settings."""

from __future__ import annotations

import attrs

from guided_actions.crm._checks import (
    frozen_set,
    id_frozenset,
    is_bool,
    members_of,
    non_empty_str,
    optional_non_empty_str,
    str_frozenset,
    timezone_name,
)
from guided_actions.crm._enums import Permission, Seat

__all__ = ["PortalSettings", "Team", "User", "email_domain"]


def email_domain(address: str | None) -> str | None:
    """The lower-cased part of an address after ``@`` (``None`` when there is none)."""
    if not address:
        return None
    _, at, domain = address.rpartition("@")
    return domain.strip().lower() or None if at else None


@attrs.frozen(kw_only=True)
class User:
    """A person who logs in: a sales rep, a CSM, an admin.

    ``timezone`` is the IANA zone in which the user's calendar questions ("due
    today", "this week") are asked.  ``primary_team_id`` decides which team
    workspace the user lands in.
    """

    id: str = attrs.field(validator=non_empty_str)
    email: str = attrs.field(validator=non_empty_str)
    timezone: str = attrs.field(default="UTC", validator=timezone_name)
    primary_team_id: str | None = attrs.field(default=None, validator=optional_non_empty_str)
    team_ids: frozenset[str] = attrs.field(default=frozenset(), converter=str_frozenset, validator=id_frozenset)
    super_admin: bool = attrs.field(default=False, validator=is_bool)
    seats: frozenset[Seat] = attrs.field(default=frozenset(), converter=frozen_set, validator=members_of(Seat))
    permissions: frozenset[Permission] = attrs.field(
        default=frozenset(), converter=frozen_set, validator=members_of(Permission)
    )

    @property
    def domain(self) -> str | None:
        """The lower-cased part of ``email`` after ``@``."""
        return email_domain(self.email)


@attrs.frozen(kw_only=True)
class Team:
    """A team of users; team workspaces and dashboards are granted to teams."""

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)


@attrs.frozen(kw_only=True)
class PortalSettings:
    """Portal-wide settings the rules read.

    ``closed_lifecycle_stages`` are the lifecycle stages after which a contact is
    no longer prospected ("Customer", "Evangelist" by default).  A portal that
    customised its lifecycle stages sets this to its last stage(s).
    """

    closed_lifecycle_stages: frozenset[str] = attrs.field(
        default=frozenset({"customer", "evangelist"}),
        converter=str_frozenset,
        validator=members_of(str),
    )
