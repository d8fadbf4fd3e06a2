"""``CrmSnapshot``: an immutable, indexed view of a portal.

``build`` indexes everything once, up front, so every lookup a rule makes is a
dict access: by id, by owner, by association in both directions, emails by
address and by ``in_reply_to``, pipelines and stages by id.  The tables and
their indexes live in :mod:`guided_actions.crm._tables`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeAlias, cast

from guided_actions.crm._engagements import Call, Email, Engagement, Meeting, Note, Task
from guided_actions.crm._enums import ObjectType
from guided_actions.crm._integrity import changed_problems, find_problems
from guided_actions.crm._people import PortalSettings, Team, User
from guided_actions.crm._records import Company, Contact, Deal, Lead, Pipeline, Stage
from guided_actions.crm._refs import ObjectRef
from guided_actions.crm._tables import (
    EMPTY,
    ENGAGEMENT_KIND_SET,
    ENGAGEMENT_KINDS,
    KINDS,
    NO_INDEX,
    Table,
    build_pipelines,
    build_table,
    patch_table,
)
from guided_actions.crm._timeline import Timeline, carry_timelines, timeline
from guided_actions.errors import GuidedActionsError, InvalidSnapshot

__all__ = ["CrmSnapshot", "Record"]

Record: TypeAlias = User | Team | Company | Contact | Lead | Deal | Pipeline | Task | Meeting | Call | Email | Note
"""Any entity a snapshot holds."""


_NOTHING_BEFORE: Mapping[ObjectRef, Any] = MappingProxyType({})
_MISSING: Any = object()
#: The key under which ``evolve`` notes that pipelines, teams or settings changed.
FRAME = ObjectRef(ObjectType.CUSTOM, "pipelines, teams and settings")


class CrmSnapshot:
    """An immutable, indexed view of everything the rules need.

    Build it with :meth:`build`; never mutate it (it offers no way to).  Lookups
    by id raise ``KeyError`` for a missing id; the ``*_of`` lookups return an
    empty tuple.  Iterating a kind (``crm.contacts``) yields records in the
    order they were given to :meth:`build`.
    """

    __slots__ = ("_before", "_pipelines", "_stage_pipelines", "_stages", "_tables", "_teams", "settings", "strict")

    _tables: dict[ObjectType, Table[Any]]
    _pipelines: dict[str, Pipeline]
    _stages: dict[str, dict[str, Stage]]
    _stage_pipelines: dict[str, list[str]]
    _teams: dict[str, Team]
    # For a snapshot made by ``evolve``: the previous version of every record that
    # step added, replaced or removed (``None`` for an added one).  An incremental
    # reconcile needs the links a changed record had before the change.
    _before: Mapping[ObjectRef, Any]
    settings: PortalSettings
    strict: bool

    def __init__(self) -> None:
        raise TypeError("use CrmSnapshot.build(...) to make a snapshot")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CrmSnapshot is immutable; use evolve(...) to derive a new one")

    # -- construction -------------------------------------------------------

    @classmethod
    def build(
        cls,
        *,
        users: Iterable[User] = (),
        teams: Iterable[Team] = (),
        companies: Iterable[Company] = (),
        contacts: Iterable[Contact] = (),
        leads: Iterable[Lead] = (),
        deals: Iterable[Deal] = (),
        pipelines: Iterable[Pipeline] = (),
        tasks: Iterable[Task] = (),
        meetings: Iterable[Meeting] = (),
        calls: Iterable[Call] = (),
        emails: Iterable[Email] = (),
        notes: Iterable[Note] = (),
        settings: PortalSettings | None = None,
        strict: bool = True,
    ) -> CrmSnapshot:
        """Index the given records and check that they fit together.

        Raises :class:`~guided_actions.errors.InvalidSnapshot` listing **every**
        problem: a duplicate id within one kind (``duplicate_id``); a lead or deal
        whose pipeline does not exist (``unknown_pipeline``), whose stage exists
        nowhere (``unknown_stage``) or only in another pipeline
        (``stage_not_in_pipeline``), or whose pipeline is for another object
        (``wrong_pipeline_object``); and, when ``strict`` (the default), any
        reference to a record that is not in the snapshot (``dangling_reference``).
        With ``strict=False`` (a host that loads one user's book of business)
        dangling references are allowed.
        """
        given = {
            ObjectType.USER: users,
            ObjectType.COMPANY: companies,
            ObjectType.CONTACT: contacts,
            ObjectType.LEAD: leads,
            ObjectType.DEAL: deals,
            ObjectType.TASK: tasks,
            ObjectType.MEETING: meetings,
            ObjectType.CALL: calls,
            ObjectType.EMAIL: emails,
            ObjectType.NOTE: notes,
        }
        tables = {kind: build_table(kind, records) for kind, records in given.items()}
        return cls._assemble(tables, pipelines, teams, settings or PortalSettings(), strict)

    @classmethod
    def _assemble(
        cls,
        tables: dict[ObjectType, Table[Any]],
        pipelines: Iterable[Pipeline],
        teams: Iterable[Team],
        settings: PortalSettings,
        strict: bool,
        quick: Callable[[CrmSnapshot], bool] | None = None,
    ) -> CrmSnapshot:
        if not isinstance(settings, PortalSettings):
            raise GuidedActionsError(
                f"CrmSnapshot.build: settings must be PortalSettings, got {type(settings).__name__}"
            )
        pipeline_by_id, stages, duplicate_pipelines = build_pipelines(pipelines)
        team_by_id: dict[str, Team] = {}
        duplicate_teams: list[str] = []
        for team in teams:
            if not isinstance(team, Team):
                raise GuidedActionsError(f"CrmSnapshot.build: teams must hold Team values, got {type(team).__name__}")
            if team.id in team_by_id:
                duplicate_teams.append(team.id)
            else:
                team_by_id[team.id] = team
        stage_pipelines: dict[str, list[str]] = {}
        for pipeline_id, pipeline_stages in stages.items():
            for stage_id in pipeline_stages:
                stage_pipelines.setdefault(stage_id, []).append(pipeline_id)

        self = object.__new__(cls)
        setter = object.__setattr__
        setter(self, "_tables", tables)
        setter(self, "_pipelines", pipeline_by_id)
        setter(self, "_stages", stages)
        setter(self, "_stage_pipelines", stage_pipelines)
        setter(self, "_teams", team_by_id)
        setter(self, "settings", settings)
        setter(self, "strict", bool(strict))
        setter(self, "_before", _NOTHING_BEFORE)

        # ``quick`` (from ``evolve``) looks only at what changed; any doubt means the full check,
        # so the problems raised are exactly the ones ``build`` would raise.
        if quick is None or duplicate_pipelines or duplicate_teams or quick(self):
            problems = find_problems(self, duplicate_pipelines, duplicate_teams)
            if problems:
                raise InvalidSnapshot(problems)
        return self

    def evolve(
        self,
        *,
        upsert: Iterable[Record] = (),
        remove: Iterable[ObjectRef] = (),
        settings: PortalSettings | None = None,
        strict: bool | None = None,
    ) -> CrmSnapshot:
        """A new snapshot with records added or replaced (``upsert``) and removed.

        A record in ``upsert`` replaces the record of the same kind and id, or is
        added.  ``remove`` names records by :class:`ObjectRef`; removing a record
        that is not there is refused (it usually means the host's change log and
        the snapshot disagree).  The result is exactly what :meth:`build` would
        give for the same records (a replaced record keeps its place, a new one
        goes last), problems included.

        Why it is cheap: indexes of kinds that did not change are shared; those
        of a changed kind are copied and patched where the changed records sit
        (rebuilt only when a large share of the kind changed); only what the
        step changed is checked, and the full check of :meth:`build` runs as
        soon as that finds anything.  The new snapshot also remembers each
        changed record's previous version, which an incremental
        :func:`~guided_actions.reconcile` uses to find what the change touched.
        """
        # kind -> id -> [version before this step (None: not there), version after (None: removed)]
        changed: dict[ObjectType, dict[str, list[Any]]] = {}
        readded: set[tuple[ObjectType, str]] = set()  # removed and upserted again in this step: it goes last
        pipelines = dict(self._pipelines)
        teams = dict(self._teams)
        kind_of = {cls_: kind for kind, (_, cls_) in KINDS.items()}
        for ref in remove:
            if ref.kind not in KINDS:
                raise GuidedActionsError(
                    f"evolve: cannot remove {ref}; only {', '.join(KINDS)} records can be removed here"
                )
            records = changed.setdefault(ref.kind, {})
            entry = records.get(ref.id)
            current = self._tables[ref.kind].by_id.get(ref.id) if entry is None else entry[1]
            if current is None:
                raise GuidedActionsError(f"evolve: cannot remove {ref}, it is not in the snapshot")
            if entry is None:
                records[ref.id] = [current, None]
            else:
                entry[1] = None
        for record in upsert:
            if isinstance(record, Pipeline):
                pipelines[record.id] = record
                continue
            if isinstance(record, Team):
                teams[record.id] = record
                continue
            kind = kind_of.get(type(record))
            if kind is None:  # a host's subclass of an entity, as ``build`` accepts
                kind = next((k for k, (_, c) in KINDS.items() if isinstance(record, c)), None)
            if kind is None:
                raise GuidedActionsError(f"evolve: cannot upsert a {type(record).__name__}")
            records = changed.setdefault(kind, {})
            entry = records.get(record.id)
            if entry is None:
                records[record.id] = [self._tables[kind].by_id.get(record.id), record]
            else:
                if entry[1] is None and entry[0] is not None:
                    readded.add((kind, record.id))
                entry[1] = record
        tables = dict(self._tables)
        before: dict[ObjectRef, Any] = {}
        for kind, records in changed.items():
            old = self._tables[kind]
            pairs = [(was, now) for was, now in records.values() if was is not None or now is not None]
            for rid, (was, _) in records.items():
                before[ObjectRef(kind, rid)] = was
            again = any(k is kind for k, _ in readded)
            patched = None
            if not again and not old.duplicates and len(pairs) * 8 <= max(len(old.by_id), 64):
                patched = patch_table(kind, old, pairs)
            if patched is not None:
                table = patched
            else:
                remaining = dict(old.by_id)
                for was, now in pairs:
                    if now is None:
                        del remaining[was.id]
                    elif (kind, now.id) in readded:
                        del remaining[now.id]  # removed and upserted again: it goes last
                        remaining[now.id] = now
                    else:
                        remaining[now.id] = now
                table = build_table(kind, remaining.values())
            tables[kind] = table
            carry_timelines(
                old, table, [was for was, _ in pairs if was is not None], [now for _, now in pairs if now is not None]
            )
        strict_after = self.strict if strict is None else strict
        quick = None
        if strict_after == self.strict and pipelines == self._pipelines and teams == self._teams:
            quick = functools.partial(changed_problems, changes=changed)
        evolved = type(self)._assemble(
            tables,
            pipelines.values(),
            teams.values(),
            settings if settings is not None else self.settings,
            strict_after,
            quick=quick,
        )
        if not evolved._same_frame(self):
            before[FRAME] = None
        object.__setattr__(evolved, "_before", MappingProxyType(before))
        return evolved

    def _same_frame(self, other: CrmSnapshot) -> bool:
        """Whether two snapshots have equal pipelines, teams and settings (what every rule may read)."""
        return self.settings == other.settings and self._pipelines == other._pipelines and self._teams == other._teams

    # -- iteration ----------------------------------------------------------

    def _all(self, kind: ObjectType) -> Collection[Any]:
        return self._tables[kind].by_id.values()

    @property
    def users(self) -> Collection[User]:
        """Every user, in build order."""
        return cast(Collection[User], self._all(ObjectType.USER))

    @property
    def teams(self) -> Collection[Team]:
        """Every team."""
        return self._teams.values()

    @property
    def companies(self) -> Collection[Company]:
        """Every company."""
        return cast(Collection[Company], self._all(ObjectType.COMPANY))

    @property
    def contacts(self) -> Collection[Contact]:
        """Every contact."""
        return cast(Collection[Contact], self._all(ObjectType.CONTACT))

    @property
    def leads(self) -> Collection[Lead]:
        """Every lead."""
        return cast(Collection[Lead], self._all(ObjectType.LEAD))

    @property
    def deals(self) -> Collection[Deal]:
        """Every deal."""
        return cast(Collection[Deal], self._all(ObjectType.DEAL))

    @property
    def pipelines(self) -> Collection[Pipeline]:
        """Every pipeline."""
        return self._pipelines.values()

    @property
    def tasks(self) -> Collection[Task]:
        """Every task."""
        return cast(Collection[Task], self._all(ObjectType.TASK))

    @property
    def meetings(self) -> Collection[Meeting]:
        """Every meeting."""
        return cast(Collection[Meeting], self._all(ObjectType.MEETING))

    @property
    def calls(self) -> Collection[Call]:
        """Every call."""
        return cast(Collection[Call], self._all(ObjectType.CALL))

    @property
    def emails(self) -> Collection[Email]:
        """Every email."""
        return cast(Collection[Email], self._all(ObjectType.EMAIL))

    @property
    def notes(self) -> Collection[Note]:
        """Every note."""
        return cast(Collection[Note], self._all(ObjectType.NOTE))

    def records(self) -> Iterator[Record]:
        """Every record of every kind (users, teams, pipelines included)."""
        yield from self._teams.values()
        yield from self._pipelines.values()
        for table in self._tables.values():
            yield from table.by_id.values()

    def __len__(self) -> int:
        """The number of records of every kind."""
        return len(self._teams) + len(self._pipelines) + sum(len(t.by_id) for t in self._tables.values())

    def counts(self) -> Mapping[str, int]:
        """Records per kind, keyed by the ``build`` argument name."""
        counts = {KINDS[kind][0]: len(table.by_id) for kind, table in self._tables.items()}
        counts["teams"] = len(self._teams)
        counts["pipelines"] = len(self._pipelines)
        return MappingProxyType(counts)

    # -- lookups by id ------------------------------------------------------

    def user(self, user_id: str) -> User:
        """The user with this id (``KeyError`` if missing)."""
        return cast(User, self._tables[ObjectType.USER].by_id[user_id])

    def team(self, team_id: str) -> Team:
        """The team with this id (``KeyError`` if missing)."""
        return self._teams[team_id]

    def company(self, company_id: str) -> Company:
        """The company with this id (``KeyError`` if missing)."""
        return cast(Company, self._tables[ObjectType.COMPANY].by_id[company_id])

    def contact(self, contact_id: str) -> Contact:
        """The contact with this id (``KeyError`` if missing)."""
        return cast(Contact, self._tables[ObjectType.CONTACT].by_id[contact_id])

    def lead(self, lead_id: str) -> Lead:
        """The lead with this id (``KeyError`` if missing)."""
        return cast(Lead, self._tables[ObjectType.LEAD].by_id[lead_id])

    def deal(self, deal_id: str) -> Deal:
        """The deal with this id (``KeyError`` if missing)."""
        return cast(Deal, self._tables[ObjectType.DEAL].by_id[deal_id])

    def task(self, task_id: str) -> Task:
        """The task with this id (``KeyError`` if missing)."""
        return cast(Task, self._tables[ObjectType.TASK].by_id[task_id])

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (``KeyError`` if missing)."""
        return cast(Meeting, self._tables[ObjectType.MEETING].by_id[meeting_id])

    def call(self, call_id: str) -> Call:
        """The call with this id (``KeyError`` if missing)."""
        return cast(Call, self._tables[ObjectType.CALL].by_id[call_id])

    def email(self, email_id: str) -> Email:
        """The email with this id (``KeyError`` if missing)."""
        return cast(Email, self._tables[ObjectType.EMAIL].by_id[email_id])

    def note(self, note_id: str) -> Note:
        """The note with this id (``KeyError`` if missing)."""
        return cast(Note, self._tables[ObjectType.NOTE].by_id[note_id])

    def pipeline(self, pipeline_id: str) -> Pipeline:
        """The pipeline with this id (``KeyError`` if missing)."""
        return self._pipelines[pipeline_id]

    def stage(self, pipeline_id: str, stage_id: str) -> Stage:
        """The stage ``stage_id`` of pipeline ``pipeline_id`` (``KeyError`` if missing)."""
        return self._stages[pipeline_id][stage_id]

    def get(self, ref: ObjectRef) -> Record:
        """The record a ref points to (``KeyError`` if missing)."""
        if ref.kind in self._tables:
            return cast(Record, self._tables[ref.kind].by_id[ref.id])
        raise KeyError(ref)

    def find(self, ref: ObjectRef) -> Record | None:
        """The record a ref points to, or ``None``."""
        table = self._tables.get(ref.kind)
        return None if table is None else cast("Record | None", table.by_id.get(ref.id))

    def _timeline(self, kind: ObjectType, field: str) -> Timeline:
        """The records of ``kind`` sorted by the instant ``field`` (built once per table; see ``_timeline``)."""
        return timeline(self._tables[kind], field)

    def _derived(self, kind: ObjectType, name: str, build: Callable[[Collection[Any]], Any]) -> Any:
        """An index of one kind derived by ``build`` from its records, made once per table and kept with it."""
        table = self._tables[kind]
        key = ("derived", name)
        found = table.derived.get(key, _MISSING)
        if found is _MISSING:
            found = table.derived[key] = build(table.by_id.values())
        return found

    def _owners(self, kind: ObjectType) -> Collection[str]:
        """The ids of the users who own at least one record of ``kind`` (a view, no copy)."""
        return self._tables[kind].by_owner.keys()

    def _previous_version(self, ref: ObjectRef) -> tuple[bool, Any]:
        """``(True, record)`` when the ``evolve`` step that made this snapshot changed ``ref``.

        ``record`` is the version before that step (``None``: the step added it).
        ``(False, None)`` when that step did not touch ``ref`` (or this snapshot was built).
        """
        if ref in self._before:
            return True, self._before[ref]
        return False, None

    def __contains__(self, ref: object) -> bool:
        """Whether the record a ref points to is in the snapshot."""
        if not isinstance(ref, ObjectRef):
            return False
        table = self._tables.get(ref.kind)
        return table is not None and ref.id in table.by_id

    # -- lookups by owner and association ----------------------------------

    def owned_by(self, user_id: str, kind: ObjectType) -> tuple[Any, ...]:
        """The records of ``kind`` whose ``owner_id`` is ``user_id``, in build order."""
        table = self._tables.get(kind)
        if table is None:
            raise KeyError(kind)
        return table.by_owner.get(user_id, EMPTY)

    def engagements_of(self, ref: ObjectRef, kind: ObjectType | None = None) -> tuple[Engagement, ...]:
        """The engagements associated with a contact, company, deal or lead.

        With ``kind`` only that engagement kind (``ObjectType.EMAIL``…; another
        kind raises ``KeyError``).  An association counts even when the engagement
        lists the record but the record itself was not loaded (``strict=False``).
        A ref of any other kind (a user, a meeting) has no associated engagements.
        """
        key = ref.kind
        if kind is not None:
            if kind not in ENGAGEMENT_KIND_SET:
                raise KeyError(kind)
            return self._tables[kind].assoc.get(key, NO_INDEX).get(ref.id, EMPTY)
        found: tuple[Engagement, ...] = ()
        for engagement_kind in ENGAGEMENT_KINDS:
            found += self._tables[engagement_kind].assoc.get(key, NO_INDEX).get(ref.id, EMPTY)
        return found

    def has_engagement(self, ref: ObjectRef) -> bool:
        """Whether at least one engagement is associated with the record.

        As for :meth:`engagements_of`, only the four association fields count
        (``contact_ids``, ``company_ids``, ``deal_ids``, ``lead_ids``).
        """
        key = ref.kind
        return any(ref.id in self._tables[kind].assoc.get(key, NO_INDEX) for kind in ENGAGEMENT_KINDS)

    def emails_of(self, ref: ObjectRef) -> tuple[Email, ...]:
        """Emails associated with a contact, company, deal or lead."""
        return cast("tuple[Email, ...]", self.engagements_of(ref, ObjectType.EMAIL))

    def meetings_of(self, ref: ObjectRef) -> tuple[Meeting, ...]:
        """Meetings associated with a contact, company, deal or lead."""
        return cast("tuple[Meeting, ...]", self.engagements_of(ref, ObjectType.MEETING))

    def calls_of(self, ref: ObjectRef) -> tuple[Call, ...]:
        """Calls associated with a contact, company, deal or lead."""
        return cast("tuple[Call, ...]", self.engagements_of(ref, ObjectType.CALL))

    def tasks_of(self, ref: ObjectRef) -> tuple[Task, ...]:
        """Tasks associated with a contact, company, deal or lead."""
        return cast("tuple[Task, ...]", self.engagements_of(ref, ObjectType.TASK))

    def notes_of(self, ref: ObjectRef) -> tuple[Note, ...]:
        """Notes associated with a contact, company, deal or lead."""
        return cast("tuple[Note, ...]", self.engagements_of(ref, ObjectType.NOTE))

    def deals_of_contact(self, contact_id: str) -> tuple[Deal, ...]:
        """Deals that list the contact in ``contact_ids``."""
        return self._tables[ObjectType.DEAL].extra["contact"].get(contact_id, EMPTY)

    def deals_of_company(self, company_id: str) -> tuple[Deal, ...]:
        """Deals that list the company in ``company_ids``."""
        return self._tables[ObjectType.DEAL].extra["company"].get(company_id, EMPTY)

    def contacts_of_company(self, company_id: str) -> tuple[Contact, ...]:
        """Contacts that list the company in ``company_ids``."""
        return self._tables[ObjectType.CONTACT].extra["company"].get(company_id, EMPTY)

    def contacts_with_email(self, address: str) -> tuple[Contact, ...]:
        """Contacts whose ``email`` is ``address`` (case-insensitive).

        The reply rules start from an email's sender and need the contact behind
        it; without this index each reconcile would rebuild it.
        """
        return self._tables[ObjectType.CONTACT].extra["email"].get(address.lower(), EMPTY)

    def leads_of_contact(self, contact_id: str) -> tuple[Lead, ...]:
        """Leads whose ``contact_id`` is the contact."""
        return self._tables[ObjectType.LEAD].extra["contact"].get(contact_id, EMPTY)

    def follow_up_tasks(self, meeting_id: str) -> tuple[Task, ...]:
        """Tasks whose ``meeting_id`` is the meeting (its follow-up tasks)."""
        return self._tables[ObjectType.TASK].extra["meeting"].get(meeting_id, EMPTY)

    def emails_from(self, address: str) -> tuple[Email, ...]:
        """Emails whose ``from_address`` is ``address`` (case-insensitive)."""
        return self._tables[ObjectType.EMAIL].extra["from"].get(address.lower(), EMPTY)

    def emails_to(self, address: str) -> tuple[Email, ...]:
        """Emails with ``address`` among their ``to`` or ``cc`` addresses (case-insensitive)."""
        return self._tables[ObjectType.EMAIL].extra["to"].get(address.lower(), EMPTY)

    def replies_to(self, email_id: str) -> tuple[Email, ...]:
        """Emails whose ``in_reply_to`` is ``email_id``."""
        return self._tables[ObjectType.EMAIL].extra["reply"].get(email_id, EMPTY)

    def stage_of(self, record: Lead | Deal) -> Stage | None:
        """The current stage of a lead or deal (``None`` if its pipeline or stage is unknown)."""
        stages = self._stages.get(record.pipeline_id)
        return None if stages is None else stages.get(record.stage_id)

    def is_open(self, record: Lead | Deal) -> bool:
        """Whether a lead or deal sits in an ``OPEN`` stage."""
        stage = self.stage_of(record)
        return stage is not None and stage.is_open

    def in_first_stage(self, record: Lead | Deal) -> bool:
        """Whether a lead or deal is in the first stage of its pipeline."""
        pipeline = self._pipelines.get(record.pipeline_id)
        return pipeline is not None and pipeline.stages[0].id == record.stage_id

    def __eq__(self, other: object) -> bool:
        """Two snapshots are equal when they hold equal records and settings."""
        if not isinstance(other, CrmSnapshot):
            return NotImplemented
        return (
            self.settings == other.settings
            and self.strict == other.strict
            and self._pipelines == other._pipelines
            and self._teams == other._teams
            and all(self._tables[k].by_id == other._tables[k].by_id for k in KINDS)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={n}" for name, n in self.counts().items() if n)
        return f"CrmSnapshot({counts or 'empty'}, strict={self.strict})"
