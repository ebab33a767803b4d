"""The base of every form in the service: error messages that say what is wrong and how to fix it
(GOV.UK error message guidance), made from the field's label, instead of Django's generic ones.

"This field is required." five times in an error summary tells the user nothing: the summary
lists messages without their labels. Each field gets, unless its form sets its own:

- required: "Enter the date received" (text, dates, numbers), "Select the allegation" (radios,
  checkboxes, lists, files); a label that is a question keeps its words ("Select what is proposed");
- invalid choice: "Select the origin from the list";
- too long: "The summary must be 5000 characters or fewer";
- not a date or number: "The date received must be a real date, for example 27/3/2026".

A form overrides one message the usual way (`error_messages=` on the field, or in `__init__`); a
message that differs from Django's default is never replaced. `tests/test_architecture.py` checks
every form in the apps inherits `Form` or `ModelForm` from here.
"""

import re

from django import forms
from django.db import models
from django.forms.utils import pretty_name

from casework.forms.fields import UKDateField

# A label starting with one of these is a question or a clause already: no "the" before it.
CLAUSE_WORDS = {"what", "which", "why", "how", "who", "whom", "when", "where", "whether", "the", "a", "an", "your"}
# A yes/no question ("Is the officer suspended?") reads as "Select yes or no: is the officer ...".
YES_NO_WORDS = {"is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "should", "will"}
# "(optional)", "(reg 14)": a label's trailing aside is no part of what the message names.
OPTIONAL = re.compile(r"\s*\([^)]*\)\s*$")


def _what(label: str) -> str:
    """The thing the label names, for the middle of a sentence: "Date received" -> "the date
    received", "What is proposed?" -> "what is proposed", "IOPC reference" -> "the IOPC reference"."""
    text = OPTIONAL.sub("", str(label)).strip().rstrip("?:.").strip()
    if not text:
        return "an answer"
    first = text.split()[0]
    # Keep capitals for an acronym or a name ("IOPC", "PNC"); lower an ordinary first word.
    if not (len(first) > 1 and first[1:2].isupper()):
        text = text[0].lower() + text[1:]
    if first.lower() in CLAUSE_WORDS:
        return text
    return f"the {text}"


def _sentence_start(what: str) -> str:
    return what[0].upper() + what[1:]


def _choosing(field: forms.Field) -> bool:
    widget = field.widget
    return isinstance(
        field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField | forms.BooleanField
    ) or isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxInput | forms.FileInput)


def required_message(label: str, field: forms.Field) -> str:
    text = OPTIONAL.sub("", str(label)).strip().rstrip("?:.").strip()
    first = text.split()[0].lower() if text else ""
    if first in YES_NO_WORDS and _choosing(field):
        return f"Select yes or no: {text[0].lower()}{text[1:]}?"
    return f"{'Select' if _choosing(field) else 'Enter'} {_what(label)}"


def exact_messages(label: str, field: forms.Field) -> dict:
    """The messages this field should show, by Django's error code."""
    what = _what(label)
    # A question label ("How are the cases linked?") does not turn into a noun: quote it.
    question = OPTIONAL.sub("", str(label)).strip()
    # ruff reads "Select ... from" as SQL (S608): these are sentences.
    if question.endswith("?"):
        choose = f"Select an answer to “{question}” from the list"  # noqa: S608
    else:
        choose = f"Select {what} from the list"  # noqa: S608
    messages = {
        "required": required_message(label, field),
        "invalid_choice": choose,
        "invalid_pk_value": choose,
        "max_length": _sentence_start(what) + " must be %(limit_value)d characters or fewer",
        "min_length": _sentence_start(what) + " must be %(limit_value)d characters or more",
    }
    if isinstance(field, forms.DateField):
        messages["invalid"] = _sentence_start(what) + " must be a real date, for example 27/3/2026"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = _sentence_start(what) + " must be a whole number, like 12"
        messages["min_value"] = _sentence_start(what) + " must be %(limit_value)s or more"
        messages["max_value"] = _sentence_start(what) + " must be %(limit_value)s or less"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = _sentence_start(what) + " must be an email address, like name@example.com"
    return messages


def _defaults(field: forms.Field) -> dict:
    """Django's own messages for this field class (the ones a form did not choose)."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return {code: str(message) for code, message in defaults.items()}


def apply_exact_messages(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        defaults = _defaults(field)
        label = field.label or pretty_name(name)
        for code, message in exact_messages(label, field).items():
            current = field.error_messages.get(code)
            if current is None or str(current) == defaults.get(code):
                # Validators' errors (max_length, min_value ...) take the field's message for
                # their code (Field.run_validators), so setting it here is enough.
                field.error_messages[code] = message


class ExactErrorsMixin:
    """Put first in the bases of a form that cannot inherit `Form`/`ModelForm` (Django's auth forms)."""

    def full_clean(self):
        # At validation, not in __init__: fields a subclass adds or changes after its
        # super().__init__() get their messages too.
        apply_exact_messages(self)
        super().full_clean()


class Form(ExactErrorsMixin, forms.Form):
    pass


def _model_formfield(db_field, **kwargs):
    """A model's date column reads typed dates as every other date field does (casework.dates)."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", UKDateField)
    return db_field.formfield(**kwargs)


class ModelForm(ExactErrorsMixin, forms.ModelForm):
    formfield_callback = _model_formfield
