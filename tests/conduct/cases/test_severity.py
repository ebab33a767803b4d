"""A severity assessment posted from the case page: recorded and shown; bad input gets its message
and records nothing."""

import pytest

from conduct.models import (
    Severity,
    SeverityAssessment,
)
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


def test_a_severity_assessment_is_posted_and_shown(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["severity"], {"severity": Severity.GROSS, "rationale": "Racist language"})
    assert response.status_code == 302
    assert response["Location"] == f"{section_url(case, 'subjects')}#subject-{case.subjects.get().pk}"
    assessment = SeverityAssessment.objects.get()
    assert (assessment.severity, assessment.rationale, assessment.assessed_by) == (
        Severity.GROSS,
        "Racist language",
        personas.investigator,
    )
    assert "Gross misconduct" in ivy.get(section_url(case, "subjects")).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"severity": Severity.GROSS, "rationale": ""}, "rationale", "Give the rationale for this assessment"),
        ({"severity": Severity.GROSS, "rationale": "   "}, "rationale", "Give the rationale for this assessment"),
        ({"severity": "", "rationale": "Because"}, "severity", "Choose a severity"),
        ({"severity": "catastrophic", "rationale": "Because"}, "severity", "Select the severity from the list"),
    ],
)
def test_a_bad_severity_post_shows_the_error_and_records_nothing(data, field, message, ivy, case, case_urls):
    response = ivy.post(case_urls["severity"], data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not SeverityAssessment.objects.exists()
