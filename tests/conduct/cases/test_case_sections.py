"""The case page in sections (issue 22): every section is reached from the MoJ sub-navigation,
shows its own content and is logged as a consultation; each subject's path is a task list whose
statuses follow the lifecycle; closing and withdrawing ask "Are you sure" first."""

import re

import pytest
from django.urls import reverse

from casework.models import Consultation
from casework.models.cases import CaseStatus
from conduct.cases import case_page, hooks, lifecycle
from conduct.models import Conclusion, Proceedings, Stage

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(r'class="moj-sub-navigation__link" href="([^"]+)"( aria-current="page")?>([^<]+)<')

# What each section shows (and the summary does not).
CONTENT = {
    "Summary": ["Which rules apply", 'data-testid="subject-summary"', 'data-testid="linked-cases"'],
    "Subjects and allegations": ['data-testid="subject"', 'class="govuk-task-list"', "Allegations"],
    "Duty": ["Duty decisions"],
    "Deadlines": ['id="deadlines"'],
    "Correspondence": ['id="correspondence"', "Write a request for information"],
    "Timeline": ['class="moj-timeline"', 'class="moj-timeline__item"'],
    "Access log": ["Change history of every record on this case", "Who this case is shared with"],
}


def _nav(page):
    return [(url, bool(current), label) for url, current, label in NAV_LINK.findall(page)]


def test_every_section_is_reached_from_the_sub_navigation_and_logged(ivy, case):
    summary = ivy.get(case.get_absolute_url()).content.decode()
    nav = _nav(summary)
    assert [label for _, _, label in nav] == [
        "Summary",
        "Subjects and allegations",
        "Duty",
        "Deadlines",
        "Correspondence",
        "Timeline",
        "Access log",
    ]
    for url, _, label in nav:
        before = Consultation.objects.filter(case=case).count()
        response = ivy.get(url)
        assert response.status_code == 200, label
        page = response.content.decode()
        assert [lbl for _, current, lbl in _nav(page) if current] == [label]  # this section is the current one
        for marker in CONTENT[label]:
            assert marker in page, (label, marker)
        if label != "Summary":
            assert "Which rules apply" not in page, label  # a section, not the whole page again
        # The one door: each section viewed is one consultation, with its purpose and its address.
        assert Consultation.objects.filter(case=case).count() == before + 1, label
        assert Consultation.objects.filter(case=case).latest("at").path == url


def _task(page, subject, action):
    block = page[page.index(f'id="subject-{subject.pk}"') :]
    item = block[block.index(f'data-action="{action}"') :]
    return item[: item.index("</li>")]


def test_the_task_list_follows_the_lifecycle(ivy, personas, case, put_at):
    subject = case.subjects.get()
    proceedings = put_at(Proceedings.objects.get(subject=subject), Stage.INVESTIGATION)
    url = reverse("case-section-subjects", args=[case.reference])
    page = ivy.get(url).content.decode()
    assert "Not yet started" in _task(page, subject, "serve_notice")
    assert "Cannot start yet" in _task(page, subject, "record_representations")

    lifecycle.apply_transition(user=personas.investigator, proceedings=proceedings, action="serve_notice", reason="r")
    page = ivy.get(url).content.decode()
    served, representations = _task(page, subject, "serve_notice"), _task(page, subject, "record_representations")
    assert "Completed" in served and "href=" not in served
    assert "In progress" in representations
    transition_url = reverse("subject-transition", args=[case.reference, subject.pk, "record_representations"])
    assert f'href="{transition_url}"' in representations  # the step is started from the list
    assert "Not applicable" in _task(page, subject, "no_further_action")  # the path has gone past it


def test_only_the_decision_maker_is_offered_the_authoritys_steps(read, personas, case, put_at):
    subject = case.subjects.get()
    put_at(Proceedings.objects.get(subject=subject), Stage.REPORT)
    url = reverse("case-section-subjects", args=[case.reference])
    refer = reverse("subject-transition", args=[case.reference, subject.pk, "refer_to_hearing"])
    assert refer not in read(personas.investigator, url).content.decode()
    assert refer in read(personas.authority, url).content.decode()
    auditor = read(personas.auditor, url).content.decode()  # sees the step, is not offered it
    assert refer not in auditor and "Not yet started" in _task(auditor, subject, "refer_to_hearing")


def test_withdrawing_asks_are_you_sure_and_cancel_changes_nothing(ivy, case, put_at):
    subject = case.subjects.get()
    proceedings = put_at(Proceedings.objects.get(subject=subject), Stage.MEETING)
    url = reverse("subject-transition", args=[case.reference, subject.pk, "withdraw"])
    subjects_url = reverse("case-section-subjects", args=[case.reference])
    assert f'href="{url}"' in ivy.get(subjects_url).content.decode()  # in the flow: the subject's task list

    page = ivy.get(url).content.decode()
    assert "Are you sure?" in page and "no further step can be taken" in page
    assert "govuk-button--warning" in page
    cancel = re.search(r'<a class="govuk-link" href="([^"]+)">Cancel</a>', page).group(1)
    assert cancel.startswith(subjects_url)
    assert ivy.get(cancel).status_code == 200
    proceedings.refresh_from_db()
    assert proceedings.stage == Stage.MEETING  # cancelling did nothing

    response = ivy.post(url, {"reason": "The officer's evidence was accepted"})
    assert response.status_code == 302 and response["Location"].startswith(subjects_url)
    proceedings.refresh_from_db()
    assert (proceedings.stage, proceedings.conclusion) == (Stage.CONCLUDED, Conclusion.WITHDRAWN)


def test_closing_is_offered_when_every_subject_has_concluded_and_asks_first(ivy, case, case_urls):
    summary = ivy.get(case_urls["detail"]).content.decode()
    assert case_urls["close"] not in summary  # no red button on a day-old case
    assert 'data-testid="not-ready-to-close"' in summary

    ivy.post(case_urls["transition"], {"reason": "No evidence"})  # no further action: the only subject concludes
    summary = ivy.get(case_urls["detail"]).content.decode()
    assert f'href="{case_urls["close"]}"' in summary

    page = ivy.get(case_urls["close"]).content.decode()
    assert "Are you sure you want to close the case?" in page
    assert 'data-testid="what-happens"' in page and "govuk-button--warning" in page
    cancel = re.search(r'<a class="govuk-link" href="([^"]+)">Cancel</a>', page).group(1)
    assert ivy.get(cancel).status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN  # cancel does nothing

    assert ivy.post(case_urls["close"], {"reason": "Concluded with no further action"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_linked_cases_are_one_block_with_an_empty_state(ivy, case):
    page = ivy.get(case.get_absolute_url()).content.decode()
    assert page.count('data-testid="linked-cases"') == 1
    assert "This case is not linked to any case here or in another force." in page


def test_a_new_hook_panel_shows_in_the_section_it_names_without_a_template_edit(ivy, case):
    def panel(case, user, can_change, can_decide):
        # Any template works; this one marks itself with id="deadlines".
        return {"template": "conduct/cases/sections/deadlines.html", "section": "timeline"}

    before = list(hooks.case_page.receivers)
    hooks.case_page.connect(panel, name="test_panel")
    try:
        timeline = ivy.get(reverse("case-section-timeline", args=[case.reference])).content.decode()
        summary = ivy.get(case.get_absolute_url()).content.decode()
    finally:
        hooks.case_page.receivers = before
    assert 'id="deadlines"' in timeline
    assert 'id="deadlines"' not in summary
    assert case_page.placed_panels({"a": None, "b": {"x": 1}, "c": {"template": "t"}}, "summary") == [{"template": "t"}]
