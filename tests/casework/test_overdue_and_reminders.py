"""The overdue filter says which deadline is overdue and by how much; the deadline page lists
the reminders sent for it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casework import deadlines
from notifications.models import ReminderOutcome, ReminderSent

pytestmark = pytest.mark.django_db


def _clock(case, personas, due_on):
    return deadlines.start_deadline(
        case=case,
        kind="severity_assessment",
        label="Severity assessment",
        owner=personas.investigator,
        starts_on=date(2026, 11, 2),
        due_on=due_on,
        actor=personas.investigator,
        source_rule={"code": "severity_assessment", "amount": 5, "unit": "working_days", "source": "Test regs"},
    )


@time_machine.travel("2026-12-07 12:00 +0000", tick=False)
def test_the_overdue_filter_names_the_clock_and_how_late_it_is(client, personas, case):
    deadline = _clock(case, personas, date(2026, 12, 1))
    client.force_login(personas.investigator)
    response = client.get(reverse("case-list"), {"overdue": "yes"})
    assert [c.overdue_deadline for c in response.context["page"].object_list] == [deadline]
    cell = response.content.decode().split('data-testid="overdue-deadline">')[1].split("</td>")[0]
    assert "Severity assessment" in cell and deadline.get_absolute_url() in cell
    assert "Due 1 Dec 2026, overdue by 4 working days" in cell


def test_the_deadline_page_lists_the_reminders_sent(client, personas, case):
    deadline = _clock(case, personas, date(2026, 12, 18))
    client.force_login(personas.investigator)
    page = client.get(reverse("deadline-detail", args=[deadline.pk])).content.decode()
    assert "No reminders have been sent for this deadline yet." in page
    ReminderSent.objects.create(
        deadline=deadline, stage_code="before", outcome=ReminderOutcome.SENT, recipients=["ivy"]
    )
    page = client.get(reverse("deadline-detail", args=[deadline.pk])).content.decode()
    table = page.split('data-testid="reminders-sent"')[1].split("</table>")[0]
    assert "before" in table and "ivy" in table
