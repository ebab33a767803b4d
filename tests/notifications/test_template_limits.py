"""Limits on letter templates (notifications/template_limits.py): no loops over literals,
loops and tags nested only so deep, and a budget of repetitions, time and output per rendering,
each refused with a clear message, at save time where it can be seen then."""

import pytest
from django.core.exceptions import ValidationError

from notifications import letters, template_engine
from notifications.kinds import KINDS
from notifications.models import LetterTemplate

SAMPLE = KINDS["reg17_notice"].sample
LOOP = "{% for a in allegations %}"


def _refusal(body: str) -> str:
    with pytest.raises(ValidationError) as refused:
        letters.validate_template_source("reg17_notice", "Notice", body)
    return " ".join(refused.value.message_dict["body"])


def _render(body: str):
    return letters.render(LetterTemplate(kind="reg17_notice", subject="Notice", body=body), SAMPLE)


def test_six_nested_loops_are_refused_before_anything_renders():
    body = LOOP * 6 + "x" + "{% endfor %}" * 6
    message = _refusal(body)
    assert "Line 1: loops are nested more than 2 deep" in message
    # Refused by reading the template, not by running it: the same answer with limits that
    # would stop any rendering at once.
    assert template_engine.template_problems("reg17_notice", body)


def test_six_nested_loops_written_around_the_form_are_refused_when_rendered():
    with pytest.raises(ValidationError) as refused:
        _render(LOOP * 6 + "x" + "{% endfor %}" * 6)
    assert "nested more than 2 deep" in " ".join(refused.value.message_dict["body"])


@pytest.mark.parametrize(
    "sequence",
    ['"abcdefghijklmnopqrstuvwxyz"', "123", "allegations|first", "person.full_name|lower", "'x'|default:'yyyy'"],
)
def test_loops_over_literals_and_computed_values_are_refused(sequence):
    message = _refusal(f"Dear officer\n{{% for c in {sequence} %}}{{{{ c }}}}{{% endfor %}}")
    assert "Line 2: loop only over this letter’s own lists, such as allegations" in message


def test_the_documented_two_level_loop_is_still_allowed():
    body = "{% for a in allegations %}{{ a.description }}{% for s in a.standards %}{{ s }}{% endfor %}{% endfor %}"
    letters.validate_template_source("reg17_notice", "Notice", body)
    assert SAMPLE["allegations"][0]["description"] in _render(body)[1]


def test_tags_nested_too_deep_are_refused_with_a_message_never_a_crash():
    nine = "{% if case %}" * 9 + "x" + "{% endif %}" * 9
    assert "tags are nested more than 8 deep" in _refusal(nine)
    thousands = "{% if case %}" * 1500 + "x" + "{% endif %}" * 1500  # deeper than Python's recursion limit
    assert "tags are nested more than 8 deep" in _refusal(thousands)


def test_an_overlong_template_is_refused():
    assert "longer than 50,000 characters" in _refusal("x" * 50_001)


def test_the_repetition_budget_stops_a_rendering(settings):
    settings.LETTER_MAX_LOOP_REPETITIONS = 1  # the sample has more allegations and standards than that
    body = "{% for a in allegations %}{% for s in a.standards %}{{ s }}{% endfor %}{% endfor %}"
    assert "repeats its loops more than 1 times in all" in _refusal(body)
    with pytest.raises(ValidationError, match="repeats its loops"):
        _render(body)


def test_the_clock_stops_a_rendering(settings):
    settings.LETTER_RENDER_SECONDS = 0  # past the deadline at the first repetition
    assert "took longer than 0 seconds to fill in" in _refusal("{% for a in allegations %}{{ a }}{% endfor %}")


def test_the_output_size_is_bounded(settings):
    settings.LETTER_MAX_OUTPUT_CHARS = 20
    assert "filled-in text is longer than 20 characters" in _refusal("A letter text longer than twenty characters.")
