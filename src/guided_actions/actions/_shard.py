"""``shard``: the smallest self-contained snapshot a group of users' built-in rules need.

A shard keeps, for the given users, every record the 19 built-in rules read for
them, so ``reconcile(shard(crm, U), now=now, user_ids=U)`` gives exactly the
actions ``reconcile(crm, now=now, user_ids=U)`` gives.  That is what lets a host
split a large portal by users and reconcile the pieces in parallel (processes,
Dask, separate jobs), each piece a fraction of the whole.

The closure is derived from the rules' predicates, one kind of record at a time,
and is deliberately conservative (it may keep a record no rule ends up reading,
never the other way round):

- the users themselves, every pipeline and the portal ``settings``;
- **contacts judged in full** (owned contacts; contacts that sent email to a
  user's address, found by the email's ``contact_ids`` and by its sender
  address; contacts of the users' deals; ownerless contacts of the users'
  target-account companies; the contact of every lead kept below): with their
  companies, every deal and lead that lists them, and every email associated
  with them, sent from their address or to it — each with the email it answers
  and every reply to it;
- **leads judged in full** (owned leads and the leads of contacts judged in
  full): with every engagement associated with them;
- **deals judged in full** (owned deals): with every engagement associated with
  them and their contacts judged in full; deals reached through a contact are
  kept as they are (the rules read only their owner and stage);
- owned meetings with their follow-up tasks, owned tasks and calls, owned
  companies, and every email sent to a user's address;
- for the ``known`` actions of these users: their subjects, items and trigger
  records, judged as above, so an action whose subject changed hands expires
  for the same reason it would in a full reconcile.

Records keep the relative order they have in the full snapshot, so every index
lookup in the shard returns the same records in the same order as in the full
snapshot, and ties (two contacts answering with one email) break the same way.

Host rules that read further than the built-ins need their own closure: a shard
promises equality for the built-in rules only.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from guided_actions.actions._model import ActionStatus, GuidedAction
from guided_actions.actions._rule import ref
from guided_actions.crm import Contact, CrmSnapshot, Deal, Lead, Meeting, ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError

__all__ = ["shard", "shard_records", "shards"]

#: kind -> ``CrmSnapshot.build`` argument name (the build order).
_KINDS: tuple[tuple[ObjectType, str], ...] = (
    (ObjectType.USER, "users"),
    (ObjectType.COMPANY, "companies"),
    (ObjectType.CONTACT, "contacts"),
    (ObjectType.LEAD, "leads"),
    (ObjectType.DEAL, "deals"),
    (ObjectType.TASK, "tasks"),
    (ObjectType.MEETING, "meetings"),
    (ObjectType.CALL, "calls"),
    (ObjectType.EMAIL, "emails"),
    (ObjectType.NOTE, "notes"),
)


class _Closure:
    """The ids one group of users needs, kind by kind, gathered through the snapshot's indexes."""

    __slots__ = ("by_email", "crm", "deals", "ids", "leads", "meetings", "people")

    def __init__(self, crm: CrmSnapshot, by_email: dict[str, list[Contact]]) -> None:
        self.crm = crm
        self.by_email = by_email
        self.ids: dict[ObjectType, set[str]] = {kind: set() for kind, _ in _KINDS}
        self.people: set[str] = set()  # contacts judged in full
        self.leads: set[str] = set()  # leads judged in full
        self.deals: set[str] = set()  # deals judged in full
        self.meetings: set[str] = set()

    def leaf(self, kind: ObjectType, record_id: str) -> None:
        self.ids[kind].add(record_id)

    def engagements(self, target: ObjectRef) -> None:
        for engagement in self.crm.engagements_of(target):
            if engagement.kind is ObjectType.EMAIL:
                self.email(engagement)
            else:
                self.ids[engagement.kind].add(engagement.id)

    def email(self, email: Any) -> None:
        """An email, the email it answers and every reply to it (the rules read both directions)."""
        emails = self.ids[ObjectType.EMAIL]
        emails.add(email.id)
        if email.in_reply_to is not None:
            emails.add(email.in_reply_to)  # dropped when it is not in the snapshot
        for reply in self.crm.replies_to(email.id):
            emails.add(reply.id)

    def contact(self, contact_id: str) -> None:
        if contact_id in self.people:
            return
        self.people.add(contact_id)
        crm = self.crm
        found = crm.find(ref(ObjectType.CONTACT, contact_id))
        if not isinstance(found, Contact):
            return
        self.ids[ObjectType.CONTACT].add(contact_id)
        for company_id in found.company_ids:
            self.ids[ObjectType.COMPANY].add(company_id)
        for deal in crm.deals_of_contact(contact_id):
            self.ids[ObjectType.DEAL].add(deal.id)
        for lead in crm.leads_of_contact(contact_id):
            self.lead(lead)
        self.engagements(ref(ObjectType.CONTACT, contact_id))
        if found.email:
            for email in crm.emails_from(found.email):
                self.email(email)
            for email in crm.emails_to(found.email):
                self.email(email)

    def lead(self, lead: Lead) -> None:
        if lead.id in self.leads:
            return
        self.leads.add(lead.id)
        self.ids[ObjectType.LEAD].add(lead.id)
        self.engagements(ref(ObjectType.LEAD, lead.id))
        self.contact(lead.contact_id)

    def deal(self, deal: Deal) -> None:
        if deal.id in self.deals:
            return
        self.deals.add(deal.id)
        self.ids[ObjectType.DEAL].add(deal.id)
        self.engagements(ref(ObjectType.DEAL, deal.id))
        for contact_id in deal.contact_ids:
            self.contact(contact_id)

    def meeting(self, meeting: Meeting) -> None:
        if meeting.id in self.meetings:
            return
        self.meetings.add(meeting.id)
        self.ids[ObjectType.MEETING].add(meeting.id)
        for task in self.crm.follow_up_tasks(meeting.id):
            self.ids[ObjectType.TASK].add(task.id)

    def subject(self, target: ObjectRef) -> None:
        """A record an action is (or may be) about, judged in full."""
        found = self.crm.find(target)
        if found is None:
            return
        if isinstance(found, Contact):
            self.contact(found.id)
        elif isinstance(found, Lead):
            self.lead(found)
        elif isinstance(found, Deal):
            self.deal(found)
        elif isinstance(found, Meeting):
            self.meeting(found)
        elif target.kind is ObjectType.EMAIL:
            self.email(found)
        else:
            self.ids[target.kind].add(found.id)

    def user(self, user_id: str) -> None:
        crm = self.crm
        user = crm.user(user_id)
        self.ids[ObjectType.USER].add(user_id)
        for contact in crm.owned_by(user_id, ObjectType.CONTACT):
            self.contact(contact.id)
        for lead in crm.owned_by(user_id, ObjectType.LEAD):
            self.lead(lead)
        for deal in crm.owned_by(user_id, ObjectType.DEAL):
            self.deal(deal)
        for meeting in crm.owned_by(user_id, ObjectType.MEETING):
            self.meeting(meeting)
        for kind in (ObjectType.TASK, ObjectType.CALL):
            ids = self.ids[kind]
            for record in crm.owned_by(user_id, kind):
                ids.add(record.id)
        for company in crm.owned_by(user_id, ObjectType.COMPANY):
            self.ids[ObjectType.COMPANY].add(company.id)
            if company.target_account:
                for contact in crm.contacts_of_company(company.id):
                    if contact.owner_id is None:
                        self.contact(contact.id)
        for email in crm.emails_to(user.email):
            self.email(email)
            for contact_id in email.contact_ids:
                self.contact(contact_id)
            for contact in self.by_email.get(email.from_address.lower(), ()):
                self.contact(contact.id)

    def action(self, action: GuidedAction) -> None:
        self.subject(action.subject)
        for item in action.items:
            self.subject(item)
        if action.trigger is not None:
            self.subject(action.trigger)


def _user_ids(crm: CrmSnapshot, user_ids: Collection[str]) -> list[str]:
    if isinstance(user_ids, str) or not isinstance(user_ids, Iterable):
        raise GuidedActionsError(f"user_ids must be a collection of user ids, got {user_ids!r}")
    ids = list(dict.fromkeys(user_ids))
    missing = sorted(uid for uid in ids if not isinstance(uid, str) or ref(ObjectType.USER, uid) not in crm)
    if missing:
        raise GuidedActionsError(f"user_ids names users that are not in the snapshot: {', '.join(map(str, missing))}")
    return ids


def _contacts_by_email(crm: CrmSnapshot) -> dict[str, list[Contact]]:
    index: dict[str, list[Contact]] = {}
    for contact in crm.contacts:
        if contact.email:
            index.setdefault(contact.email.lower(), []).append(contact)
    return index


def shard_records(
    crm: CrmSnapshot, groups: Sequence[Collection[str]], *, known: Iterable[GuidedAction] = ()
) -> list[dict[str, list[Any]]]:
    """For each group of user ids, the records of its shard as ``CrmSnapshot.build`` keyword arguments.

    Records are plain entities, which pickle, so a host can ship them to another
    process or machine and build the shard there (a ``CrmSnapshot`` itself does
    not pickle).  ``settings`` is not included: pass ``crm.settings`` alongside.
    One pass over the snapshot serves every group.
    """
    if not isinstance(crm, CrmSnapshot):
        raise GuidedActionsError(f"shard needs a CrmSnapshot, got {type(crm).__name__}")
    if isinstance(groups, str):
        raise GuidedActionsError("groups must be a sequence of collections of user ids")
    checked = [_user_ids(crm, group) for group in groups]
    by_email = _contacts_by_email(crm)
    closures = []
    owners: dict[str, list[_Closure]] = {}
    for group in checked:
        closure = _Closure(crm, by_email)
        for uid in group:
            closure.user(uid)
            owners.setdefault(uid, []).append(closure)
        closures.append(closure)
    for action in known:
        if not isinstance(action, GuidedAction):
            raise GuidedActionsError(f"known must hold GuidedAction values, got {type(action).__name__}")
        if action.status is ActionStatus.ACTIVE:
            for closure in owners.get(action.owner_id, ()):
                closure.action(action)
    out: list[dict[str, list[Any]]] = [{} for _ in closures]
    positions: dict[ObjectType, dict[str, int]] = {}
    for kind, name in _KINDS:
        every = getattr(crm, name)
        for closure, records in zip(closures, out, strict=True):
            ids = closure.ids[kind]
            if not ids:
                records[name] = []
            elif len(closures) > 2 and len(ids) * 8 < len(every):
                records[name] = _in_order(crm, kind, ids, every, positions)
            else:
                records[name] = [record for record in every if record.id in ids]
    pipelines = list(crm.pipelines)
    for records in out:
        records["pipelines"] = pipelines
    return out


def _in_order(
    crm: CrmSnapshot,
    kind: ObjectType,
    ids: set[str],
    every: Collection[Any],
    positions: dict[ObjectType, dict[str, int]],
) -> list[Any]:
    """The records with these ids, in build order (by position: cheaper than a scan for many small shards)."""
    present = [record for record in (crm.find(ref(kind, rid)) for rid in ids) if record is not None]
    if len(present) > 1:
        where = positions.get(kind)
        if where is None:
            where = positions[kind] = {record.id: i for i, record in enumerate(every)}
        present.sort(key=lambda record: where[record.id])
    return present


def shards(
    crm: CrmSnapshot, groups: Sequence[Collection[str]], *, known: Iterable[GuidedAction] = ()
) -> tuple[CrmSnapshot, ...]:
    """One shard per group of user ids (see :func:`shard`), sharing one pass over the snapshot."""
    return tuple(
        CrmSnapshot.build(**records, settings=crm.settings, strict=False)
        for records in shard_records(crm, groups, known=known)
    )


def shard(crm: CrmSnapshot, user_ids: Collection[str], *, known: Iterable[GuidedAction] = ()) -> CrmSnapshot:
    """The smallest self-contained snapshot (``strict=False``) the built-in rules need for these users.

    Why: to reconcile a large portal in parallel, each worker needs only its
    users' book of business and what their rules look up through it (the
    contacts whose emails reached them, the deals and leads of their contacts,
    follow-up tasks of their meetings, replies…), not the whole portal.
    ``reconcile(shard(crm, U, known=known), now=now, known=known, user_ids=U)``
    equals ``reconcile(crm, now=now, known=known, user_ids=U)``.  Pass the
    stored actions as ``known`` so their subjects are kept even when they no
    longer belong to these users (without it, such an action would expire as
    ``subject_missing`` instead of ``reassigned``).
    """
    return shards(crm, [user_ids], known=known)[0]
