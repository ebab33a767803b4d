"""Letter templates for administrators: the list, the editor with its preview, and every
earlier version's text. Saving never changes a version: it adds the next one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from casework import door
from casework.models import ObjectKind
from notifications import letters, permissions, template_engine
from notifications.forms.templates import PREVIEW, SAVE, TemplateForm
from notifications.kinds import KINDS
from notifications.models import LetterKind, LetterTemplate

VERSIONS_PER_PAGE = 20


def _kind_or_404(request, kind):
    permissions.require(permissions.can_manage_templates(request.user))
    if kind not in LetterKind.values:
        raise Http404("No such kind of letter")
    return KINDS[kind]


@require_GET
def template_list(request):
    permissions.require(permissions.can_manage_templates(request.user))
    current = {t.kind: t for t in LetterTemplate.objects.current().select_related("created_by")}
    rows = [{"spec": KINDS[kind], "current": current.get(kind)} for kind in LetterKind.values]
    return render(request, "notifications/template_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def template_edit(request, kind):
    spec = _kind_or_404(request, kind)
    current = LetterTemplate.objects.filter(kind=kind).order_by("-version").select_related("created_by").first()
    action = SAVE if request.POST.get("action") == SAVE else PREVIEW
    initial = {"subject": current.subject, "body": current.body} if current else {}
    form = TemplateForm(request.POST or None, kind=kind, user=request.user, action=action, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action == SAVE:
            try:
                saved = letters.save_new_version(
                    kind=kind,
                    subject=data["subject"],
                    body=data["body"],
                    change_note=data["change_note"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Version {saved.version} of “{spec.label}” saved.")
                return redirect("letter-template-edit", kind=kind)
        else:
            preview = _preview(request, spec, form)
    versions = LetterTemplate.objects.filter(kind=kind).select_related("created_by").order_by("-version")
    return render(
        request,
        "notifications/template_edit.html",
        {
            "spec": spec,
            "form": form,
            "current": current,
            "preview": preview,
            "allowed_filters": template_engine.ALLOWED_FILTERS,
            "versions": Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page")),
        },
    )


def _preview(request, spec, form):
    """(subject, body, what it was rendered against). A real case is a consultation of it (s.62)."""
    case = form.case
    if case is not None:
        purpose = f"Previewing the “{spec.label}” letter template against this case"
        door.log_with_purpose(request, kind=ObjectKind.CASE, obj=case, case=case, purpose=purpose)
    context = letters.preview_context(spec.kind, user=request.user, case=case)
    subject, body = letters.preview(spec.kind, form.cleaned_data["subject"], form.cleaned_data["body"], context)
    return {"subject": subject, "body": body, "case": case}


@require_GET
def template_version(request, kind, version):
    spec = _kind_or_404(request, kind)
    template = LetterTemplate.objects.filter(kind=kind, version=version).select_related("created_by").first()
    if template is None:
        raise Http404("No such version")
    latest = LetterTemplate.objects.filter(kind=kind).order_by("-version").values_list("version", flat=True).first()
    return render(
        request,
        "notifications/template_version.html",
        {"spec": spec, "template": template, "is_current": template.version == latest},
    )
