"""Letter templates: the kinds' documented contexts, the sandbox (what a template may not
reach and the messages that say so), versioning, rendering and the default wording."""

import importlib
from datetime import date

import pgtrigger
import pytest
from django.conf import settings as settings_module
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from casework.roles import Role
from notifications import kinds, letters
from notifications.kinds import KINDS, RESPONSE_URL_PLACEHOLDER
from notifications.models import LetterKind, LetterTemplate
from tests.factories import ForceFactory, PersonFactory, TeamFactory, UserFactory, make_case

DEFAULTS = importlib.import_module("notifications.migrations.0003_default_letter_templates").DEFAULTS
# Access reviews (notifications 0005): the first wording of its new kinds, and the current
# wording of every kind it gave a new version.
ACCESS_TEMPLATES = importlib.import_module("notifications.migrations.0005_access_review_letters").TEMPLATES
# The complainant's letters (notifications 0010).
COMPLAINANT_TEMPLATES = importlib.import_module("notifications.migrations.0010_complainant_letters").TEMPLATES
# The reports on investigations past 12 months (notifications 0012).
PROGRESS_REPORT_TEMPLATES = importlib.import_module("notifications.migrations.0012_progress_report_letters").TEMPLATES
# Meetings and hearings (0012): the notice of proceedings is new; its outcome letter is a second version.
PROCEEDINGS_TEMPLATES = importlib.import_module("notifications.migrations.0012_proceedings_letters").TEMPLATES
# The appellant's letters (notifications 0012).
APPEAL_TEMPLATES = importlib.import_module("notifications.migrations.0012_appeal_letters").TEMPLATES
# The report to the College of Policing for its Barred or Advisory List (notifications 0016).
LIST_TEMPLATES = importlib.import_module("notifications.migrations.0016_lists_report_letter").TEMPLATES
# The vetting route's letters (notifications 0016).
VETTING_TEMPLATES = importlib.import_module("notifications.migrations.0016_vetting_letters").TEMPLATES
FIRST_VERSIONS = (
    DEFAULTS
    | {kind: text for kind, text in ACCESS_TEMPLATES.items() if kind not in DEFAULTS}
    | COMPLAINANT_TEMPLATES
    | PROGRESS_REPORT_TEMPLATES
    | {"proceedings_notice": PROCEEDINGS_TEMPLATES["proceedings_notice"]}
    | APPEAL_TEMPLATES
    | LIST_TEMPLATES
    | VETTING_TEMPLATES
)
# Letters about an unanswered request of an exercise that may have no case: no case reference.
CASE_LESS_KINDS = {"access_justification", "response_chaser", "line_manager_escalation"}


def _messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict.get(field, []))


# The kinds -----------------------------------------------------------------------------------
def test_every_kind_of_letter_has_a_documented_context():
    assert set(KINDS) == set(LetterKind.values)
    for kind, spec in KINDS.items():
        assert spec.kind == kind
        for name in kinds.COMMON_VARIABLES:
            assert name in spec.variables, (kind, name)
        assert all(text for text in spec.variables.values())


def test_approval_and_responses_are_as_the_issue_says():
    approval = {k for k, s in KINDS.items() if s.needs_approval}
    assert approval == {
        "suspension_notice",
        "suspension_review",
        "restriction_notice",
        "outcome_letter",
        "complaint_outcome",
    }
    responding = {k for k, s in KINDS.items() if s.offers_response}
    assert responding == {
        "reg17_notice",
        "suspension_notice",
        "restriction_notice",
        "referral_notice",
        "information_request",
        "access_justification",
        "complaint_outcome",  # the complainant's application for a review
    }
    for kind in responding:
        assert {"response_due_on", "response_url"} <= set(KINDS[kind].variables)
    assert KINDS["reg17_notice"].response_clock == "reg17_written_statement"
    assert KINDS["referral_notice"].response_clock == "reg31_response"
    assert {KINDS[k].audience for k in ("deadline_reminder", "response_received")} == {"staff"}


@pytest.mark.parametrize("kind", LetterKind.values)
def test_each_sample_holds_exactly_the_declared_variables(kind):
    spec = KINDS[kind]
    assert letters.restrict_context(kind, spec.sample) == dict(spec.sample)  # nothing undeclared
    for name in spec.variables:
        if "[]" not in name:
            assert letters._has_path(dict(spec.sample), name), f"{kind}: sample lacks {name}"


def test_docs_list_every_kind_and_variable():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "letters.md").read_text()
    for kind, spec in KINDS.items():
        assert f"### `{kind}`" in docs
        for name in spec.variables:
            assert f"`{name}`" in docs, name


def test_kind_specs_cannot_be_changed_at_run_time():
    spec = KINDS["reg17_notice"]
    with pytest.raises(AttributeError):
        spec.needs_approval = True
    with pytest.raises(TypeError):
        spec.variables["settings.SECRET_KEY"] = "no"


# The sandbox ---------------------------------------------------------------------------------
SANDBOX = [
    ("{{ settings.SECRET_KEY }}", "cannot reach settings, secrets"),
    ("{{ person.__class__ }}", "beginning with an underscore"),
    ("{{ person.__class__.__init__.__globals__ }}", "beginning with an underscore"),
    ("{% load static %}", "the tag {% load %} is not allowed"),
    ('{% include "base.html" %}', "the tag {% include %} is not allowed"),
    ('{% extends "base.html" %}', "the tag {% extends %} is not allowed"),
    ("{% debug %}", "the tag {% debug %} is not allowed"),
    ("{% url 'home' %}", "the tag {% url %} is not allowed"),
    ("{% csrf_token %}", "the tag {% csrf_token %} is not allowed"),
    ("{% now 'Y' %}", "the tag {% now %} is not allowed"),
    ("{{ case.reference|safe }}", "the filter “safe” is not allowed"),
    ("{{ case.reference|escapejs }}", "the filter “escapejs” is not allowed"),
    ("{{ user.password }}", "cannot reach settings, secrets"),
    ("{{ request.META }}", "cannot reach settings, secrets"),
    ("{{ sender.email }}", "not part of this letter’s context"),
    ("{{ person.items }}", "not part of this letter’s context"),
    ("{{ case.reference.upper }}", "not part of this letter’s context"),
    ("{{ person.full_name|default:sender.password }}", "cannot reach settings, secrets"),
    ("{% if secret_key %}x{% endif %}", "cannot reach settings, secrets"),
    ("{% for a in allegations %}{{ a.secret }}{% endfor %}", "cannot reach settings, secrets"),
    ("{% for a in allegations %}{{ forloop.parentloop }}{% endfor %}", "“forloop.parentloop” is not available"),
    ("{% for k, v in allegations %}{{ k }}{% endfor %}", "loop over one name at a time"),
    ("{% with d=today|date:'Y' %}{{ d.year }}{% endwith %}", "holds a computed value"),
    ("{% for a in today %}{{ a }}{% endfor %}", "“today” is not a list"),
    ("{{ x }\n{{ allegations|join:5 }}", "“{{” is not closed by “}}”"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("source, message", SANDBOX)
def test_a_template_reaching_outside_its_context_is_refused_at_save_with_a_clear_error(personas, source, message):
    before = LetterTemplate.objects.filter(kind="reg17_notice").count()
    body = f"Dear {{{{ recipient.name }}}}\n\n{source}\n"
    with pytest.raises(ValidationError) as refused:
        letters.save_new_version(
            kind="reg17_notice", subject="Notice", body=body, change_note="Trying", actor=personas.admin
        )
    assert message in _messages(refused.value, "body")
    assert "Line 3" in _messages(refused.value, "body")
    assert LetterTemplate.objects.filter(kind="reg17_notice").count() == before


def test_problems_in_the_subject_are_reported_against_the_subject():
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "Notice {{ settings.DEBUG }}", "Dear {{ recipient.name }}")
    assert "settings.DEBUG" in _messages(refused.value, "subject")
    assert "body" not in refused.value.message_dict


def test_every_problem_in_a_template_is_listed_not_only_the_first():
    body = "{{ person.ful_name }}\n{{ case.id }}\n{% for a in allegations %}{{ a.description }}{% endfor %}"
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "Notice", body)
    problems = refused.value.message_dict["body"]
    assert len(problems) == 2
    assert problems[0].startswith("Line 1:") and "Did you mean “person.full_name”?" in problems[0]
    assert problems[1].startswith("Line 2:")


@pytest.mark.parametrize(
    "body, message",
    [
        ("Dear {{ recipient.name }}\n{% if person.rank %}\nno end", "Line 2: Unclosed tag: 'if'"),
        ("Dear\n\n{% endif %}", "Line 3: {% endif %} is in the wrong place"),
        ("Dear {{ recipient.name }\n", "Line 1:"),
        ("{{ }}", "Line 1: Empty variable tag"),
    ],
)
def test_a_syntax_error_names_its_line(body, message):
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "Notice", body)
    assert message in _messages(refused.value, "body")


def test_a_subject_must_be_one_line_and_neither_part_empty():
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "Notice\nof investigation", "  ")
    assert "single line" in _messages(refused.value, "subject")
    assert "Enter the letter text" in _messages(refused.value, "body")


def test_the_documented_constructs_are_allowed():
    body = """{% comment %}Internal note{% endcomment %}Dear {{ recipient.name|title }}
{% for allegation in allegations %}{{ forloop.counter }}. {{ allegation.description|capfirst }}
{% for standard in allegation.standards %}- {{ standard|upper }}{% endfor %}
{% empty %}No allegations.{% endfor %}
{% if allegations|length > 1 and severity|lower == "gross misconduct" %}serious
{% elif person.rank %}{{ person.rank }}{% else %}-{% endif %}
{% with due=response_due_on %}{{ due|date:"j F Y" }}{% endwith %}
{{ allegations.0.description|truncatewords:5 }} {{ allegations|first }} {{ person.number|default:"none" }}
{{ response_url }} {{ today|date:"l j F Y" }} {{ force.name|lower }} {{ "literal" }} {{ 42 }}"""
    letters.validate_template_source("reg17_notice", "Notice: {{ case.reference }}", body)


def test_a_kind_offers_only_its_own_variables():
    letters.validate_template_source("information_request", "Request", "{{ request_text }}")
    with pytest.raises(ValidationError):
        letters.validate_template_source("reg17_notice", "Notice", "{{ request_text }}")


# Rendering -----------------------------------------------------------------------------------
def _template(kind, subject, body):
    return LetterTemplate(kind=kind, subject=subject, body=body)


def test_render_gives_a_one_line_subject_and_a_tidy_body():
    template = _template(
        "reg17_notice",
        "Notice:   {{ case.reference }}\t{{ person.full_name }}",
        "Dear {{ recipient.name }}\n{% if person.rank %}\n\n\nRank: {{ person.rank }}{% endif %}   \n\n\n\nEnd",
    )
    subject, body = letters.render(template, KINDS["reg17_notice"].sample)
    assert subject == "Notice: PSD-2026-000123 Dana Whitlock"
    assert body == "Dear PC Dana Whitlock\n\nRank: Police constable\n\nEnd\n"


def test_context_values_are_text_never_template_code_and_are_not_escaped():
    sample = dict(KINDS["reg17_notice"].sample)
    sample["allegations"] = [{"description": "Said {{ settings.SECRET_KEY }} & <b>more</b>", "standards": []}]
    _subject, body = letters.render(
        _template("reg17_notice", "N", "{% for a in allegations %}{{ a.description }}{% endfor %}"), sample
    )
    assert body == "Said {{ settings.SECRET_KEY }} & <b>more</b>\n"


def test_rendering_a_context_holding_a_model_instance_is_refused_and_shows_nothing(db, settings):
    person = PersonFactory(first_name="Dana", last_name="Whitlock")
    sample = {**KINDS["reg17_notice"].sample, "person": person}
    with pytest.raises(TypeError, match="plain data only"):
        letters.render(_template("reg17_notice", "N", "{{ person.full_name }}"), sample)


def test_undeclared_keys_in_a_context_never_reach_the_template():
    context = {
        **KINDS["reg17_notice"].sample,
        "settings": {"SECRET_KEY": "s3cret"},
        "person": {"full_name": "Dana Whitlock", "password": "hunter2"},
    }
    restricted = letters.restrict_context("reg17_notice", context)
    assert "settings" not in restricted and "password" not in restricted["person"]


def test_a_row_written_around_the_validator_still_renders_nothing_it_may_not():
    # The admin site, a data migration or SQL could write a row the form would refuse.
    rogue = _template("reg17_notice", "N", "{{ settings.SECRET_KEY }}")
    with pytest.raises(ValidationError):
        letters.render(rogue, KINDS["reg17_notice"].sample)


def test_text_that_fails_on_the_sample_is_refused_and_failure_on_real_data_is_a_clear_error():
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "N", "{{ allegations|join:5 }}")
    assert "could not be filled in" in _messages(refused.value, "body")
    template = _template(
        "reg17_notice", "N", "{% for a in allegations %}{{ a.standards|join:a.description }}{% endfor %}"
    )
    letters.render(template, KINDS["reg17_notice"].sample)
    odd = {**KINDS["reg17_notice"].sample, "allegations": [{"description": 5, "standards": ["x", "y"]}]}
    with pytest.raises(ValidationError) as failed:
        letters.render(template, odd)
    assert "AttributeError" in _messages(failed.value, "body")


def test_a_stored_json_context_renders_its_dates_as_dates():
    context = {**KINDS["reg17_notice"].sample, "response_due_on": "2026-10-19"}
    _subject, body = letters.render(_template("reg17_notice", "N", '{{ response_due_on|date:"j F Y" }}'), context)
    assert body == "19 October 2026\n"


# The default wording -------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_seeded_template_validates_and_renders_with_its_sample(kind):
    template = letters.current_template(kind)
    assert template.version >= 1
    seeded = LetterTemplate.objects.get(kind=kind, version=1)
    assert (seeded.subject, seeded.body) == FIRST_VERSIONS[kind]
    for version in (seeded, template):
        subject, body = letters.render(version, KINDS[kind].sample)
        letter_to_someone = KINDS[kind].audience in ("officer", "complainant")
        salutation = "Dear " if letter_to_someone else KINDS[kind].sample["recipient"]["name"]
        assert subject and body.startswith(salutation)
        assert "{{" not in body and "{%" not in body
        # A chaser carries the link of the request it chases (it has none of its own).
        assert (RESPONSE_URL_PLACEHOLDER in body) == ("response_url" in KINDS[kind].variables)
        if kind not in CASE_LESS_KINDS:
            assert KINDS[kind].sample["case"]["reference"] in subject + body
    if kind in ACCESS_TEMPLATES:
        assert (template.subject, template.body) == ACCESS_TEMPLATES[kind]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["access_justification", "deadline_reminder", "response_received"])
def test_subjects_of_letters_on_a_matter_without_a_case_never_end_in_an_empty_reference(kind):
    sample = {**KINDS[kind].sample, "case": {"reference": ""}}
    if kind == "deadline_reminder":
        sample["deadline"] = {**sample["deadline"], "about": "Access review: Operation Linden"}
    subject, _body = letters.render(letters.current_template(kind), sample)
    assert not subject.rstrip().endswith(":") and len(subject.split(": ", 1)[-1]) > 5


def test_the_reg17_notice_states_what_the_regulations_require():
    subject, body = letters.render(_template("reg17_notice", *DEFAULTS["reg17_notice"]), KINDS["reg17_notice"].sample)
    assert subject == "Notice of investigation: PSD-2026-000123"
    assert "Regulation 17" in body
    assert "1. On 14 September 2026 you shared messages" in body
    assert "2. You failed to report or challenge" in body
    assert "Discreditable conduct, Equality and diversity" in body
    assert "assessed as gross misconduct" in body and "a misconduct hearing" in body
    assert "Police Federation" in body and "legally represented" in body
    assert "by 19 October 2026" in body
    assert RESPONSE_URL_PLACEHOLDER in body
    assert "Ivy Marsh has been appointed" in body


def test_the_migration_is_idempotent(db):
    from django.apps import apps

    module = importlib.import_module("notifications.migrations.0003_default_letter_templates")
    before = LetterTemplate.objects.count()
    module.add_default_templates(apps, None)
    assert LetterTemplate.objects.count() == before


# Versions ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_saving_adds_a_version_and_never_changes_an_earlier_one(personas):
    first = letters.current_template("information_request")
    second = letters.save_new_version(
        kind="information_request",
        subject="Information needed: {{ case.reference }}",
        body="Dear {{ recipient.name }}\r\n\r\n{{ request_text }}\r\n",
        change_note="Shorter",
        actor=personas.admin,
    )
    assert second.version == first.version + 1
    assert second.created_by == personas.admin
    assert second.body == "Dear {{ recipient.name }}\n\n{{ request_text }}\n"  # line endings as stored text
    assert letters.current_template("information_request") == second
    third = letters.save_new_version(
        kind="information_request",
        subject="Info",
        body="{{ request_text }}",
        change_note="Shorter still",
        actor=personas.admin,
    )
    assert third.version == first.version + 2
    first.refresh_from_db()
    assert (first.subject, first.body) == DEFAULTS["information_request"]


@pytest.mark.django_db
def test_a_version_cannot_be_edited_in_place():
    from django.db import DatabaseError, transaction

    template = letters.current_template("reg17_notice")
    with pytest.raises(DatabaseError), transaction.atomic():
        LetterTemplate.objects.filter(pk=template.pk).update(body="changed")


@pytest.mark.django_db
def test_saving_needs_a_change_note_and_a_change(personas):
    current = letters.current_template("reg17_notice")
    with pytest.raises(ValidationError) as refused:
        letters.save_new_version(
            kind="reg17_notice", subject=current.subject, body=current.body, change_note=" ", actor=personas.admin
        )
    assert "Say what changed and why" in _messages(refused.value, "change_note")
    with pytest.raises(ValidationError, match="nothing to save"):
        letters.save_new_version(
            kind="reg17_notice", subject=current.subject, body=current.body, change_note="x", actor=personas.admin
        )


@pytest.mark.django_db
def test_a_kind_without_a_template_is_a_clear_error():
    with pgtrigger.ignore("notifications.LetterTemplate:append_only"):
        LetterTemplate.objects.filter(kind="response_received").delete()
    with pytest.raises(letters.TemplateMissing, match="Officer's response received"):
        letters.current_template("response_received")


# Building the context ------------------------------------------------------------------------
@pytest.fixture
def officer_case(db, personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(force=force, number="4321", first_name="Dana", last_name="Whitlock")
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    return make_case(personas.investigator, team, [officer]), officer


def test_the_common_context_comes_from_the_case_file(officer_case, personas, settings, time_machine):
    time_machine.move_to("2026-10-05 10:00 +01:00")
    settings.PUBLIC_BASE_URL = "https://psd.police.example/"
    case, officer = officer_case
    context = letters.build_context(
        "response_received",
        case=case,
        person=officer,
        recipient_name="Ivy Marsh",
        sender=personas.head,
        extra={"letter_subject": "Notice of investigation"},
    )
    assert context == {
        "case": {"reference": case.reference},
        "person": {"full_name": "Dana Whitlock", "rank": "Police constable", "number": "4321"},
        "recipient": {"name": "Ivy Marsh"},
        "sender": {"name": personas.head.get_full_name(), "title": "Head of PSD"},
        "today": date(2026, 10, 5),
        "force": {"name": "Home Constabulary"},
        "case_url": f"https://psd.police.example/cases/{case.reference}/",
        "letter_subject": "Notice of investigation",
    }


def test_a_letter_offering_a_response_carries_the_placeholder_not_a_link(officer_case, personas):
    case, officer = officer_case
    context = letters.build_context(
        "reg17_notice",
        case=case,
        person=officer,
        recipient_name="PC Whitlock",
        sender=personas.investigator,
        extra=letters.sample_extra("reg17_notice"),
    )
    assert context["response_url"] == RESPONSE_URL_PLACEHOLDER
    assert context["sender"]["title"] == "Investigator"


def test_a_sender_with_several_roles_signs_with_the_most_senior(db):
    user = UserFactory(username="multi", role=Role.INVESTIGATOR)
    user.groups.add(Group.objects.get(name=Role.APPROPRIATE_AUTHORITY.label))
    assert letters._sender_context(user)["title"] == "Appropriate authority"
    assert letters._sender_context(None) == {"name": "Professional Standards Department", "title": ""}


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"request_text": "x", "response_due_on": date(2026, 1, 1), "severity": "x"}, "not declared"),
        ({"request_text": "x"}, "missing"),
        ({"request_text": "x", "response_due_on": date(2026, 1, 1), "response_url": "http://x"}, "filled in"),
        ({"request_text": "x", "response_due_on": date(2026, 1, 1), "case": {"reference": "X"}}, "filled in"),
        ({"request_text": object(), "response_due_on": date(2026, 1, 1)}, "plain data only"),
        ({"request_text": {"password": "x"}, "response_due_on": date(2026, 1, 1)}, "does not declare"),
    ],
)
def test_a_wrong_extra_is_a_programming_error(officer_case, personas, extra, message):
    case, officer = officer_case
    with pytest.raises(ValueError, match=message):
        letters.build_context(
            "information_request",
            case=case,
            person=officer,
            recipient_name="x",
            sender=personas.investigator,
            extra=extra,
        )


def test_a_preview_against_a_case_uses_its_reference_and_first_subject(officer_case, personas):
    case, _officer = officer_case
    context = letters.preview_context("reg17_notice", user=personas.investigator, case=case)
    assert context["case"]["reference"] == case.reference
    assert context["recipient"]["name"] == "Dana Whitlock"
    assert context["allegations"] == KINDS["reg17_notice"].sample["allegations"]
    subject, _body = letters.preview("reg17_notice", *DEFAULTS["reg17_notice"], context)
    assert case.reference in subject


# Any text at all ------------------------------------------------------------------------------
_PIECES = [
    "{{", "}}", "{%", "%}", "{#", "#}", "|", ":", ".", "'", '"', "_", "(", ")", " ", "\n", "0", "9" * 5000,
    "if", "for", "in", "endif", "endfor", "with", "as", "=", "not", "and", "==", "empty", "comment",
    "date", "default", "join", "safe", "load", "include", "forloop", "counter", "x",
    "case", "reference", "person", "full_name", "allegations", "description", "settings", "SECRET_KEY",
    "_(", "today", "response_due_on",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@hypothesis_settings(max_examples=400, deadline=None)
def test_any_text_is_either_refused_with_messages_or_renders_against_the_sample(source):
    try:
        letters.validate_template_source("reg17_notice", "Notice", source)
    except ValidationError as refused:
        assert all(message.startswith(("Line ", "Enter ", "The text could not")) for message in refused.messages)
        return
    _subject, body = letters.render(_template("reg17_notice", "Notice", source), KINDS["reg17_notice"].sample)
    assert settings_module.SECRET_KEY not in body
