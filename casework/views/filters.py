"""A list page's filters, read from the query string with a message for every value that cannot be
used: a bad date, a choice that is not offered, an id that is no number.

A bad value is never dropped silently: the page shows it as an error on its filter (and in the
error summary) and lists nothing until it is corrected, because a list that quietly ignored one
filter would look filtered while showing everything.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from casework.dates import parse_uk_date
from casework.views.common import clean_param, parse_id

DATE_EXAMPLE = "for example 27/3/2026"


@dataclass
class Shown:
    """A filter in the MoJ filter panel (templates/includes/filter_panel.html): a select of
    (value, words) options, a date box or a search box."""

    name: str
    label: str
    kind: str = "select"  # "select", "date" or "search"
    options: list = field(default_factory=list)
    hint: str = ""
    blank: str | None = "Any"  # the select's empty option; None when one option is always chosen
    default: str = ""  # a value that filters nothing (no tag for it)
    tag: bool = True  # False for what orders the list rather than filters it


class ListFilters:
    def __init__(self, params, keep=()):
        self.params = params
        self.values: dict[str, str] = {}  # what was typed, to show back in the form
        self.errors: dict[str, str] = {}
        self.shown: list[Shown] = []  # the panel's filters, in order
        self.keep = keep  # what the panel carries unchanged: a tab, a scope

    @property
    def valid(self) -> bool:
        return not self.errors

    def error_list(self, shown=None) -> list[dict]:
        """For the error summary: each message, with the id of its filter when the page shows it."""
        return [
            {"field": name, "message": message, "anchor": shown is None or name in shown}
            for name, message in self.errors.items()
        ]

    def show(self, name: str, label: str, kind: str = "select", options=(), **more) -> None:
        """Put a filter in the panel; options are (value, words) pairs."""
        self.shown.append(Shown(name, label, kind, [(str(v), str(w)) for v, w in options], **more))

    def selected(self, labels: dict | None = None) -> list[dict]:
        """The filters in use, as MoJ filter tags: what each says, and the address of the same
        list without it (so a tag removes its filter). Without labels: the panel's filters, each
        choice in the words of its option."""
        if labels is None:
            return self._panel_tags()
        tags = []
        for name, label in labels.items():
            value = self.values.get(name)
            if not value or name in self.errors:  # a bad value is an error, not a selected filter
                continue
            query = self.params.copy()
            query.pop(name, None)
            query.pop("page", None)
            tags.append({"label": label, "value": value, "without": query.urlencode()})
        return tags

    def _panel_tags(self) -> list[dict]:
        tags = []
        for shown in self.shown:
            if not shown.tag or self.values.get(shown.name) == shown.default:
                continue
            for tag in self.selected({shown.name: shown.label}):
                tag["value"] = dict(shown.options).get(tag["value"], tag["value"])
                tags.append(tag)
        return tags

    def panel(self, page, nouns: tuple[str, str]) -> dict:
        """The template context of the filter panel, its tags, its errors and the result count
        (none for a page that is not a list: page None)."""
        kept = [(name, self.params.get(name, "")) for name in self.keep if self.params.get(name)]
        query = self.params.copy()
        query.pop("page", None)
        count = page.paginator.count if page is not None else None
        return {
            "filters": self.values,
            "filter_fields": [self._bound(shown) for shown in self.shown],
            "filter_errors": self.error_list(shown={shown.name for shown in self.shown}),
            "filter_error_map": self.errors,
            "filter_kept": kept,
            "selected_filters": self.selected(),
            "clear_query": urlencode(kept),
            "querystring": query.urlencode(),  # pagination keeps the filters
            # No count while a filter is wrong: 0 would read as "none match" (the list is withheld).
            "result_count": f"{count} {nouns[count != 1]}" if self.valid and count is not None else None,
        }

    def _bound(self, shown: Shown) -> dict:
        value = self.values.get(shown.name, "")
        return {
            "name": shown.name,
            "label": shown.label,
            "kind": shown.kind,
            "hint": shown.hint,
            "blank": shown.blank,
            "value": value,
            "error": self.errors.get(shown.name, ""),
            "options": [{"value": v, "text": w, "selected": v == value} for v, w in shown.options],
        }

    def text(self, name: str, max_length: int = 200) -> str:
        value = clean_param(self.params, name, max_length)
        self.values[name] = value
        return value

    def choice(self, name: str, allowed, label: str, default: str = "") -> str:
        """One of `allowed` (values, or a dict of value -> words), the default when empty."""
        value = self.text(name, 60)
        if not value:
            return default
        if value not in allowed:
            self.errors[name] = f"Select {label} from the list"  # noqa: S608 (a sentence, not SQL)
            return default
        return value

    def number(self, name: str, label: str) -> int | None:
        """An id chosen from a list (a team, a force, a person)."""
        value = self.text(name, 30)
        if not value:
            return None
        number = parse_id(value)
        if number is None:
            self.errors[name] = f"Select {label} from the list"  # noqa: S608
        return number

    def date(self, name: str, label: str):
        value = self.text(name, 40)
        if not value:
            return None
        parsed = parse_uk_date(value)
        if parsed is None:
            self.errors[name] = f"{label} must be a real date, {DATE_EXAMPLE}"
        return parsed

    def date_range(self, start: str, end: str, labels: tuple[str, str]):
        """Two dates, the second not before the first."""
        first, last = self.date(start, labels[0]), self.date(end, labels[1])
        if first and last and last < first:
            self.errors[end] = f"{labels[1]} must be the same as or after {labels[0][0].lower()}{labels[0][1:]}"
        return first, last
