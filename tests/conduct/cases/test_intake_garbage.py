"""Property-based garbage for the intake wizard: any details, numbers, allegations or stored
session state gives a page or a redirect, never a 500, and records a case only when every step is valid."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casework.models import Case
from conduct.models import (
    Allegation,
)
from tests.conduct.cases.helpers import (
    INTAKE,
    _as_lists,
    _set_intake,
    _valid_allegations,
    details_data,
    prefix,
)

pytestmark = pytest.mark.django_db

GARBAGE_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,  # keep the working tree clean; a failure prints its example
)


garbage = st.text(max_size=40)  # any unicode, NUL and control characters included


def _maybe(valid):
    """Mostly the valid value (so some posts are valid as a whole), otherwise arbitrary text."""
    return st.integers(0, 4).flatmap(lambda pick: st.just(valid) if pick else garbage)


def _mutated(draw, valid: dict):
    """Each field of a valid step kept, replaced by garbage, or left out."""
    result = {}
    for key, value in valid.items():
        choice = draw(st.sampled_from(["keep", "keep", "keep", "keep", "garbage", "drop"]))
        if choice == "keep":
            result[key] = value
        elif choice == "garbage":
            result[key] = draw(st.lists(garbage, min_size=1, max_size=3))
    return result


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_details_step_never_gives_a_500(data, ivy, personas, team):
    from conduct.cases.forms import CaseDetailsForm, RouteForm

    def step_valid(post):  # the step is the case's details and its route, together
        return CaseDetailsForm(post, user=personas.investigator).is_valid() and RouteForm(post).is_valid()

    _set_intake(ivy, None)
    valid = details_data(team)
    post = {key: data.draw(_maybe(value), label=key) for key, value in valid.items()}
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new"), post)
    event(f"status {response.status_code}")
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] == reverse("case-new-subjects")
        assert step_valid(post)
        assert ivy.session[INTAKE]["details"] == _as_lists(post)
    else:
        assert not step_valid(post)
        assert "details" not in ivy.session.get(INTAKE, {})
    assert Case.objects.count() == before


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_subjects_step_never_gives_a_500(data, ivy, team, register):
    _set_intake(ivy, {"details": _as_lists(details_data(team))})
    lines = data.draw(
        st.lists(
            st.integers(0, 3).flatmap(
                lambda pick: st.sampled_from(["1001", "1002", "met 2002", "HOME 1001", "9999"]) if pick else garbage
            ),
            max_size=5,
        )
    )
    separator = data.draw(st.sampled_from(["\n", "\r\n", "\n\n", " ", ","]))
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-subjects"), {"numbers": separator.join(lines)})
    event(f"status {response.status_code}")
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] == reverse("case-new-allegations")
        assert ivy.session[INTAKE]["subjects"] == {"numbers": [separator.join(lines)]}
    else:
        assert response.context["form"].errors
        assert "subjects" not in ivy.session[INTAKE]
    assert Case.objects.count() == before


@st.composite
def intake_states(draw, team, register):
    """A session as the wizard could have left it, with any step missing, tampered with or stale."""
    state = {}
    details = draw(st.sampled_from(["valid", "valid", "mutated", "missing"]))
    if details != "missing":
        valid = _as_lists(details_data(team))
        state["details"] = valid if details == "valid" else _mutated(draw, valid)
    subjects = draw(st.sampled_from(["valid", "valid", "garbage", "missing"]))
    if subjects == "valid":
        state["subjects"] = {"numbers": ["1001\nmet 2002"]}
    elif subjects == "garbage":
        state["subjects"] = {"numbers": draw(st.lists(garbage, max_size=2))}
    allegations = draw(st.sampled_from(["valid", "valid", "mutated", "missing"]))
    if allegations != "missing":
        valid = _valid_allegations(register)
        state["allegations"] = valid if allegations == "valid" else _mutated(draw, valid)
    return state


@GARBAGE_SETTINGS
@given(data=st.data())
def test_garbage_in_the_allegations_step_never_gives_a_500(data, ivy, team, register):
    state = data.draw(intake_states(team, register), label="session")
    _set_intake(ivy, state)
    post = _mutated(data.draw, _valid_allegations(register))
    stray = [
        f"{prefix(register['first'])}-description",
        f"{prefix(register['second'])}-categories",  # Ben is not a subject of this intake
        "s0-description",  # the old positional prefix
        "x",
    ]
    post.update(data.draw(st.dictionaries(st.sampled_from(stray), garbage)))
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-allegations"), post)
    event(f"status {response.status_code} {response.get('Location', '')}")
    assert response.status_code in {200, 302}
    assert Case.objects.count() == before
    if response.status_code == 302 and response["Location"] == reverse("case-new-check"):
        assert ivy.session[INTAKE]["allegations"] == _as_lists(post)
    elif response.status_code == 200:
        assert response.context["errors"]


def _intake_is_valid(state, user):
    """Independent of the views: does every step of this session state validate?"""
    from django.utils.datastructures import MultiValueDict

    from conduct.cases.forms import AllegationForm, CaseDetailsForm, RouteForm, SubjectsForm

    if not {"details", "subjects", "allegations"} <= state.keys():
        return False
    subjects = SubjectsForm(MultiValueDict(state["subjects"]))
    details = MultiValueDict(state["details"])
    # The details step is the case's details and its route (the type of matter), together.
    if not (CaseDetailsForm(details, user=user).is_valid() and RouteForm(details).is_valid()):
        return False
    if not subjects.is_valid():
        return False
    allegations = MultiValueDict(state["allegations"])
    return all(
        AllegationForm(allegations, prefix=prefix(person)).is_valid() for person in subjects.cleaned_data["numbers"]
    )


@GARBAGE_SETTINGS
@given(data=st.data())
def test_the_check_step_records_a_case_only_when_every_step_is_valid(data, ivy, personas, team, register):
    state = data.draw(intake_states(team, register), label="session")
    _set_intake(ivy, state)
    expected = _intake_is_valid(state, personas.investigator)
    event(f"every step valid: {expected}")
    before = Case.objects.count()
    ivy.raise_request_exception = False
    response = ivy.post(reverse("case-new-check"))
    assert response.status_code == 302
    if expected:
        case = Case.objects.latest("id")
        assert Case.objects.count() == before + 1
        assert response["Location"] == reverse("case-detail", args=[case.reference])
        assert [s.person.number for s in case.subjects.all()] == ["1001", "2002"]
        assert Allegation.objects.filter(subject__case=case).count() == 2
        assert INTAKE not in ivy.session
    else:
        assert Case.objects.count() == before
        assert response["Location"] == reverse("case-new")
