"""Demo access review for seed_demo (DOMAIN.md's first seed): after a high-profile
crime, everyone who opened the crime report is asked to justify the access. Shown mid-way: the
log imported (some accounts not on the register), the investigating unit excluded by role,
letters sent, three answers in, one assessed as legitimate and one as needing an interview,
one still to assess. Idempotent: an exercise of this name is left as it is."""

import io
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction

from casework.models import Person
from conduct.access_reviews import importer as access_import
from conduct.access_reviews import services as access_reviews
from conduct.models import AccessExercise, Accessor, Assessment
from notifications import responses

NAME = "Operation Linden: access to crime report CR-44/12345/26"
INVESTIGATING_UNIT = "CID"
ANSWERS = [
    (Assessment.LEGITIMATE, "I was the duty inspector and reviewed the report as part of the morning briefing."),
    (Assessment.INTERVIEW, "I think I opened it by mistake while searching for another job."),
    (None, "A colleague asked me to check whether the victim was known to us."),
]


@transaction.atomic
def seed(users) -> AccessExercise:
    existing = AccessExercise.objects.filter(name=NAME).first()
    if existing is not None:
        return existing
    investigator = users["investigator"]
    exercise = access_reviews.create_exercise(
        user=investigator,
        data=access_reviews.ExerciseInput(
            name=NAME,
            team=investigator.teams.order_by("id").first(),
            record_reference="CR-44/12345/26",
            record_system="Niche RMS",
        ),
    )
    people = list(Person.objects.filter(force__is_home=True).select_related("unit").order_by("id")[:24])
    access_import.import_file(exercise, io.BytesIO(_log(people).encode()))
    # The investigating unit (CID, if any of them is in it) is justified by role.
    units = [p.unit for p in people if p.unit_id]
    unit = next((u for u in units if u.name == INVESTIGATING_UNIT), units[0])
    access_reviews.exclude_units(
        user=investigator, exercise=exercise, units=[unit], reason=f"{unit.name}: the investigation team"
    )
    access_reviews.send_letters(user=investigator, exercise=exercise)
    written = list(Accessor.objects.filter(exercise=exercise, letter__isnull=False).order_by("id")[: len(ANSWERS)])
    for accessor, (outcome, text) in zip(written, ANSWERS, strict=False):
        token = urlsplit(responses.url_for(accessor.letter.response_link)).path.rstrip("/").rsplit("/", 1)[-1]
        responses.submit(token=token, text=text, files=[], client_address=None)
        if outcome:
            access_reviews.assess(user=investigator, accessor=accessor, outcome=outcome, reasons=_reasons(outcome))
    return exercise


def _reasons(outcome):
    if outcome == Assessment.LEGITIMATE:
        return "Confirmed against the duty roster: briefing duties that morning."
    return "The account does not match the search history; to be interviewed."


def _log(people) -> str:
    """Two accesses each by the first 12, one by the rest, and two contractor accounts nobody on
    the register matches."""
    lines = ["user_id,name,email,person_number,timestamp,action,record_reference,system"]
    start = datetime(2026, 9, 16, 7, 30)
    accounts = [(f"n{p.pk}", p.full_name, "", p.number) for p in people]
    accounts += [("ext-01", "Contractor One", "one@supplier.example", ""), ("ext-02", "Contractor Two", "", "C-2")]
    for index, (user_id, name, email, number) in enumerate(accounts):
        for n in range(2 if index < 12 else 1):
            at = start + timedelta(minutes=index * 11 + n * 240)
            lines.append(f"{user_id},{name},{email},{number},{at:%Y-%m-%dT%H:%M:%S},view,CR-44/12345/26,Niche RMS")
    return "\n".join(lines) + "\n"
