"""Reading the change history (django-pghistory) of a case's details for the case page."""

from .models import Case, Team, User

# What a reader cares about; bookkeeping columns are left out.
SHOWN_FIELDS = {
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
}


def _plain(value):
    return value


def case_changes(case, limit: int = 50) -> list[dict]:
    """Field-by-field changes to the case's details, newest first, with who made them."""
    newest = Case.pgh_event_model.objects.filter(pgh_obj=case).select_related("pgh_context").order_by("-pgh_id")
    events = list(reversed(newest[: limit + 1]))  # bounded, then oldest first to compare in order
    if len(events) < 2:  # created and never changed: nothing more to look up
        return []
    user_ids = {
        e.pgh_context.metadata.get("user") for e in events if e.pgh_context and e.pgh_context.metadata.get("user")
    } | {e.investigator_id for e in events if e.investigator_id}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    teams = {t.pk: t.name for t in Team.objects.filter(pk__in={e.team_id for e in events})}
    readable = {
        "team_id": lambda v: teams.get(v, ""),
        "investigator_id": lambda v: (users[v].get_full_name() or users[v].username) if v in users else "",
    }
    changes = []
    for before, after in zip(events, events[1:], strict=False):
        diffs = [
            {
                "field": label,
                "old": readable.get(name, _plain)(getattr(before, name)),
                "new": readable.get(name, _plain)(getattr(after, name)),
            }
            for name, label in SHOWN_FIELDS.items()
            if getattr(before, name) != getattr(after, name)
        ]
        if diffs:
            user = users.get((after.pgh_context.metadata if after.pgh_context else {}).get("user"))
            changes.append({"at": after.pgh_created_at, "user": user, "diffs": diffs})
    return list(reversed(changes))
