"""The restricted template engine letters are worded in: what a template may use, how it is
checked, and how it renders.

Administrators word the letters, so a template is untrusted text. It is compiled by its own
`Engine` whose only library is the allow-list below (no `{% load %}`, no `{% include %}`, no
`|safe`), then its node tree is walked so that every variable it names is one its kind
declares (notifications/kinds.py). It renders against plain data only (strings, numbers,
dates, lists, dicts), never model instances, so there is nothing to traverse beyond the
documented context: no settings, no secrets, no `user.password`.

Loops run only over the context's own lists, nest only as deep as that data, and every
rendering has a budget of repetitions, time and output (notifications/template_limits.py).

Templates render plain text (autoescape off); the HTML email and the PDF escape that text.
notifications.letters builds a letter's context and keeps the templates' versions.
"""

import difflib
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode, TemplateLiteral, WithNode

from .kinds import spec_for
from .models import LetterTemplate
from .template_limits import MAX_LOOP_DEPTH, MAX_NESTING, MAX_TEMPLATE_CHARS, Budget, LetterTooCostly, Tick, bounded_for

# The allow-list ------------------------------------------------------------------------------
ALLOWED_TAGS = ("if", "for", "with", "comment")
# The closing and intermediate tags of those, so a misplaced one is a nesting error, not a ban.
_INNER_TAGS = {"elif", "else", "endif", "empty", "endfor", "endwith", "endcomment"}
ALLOWED_FILTERS = (
    "capfirst",
    "date",
    "default",
    "default_if_none",
    "first",
    "join",
    "last",
    "length",
    "lower",
    "pluralize",
    "title",
    "truncatewords",
    "upper",
    "yesno",
)
# An undeclared name like these is not a typo: say plainly that letters cannot reach it.
FORBIDDEN_WORDS = ("settings", "secret", "password", "request", "user", "session", "token", "csrf")
FORLOOP_ATTRIBUTES = {"counter", "counter0", "revcounter", "revcounter0", "first", "last"}
PLAIN_SCALARS = (str, int, float, Decimal, bool, date, type(None))  # datetime is a date
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

LIBRARY = Library()
for _name in ALLOWED_TAGS:
    LIBRARY.tags[_name] = defaulttags.register.tags[_name]
LIBRARY.tags["for"] = bounded_for  # charges each repetition to the rendering's budget
for _name in ALLOWED_FILTERS:
    LIBRARY.filters[_name] = defaultfilters.register.filters[_name]
_ALLOWED_FILTER_FUNCTIONS = frozenset(LIBRARY.filters.values())


class _LetterEngine(Engine):
    """An engine with no loaders, no loadable libraries and no builtins but the allow-list."""

    default_builtins = []

    def get_template_builtins(self, builtins):
        return [LIBRARY]


ENGINE = _LetterEngine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False, string_if_invalid="")


# Validation ----------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _compile(source: str):
    return ENGINE.from_string(source)


def validate_template_source(kind: str, subject: str, body: str) -> None:
    """Raise ValidationError, keyed by field ("subject", "body"), listing every problem found."""
    errors = {}
    subject_problems = list(template_problems(kind, subject))
    if "\n" in subject or "\r" in subject:
        subject_problems.append("The subject must be a single line.")
    if not subject.strip():
        subject_problems.append("Enter a subject.")
    if subject_problems:
        errors["subject"] = subject_problems
    body_problems = list(template_problems(kind, body)) or ([] if body.strip() else ["Enter the letter text."])
    if body_problems:
        errors["body"] = body_problems
    if errors:
        raise ValidationError(errors)


@lru_cache(maxsize=512)
def template_problems(kind: str, source: str) -> tuple[str, ...]:
    """Every problem with one template source, as messages a letter's author can act on."""
    variables = spec_for(kind).variables
    if len(source) > MAX_TEMPLATE_CHARS:
        return (f"Line 1: the text is longer than {MAX_TEMPLATE_CHARS:,} characters. Shorten it.",)
    try:
        template = _compile(source)
    except TemplateSyntaxError as error:
        return (_syntax_message(error),)
    except RecursionError:  # the parser recurses once per nested tag
        return (_too_deep(1),)
    checker = _Checker(variables)
    checker.walk(template.nodelist, scope={})
    if checker.problems:
        return tuple(checker.problems)
    # What the walk cannot see (a filter given an argument of the wrong type, say) shows when
    # the text meets data: try it on the kind's sample, so it fails here and not in a letter.
    try:
        _render_source(source, restrict_context(kind, spec_for(kind).sample))
    except LetterTooCostly as error:
        return (f"The text could not be filled in: {error}",)
    except RENDER_ERRORS as error:
        return (_render_failure(error),)
    return ()


def _too_deep(line: int) -> str:
    return f"Line {line}: tags are nested more than {MAX_NESTING} deep. Take some out of the others."


# Errors a template's filters or loops can raise on data of the wrong shape.
RENDER_ERRORS = (TypeError, ValueError, AttributeError, LookupError, ArithmeticError)


def _render_failure(error) -> str:
    return (
        f"The text could not be filled in with this letter's details ({type(error).__name__}: {str(error)[:200]}). "
        "Check the filters and loops."
    )


def _line(token) -> int:
    return getattr(token, "lineno", 0) or 1


def _syntax_message(error: TemplateSyntaxError) -> str:
    line = _line(getattr(error, "token", None))
    text = str(error)
    if match := re.match(r"Invalid block tag on line \d+: '([^']*)'", text):
        tag = match[1]
        if tag in _INNER_TAGS:
            expected = re.search(r"expected (.*?)\. Did you", text)
            hint = f" (expected {expected[1]})" if expected else ""
            return f"Line {line}: {{% {tag} %}} is in the wrong place{hint}."
        return f"Line {line}: the tag {{% {tag} %}} is not allowed in letters. {_ALLOWED_TAGS_TEXT}"
    if match := re.match(r"Invalid filter: '([^']*)'", text):
        return f"Line {line}: the filter “{match[1]}” is not allowed in letters. {_ALLOWED_FILTERS_TEXT}"
    if match := re.match(r"Variables and attributes may not begin with underscores: '([^']*)'", text):
        name = _shown(match[1])
        return f"Line {line}: “{name}” is not allowed: names beginning with an underscore reach system internals."
    # Django's own words, without its line number (we give ours first).
    text = re.sub(r" on line \d+", "", text)
    return f"Line {line}: {text[:1].upper()}{text[1:]}"


_ALLOWED_TAGS_TEXT = "Use only {% if %}, {% for %}, {% with %} and {% comment %}."
_ALLOWED_FILTERS_TEXT = f"Allowed filters: {', '.join(ALLOWED_FILTERS)}."


def _normalised(lookups) -> str:
    """('allegations', '0', 'description') -> 'allegations[].description'."""
    path = lookups[0]
    for part in lookups[1:]:
        path += "[]" if part.isdigit() else f".{part}"
    return path


def is_declared(path: str, variables) -> bool:
    """A declared variable, a namespace of declared ones (`person`), or an item of a declared list."""
    if path in variables:
        return True
    if any(name.startswith(f"{path}.") or name.startswith(f"{path}[]") for name in variables):
        return True
    return path.endswith("[]") and is_declared(path[:-2], variables)


class _Checker:
    """Walks a compiled template; records a message for each name or construct not allowed.

    `scope` maps names bound inside the template ({% for %}, {% with %}) to the declared path
    they stand for, or to None when they stand for a computed value with no attributes."""

    FORLOOP = "forloop"

    def __init__(self, variables):
        self.variables = variables
        self.problems: list[str] = []
        self.depth = 0  # tags open around the node being checked
        self.loop_depth = 0

    def walk(self, nodelist, scope):
        for node in nodelist:
            self.node(node, scope)

    def node(self, node, scope):
        line = _line(getattr(node, "token", None))
        if isinstance(node, CommentNode | Tick):  # Tick: the engine's own, ending each loop
            return
        if isinstance(node, IfNode | ForNode | WithNode):
            if self.depth >= MAX_NESTING:
                self.problems.append(_too_deep(line))
                return
            self.depth += 1
            try:
                self.block(node, scope, line)
            finally:
                self.depth -= 1
            return
        if isinstance(node, TextNode):
            self.stray_brackets(node.s, line)
            return
        if isinstance(node, VariableNode):
            self.expression(node.filter_expression, scope, line)
        else:  # the library offers nothing else; refuse anything that got here anyway
            self.problems.append(f"Line {line}: this tag is not allowed in letters. {_ALLOWED_TAGS_TEXT}")

    def block(self, node, scope, line):
        if isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                for expression in _condition_expressions(condition):
                    self.expression(expression, scope, line)
                self.walk(nodelist, scope)
        elif isinstance(node, ForNode):
            self.for_node(node, scope, line)
        elif isinstance(node, WithNode):
            inner = dict(scope)
            for name, expression in node.extra_context.items():
                self.expression(expression, scope, line)
                inner[name] = self.alias(expression, scope)
            self.walk(node.nodelist, inner)

    def stray_brackets(self, text, line):
        """A tag whose brackets do not close is plain text to Django: it would print as typed."""
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            index = text.find(opening)
            if index >= 0:
                where = line + text[:index].count("\n")
                self.problems.append(f"Line {where}: “{opening}” is not closed by “{closing}” on the same line.")

    def for_node(self, node, scope, line):
        self.expression(node.sequence, scope, line)
        if len(node.loopvars) != 1:
            self.problems.append(f"Line {line}: loop over one name at a time, e.g. {{% for item in list %}}.")
        inner = dict(scope)
        base = self.alias(node.sequence, scope)
        if base and is_declared(base, self.variables) and not self.is_list(base):
            self.problems.append(
                f"Line {line}: “{_shown(node.sequence.token)}” is not a list: loop only over lists such as allegations."
            )
        elif not base:  # a literal ("abc", 42), a filtered value, a computed name: unbounded work
            self.problems.append(
                f"Line {line}: loop only over this letter’s own lists, such as allegations, "
                f"not over “{_shown(node.sequence.token)}”."
            )
        if self.loop_depth >= MAX_LOOP_DEPTH:
            self.problems.append(
                f"Line {line}: loops are nested more than {MAX_LOOP_DEPTH} deep; "
                "a letter’s lists go no deeper (allegations, then their standards)."
            )
            return
        for name in node.loopvars:
            inner[name] = f"{base}[]" if base else None
        inner[self.FORLOOP] = self.FORLOOP
        self.loop_depth += 1
        try:
            self.walk(node.nodelist_loop, inner)
        finally:
            self.loop_depth -= 1
        self.walk(node.nodelist_empty, scope)

    def is_list(self, path) -> bool:
        """Declared with items (`allegations[]...`): a list, and so something to loop over."""
        return any(name.startswith(f"{path}[]") for name in self.variables)

    def alias(self, expression: FilterExpression, scope):
        """The declared path a bound name stands for: only a bare variable keeps its path."""
        if expression.filters or not expression.is_var or expression.var.lookups is None:
            return None
        return self.path(expression.var.lookups, scope)

    def path(self, lookups, scope):
        root, rest = lookups[0], lookups[1:]
        if root in scope:
            base = scope[root]
            if base is None:
                return None if rest else ""
            return _normalised((base, *rest))
        return _normalised(lookups)

    def expression(self, expression: FilterExpression, scope, line):
        if expression.is_var:
            self.variable(expression.var, scope, line)
        for function, arguments in expression.filters:
            if function not in _ALLOWED_FILTER_FUNCTIONS:
                self.problems.append(f"Line {line}: this filter is not allowed in letters. {_ALLOWED_FILTERS_TEXT}")
            for is_lookup, argument in arguments:
                if is_lookup:
                    self.variable(argument, scope, line)

    def variable(self, variable: Variable, scope, line):
        if variable.lookups is None:  # a literal: "text" or 3
            return
        name = _shown(".".join(variable.lookups))
        root = variable.lookups[0]
        if scope.get(root) == self.FORLOOP:
            if len(variable.lookups) != 2 or variable.lookups[1] not in FORLOOP_ATTRIBUTES:
                allowed = ", ".join(f"forloop.{a}" for a in sorted(FORLOOP_ATTRIBUTES))
                self.problems.append(f"Line {line}: “{name}” is not available. Use {allowed}.")
            return
        if root in scope and scope[root] is None:
            if len(variable.lookups) > 1:
                self.problems.append(
                    f"Line {line}: “{name}” is not available: “{root}” holds a computed value with no parts."
                )
            return
        path = self.path(variable.lookups, scope)
        if is_declared(path, self.variables):
            return
        self.problems.append(self.undeclared_message(name, path, line))

    def undeclared_message(self, name, path, line):
        lowered = path.lower()
        if any(word in lowered for word in FORBIDDEN_WORDS):
            return (
                f"Line {line}: “{name}” is not allowed: letters cannot reach settings, secrets, "
                "passwords, requests or user accounts."
            )
        message = f"Line {line}: “{name}” is not part of this letter’s context."
        close = difflib.get_close_matches(path, list(self.variables), n=1)
        if close:
            message += f" Did you mean “{close[0].replace('[]', '')}”?"
        return message + " Use only the variables listed for this kind of letter."


def _shown(text: str, limit: int = 60) -> str:
    """A name as quoted in a message: whole, unless absurdly long."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _condition_expressions(condition):
    """The FilterExpressions inside an {% if %} condition (an operator tree from smartif)."""
    if condition is None:
        return
    if isinstance(condition, TemplateLiteral):
        yield condition.value
        return
    for part in (getattr(condition, "first", None), getattr(condition, "second", None)):
        yield from _condition_expressions(part)


# Rendering -----------------------------------------------------------------------------------
def render(template, context: Mapping) -> tuple[str, str]:
    """Render a template (a LetterTemplate, saved or not) into (subject, body).

    Re-validates first: a row written around the form (the admin, a migration, SQL) still
    renders only what its kind declares."""
    validate_template_source(template.kind, template.subject, template.body)
    plain = restrict_context(template.kind, context)
    rendered = {}
    for field in ("subject", "body"):
        try:
            rendered[field] = _render_source(getattr(template, field), plain)
        except LetterTooCostly as error:
            raise ValidationError({field: [f"The text could not be filled in: {error}"]}) from error
        except RENDER_ERRORS as error:
            raise ValidationError({field: [_render_failure(error)]}) from error
    return _one_line(rendered["subject"]), _tidy(rendered["body"])


def _render_source(source: str, plain: dict) -> str:
    context = Context(plain, autoescape=False)
    context.letter_budget = Budget()  # charged by every repetition of every loop (template_limits)
    return Budget.check_output(_compile(source).render(context))


def _one_line(text: str) -> str:
    subject = " ".join(text.split())
    limit = LetterTemplate._meta.get_field("subject").max_length
    return subject if len(subject) <= limit else subject[: limit - 1] + "…"


def _tidy(text: str) -> str:
    """Lines that held only a tag leave blank lines behind: keep at most one in a row."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def restrict_context(kind: str, context: Mapping) -> dict:
    """A copy of the context holding only declared keys and plain values.

    A model instance is refused outright (TypeError), never rendered: its attributes and
    methods (`person.user.password`) are exactly what a letter must not reach."""
    return _restrict(context, "", spec_for(kind).variables)


def _restrict(value, path, variables):
    if isinstance(value, Mapping):
        kept = {}
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and is_declared(child, variables):
                kept[key] = _restrict(item, child, variables)
        return kept
    if isinstance(value, list | tuple):
        return [_restrict(item, f"{path}[]", variables) for item in value]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        # A stored context (JSON) holds dates as text; the date filter needs a date again.
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, PLAIN_SCALARS):
        return value
    raise TypeError(f"Letter context value {path!r} is a {type(value).__name__}: pass plain data only")
