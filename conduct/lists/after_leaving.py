"""The Advisory List report on a former police officer or special constable who resigned or
retired, when an allegation about them comes to the force's attention after they left (Police Act
1996 s.88I(1)(b); Police Barred List and Police Advisory List Regulations 2017 reg 12(1)(a), (2)(e)).
Made due by conduct.cases.hooks.allegation_recorded (conduct/lists/ready.py); prepared, approved
and sent like every report (conduct.lists.services). docs/statutory-reporting.md."""

from datetime import date

from django.utils import timezone

from casework.models import RESIGNED_OR_RETIRED, Person, PersonType
from conduct.lists import services
from conduct.lists.models import ListReport, ListTrigger
from conduct.models import Proceedings


def came_to_attention(allegation) -> date:
    """The relevant event of s.88I(1)(b): the day the allegation about them came to the force's
    attention. An allegation recorded with its case (the day the case was entered) came with the
    case, on the day the force received it; one added later, on the day it was recorded."""
    case = allegation.subject.case
    recorded = timezone.localdate(allegation.recorded_at)
    return case.received_on if recorded <= timezone.localdate(case.created_at) else recorded


def on_allegation_recorded(*, subject, allegation, user, **_) -> ListReport | None:
    """An allegation about a former officer or special constable who left by resigning or retiring
    came to attention after they left: the Advisory List report falls due (s.88I(1)(b); 5 working
    days beginning with that day, reg 12(1)(a)), once per subject. A leaver whose reason the register
    does not hold is reported unless dismissed: the report then asks whether they resigned or
    retired (reg 12(2)(e)(ii)) before it can be prepared."""
    # The register as it is now (the caller's copy of the person may predate a change of status).
    person = Person.objects.filter(
        pk=subject.person_id, person_type__in=(PersonType.OFFICER, PersonType.SPECIAL)
    ).first()
    if person is None:
        return None  # s.88I(1)(b) names former members of a force and former special constables
    left, on = person.left_on, came_to_attention(allegation)
    if left is None or left >= on:
        return None  # serving when it came to attention: s.88I(1)(a) applies if they leave
    if person.left_by not in (*RESIGNED_OR_RETIRED, "") or services.dismissed(person, on):
        return None
    report = services.open_report(
        trigger=ListTrigger.ALLEGATION_AFTER_LEAVING,
        person=person,
        case=subject.case,
        proceedings=getattr(subject, "proceedings", None),
        on=on,
        user=user,
        event=f"after-leaving:{subject.pk}",
    )
    if report.proceedings_id and not report.proceedings.advisory_list:  # the tag on the case page
        Proceedings.objects.filter(pk=report.proceedings_id).update(advisory_list=True)
    return report
