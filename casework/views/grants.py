"""Sharing a case with named users (per-case grants), and stopping it. Every grant and
revocation is logged (GrantEvent) and on the case timeline."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework import door, permissions, services
from casework.errors import add_to_form
from casework.forms.base import Form
from casework.models import GrantEvent, User


class GrantForm(Form):
    grantee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Share with",
        error_messages={
            "required": "Choose who to share the case with",
            "invalid_choice": "A case can be shared only with an active investigator, appropriate authority or "
            "head of PSD",
        },
    )
    can_change = forms.BooleanField(label="They may also change the case", required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        error_messages={"required": "Give the reason for sharing this case"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=[r.label for r in permissions.SHARE_ROLES])
            .distinct()
            .order_by("last_name", "username")
        )
        self.fields["grantee"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.username})"


class RevokeForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for stopping sharing",
        error_messages={"required": "Give the reason for stopping sharing this case"},
    )


def _case_for_access(request, reference):
    case = permissions.get_case_or_404(request.user, reference)
    if not permissions.can_manage_access(request.user, case):
        raise Http404
    return case


@require_http_methods(["GET", "POST"])
def case_access(request, reference):
    case = _case_for_access(request, reference)
    door.consult_change_form(request, case)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_case_access(user=request.user, case=case, **form.cleaned_data)
        except services.AccessRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{case.reference} shared with {form.cleaned_data['grantee'].username}.")
            return redirect("case-access", reference=case.reference)
    return render(
        request,
        "casework/case_access.html",
        {
            "case": case,
            "form": form,
            "grants": services.current_grants(case),
            "revoke_form": RevokeForm(),
            "history": GrantEvent.objects.filter(case=case).select_related("grantee", "by")[:100],
        },
    )


@require_POST
def revoke_access(request, reference, user_id):
    case = _case_for_access(request, reference)
    grantee = get_object_or_404(User, pk=user_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.revoke_case_access(user=request.user, case=case, grantee=grantee, reason=form.cleaned_data["reason"])
        messages.success(request, f"{case.reference} is no longer shared with {grantee.username}.")
    else:
        messages.error(request, "Give the reason for stopping sharing this case.")
    return redirect("case-access", reference=case.reference)
