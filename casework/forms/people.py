"""Choosing people off the register by name or number (issue 22, docs/search.md).

A plain text field that works without JavaScript: it takes a name or a number (with or without
the force code). When that means one person, the field's value is that person; when it could mean
several, the form comes back with them as radios to choose from, under the field, instead of an
error about a number. With JavaScript, static/js/person-search.mjs turns the field into an
accessible combobox over the same search (casework.views.people.person_find_json).
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join

from casework import search

NO_ONE = "No one on the register matches “{text}”. Check the spelling, or enter their warrant, collar or staff number"
SEVERAL = "More than one person matches “{text}”. Choose who you mean"


def _person_hint(person) -> str:
    parts = [str(person.rank or ""), search.number_label(person), f"{person.force.name} ({person.force.code})"]
    if person.unit:
        parts.append(str(person.unit))
    return ", ".join(p for p in parts if p)


def choice_radios(*, name: str, legend: str, candidates, chosen: str | None = None):
    """Radios for the people a typed text could mean (GOV.UK radios, each with force, rank, number, unit)."""
    items = format_html_join(
        "",
        '<div class="govuk-radios__item"><input class="govuk-radios__input" id="{0}-{1}" name="{2}" type="radio"'
        ' value="{3}" aria-describedby="{0}-{1}-hint"{4}><label class="govuk-label govuk-radios__label" for="{0}-{1}">'
        '{5}</label><div id="{0}-{1}-hint" class="govuk-hint govuk-radios__hint">{6}</div></div>',
        (
            (
                f"id_{name}",
                index,
                name,
                person.pk,
                " checked" if chosen == str(person.pk) else "",
                person.full_name,
                _person_hint(person),
            )
            for index, person in enumerate(candidates)
        ),
    )
    return format_html(
        '<fieldset class="govuk-fieldset govuk-!-margin-top-4" data-testid="person-choices">'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>'
        '<div class="govuk-radios govuk-radios--small" data-module="govuk-radios">{}</div></fieldset>',
        legend,
        items,
    )


def choose(text: str, chosen: str | None, known_forces=search.forces):
    """(person, candidates): the person the text (or the radio chosen among its candidates) means."""
    resolution = search.resolve_person(text, known_forces=known_forces)
    if chosen:
        picked = next((p for p in resolution.candidates if str(p.pk) == chosen), None)
        if picked is not None:
            return picked, resolution.candidates
    return resolution.person, resolution.candidates


def _search_attrs(mode: str) -> dict:
    return {
        "data-person-search": reverse_lazy("person-find-json"),
        "data-person-search-mode": mode,
        "autocomplete": "off",
        "spellcheck": "false",
    }


class PersonSearchInput(forms.TextInput):
    """A text input, followed (when the text was ambiguous) by radios of who it could mean."""

    def __init__(self, attrs=None):
        super().__init__({**_search_attrs("one"), **(attrs or {})})
        self.candidates, self.chosen = [], None

    def value_from_datadict(self, data, files, name):
        self.chosen = data.get(f"{name}_choice")
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.candidates:
            return html
        radios = choice_radios(
            name=f"{name}_choice", legend="Who do you mean?", candidates=self.candidates, chosen=self.chosen
        )
        return format_html("{}{}", html, radios)


class PersonField(forms.CharField):
    """One person, by name or number. Its cleaned value is the Person."""

    widget = PersonSearchInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        person, candidates = choose(text, self.widget.chosen)
        if person is not None:
            self.widget.candidates = []
            return person
        self.widget.candidates = candidates
        raise forms.ValidationError(SEVERAL.format(text=text) if candidates else NO_ONE.format(text=text))


class PeopleSearchTextarea(forms.Textarea):
    """One person per line; each ambiguous line followed by radios of who it could mean."""

    def __init__(self, attrs=None):
        super().__init__({**_search_attrs("lines"), **(attrs or {})})
        self.ambiguous, self.chosen = [], {}

    def value_from_datadict(self, data, files, name):
        prefix = f"{name}_choice_"
        self.chosen = {key[len(prefix) :]: data.get(key) for key in data if key.startswith(prefix)}
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        groups = [
            choice_radios(
                name=f"{name}_choice_{index}",
                legend=f"Who do you mean by “{line}”?",
                candidates=candidates,
                chosen=self.chosen.get(str(index)),
            )
            for index, line, candidates in self.ambiguous
        ]
        return format_html("{}{}", html, format_html_join("", "{}", ((g,) for g in groups)))


class PeopleField(forms.CharField):
    """Several people, one per line, each by name or number. Its cleaned value is a list of Person."""

    widget = PeopleSearchTextarea

    def __init__(self, *, max_people: int = 50, **kwargs):
        self.max_people = max_people
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        lines = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
        if len(lines) > self.max_people:
            raise forms.ValidationError(f"Enter at most {self.max_people} people; add more from the case page.")
        people, problems, ambiguous = [], [], []
        known_forces = search.forces() if lines else []  # once for every line, not per line
        for index, line in enumerate(lines):
            person, candidates = choose(line, self.widget.chosen.get(str(index)), known_forces)
            if person is None and candidates:
                ambiguous.append((index, line, candidates))
                problems.append(SEVERAL.format(text=line))
            elif person is None:
                problems.append(NO_ONE.format(text=line))
            elif person in people:
                problems.append(f"{person.full_name} ({search.number_label(person)}) is listed twice")
            else:
                people.append(person)
        self.widget.ambiguous = ambiguous
        if problems:
            raise forms.ValidationError(problems)
        if not people and self.required:
            raise forms.ValidationError(self.error_messages["required"])
        return people
