"""Asking why a user opens a record that is not their assignment (s.62 justification)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from casework import audit


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=audit.PURPOSES,
        widget=forms.RadioSelect,
        label="Why are you opening this record?",
        error_messages={"required": "Choose why you are opening this record"},
    )
    other = forms.CharField(
        label="Describe the purpose", required=False, max_length=250, help_text="Required if you chose another purpose."
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == "other" and not data.get("other", "").strip():
            self.add_error("other", "Describe the purpose")
        return data

    def purpose_text(self):
        if self.cleaned_data["purpose"] == "other":
            return f"Other: {self.cleaned_data['other'].strip()}"
        return dict(audit.PURPOSES)[self.cleaned_data["purpose"]]


@require_http_methods(["GET", "POST"])
def consultation_purpose(request):
    key, next_url = request.GET.get("key", ""), request.GET.get("next", "")
    kind = key.split(":")[0]
    if kind not in audit.ObjectKind.values or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        raise Http404
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audit.state_purpose(request, key, form.purpose_text())
        return redirect(next_url)
    return render(request, "casework/purpose.html", {"form": form, "label": request.GET.get("label", "")[:200]})
