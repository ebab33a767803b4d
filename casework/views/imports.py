"""HR import of people from CSV (administrators only): upload, preview, confirm."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from casework import people_import as service
from casework.forms.imports import PeopleImportForm
from casework.models import ImportStatus, PeopleImport
from casework.permissions import can_import_people


def _importer_only(request):
    # Outsiders get 404, not 403 (DESIGN.md).
    if not can_import_people(request.user):
        raise Http404


def _import_or_404(request, pk) -> PeopleImport:
    _importer_only(request)
    # Every administrator may see every import.
    return get_object_or_404(PeopleImport.objects.select_related("uploaded_by"), pk=pk)


def upload(request):
    _importer_only(request)
    form = PeopleImportForm()
    if request.method == "POST":
        form = PeopleImportForm(request.POST, request.FILES)
        if form.is_valid():
            people_import = service.preview_import(
                filename=form.cleaned_data["file"].name,
                content=form.cleaned_data["content"],
                user=request.user,
            )
            return redirect("people-import-preview", pk=people_import.pk)
    context = {
        "form": form,
        "column_guide": service.COLUMN_GUIDE,
        "required_columns": service.REQUIRED_COLUMNS,
        "optional_columns": service.OPTIONAL_COLUMNS,
        "max_mb": service.MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "casework/people_import_upload.html", context)


def preview(request, pk):
    people_import = _import_or_404(request, pk)
    rejection = None
    if request.method == "POST":
        try:
            counts = service.apply_import(people_import, user=request.user)
        except service.ImportRejected as rejected:
            rejection = rejected
        else:
            messages.success(request, _applied_message(counts))
            return redirect("person-list")
    return render(request, "casework/people_import_preview.html", _preview_context(people_import, rejection))


def _preview_context(people_import, rejection):
    summary = people_import.summary
    changes = summary.get("changes", [])
    return {
        "people_import": people_import,
        "summary": summary,
        "changes": changes,
        "unlisted_changes": summary.get("created", 0) + summary.get("updated", 0) - len(changes),
        "errors": rejection.errors if rejection and rejection.errors else people_import.errors,
        "rejection": rejection,
        "can_apply": people_import.status == ImportStatus.PREVIEWED and rejection is None,
        "earlier": service.identical_applied_import(people_import),
    }


def _applied_message(counts):
    return (
        f"Import applied: {counts['created']} people added, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )
