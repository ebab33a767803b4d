"""Letters on a case: the letter page, its PDF, the officer's attachments, and the decisions on
a letter (approve, cancel, retry); and the failed-delivery queue. Thin: check, call one
service, redirect. Every look at a letter, its PDF or an attachment is a logged consultation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import door
from casework.errors import add_to_form
from casework.models import ObjectKind
from notifications import outbox, pdf, permissions, uncertain
from notifications.forms.templates import CancelLetterForm, ConfirmSentForm, ResendForm
from notifications.kinds import RESPONSE_URL_PLACEHOLDER, spec_for
from notifications.models import LetterPdf, OfficerResponse, ResponseAttachment, ResponseLink, Status

PAGE_SIZE = 25


def _readable_letter_or_404(request, reference, pk):
    """(case, letter) for the PDF and attachments: the text itself, so narrative readers only."""
    case, letter = permissions.letter_on_case_or_404(request.user, reference, pk)
    permissions.require(permissions.can_read_letter(request.user, case))
    return case, letter


# The letter page ------------------------------------------------------------------------------
@require_GET
def letter_detail(request, reference, pk):
    case, letter = permissions.letter_on_case_or_404(request.user, reference, pk)
    door.consult_case(request, case, document=letter, person=letter.person)
    readable = permissions.can_read_letter(request.user, case)
    return render(
        request,
        "notifications/letter_detail.html",
        {
            "case": case,
            "letter": letter,
            "spec": spec_for(letter.kind),
            "readable": readable,
            "placeholder": RESPONSE_URL_PLACEHOLDER,
            "attempts": letter.attempts_log.select_related("recorded_by"),
            "disclosures": letter.disclosures.select_related("disclosed_by"),
            "link": ResponseLink.objects.filter(correspondence=letter).first(),
            # Always read (one query, usually empty), so the page costs the same with or without a link.
            "link_events": list(letter.link_events.all()[:50]),
            "response": _response(letter) if readable else None,
            "stored_pdf": LetterPdf.objects.filter(correspondence=letter).only("rendered_at", "sha256").first(),
            "can_approve": permissions.can_approve(request.user, letter),
            "wrote_it": letter.created_by_id == request.user.pk,
            "can_cancel": permissions.can_cancel(request.user, case, letter),
            "can_retry": permissions.can_retry(request.user, case, letter),
            "uncertain": letter.status == Status.UNCERTAIN,
            "can_decide": permissions.can_view_failed_queue(request.user),
        },
    )


def _response(letter):
    """The officer's answer with its attachments' details (never their content) in two queries."""
    attachments = ResponseAttachment.objects.defer("content")
    return (
        OfficerResponse.objects.filter(correspondence=letter)
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .first()
    )


@require_GET
def letter_pdf(request, reference, pk):
    case, letter = _readable_letter_or_404(request, reference, pk)
    purpose = door.case_purpose(request, case)  # asked before the PDF is made and stored
    stored = pdf.store_pdf(letter)
    door.log_with_purpose(
        request, kind=ObjectKind.DOCUMENT, obj=stored, case=case, person=letter.person, purpose=purpose
    )
    response = HttpResponse(bytes(stored.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}-letter-{letter.pk}.pdf")
    return response


@require_GET
def letter_attachment(request, reference, pk, attachment_id):
    case, letter = _readable_letter_or_404(request, reference, pk)
    attachment = ResponseAttachment.objects.filter(pk=attachment_id, response__correspondence=letter).first()
    if attachment is None:
        raise Http404("No such attachment")
    door.consult_case(request, case, document=attachment, person=letter.person)
    # Sent as a download, never displayed inline: the file came from outside the force.
    response = HttpResponse(
        bytes(attachment.content), content_type=attachment.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Decisions on a letter --------------------------------------------------------------------------
@require_POST
def letter_approve(request, reference, pk):
    case, letter = permissions.letter_on_case_or_404(request.user, reference, pk)
    permissions.require(permissions.is_approver(request.user))
    try:
        outbox.approve(correspondence=letter, actor=request.user)
    except outbox.OutboxRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{letter.get_kind_display()} to {letter.recipient_name} approved and queued.")
    return redirect("letter-detail", reference=case.reference, pk=letter.pk)


@require_http_methods(["GET", "POST"])
def letter_cancel(request, reference, pk):
    case, letter = permissions.letter_on_case_or_404(request.user, reference, pk)
    permissions.require(permissions.may_cancel(request.user, case))
    door.consult_change_form(request, case, document=letter, person=letter.person)
    form = CancelLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outbox.cancel(correspondence=letter, actor=request.user, reason=form.cleaned_data["reason"])
        except outbox.OutboxRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{letter.get_kind_display()} to {letter.recipient_name} cancelled.")
            return redirect("letter-detail", reference=case.reference, pk=letter.pk)
    return render(request, "notifications/letter_cancel.html", {"case": case, "letter": letter, "form": form})


@require_POST
def letter_retry(request, reference, pk):
    case, letter = permissions.letter_on_case_or_404(request.user, reference, pk)
    permissions.require(permissions.may_retry(request.user, case))
    _retry(request, letter)
    return redirect("letter-detail", reference=case.reference, pk=letter.pk)


def _retry(request, letter):
    try:
        outbox.retry(correspondence=letter, actor=request.user)
    except outbox.OutboxRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{letter.get_kind_display()} to {letter.recipient_name} queued to be sent again.")


# Letters needing a decision: failed, bounced, delivery uncertain ---------------------------------
@require_GET
def failed_list(request):
    permissions.require(permissions.can_view_failed_queue(request.user))
    letters = permissions.failed_letters_for(request.user).select_related("case").order_by("-created_at", "-id")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/failed_list.html", {"page": page, "uncertain": Status.UNCERTAIN})


@require_POST
def failed_confirm_sent(request, pk):
    """An uncertain letter the relay's log shows accepted: recorded sent, with the reference."""
    return _decide(request, pk, ConfirmSentForm, uncertain.confirm_sent, "recorded as sent")


@require_POST
def failed_resend(request, pk):
    """An uncertain letter the relay has no trace of: a new attempt, with who and why."""
    return _decide(request, pk, ResendForm, uncertain.resend, "queued to be sent again")


def _decide(request, pk, form_class, service, done):
    """One decision on a letter in the queue: the form's one field goes to the service as is."""
    letter = permissions.failed_letter_or_404(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    else:
        try:
            service(correspondence=letter, actor=request.user, **form.cleaned_data)
        except outbox.OutboxRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, f"{letter.get_kind_display()} to {letter.recipient_name} {done}.")
    return redirect("letter-failed-list")


@require_POST
def failed_retry(request, pk):
    letter = permissions.failed_letter_or_404(request.user, pk)
    _retry(request, letter)
    return redirect("letter-failed-list")
