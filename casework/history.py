"""Reading the change history (django-pghistory) of everything recorded on a case.

Every case-data table is tracked by pghistory's triggers (a snapshot row per insert and update,
with the request's user in its context). Each app says here which of its tracked records belong
to a case, how to reach the case from the snapshot, and which fields a reader cares about; casework
may not import conduct (DESIGN.md), so conduct registers its records in its AppConfig.ready.
The change history page and the case page's summary read them through `case_record_changes`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models

from .models import Case, CaseLink, CaseSubject, ComplainantContact, Person, Team, User

HIDDEN = "[narrative withheld]"  # auditors read metadata, not what is alleged or said


@dataclass(frozen=True)
class Tracked:
    """One tracked table whose rows belong to a case."""

    code: str  # stable, used in the page's filter
    label: str  # what a reader calls one row: "Allegation"
    model: type[models.Model]  # the tracked model; its snapshots are model.pgh_event_model
    case_path: str  # lookup from a snapshot to the case's id, e.g. "subject__case_id"
    fields: Mapping[str, str]  # field name -> label, in the order shown
    narrative: frozenset[str] = frozenset()  # fields only readers of the narrative may see
    person_path: str | None = None  # lookup from a snapshot to the person it concerns


TRACKED: dict[str, Tracked] = {}


def register(tracked: Tracked) -> Tracked:
    TRACKED[tracked.code] = tracked
    return tracked


@dataclass
class Change:
    at: datetime
    user: User | None
    record: str  # "Allegation (Dana Whitlock)"
    code: str
    action: str  # "Added" or "Changed"
    diffs: list[dict] = field(default_factory=list)  # {"field", "old", "new", "long"}


def case_record_changes(
    case, *, narrative: bool, codes=None, changes_only: bool = False, limit_per_record: int = 1000
) -> list[Change]:
    """Every addition (unless `changes_only`) and change to the case's records, newest first.

    One query per tracked table (bounded by `limit_per_record` snapshots each), then one for the
    users and one for the people named, whatever the case's size."""
    chosen = [t for code, t in TRACKED.items() if codes is None or code in codes]
    snapshots = {t.code: _snapshots(t, case, limit_per_record) for t in chosen}
    if changes_only and not any(_was_changed(rows) for rows in snapshots.values()):
        return []  # nothing but additions: no names to look up
    users = _users_named(chosen, snapshots)
    people = _people_named(snapshots) if any(t.person_path for t in chosen) else {}
    changes = []
    for tracked in chosen:
        changes.extend(_changes_of(tracked, snapshots[tracked.code], users, people, narrative))
    if changes_only:
        changes = [c for c in changes if c.action == "Changed"]
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes


def case_changes(case, limit: int = 50) -> list[dict]:
    """The case page's summary: changes to the case's own details (not its creation)."""
    changes = case_record_changes(case, narrative=True, codes={"case"}, changes_only=True)
    return [{"at": c.at, "user": c.user, "diffs": c.diffs} for c in changes[:limit]]


def _was_changed(rows) -> bool:
    ids = [row.pgh_obj_id for row in rows]
    return len(ids) != len(set(ids))


def _snapshots(tracked: Tracked, case, limit: int) -> list:
    events = tracked.model.pgh_event_model.objects.filter(**{tracked.case_path: case.pk})
    if tracked.person_path:
        events = events.annotate(concerns_person_id=models.F(tracked.person_path))
    newest = events.select_related("pgh_context").order_by("-pgh_id")[:limit]
    return list(reversed(newest))  # oldest first, to compare each snapshot with the one before


def _user_fields(tracked: Tracked) -> list[str]:
    event_model = tracked.model.pgh_event_model
    return [
        name
        for name in tracked.fields
        if isinstance(event_model._meta.get_field(name.removesuffix("_id")), models.ForeignKey)
        and event_model._meta.get_field(name.removesuffix("_id")).related_model is User
    ]


def _who_id(snapshot):
    context = snapshot.pgh_context
    return (context.metadata or {}).get("user") if context else None


def _users_named(chosen, snapshots) -> dict:
    ids = set()
    for tracked in chosen:
        user_fields = _user_fields(tracked)
        for snapshot in snapshots[tracked.code]:
            ids.add(_who_id(snapshot))
            ids.update(getattr(snapshot, name) for name in user_fields)
    ids.discard(None)
    # Always one query, even for no one, so the page's query count does not depend on the data.
    return {u.pk: u for u in User.objects.filter(pk__in=list(ids) or [0])}


def _people_named(snapshots) -> dict:
    ids = {getattr(s, "concerns_person_id", None) for rows in snapshots.values() for s in rows}
    ids.discard(None)
    return {p.pk: p.full_name for p in Person.objects.filter(pk__in=list(ids) or [0])}


def _changes_of(tracked, rows, users, people, narrative) -> list[Change]:
    readable = _Readable(tracked, users, people)
    previous: dict = {}  # object id -> its last snapshot
    changes = []
    for snapshot in rows:
        before = previous.get(snapshot.pgh_obj_id)
        previous[snapshot.pgh_obj_id] = snapshot
        diffs = [
            _diff(tracked, name, label, before, snapshot, readable, narrative)
            for name, label in tracked.fields.items()
            if before is None or getattr(before, name) != getattr(snapshot, name)
        ]
        if before is None:  # the record was added: list what it was added with
            diffs = [d for d in diffs if d["new"] not in ("", "–")]
        elif not diffs:
            continue  # only bookkeeping columns changed
        changes.append(
            Change(
                at=snapshot.pgh_created_at,
                user=users.get(_who_id(snapshot)),
                record=_record_label(tracked, snapshot, people),
                code=tracked.code,
                action="Added" if before is None else "Changed",
                diffs=diffs,
            )
        )
    return changes


def _record_label(tracked, snapshot, people) -> str:
    person = people.get(getattr(snapshot, "concerns_person_id", None))
    return f"{tracked.label} ({person})" if person else tracked.label


def _diff(tracked, name, label, before, after, readable, narrative) -> dict:
    long = _is_long_text(tracked, name)
    if name in tracked.narrative and not narrative:
        return {"field": label, "old": HIDDEN if before else "", "new": HIDDEN, "long": False}
    return {
        "field": label,
        "old": readable(name, getattr(before, name)) if before is not None else "",
        "new": readable(name, getattr(after, name)),
        "long": long,
    }


def _is_long_text(tracked, name) -> bool:
    return isinstance(tracked.model.pgh_event_model._meta.get_field(name.removesuffix("_id")), models.TextField)


class _Readable:
    """Turns a stored value into what a reader understands: choice labels, names, dates."""

    def __init__(self, tracked: Tracked, users: dict, people: dict):
        self.users = users
        self.people = people
        self.user_fields = set(_user_fields(tracked))
        meta = tracked.model.pgh_event_model._meta
        self.choices = {
            name: dict(meta.get_field(name).flatchoices)
            for name in tracked.fields
            if not name.endswith("_id") and meta.get_field(name).choices
        }
        self.teams = None

    def __call__(self, name, value):
        if value is None or value == "":
            return "–"
        if name in self.user_fields:
            user = self.users.get(value)
            return (user.get_full_name() or user.username) if user else "–"
        if name == "person_id":
            return self.people.get(value, "–")
        if name == "team_id":
            return self._team(value)
        if name in self.choices:
            return str(self.choices[name].get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime):
            return value.strftime("%-d %b %Y %H:%M")
        if isinstance(value, date):
            return value.strftime("%-d %b %Y")
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _team(self, value):
        if self.teams is None:  # at most one query, and only when a team changed
            self.teams = dict(Team.objects.values_list("pk", "name"))
        return self.teams.get(value, "–")


# casework's own case records ---------------------------------------------------------------
register(
    Tracked(
        code="case",
        label="Case details",
        model=Case,
        case_path="pgh_obj_id",
        fields={
            "origin": "Origin",
            "received_on": "Date received",
            "how_received": "How received",
            "summary": "Summary",
            "complainant_name": "Complainant's name",
            "sensitivity": "Sensitivity",
            "team_id": "Team",
            "investigator_id": "Investigator",
            "status": "Status",
            "closure_reason": "Closure reason",
        },
        narrative=frozenset({"summary", "complainant_name", "closure_reason"}),
    )
)
register(
    Tracked(
        code="subject",
        label="Subject",
        model=CaseSubject,
        case_path="case_id",
        fields={"person_id": "Person"},
        person_path="person_id",
    )
)
register(
    Tracked(
        code="link",
        label="Linked case",
        model=CaseLink,
        case_path="case_id",
        fields={"kind": "Kind of link", "other_reference": "Other force's reference", "reason": "Reason"},
        narrative=frozenset({"reason"}),
    )
)
register(
    Tracked(
        code="complainant",
        label="Complainant's contact details",
        model=ComplainantContact,
        case_path="case_id",
        fields={"email": "Email", "telephone": "Telephone", "address": "Address"},
        narrative=frozenset({"email", "telephone", "address"}),
    )
)
