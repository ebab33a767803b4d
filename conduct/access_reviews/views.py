"""Access-review pages: the list at /access-reviews/, a new exercise, its progress board at
/access-reviews/<id>/ with its CSV export, the import, exclusions, letters, each person's page
with their answer and the forms to match, exclude, set aside and assess them, and the decision.
Thin: permissions from conduct.permissions (404 for outsiders), changes through
conduct.access_reviews.services and conduct.access_reviews.importer."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import csv_export, door
from casework import permissions as casework_permissions
from casework.errors import add_to_form
from casework.models import ObjectKind
from casework.views.common import clean_param
from conduct.access_reviews import importer as access_import
from conduct.access_reviews import services as access_reviews
from conduct.access_reviews.forms import (
    AssessForm,
    DecideForm,
    ExcludeUnitsForm,
    ExerciseForm,
    ImportForm,
    MatchForm,
    ReasonForm,
)
from conduct.models import Accessor, ExerciseState
from conduct.permissions import (
    can_run_access_reviews,
    can_run_exercise,
    can_view_access_reviews,
    exercise_or_404,
    visible_exercises,
)

PAGE_SIZE = 50


def _posted(request):
    return request.POST if request.method == "POST" else None


def _log_view(request, exercise, *, kind=ObjectKind.DOCUMENT, person=None, what="progress board"):
    """s.62: reading an exercise (who opened what, and their answers) is logged with its purpose:
    running it for those who do, oversight or audit for the rest."""
    running = can_run_exercise(request.user, exercise)
    purpose = "Running" if running else "Oversight or audit of"
    door.log_with_purpose(
        request,
        kind=kind,
        obj=exercise,
        purpose=f"{purpose} access review “{exercise.name}” ({what})",
        case=exercise.case,
        person=person,
    )


# List and new -----------------------------------------------------------------------------
@require_GET
def exercise_list(request):
    if not can_view_access_reviews(request.user):
        raise Http404
    state = clean_param(request.GET, "state", 20)
    state = state if state in access_reviews.STATE_FILTERS else ""  # anything else: the whole list
    exercises = access_reviews.in_state(visible_exercises(request.user), state)
    exercises = exercises.select_related("owner", "team", "case").order_by("-created_at")
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conduct/access/list.html",
        {
            "page": page,
            "can_create": can_run_access_reviews(request.user),
            "state": state,
            "state_label": access_reviews.STATE_FILTERS.get(state, ""),
            "querystring": f"state={state}" if state else "",
        },
    )


@require_http_methods(["GET", "POST"])
def exercise_new(request):
    user = request.user
    if not can_run_access_reviews(user):
        raise Http404
    form = ExerciseForm(_posted(request), teams=casework_permissions.teams_for_new_cases(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case_reference"]:
            case = casework_permissions.visible_cases(user).filter(reference=data["case_reference"].strip()).first()
            if case is None:
                form.add_error("case_reference", "No case you can see has this reference")
        if not form.errors:
            exercise = _create(request, form, data, case)
            if exercise is not None:
                return redirect(exercise)
    return render(request, "conduct/access/new.html", {"form": form})


def _create(request, form, data, case):
    inputs = access_reviews.ExerciseInput(
        name=data["name"],
        team=data["team"],
        record_reference=data["record_reference"],
        record_system=data["record_system"],
        case=case,
    )
    try:
        exercise = access_reviews.create_exercise(user=request.user, data=inputs)
    except access_reviews.AccessReviewRefused as refusal:
        add_to_form(form, refusal)
        return None
    if case is not None:
        report = access_import.build_from_consultations(exercise)
        messages.success(request, f"Exercise created: {report.accessors} people opened {case.reference}.")
    else:
        messages.success(request, "Exercise created. Import the access log next.")
    return exercise


# The progress board -------------------------------------------------------------------------
@require_GET
def exercise_detail(request, pk):
    exercise = exercise_or_404(request.user, pk)
    counts = access_reviews.board_counts(exercise)
    group = clean_param(request.GET, "group", 20)
    groups = dict(access_reviews.BOARD_GROUPS)
    group = group if group in groups else _first_group(counts)
    people = Paginator(access_reviews.board_group(exercise, group), PAGE_SIZE).get_page(request.GET.get("page"))
    _log_view(request, exercise)
    can_run = can_run_exercise(request.user, exercise)
    return render(
        request,
        "conduct/access/detail.html",
        {
            "exercise": exercise,
            "counts": counts,
            "groups": [(key, label, counts[key]) for key, label in access_reviews.BOARD_GROUPS],
            "group": group,
            "group_label": groups[group],
            "querystring": f"group={group}",
            "people": people,
            "can_run": can_run and not exercise.is_decided,
            "to_write": counts["not_written"],
            "outstanding": counts["total"] - counts["excluded"] - counts["set_aside"] - _assessed(counts),
        },
    )


def _assessed(counts):
    return counts["legitimate"] + counts["not_legitimate"] + counts["interview"]


# The work waiting first (answers to assess, then letters to write), then the first group with
# anybody in it.
WORK_FIRST = ("responded", "not_written")


def _first_group(counts):
    """The group the board opens on."""
    for key in WORK_FIRST:
        if counts[key]:
            return key
    return next((key for key, _ in access_reviews.BOARD_GROUPS if counts[key]), "not_written")


@require_GET
def exercise_export(request, pk):
    """Everyone in the exercise and where they stand, as CSV (logged as an export)."""
    exercise = exercise_or_404(request.user, pk)
    _log_view(request, exercise, kind=ObjectKind.EXPORT, what="CSV export")
    statuses = dict(access_reviews.BOARD_GROUPS)
    rows = access_reviews.with_answered(exercise.accessors.all()).select_related(
        "person__force", "deadline", "conduct_case"
    )
    now = timezone.now()
    lines = (
        _export_row(accessor, statuses[access_reviews.status_of(accessor, now)])
        for accessor in rows.iterator(chunk_size=2000)
    )
    return csv_export.whole(f"access-review-{exercise.pk}.csv", lines, header=EXPORT_HEADER)


EXPORT_HEADER = [
    "source user id",
    "name",
    "person number",
    "matched",
    "first access",
    "last access",
    "accesses",
    "status",
    "response due",
    "assessment",
    "case opened",
]


def _export_row(accessor, status):
    local = timezone.localtime
    return [
        accessor.source_user_id,
        accessor.name,
        accessor.person.number if accessor.person_id else accessor.person_number,
        accessor.get_match_method_display() if accessor.person_id else "not matched",
        f"{local(accessor.first_access_at):%Y-%m-%d %H:%M}",
        f"{local(accessor.last_access_at):%Y-%m-%d %H:%M}",
        accessor.access_count,
        status,
        f"{accessor.deadline.due_on:%Y-%m-%d}" if accessor.deadline_id else "",
        accessor.get_assessment_display() if accessor.assessment else "",
        accessor.conduct_case.reference if accessor.conduct_case_id else "",
    ]


# Changes to the exercise ------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def exercise_import(request, pk):
    exercise = exercise_or_404(request.user, pk, for_change=True)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    bad_lines, more = [], 0
    if request.method == "POST" and form.is_valid():
        try:
            report = access_import.import_file(exercise, form.cleaned_data["log"])
        except access_import.ImportInvalid as invalid:
            bad_lines, more = invalid.errors, invalid.more
            form.add_error("log", f"Nothing was imported: {len(bad_lines) + more} bad line(s), listed below.")
        else:
            messages.success(
                request,
                f"{report.rows} rows read: {report.added} new accesses ({report.duplicates} already imported). "
                f"{report.accessors} people in the exercise, {report.unmatched} not matched to the register.",
            )
            return redirect(exercise)
    return render(
        request,
        "conduct/access/import.html",
        {"exercise": exercise, "form": form, "bad_lines": bad_lines, "more": more},
    )


@require_http_methods(["GET", "POST"])
def exclude_units(request, pk):
    exercise = exercise_or_404(request.user, pk, for_change=True)
    form = ExcludeUnitsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count = access_reviews.exclude_units(
                user=request.user,
                exercise=exercise,
                units=form.cleaned_data["units"],
                reason=form.cleaned_data["reason"],
            )
        except access_reviews.AccessReviewRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{count} {'person' if count == 1 else 'people'} excluded by role.")
            return redirect(exercise)
    return render(request, "conduct/access/exclude.html", {"exercise": exercise, "form": form})


@require_POST
def send_letters(request, pk):
    exercise = exercise_or_404(request.user, pk, for_change=True)
    try:
        count = access_reviews.send_letters(user=request.user, exercise=exercise)
    except access_reviews.AccessReviewRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{count} letter{'' if count == 1 else 's'} sent.")
    return redirect(exercise)


@require_http_methods(["GET", "POST"])
def decide(request, pk):
    exercise = exercise_or_404(request.user, pk, for_change=True)
    if exercise.state == ExerciseState.DECIDED:
        messages.info(request, "The exercise has already been decided.")
        return redirect(exercise)
    form = DecideForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            access_reviews.decide(user=request.user, exercise=exercise, **form.cleaned_data)
        except access_reviews.AccessReviewRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(exercise)
    waiting = access_reviews.outstanding(exercise).count()
    return render(request, "conduct/access/decide.html", {"exercise": exercise, "form": form, "waiting": waiting})


# One person ------------------------------------------------------------------------------------
def _accessor(request, pk, accessor_id):
    exercise = exercise_or_404(request.user, pk, for_change=True)
    accessor = get_object_or_404(
        Accessor.objects.select_related(
            "person__unit", "person__force", "letter", "deadline", "conduct_case", "excluded_by", "set_aside_by"
        ),
        exercise=exercise,
        pk=accessor_id,
    )
    accessor.exercise = exercise
    return exercise, accessor


@require_GET
def accessor_detail(request, pk, accessor_id):
    exercise, accessor = _accessor(request, pk, accessor_id)
    return _accessor_page(request, exercise, accessor)


def _accessor_page(request, exercise, accessor, **forms):
    """The person's page: their accesses, letter, answer and the forms (each posts to its own
    address; a refused one comes back here with its errors)."""
    _log_view(
        request,
        exercise,
        kind=ObjectKind.PERSON if accessor.person_id else ObjectKind.DOCUMENT,
        person=accessor.person,
        what=f"answer of {accessor.name}",
    )
    context = {
        "exercise": exercise,
        "accessor": accessor,
        "response": access_reviews.response_for(accessor),
        "status": dict(access_reviews.BOARD_GROUPS)[access_reviews.status_of(accessor)],
        "open": not exercise.is_decided,
        "assess_form": forms.get("assess_form") or AssessForm(),
        "set_aside_form": forms.get("set_aside_form") or ReasonForm(prefix="aside"),
        "exclude_form": forms.get("exclude_form") or ReasonForm(prefix="exclude"),
        "match_form": forms.get("match_form") or MatchForm(),
        "failed_form": next(iter(forms.values()), None),
    }
    return render(request, "conduct/access/accessor.html", context, status=400 if forms else 200)


def _act(request, pk, accessor_id, *, form_name, form, act, done):
    exercise, accessor = _accessor(request, pk, accessor_id)
    if form.is_valid():
        try:
            act(exercise, accessor, form.cleaned_data)
        except access_reviews.AccessReviewRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, done)
            return redirect("access-review-person", pk=exercise.pk, accessor_id=accessor.pk)
    return _accessor_page(request, exercise, accessor, **{form_name: form})


@require_POST
def assess(request, pk, accessor_id):
    def act(exercise, accessor, data):
        assessed = access_reviews.assess(user=request.user, accessor=accessor, **data)
        if assessed.conduct_case_id:
            case = assessed.conduct_case
            link = format_html(
                '<a class="govuk-notification-banner__link" href="{}">{}</a>', case.get_absolute_url(), case.reference
            )
            messages.info(request, format_html("Conduct case {} opened.", link))

    form = AssessForm(request.POST)
    if form.is_valid() and form.opens_a_case and request.POST.get("confirmed") != "yes":
        # Opening a conduct case against a colleague is asked again, on its own page.
        exercise, accessor = _accessor(request, pk, accessor_id)
        context = {"exercise": exercise, "accessor": accessor, "form": form}
        return render(request, "conduct/access/confirm_case.html", context)
    return _act(request, pk, accessor_id, form_name="assess_form", form=form, act=act, done="Assessment recorded.")


@require_POST
def set_aside(request, pk, accessor_id):
    def act(exercise, accessor, data):
        access_reviews.set_aside(user=request.user, accessor=accessor, reason=data["reason"])

    form = ReasonForm(request.POST, prefix="aside")
    return _act(request, pk, accessor_id, form_name="set_aside_form", form=form, act=act, done="Set aside.")


@require_POST
def exclude(request, pk, accessor_id):
    def act(exercise, accessor, data):
        access_reviews.exclude(user=request.user, accessor=accessor, reason=data["reason"])

    form = ReasonForm(request.POST, prefix="exclude")
    return _act(request, pk, accessor_id, form_name="exclude_form", form=form, act=act, done="Excluded by role.")


@require_POST
def match(request, pk, accessor_id):
    def act(exercise, accessor, data):
        access_reviews.match(user=request.user, accessor=accessor, person=data["person"])

    form = MatchForm(request.POST)
    return _act(request, pk, accessor_id, form_name="match_form", form=form, act=act, done="Matched to the register.")
