"""``KnownActions``: the host's stored actions, indexed once and kept up to date change by change.

Why: an incremental reconcile judges a handful of subjects, but with ``known``
given as a plain list it still has to read every stored action (to find the
ones about those subjects, to know which keys were used, to return the
unchanged ones), and a large portal has hundreds of thousands.  A
:class:`KnownActions` holds them indexed (by the records they are about, by
owner and type, by age) and sorted in the order :func:`reconcile` returns them,
so an incremental reconcile reads only the actions it needs and returns the
unchanged ones as they are.  ``known.apply(result)`` is the host's "store the
result": a new value that shares almost everything with the old one (each
index is a large base plus a small layer of recent changes, merged now and
then), so keeping it up to date costs about as much as the change itself.

It is a value like any other here: immutable, never shared state; the host
keeps the latest one next to its snapshot.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, Generic, TypeVar

from guided_actions.actions._model import ActionStatus, GuidedAction, Reconciliation
from guided_actions.actions._registry import RuleRegistry, default_registry
from guided_actions.crm import ObjectRef
from guided_actions.crm._timeline import Timeline
from guided_actions.errors import GuidedActionsError

__all__ = ["KnownActions", "sort_key_of"]

K = TypeVar("K")
V = TypeVar("V")
_GONE: Any = object()


class _Layered(Generic[K, V]):
    """An immutable map: a shared base and a small top layer of changes (``_GONE`` marks a removal)."""

    __slots__ = ("base", "top")

    def __init__(self, base: dict[K, V], top: dict[K, Any] | None = None) -> None:
        self.base = base
        self.top: dict[K, Any] = top if top is not None else {}

    def get(self, key: K, default: Any = None) -> Any:
        top = self.top
        if top and key in top:
            found = top[key]
            return default if found is _GONE else found
        return self.base.get(key, default)

    def __contains__(self, key: object) -> bool:
        return self.get(key, _GONE) is not _GONE  # type: ignore[arg-type]

    def with_changes(self, changes: dict[K, Any]) -> _Layered[K, V]:
        """A new map with ``changes`` applied (``_GONE`` removes); merges the layers once the top grows."""
        if not changes:
            return self
        top = {**self.top, **changes}
        if len(top) * 8 <= len(self.base) or len(top) <= 64:
            return _Layered(self.base, top)
        base = {**self.base}
        for key, value in top.items():
            if value is _GONE:
                base.pop(key, None)
            else:
                base[key] = value
        return _Layered(base)

    def values(self) -> Iterator[V]:
        top = self.top
        for key, value in self.base.items():
            if key not in top:
                yield value
        for value in top.values():
            if value is not _GONE:
                yield value


SortKey = Callable[[GuidedAction], tuple[Any, ...]]


def sort_key_of(registry: RuleRegistry) -> SortKey:
    """The order :func:`reconcile` returns actions in: owner, the rule table's order, trigger time, key, id."""
    order = registry.sort_keys()
    last = (3, len(order))

    def sort_key(action: GuidedAction) -> tuple[Any, ...]:
        rank = order.get(action.type, last)
        return (action.owner_id, rank[0], rank[1], action.type, action.triggered_at, action.key, action.id)

    return sort_key


def _refs_of(action: GuidedAction) -> set[ObjectRef]:
    refs = {action.subject, *action.items}
    if action.trigger is not None:
        refs.add(action.trigger)
    return refs


class KnownActions:
    """Every action a host stored (active and expired), indexed for :func:`reconcile`.

    Build it once with :meth:`of` from the stored actions; after each
    reconcile, ``known = known.apply(result)``.  Pass it as ``known=`` to
    :func:`reconcile`: with ``changed``/``since`` it lets the reconcile read
    only the actions about the affected records, and return the unchanged ones
    without touching them.  Iterating yields every action (active first, in
    reconcile order, then expired).
    """

    __slots__ = ("_active", "_by_id", "_by_pair", "_by_ref", "_created", "_keys", "_order", "_sort_key")

    _active: tuple[GuidedAction, ...]
    _by_id: _Layered[str, GuidedAction]
    _keys: _Layered[tuple[str, str, str], bool]
    _by_ref: _Layered[ObjectRef, tuple[str, ...]]
    _by_pair: _Layered[tuple[str, str], tuple[str, ...]]
    _created: dict[str, Timeline]
    _order: dict[str, tuple[int, int]]
    _sort_key: SortKey

    def __init__(self) -> None:
        raise TypeError("use KnownActions.of(actions) to make one")

    @classmethod
    def of(cls, actions: Iterable[GuidedAction], *, registry: RuleRegistry | None = None) -> KnownActions:
        """Index the stored actions (``registry``: the one reconcile will use, for its order)."""
        registry = registry if registry is not None else default_registry()
        by_id: dict[str, GuidedAction] = {}
        for action in actions:
            if not isinstance(action, GuidedAction):
                raise GuidedActionsError(f"known must hold GuidedAction values, got {type(action).__name__}")
            if action.id in by_id:
                raise GuidedActionsError(f"known holds the action id {action.id!r} twice")
            by_id[action.id] = action
        sort_key = sort_key_of(registry)
        active = sorted((a for a in by_id.values() if a.status is ActionStatus.ACTIVE), key=sort_key)
        by_ref: dict[ObjectRef, list[str]] = {}
        by_pair: dict[tuple[str, str], list[str]] = {}
        per_type: dict[str, list[GuidedAction]] = {}
        for action in active:
            for target in _refs_of(action):
                by_ref.setdefault(target, []).append(action.id)
            by_pair.setdefault((action.type, action.owner_id), []).append(action.id)
            per_type.setdefault(action.type, []).append(action)
        self = object.__new__(cls)
        self._active = tuple(active)
        self._by_id = _Layered(by_id)
        self._keys = _Layered({(a.type, a.owner_id, a.key): True for a in by_id.values()})
        self._by_ref = _Layered({target: tuple(ids) for target, ids in by_ref.items()})
        self._by_pair = _Layered({pair: tuple(ids) for pair, ids in by_pair.items()})
        self._created = {kind: Timeline.of("created_at", found) for kind, found in per_type.items()}
        self._order = registry.sort_keys()
        self._sort_key = sort_key
        return self

    # -- reading ------------------------------------------------------------

    @property
    def active(self) -> tuple[GuidedAction, ...]:
        """The active actions, in the order :func:`reconcile` returns them."""
        return self._active

    def __iter__(self) -> Iterator[GuidedAction]:
        yield from self._active
        for action in self._by_id.values():
            if action.status is not ActionStatus.ACTIVE:
                yield action

    def __len__(self) -> int:
        return sum(1 for _ in self._by_id.values())

    def __repr__(self) -> str:
        return f"<KnownActions: {len(self._active)} active>"

    def get(self, action_id: str) -> GuidedAction | None:
        """The stored action with this id, or ``None``."""
        found: GuidedAction | None = self._by_id.get(action_id)
        return found

    def used(self, type: str, owner_id: str, key: str) -> bool:
        """Whether an action ``(type, owner_id, key)`` was ever made (it is never made again)."""
        return (type, owner_id, key) in self._keys

    def about(self, target: ObjectRef) -> Iterator[GuidedAction]:
        """The active actions whose subject, items or trigger is ``target``."""
        for action_id in self._by_ref.get(target, ()):
            yield self._by_id.get(action_id)

    def of_owner(self, type: str, owner_id: str) -> Iterator[GuidedAction]:
        """The active actions of one type and owner."""
        for action_id in self._by_pair.get((type, owner_id), ()):
            yield self._by_id.get(action_id)

    def created_between(self, type: str, low: _dt.datetime, high: _dt.datetime) -> list[GuidedAction]:
        """The active actions of ``type`` created in ``[low, high]``."""
        line = self._created.get(type)
        return [] if line is None else line.between(low, high)

    def first_created_from(self, type: str, at: _dt.datetime, skip: Collection[str] = ()) -> _dt.datetime | None:
        """The earliest ``created_at >= at`` among the active actions of ``type`` not in ``skip``."""
        line = self._created.get(type)
        found = None if line is None else line.first_from(at, skip)
        return None if found is None else found.created_at

    def active_without(self, ids: Collection[str]) -> tuple[GuidedAction, ...]:
        """:attr:`active` without the actions with these ids (found by binary search, then sliced)."""
        if not ids:
            return self._active
        active, sort_key = self._active, self._sort_key
        cuts: list[int] = []
        for action_id in ids:
            action = self._by_id.get(action_id)
            if action is None or action.status is not ActionStatus.ACTIVE:
                continue
            at = bisect.bisect_left(active, sort_key(action), key=sort_key)
            while at < len(active) and active[at].id != action_id:
                at += 1
            if at < len(active):
                cuts.append(at)
        cuts.sort()
        pieces: list[tuple[GuidedAction, ...]] = []
        start = 0
        for at in cuts:
            pieces.append(active[start:at])
            start = at + 1
        pieces.append(active[start:])
        return tuple(itertools.chain.from_iterable(pieces)) if len(pieces) > 2 else sum(pieces, ())

    def ordered_for(self, registry: RuleRegistry) -> bool:
        """Whether :attr:`active` is in ``registry``'s order (else reconcile sorts again)."""
        return registry.sort_keys() == self._order

    # -- storing a result ---------------------------------------------------

    def apply(self, result: Reconciliation) -> KnownActions:
        """What the host stores after ``result``: created and updated actions in, expired ones flagged.

        ``result`` must come from a reconcile given this value as ``known``
        (an updated or expired action that is not stored here is refused).
        """
        if not isinstance(result, Reconciliation):
            raise GuidedActionsError(f"apply needs a Reconciliation, got {type(result).__name__}")
        if not (result.created or result.updated or result.expired):
            return self
        gone: list[GuidedAction] = []
        for action in (*result.updated, *result.expired):
            old = self._by_id.get(action.id)
            if old is None or old.status is not ActionStatus.ACTIVE:
                raise GuidedActionsError(f"apply: action {action.id!r} is not an active action stored here")
            gone.append(old)
        for action in result.created:
            if action.id in self._by_id:
                raise GuidedActionsError(f"apply: action {action.id!r} is already stored here")
        added = [*result.created, *result.updated]
        by_id: dict[str, Any] = {a.id: a for a in (*added, *result.expired)}
        keys = {(a.type, a.owner_id, a.key): True for a in result.created}
        ref_changes: dict[ObjectRef, list[str]] = {}
        pair_changes: dict[tuple[str, str], list[str]] = {}

        def ids_at(target: ObjectRef) -> list[str]:
            found = ref_changes.get(target)
            if found is None:
                found = ref_changes[target] = list(self._by_ref.get(target, ()))
            return found

        def ids_of(pair: tuple[str, str]) -> list[str]:
            found = pair_changes.get(pair)
            if found is None:
                found = pair_changes[pair] = list(self._by_pair.get(pair, ()))
            return found

        for action in gone:
            for target in _refs_of(action):
                ids_at(target).remove(action.id)
            ids_of((action.type, action.owner_id)).remove(action.id)
        for action in added:
            for target in _refs_of(action):
                ids_at(target).append(action.id)
            ids_of((action.type, action.owner_id)).append(action.id)

        active = list(self._active)
        sort_key = self._sort_key
        for action in gone:
            at = bisect.bisect_left(active, sort_key(action), key=sort_key)
            while active[at].id != action.id:
                at += 1
            del active[at]
        for action in added:
            bisect.insort(active, action, key=sort_key)

        created = dict(self._created)
        per_type: dict[str, tuple[list[GuidedAction], list[GuidedAction]]] = {}
        for action in gone:
            per_type.setdefault(action.type, ([], []))[0].append(action)
        for action in added:
            per_type.setdefault(action.type, ([], []))[1].append(action)
        for kind, (removed, new) in per_type.items():
            line = created.get(kind)
            created[kind] = Timeline.of("created_at", new) if line is None else line.changed(removed, new)

        out = object.__new__(KnownActions)
        out._active = tuple(active)
        out._by_id = self._by_id.with_changes(by_id)
        out._keys = self._keys.with_changes(keys)
        out._by_ref = self._by_ref.with_changes(
            {target: tuple(ids) if ids else _GONE for target, ids in ref_changes.items()}
        )
        out._by_pair = self._by_pair.with_changes(
            {pair: tuple(ids) if ids else _GONE for pair, ids in pair_changes.items()}
        )
        out._created = created
        out._order = self._order
        out._sort_key = sort_key
        return out
