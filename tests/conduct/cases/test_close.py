"""Closing a case from the case page: refused while a subject is open, a reason required, and
nothing more changes once closed."""

import pytest

from casework.models import Case, TimelineEvent
from casework.models.cases import CaseStatus

pytestmark = pytest.mark.django_db


def test_closing_from_the_case_page(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["close"], {"reason": "All done"})
    assert response.status_code == 200
    assert "Still open: Dana Whitlock." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    ivy.post(case_urls["transition"], {"reason": "No evidence"})
    response = ivy.post(case_urls["close"], {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reasons for closing the case"]
    response = ivy.post(case_urls["close"], {"reason": "Concluded with no further action"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_by, case.closure_reason) == (
        CaseStatus.CLOSED,
        personas.investigator,
        "Concluded with no further action",
    )
    events = TimelineEvent.objects.filter(case=case).count()
    assert ivy.post(case_urls["close"], {"reason": "Again"}).status_code == 404  # closed: no longer changed
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, "Concluded with no further action")
    assert TimelineEvent.objects.filter(case=case).count() == events
