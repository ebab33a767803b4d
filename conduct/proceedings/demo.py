"""Demo hearing for seed_demo under the 2024 panel rules (SI 2024/521): the case of the demo at
the misconduct-hearing stage gets the officer's response and the documents supplied to the chair
(so the pre-hearing and hearing clocks run), a chair by delegation from the chief constable, two
independent members and a legally qualified adviser, a date about six weeks on with its notice to
the officer (reg 35), and the public notice of the hearing (reg 36). Idempotent: a hearing that
already has a panel is left alone."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from casework import calendar
from casework.models import Force, Person, PersonType, Rank
from conduct.models import HearingEventKind, PanelAppointment, PanelRole, Proceedings, Stage
from conduct.proceedings import panel, services

WHY = "Selected from the local policing body's list on a fair and transparent basis; no connection to the case."


def _senior(force, number, first, last, rank_name):
    person, _ = Person.objects.get_or_create(
        force=force,
        number=number,
        defaults={
            "person_type": PersonType.OFFICER,
            "first_name": first,
            "last_name": last,
            "rank": Rank.objects.get(name=rank_name),
        },
    )
    return person


def seed(users) -> int | None:
    if PanelAppointment.objects.exists():
        return None
    hearing = (
        Proceedings.objects.filter(stage=Stage.HEARING, forum=Stage.HEARING, subject__person__rank__isnull=False)
        .select_related("subject__case", "subject__person")
        .order_by("pk")
        .first()
    )
    if hearing is None:
        return None
    force = Force.objects.filter(is_home=True).first() or hearing.subject.person.force
    chief = _senior(force, "CC0001", "Margaret", "Ashdown", "Chief constable")
    acc = _senior(force, "ACC0002", "Rupert", "Lyle", "Assistant chief constable")
    authority, investigator = users["authority"], users["investigator"]
    today = timezone.localdate()
    for kind in (HearingEventKind.RESPONSE_RECEIVED, HearingEventKind.DOCUMENTS_TO_CHAIR):
        services.record_step(user=investigator, proceedings=hearing, kind=kind, on=today)
    panel.appoint(
        user=authority,
        proceedings=hearing,
        role=PanelRole.CHAIR,
        person=acc,
        reasons="Senior officer with no part in the investigation or its decisions.",
        delegated_by=chief,
        delegated_on=today,
        delegation_reasons="The chief constable met the complainant at a community meeting about the incident.",
    )
    for role, name in (
        (PanelRole.INDEPENDENT_MEMBER, "Mrs Olivia Brandt"),
        (PanelRole.INDEPENDENT_MEMBER, "Mr Tomasz Nowak"),
        (PanelRole.LEGAL_ADVISER, "Ms Priya Raman (solicitor)"),
    ):
        panel.appoint(user=authority, proceedings=hearing, role=role, name=name, reasons=WHY)
    day = calendar.add_working_days(today, 25)
    starts = timezone.make_aware(datetime.combine(day, time(10, 0)))
    services.schedule(
        user=investigator,
        proceedings=hearing,
        starts_at=starts,
        place="Force Headquarters, Hearing Room 1",
        agreed=False,
        reasons="No date could be agreed with the officer's representative.",
    )
    services.record_public_notice(
        user=investigator,
        proceedings=hearing,
        published_on=min(today, day - timedelta(days=1)),
        text=f"A misconduct hearing of {hearing.subject.person.full_name} will be held at Force Headquarters, "
        f"Hearing Room 1, at 10:00 on {day:%d %B %Y}, on an allegation of gross misconduct.",
    )
    return hearing.pk
