"""The users one reconcile judges, with the look-ups it needs about them made once.

Why: a portal has hundreds of users, and an incremental reconcile touches a
handful.  Looking a user up by id, ordering the affected owners as a full
reconcile meets them, and asking "whose local midnight passed" should not walk
every user on every call.  For "every user" (no ``user_ids``) these look-ups
are kept with the snapshot's users table, so they are made once per snapshot.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from guided_actions.crm import CrmSnapshot, ObjectType, User

__all__ = ["Judged", "judged_users"]


class Judged:
    """``users`` in reconcile order, by id, their positions, and their ids grouped by time zone."""

    __slots__ = ("by_id", "by_zone", "position", "users")

    def __init__(self, users: Iterable[User]) -> None:
        self.users: tuple[User, ...] = tuple(users)
        self.by_id: Mapping[str, User] = {user.id: user for user in self.users}
        self.position: Mapping[str, int] = {user.id: i for i, user in enumerate(self.users)}
        zones: dict[str, list[str]] = {}
        for user in self.users:
            zones.setdefault(user.timezone, []).append(user.id)
        self.by_zone: Mapping[str, tuple[str, ...]] = {tz: tuple(ids) for tz, ids in zones.items()}

    def in_order(self, user_ids: Collection[str]) -> list[User]:
        """The judged users among ``user_ids``, in reconcile order."""
        found = [uid for uid in user_ids if uid in self.by_id]
        found.sort(key=self.position.__getitem__)
        return [self.by_id[uid] for uid in found]


def _every(users: Collection[User]) -> Judged:
    return Judged(users)


def judged_users(crm: CrmSnapshot, users: list[User] | None) -> Judged:
    """The :class:`Judged` of ``users`` (``None``: every user, kept with the snapshot)."""
    if users is None:
        found: Judged = crm._derived(ObjectType.USER, "judged", _every)
        return found
    return Judged(users)
