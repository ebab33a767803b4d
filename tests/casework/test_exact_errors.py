"""Every form's messages say what is wrong and how to fix it (casework.forms.base), all at once."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import casework
import conduct
import notifications
from casework.forms.base import ExactErrorsMixin, Form


class _Everything(Form):
    received_on = forms.DateField(label="Date the complaint was received")
    allegation = forms.ChoiceField(label="Allegation", choices=[("a", "A")], widget=forms.RadioSelect)
    proposed = forms.ChoiceField(label="What is proposed?", choices=[("s", "Suspend")])
    summary = forms.CharField(label="Summary", max_length=5)
    count = forms.IntegerField(label="Number of officers", min_value=1)
    email = forms.EmailField(label="Complainant's email (optional)", required=False)
    severity = forms.ChoiceField(label="Severity (reg 14)", choices=[("m", "Misconduct")])
    suspended = forms.ChoiceField(label="Is the officer suspended?", choices=[("y", "Yes")], widget=forms.RadioSelect)
    IOPC_reference = forms.CharField(label="IOPC reference")
    reason = forms.CharField(label="Reason", error_messages={"required": "Say why, in a sentence"})


def test_every_missing_answer_is_named_at_once():
    assert _Everything({}).errors == {
        "received_on": ["Enter the date the complaint was received"],
        "allegation": ["Select the allegation"],
        "proposed": ["Select what is proposed"],
        "summary": ["Enter the summary"],
        "count": ["Enter the number of officers"],
        "severity": ["Select the severity"],
        "suspended": ["Select yes or no: is the officer suspended?"],
        "IOPC_reference": ["Enter the IOPC reference"],
        "reason": ["Say why, in a sentence"],  # a form's own message is kept
    }


def test_bad_values_say_what_is_wrong():
    errors = _Everything(
        {
            "received_on": "31/2/2026",
            "allegation": "z",
            "proposed": "z",
            "summary": "too long",
            "count": "lots",
            "email": "nope",
            "severity": "z",
        }
    ).errors
    assert errors["received_on"] == ["The date the complaint was received must be a real date, for example 27/3/2026"]
    assert errors["allegation"] == ["Select the allegation from the list"]
    assert errors["proposed"] == ["Select an answer to “What is proposed?” from the list"]
    assert errors["summary"] == ["The summary must be 5 characters or fewer"]
    assert errors["count"] == ["The number of officers must be a whole number, like 12"]
    assert errors["email"] == ["The complainant's email must be an email address, like name@example.com"]
    assert errors["severity"] == ["Select the severity from the list"]
    assert _Everything({"count": "0"}).errors["count"] == ["The number of officers must be 1 or more"]


def _app_forms():
    for package in (casework, conduct, notifications):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name:
                    yield cls


@pytest.mark.django_db
def test_every_form_of_the_apps_uses_the_exact_messages():
    found = list(_app_forms())
    assert len(found) > 30
    generic = [f"{cls.__module__}.{cls.__name__}" for cls in found if not issubclass(cls, ExactErrorsMixin)]
    # Django's sign-in and password forms keep their own bases; the sign-in one sets its messages.
    allowed = {"casework.sso.views.SignInForm"}
    assert set(generic) <= allowed, "inherit casework.forms.base.Form or ModelForm: " + ", ".join(generic)
