"""The letter pages through the Django test client: who sees a letter (outsiders get 404,
auditors metadata only), consultation logging, approve/cancel/retry and their refusals, the
failed-delivery queue, the template editor, and query counts that do not grow with data."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from casework import permissions as casework_permissions
from casework.models import Consultation, ObjectKind
from casework.roles import Role
from notifications.delivery import record_disclosure
from notifications.kinds import RESPONSE_URL_PLACEHOLDER
from notifications.models import DeliveryAttempt, LetterKind, LetterPdf, LetterTemplate, Status
from notifications.models.outbox import AttemptOutcome, Channel
from tests.factories import ForceFactory, PersonFactory, TeamFactory, UserFactory, make_case
from tests.notifications.letter_factories import add_response, make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    return PersonFactory(force=force, number="4321", first_name="Dana", last_name="Whitlock", email="dw@police.example")


@pytest.fixture
def case(personas, officer):
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    TeamFactory(name="Team Tom", members=[personas.investigator_other_team])
    return make_case(personas.investigator, team, [officer], summary="Comments made in a group chat")


@pytest.fixture
def letter(case, officer, personas):
    return make_letter(case, officer, sender=personas.investigator)


@pytest.fixture
def draft(case, officer, personas):
    return make_letter(
        case, officer, sender=personas.investigator, kind=LetterKind.SUSPENSION_NOTICE, status=Status.DRAFT
    )


def _url(name, letter, **kwargs):
    return reverse(name, kwargs={"reference": letter.case.reference, "pk": letter.pk, **kwargs})


# Seeing a letter -----------------------------------------------------------------------------
def test_the_case_team_reads_the_letter_and_the_look_is_logged(client, personas, letter):
    client.force_login(personas.investigator)
    response = client.get(_url("letter-detail", letter))
    assert response.status_code == 200
    page = response.content.decode()
    assert letter.subject in page
    assert "1. On 14 September 2026 you shared messages" in page
    assert RESPONSE_URL_PLACEHOLDER in page
    assert f"Version {letter.template.version} of" in page
    logged = Consultation.objects.get(user=personas.investigator, kind=ObjectKind.DOCUMENT)
    assert logged.case == letter.case and logged.person == letter.person and logged.object_id == letter.pk
    assert logged.purpose == "Case of my team (Team Ivy)"


@pytest.mark.parametrize("name", ["letter-detail", "letter-pdf", "letter-cancel"])
@pytest.mark.parametrize("persona", ["investigator_other_team", "admin"])
def test_outsiders_get_404_and_nothing_is_logged(client, personas, letter, name, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(_url(name, letter))
    assert response.status_code == 404
    assert letter.subject not in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_letter_is_found_only_under_its_own_case(client, personas, letter):
    other = make_case(personas.investigator, letter.case.team, [letter.person])
    client.force_login(personas.investigator)
    url = reverse("letter-detail", kwargs={"reference": other.reference, "pk": letter.pk})
    assert client.get(url).status_code == 404


def test_the_anonymous_are_sent_to_sign_in(client, letter):
    response = client.get(_url("letter-detail", letter))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_someone_outside_the_team_is_asked_why_first(client, personas, letter):
    client.force_login(personas.authority)
    response = client.get(_url("letter-detail", letter))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consultation-purpose"))
    client.post(response["Location"], {"purpose": "decision"})
    assert client.get(_url("letter-detail", letter)).status_code == 200
    logged = Consultation.objects.get(user=personas.authority)
    assert logged.purpose == "A decision on this matter has been asked of me"


def test_an_auditor_sees_the_letters_details_but_not_its_text(read, personas, letter):
    add_response(letter)
    page = read(personas.auditor, _url("letter-detail", letter)).content.decode()
    assert letter.recipient_name in page and "Withheld" in page
    assert "you shared messages" not in page and "I was on duty" not in page
    attachment = letter.response.attachments.get()
    assert read(personas.auditor, _url("letter-pdf", letter)).status_code == 404
    assert read(personas.auditor, _url("letter-attachment", letter, attachment_id=attachment.pk)).status_code == 404


def test_the_pdf_is_stored_downloaded_and_the_download_logged(client, personas, letter):
    client.force_login(personas.investigator)
    response = client.get(_url("letter-pdf", letter))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{letter.case.reference}-letter-{letter.pk}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    stored = LetterPdf.objects.get(correspondence=letter)
    assert bytes(stored.content) == response.content
    logged = Consultation.objects.get(user=personas.investigator, kind=ObjectKind.DOCUMENT)
    assert logged.path.endswith("/pdf/") and logged.case == letter.case
    client.get(_url("letter-pdf", letter))
    assert LetterPdf.objects.filter(correspondence=letter).count() == 1
    assert Consultation.objects.filter(user=personas.investigator).count() == 2


def test_the_officers_answer_and_its_attachments(client, personas, letter):
    response = add_response(letter, text="I was on duty at the time.")
    attachment = response.attachments.get()
    client.force_login(personas.investigator)
    page = client.get(_url("letter-detail", letter)).content.decode()
    assert "I was on duty at the time." in page and "statement.pdf" in page
    download = client.get(_url("letter-attachment", letter, attachment_id=attachment.pk))
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 statement"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert Consultation.objects.filter(user=personas.investigator, path__contains="/attachments/").count() == 1


def test_an_attachment_of_another_letter_is_404(client, personas, letter, case, officer):
    other = make_letter(case, officer, sender=personas.investigator)
    attachment = add_response(other).attachments.get()
    client.force_login(personas.investigator)
    assert client.get(_url("letter-attachment", letter, attachment_id=attachment.pk)).status_code == 404


# Approving, cancelling, retrying -------------------------------------------------------------
def test_an_appropriate_authority_approves_a_draft(client, personas, draft):
    client.force_login(personas.authority)
    client.post(reverse("consultation-purpose") + f"?key=case:{draft.case.pk}&next=/", {"purpose": "decision"})
    page = client.get(_url("letter-detail", draft)).content.decode()
    assert "Approve and send" in page
    response = client.post(_url("letter-approve", draft), follow=True)
    assert "approved and queued" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.QUEUED and draft.approved_by == personas.authority


def test_nobody_approves_their_own_letter(client, personas, case, officer):
    mine = make_letter(case, officer, sender=personas.head, kind=LetterKind.OUTCOME_LETTER, status=Status.DRAFT)
    client.force_login(personas.head)
    client.post(reverse("consultation-purpose") + f"?key=case:{case.pk}&next=/", {"purpose": "decision"})
    page = client.get(_url("letter-detail", mine)).content.decode()
    assert "You wrote it, so another manager must approve it." in page and "Approve and send" not in page
    response = client.post(_url("letter-approve", mine), follow=True)
    assert "Another manager must approve it" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.DRAFT


def test_a_letter_that_is_not_a_draft_is_not_approved(client, personas, letter):
    client.force_login(personas.authority)
    response = client.post(_url("letter-approve", letter), follow=True)
    assert "only drafts are approved" in response.content.decode()


def test_an_investigator_cannot_approve(client, personas, draft):
    client.force_login(personas.investigator)
    assert "Approve and send" not in client.get(_url("letter-detail", draft)).content.decode()
    assert client.post(_url("letter-approve", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_cancelling_a_draft_asks_for_a_reason(client, personas, draft):
    client.force_login(personas.investigator)
    assert client.get(_url("letter-cancel", draft)).status_code == 200
    response = client.post(_url("letter-cancel", draft), {"reason": ""})
    assert response.status_code == 200
    assert "Give the reason for cancelling the letter" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    response = client.post(_url("letter-cancel", draft), {"reason": "Decision withdrawn"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.CANCELLED


def test_a_sent_letter_cannot_be_cancelled(client, personas, case, officer):
    sent = make_letter(case, officer, sender=personas.investigator, status=Status.SENT)
    client.force_login(personas.investigator)
    response = client.post(_url("letter-cancel", sent), {"reason": "Too late"})
    assert "Only drafts and letters that could not be delivered" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT


@pytest.mark.parametrize("persona, status", [("auditor", 404), ("investigator_other_team", 404)])
def test_cancelling_is_for_the_case_team_and_approvers(client, personas, draft, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.post(_url("letter-cancel", draft), {"reason": "x"}).status_code == status


def test_the_case_team_sends_a_failed_letter_again(client, personas, case, officer):
    failed = make_letter(case, officer, sender=personas.investigator, status=Status.FAILED, last_error="550 no")
    client.force_login(personas.investigator)
    assert "Send again" in client.get(_url("letter-detail", failed)).content.decode()
    response = client.post(_url("letter-retry", failed), follow=True)
    assert "queued to be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED


@pytest.mark.parametrize("persona", ["auditor", "authority", "investigator_other_team"])
def test_others_cannot_retry_from_the_case(client, personas, case, officer, persona):
    failed = make_letter(case, officer, sender=personas.investigator, status=Status.FAILED)
    client.force_login(getattr(personas, persona))
    assert client.post(_url("letter-retry", failed)).status_code == 404


# The failed-delivery queue -------------------------------------------------------------------
@pytest.mark.parametrize("persona, status", [("admin", 200), ("head", 200), ("investigator", 404), ("auditor", 404)])
def test_the_failed_queue_is_for_administrators_and_the_head_of_psd(client, personas, case, officer, persona, status):
    make_letter(case, officer, sender=personas.investigator, status=Status.FAILED, last_error="550 Mailbox unavailable")
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("letter-failed-list"))
    assert response.status_code == status
    if status == 200:
        assert "550 Mailbox unavailable" in response.content.decode()


def test_an_administrator_retries_from_the_queue(client, personas, case, officer):
    failed = make_letter(case, officer, sender=personas.investigator, status=Status.BOUNCED)
    no_address = make_letter(case, officer, sender=personas.investigator, status=Status.FAILED, recipient_email="")
    client.force_login(personas.admin)
    response = client.post(reverse("letter-failed-retry", args=[failed.pk]), follow=True)
    assert "queued to be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED
    response = client.post(reverse("letter-failed-retry", args=[no_address.pk]), follow=True)
    assert "Print and post the letter instead" in response.content.decode()
    # A letter that is not failed is not in the queue.
    assert client.post(reverse("letter-failed-retry", args=[failed.pk])).status_code == 404


def test_the_failed_queue_paginates_with_a_fixed_number_of_queries(
    client, personas, case, officer, django_assert_max_num_queries
):
    for _ in range(30):
        make_letter(case, officer, sender=personas.investigator, status=Status.FAILED)
    client.force_login(personas.admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("letter-failed-list"))
    assert "Page 1 of 2" in response.content.decode()


# Letters on the case and person pages --------------------------------------------------------
def _render(source, **context):
    return Template("{% load letters %}" + source).render(Context(context))


def test_the_case_table_is_one_query(personas, case, officer, django_assert_num_queries):
    for status in (Status.DRAFT, Status.SENT, Status.FAILED):
        make_letter(case, officer, sender=personas.investigator, status=status)
    with django_assert_num_queries(1):
        html = _render("{% case_correspondence case user %}", case=case, user=personas.investigator)
    assert html.count('data-testid="case-correspondence"') == 1
    assert "Awaiting approval" in html and "govuk-tag--red" in html
    assert reverse("letter-detail", kwargs={"reference": case.reference, "pk": case.correspondence.first().pk}) in html


def test_the_person_history_shows_only_letters_on_cases_the_user_can_see(
    personas, case, officer, django_assert_num_queries
):
    mine = make_letter(case, officer, sender=personas.investigator)
    other_team = TeamFactory(name="Team Else")
    hidden_case = make_case(personas.investigator_other_team, other_team, [officer])
    make_letter(hidden_case, officer, sender=personas.investigator_other_team)
    casework_permissions.roles_of(personas.investigator)  # the layout has already read the roles
    with django_assert_num_queries(1):
        html = _render("{% person_correspondence person user %}", person=officer, user=personas.investigator)
    assert case.reference in html and hidden_case.reference not in html
    assert reverse("letter-detail", kwargs={"reference": case.reference, "pk": mine.pk}) in html


def test_the_letter_page_makes_the_same_queries_however_long_its_history(
    client, personas, letter, django_assert_max_num_queries
):
    client.force_login(personas.investigator)
    client.get(_url("letter-detail", letter))  # warm the session

    def grow():
        number = DeliveryAttempt.objects.filter(correspondence=letter).count() + 1
        DeliveryAttempt.objects.create(correspondence=letter, number=number, outcome=AttemptOutcome.TRANSIENT)
        record_disclosure(letter, channel=Channel.POST)

    grow()
    with django_assert_max_num_queries(40) as few:
        client.get(_url("letter-detail", letter))
    for _ in range(10):
        grow()
    add_response(letter, files=[(f"file{i}.pdf", b"%PDF") for i in range(5)])
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # the response adds one
        assert client.get(_url("letter-detail", letter)).status_code == 200


# Templates -----------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["investigator", "authority", "head", "auditor"])
def test_only_administrators_manage_templates(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("letter-template-list")).status_code == 404
    assert client.get(reverse("letter-template-edit", args=["reg17_notice"])).status_code == 404
    assert client.get(reverse("letter-template-version", args=["reg17_notice", 1])).status_code == 404


def test_the_template_list_shows_each_kind_and_its_version(client, personas, django_assert_max_num_queries):
    client.force_login(personas.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("letter-template-list"))
    page = response.content.decode()
    for label in LetterKind.labels:
        assert label.replace("'", "&#x27;") in page


def test_unknown_kinds_and_versions_are_404(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("letter-template-edit", args=["no_such_kind"])).status_code == 404
    assert client.get(reverse("letter-template-version", args=["reg17_notice", 999])).status_code == 404


def _post(client, kind, action, **fields):
    current = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    data = {"subject": current.subject, "body": current.body, "change_note": "", "preview_case": "", "action": action}
    data.update(fields)
    return client.post(reverse("letter-template-edit", args=[kind]), data)


def test_a_preview_renders_with_the_sample_and_saves_nothing(client, personas):
    client.force_login(personas.admin)
    before = LetterTemplate.objects.count()
    response = _post(
        client, "reg17_notice", "preview", subject="Investigation {{ case.reference }} for {{ person.full_name }}"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Investigation PSD-2026-000123 for Dana Whitlock" in page
    assert "With sample details." in page
    assert LetterTemplate.objects.count() == before


def test_a_preview_against_a_case_the_user_cannot_view_is_refused(client, personas, case):
    client.force_login(personas.admin)  # administrators see no case
    page = _post(client, "reg17_notice", "preview", preview_case=case.reference).content.decode()
    assert "No case you can view has that reference" in page
    assert "govuk-error-summary" in page


def test_a_preview_against_a_case_uses_it_and_is_logged(client, personas, case):
    editor = UserFactory(username="eddie", role=Role.ADMINISTRATOR)
    editor.groups.add(*personas.investigator.groups.all())
    case.team.members.add(editor)
    client.force_login(editor)
    page = _post(client, "reg17_notice", "preview", preview_case=case.reference.lower()).content.decode()
    assert f"Notice of investigation: {case.reference}" in page
    assert f"Against {case.reference}" in page
    logged = Consultation.objects.get(user=editor, case=case)
    assert "Previewing" in logged.purpose


def test_a_template_reaching_for_a_secret_is_refused_with_the_reason(client, personas, settings):
    client.force_login(personas.admin)
    before = LetterTemplate.objects.count()
    response = _post(
        client, "reg17_notice", "save", body="Dear {{ recipient.name }}\n{{ settings.SECRET_KEY }}", change_note="x"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: “settings.SECRET_KEY” is not allowed" in page
    assert 'href="#id_body"' in page  # the error summary links to the field
    assert settings.SECRET_KEY not in page.replace("{{ settings.SECRET_KEY }}", "")
    assert LetterTemplate.objects.count() == before


def test_saving_needs_a_change_note(client, personas):
    client.force_login(personas.admin)
    page = _post(client, "reg17_notice", "save", subject="New subject {{ case.reference }}").content.decode()
    assert "Say what changed and why" in page


def test_saving_a_new_version_and_reading_it_back(client, personas):
    client.force_login(personas.admin)
    response = _post(
        client,
        "information_request",
        "save",
        subject="Information needed: {{ case.reference }}",
        body="Dear {{ recipient.name }}\r\n\r\n{{ request_text }}\r\n",
        change_note="Shorter wording",
    )
    assert response.status_code == 302
    saved = LetterTemplate.objects.filter(kind="information_request").order_by("-version").first()
    assert saved.version == 2 and saved.created_by == personas.admin and saved.change_note == "Shorter wording"
    page = client.get(response["Location"]).content.decode()
    assert "Version 2 of “Request for information” saved." in page
    assert "Shorter wording" in page
    version_page = client.get(reverse("letter-template-version", args=["information_request", 2])).content.decode()
    assert "Information needed: {{ case.reference }}" in version_page and "In use" in version_page
    old = client.get(reverse("letter-template-version", args=["information_request", 1])).content.decode()
    assert "In use" not in old
