"""Early-warning flags: the list at /flags/, one flag with the forms to acknowledge it or act on
it (open a case, set monitoring), and monitoring set from a person's page. Thin: permissions
from conduct.permissions (404 for outsiders), workflows in conduct.early_warning."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import door
from casework import permissions as casework_permissions
from casework.errors import add_to_form
from casework.models import Case, Person
from casework.views.common import clean_param, parse_id
from conduct import permissions as conduct_permissions
from conduct.models import FlagRule, FlagState
from conduct.oversight import early_warning, peers
from conduct.oversight.forms import AcknowledgeForm, FalsePositiveForm, MonitorForm, MonitoringForm, OpenCaseForm

PAGE_SIZE = 25


def _require_flags(user):
    if not conduct_permissions.can_view_flags(user):
        raise Http404


@require_GET
def flag_list(request):
    _require_flags(request.user)
    state = clean_param(request.GET, "state", 20)
    state = state if state in FlagState.values else FlagState.OPEN
    rule = clean_param(request.GET, "rule", 60)
    flags = (
        early_warning.visible_flags(request.user)
        .filter(state=state)
        .select_related("person__force", "rule", "resolved_by")
    )
    if rule:
        flags = flags.filter(rule__code=rule)
    person_id = parse_id(clean_param(request.GET, "person", 20))
    if person_id is not None:  # from the dashboard's list of people with open flags
        flags = flags.filter(person_id=person_id)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "conduct/flags/list.html",
        {
            "page": Paginator(flags.order_by("-raised_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page")),
            "state": state,
            "states": FlagState.choices,
            "rule": rule,
            "person_id": person_id,
            "rules": FlagRule.objects.all(),
            "results": early_warning.rule_results(request.user),  # each rule judged by its results
            "querystring": query.urlencode(),
        },
    )


FORMS = {
    "acknowledge": AcknowledgeForm,
    "false_positive": FalsePositiveForm,
    "monitor": MonitorForm,
    "open_case": OpenCaseForm,
}


def _forms(request, user, posted: str):
    """The forms the user may use, the posted one bound to the answers."""
    allowed = ["acknowledge", "false_positive", "monitor"] + (
        ["open_case"] if conduct_permissions.can_open_case_from_flag(user) else []
    )
    forms = {}
    for name in allowed:
        kwargs = {"prefix": name}
        if name == "open_case":
            kwargs["teams"] = casework_permissions.teams_for_new_cases(user)
        forms[name] = FORMS[name](request.POST if name == posted else None, **kwargs)
    return forms


def _act(user, flag, name, data):
    if name == "acknowledge":
        return early_warning.acknowledge(user=user, flag=flag, reason=data["reason"])
    if name == "false_positive":
        return early_warning.mark_false_positive(user=user, flag=flag, reason=data["reason"])
    if name == "monitor":
        return early_warning.act_by_monitoring(user=user, flag=flag, reason=data["reason"], ends_on=data["ends_on"])
    return early_warning.act_by_opening_case(user=user, flag=flag, reason=data["reason"], team=data["team"])


@require_http_methods(["GET", "POST"])
def flag_detail(request, pk):
    user = request.user
    _require_flags(user)
    flag = get_object_or_404(
        early_warning.visible_flags(user).select_related("person__force", "rule", "resolved_by", "action_case"), pk=pk
    )
    door.consult_person(request, flag.person)
    posted = clean_param(request.POST, "do", 20) if request.method == "POST" else ""
    forms = _forms(request, user, posted)
    if request.method == "POST":
        form = forms.get(posted)
        if form is None:
            raise Http404  # an action the user may not take
        if form.is_valid():
            try:
                _act(user, flag, posted, form.cleaned_data)
            except early_warning.FlagRefused as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, f"Flag on {flag.person.full_name}: {posted.replace('_', ' ')} recorded.")
                return redirect("flag-detail", pk=flag.pk)
    cases = list(early_warning.evidence_cases(flag, user))
    return render(
        request,
        "conduct/flags/detail.html",
        {
            "flag": flag,
            "forms": forms if flag.state == FlagState.OPEN else {},
            "error_form": forms.get(posted),
            "cases": cases,
            "hidden_count": casework_permissions.hidden_case_count(
                user, Case.objects.filter(pk__in=flag.evidence.get("cases", []))
            ),
            "peers": peers.compare(flag.person, timezone.localdate()),
            "other_flags": early_warning.visible_flags(user)
            .filter(person=flag.person)
            .exclude(pk=flag.pk)
            .select_related("rule")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
def person_monitoring(request, pk):
    user = request.user
    person = door.open_person(
        request, pk, may_see=conduct_permissions.can_view_flags, people=Person.objects.select_related("force")
    )
    form = MonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            early_warning.set_monitoring(user=user, person=person, **form.cleaned_data)
        except early_warning.FlagRefused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, f"{person.full_name} is marked for monitoring.")
            return redirect(person)
    return render(
        request,
        "conduct/flags/monitoring.html",
        {"person": person, "form": form, "monitoring": person.monitoring.select_related("set_by")[:20]},
    )


def person_flags(person, user, **_):
    """For the person page: their flags (decision-makers only) and current monitoring."""
    if not conduct_permissions.can_view_flags(user):
        return None
    return {
        "flags": list(
            early_warning.visible_flags(user)
            .filter(person=person)
            .select_related("rule")
            .order_by("state", "-raised_at")[:20]
        ),
        "monitoring": list(person.monitoring.current()),
    }
