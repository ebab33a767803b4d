"""Writing a request for information to an officer on a case: fill in, preview, send."""

from django.contrib import messages
from django.shortcuts import redirect, render

from casework import door
from casework import permissions as casework_permissions
from casework.models import CaseSubject
from notifications import outbox
from notifications.forms.compose import InformationRequestForm
from notifications.models import LetterKind


def _request_extra(form):
    return {
        "request_text": form.cleaned_data["request_text"],
        "response_due_on": form.cleaned_data["response_due_on"],
    }


def write_request(request, reference):
    case = casework_permissions.get_case_or_404(request.user, reference, for_change=True)
    door.consult_change_form(request, case)
    subjects = list(CaseSubject.objects.filter(case=case).select_related("person"))
    form = InformationRequestForm(request.POST or None, subjects=subjects)
    preview = None
    if request.method == "POST" and form.is_valid():
        person = form.chosen_subject.person
        letter = {"kind": LetterKind.INFORMATION_REQUEST, "case": case, "person": person, "sender": request.user}
        if "preview" in request.POST:
            subject, body = outbox.preview_to_person(**letter, extra=_request_extra(form))
            preview = {"subject": subject, "body": body, "to": person.email or "no email address: print and post"}
        else:
            written = outbox.write_to_person(
                **letter,
                idempotency_key=f"information-request:{case.pk}:{form.cleaned_data['nonce']}",
                extra=_request_extra(form),
            )
            messages.success(request, f"Request for information to {person.full_name} queued for sending.")
            return redirect("letter-detail", reference=case.reference, pk=written.pk)
    return render(request, "notifications/write_request.html", {"case": case, "form": form, "preview": preview})
