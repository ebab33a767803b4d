"""Search that ranks: people by number, then full name, then likeness; cases by reference, then
subjects, then the summary's words (issue 22, docs/search.md).

People's numbers are stored per force as the force gives them: the home force's "4101", another
force's often with its code inside ("NORTHSHIRE7101"). So a number is found however it is typed:
"7101", "northshire 7101", "NORTHSHIRE7101" or "NORTHSHIRE7101 (northshire)" (as displayed).
Names are matched on the trigram indexes of the upper-cased names (casework 0016: pg_trgm), and
ordered by the trigram similarity of the whole name to what was typed.

Searching the register to choose someone is not consulting a record: nothing here is logged
(as the people list). Case results are always within `permissions.visible_cases`.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, Value, When
from django.db.models.functions import Concat, Upper

from .models import Case, CaseSubject, Force, Person
from .models.cases import SUMMARY_VECTOR

MAX_WORDS = 6  # a name is never longer; more words are noise and only widen the OR
CHOOSER_LIMIT = 10  # how many people the chooser offers (the component's list, the radios)


# Groups of a person's match, best first (the order results are shown in), and how a list says so.
NUMBER, FULL_NAME, ALL_WORDS, SIMILAR = 0, 1, 2, 3
PERSON_REASONS = {NUMBER: "Number", FULL_NAME: "Full name", ALL_WORDS: "Name", SIMILAR: "Similar name"}


def forces():
    """Each force's id and upper-cased code (a handful of rows), for reading numbers."""
    return [(f.pk, f.code.upper()) for f in Force.objects.only("pk", "code")]


def number_condition(text: str, known_forces) -> Q | None:
    """Who has this number, typed with or without their force's code; None if it is no number."""
    tokens = re.sub(r"[(),]", " ", text).upper().split()
    if not tokens or len(tokens) > 2 or not any(ch.isdigit() for ch in text):
        return None
    if callable(known_forces):  # read only for text that may be a number
        known_forces = known_forces()
    joined = "".join(tokens)
    condition = Q(number__iexact=joined)
    for force_id, code in known_forces:
        if len(tokens) == 1:
            # "7101" for NORTHSHIRE7101; "NORTHSHIRE4101" for force northshire's number 4101.
            condition |= Q(number__iexact=code + joined)
            if joined.startswith(code) and len(joined) > len(code):
                condition |= Q(force_id=force_id, number__iexact=joined[len(code) :])
        elif code in tokens:
            # "northshire 7101" or "7101 (northshire)": the other token, with or without the code.
            number = tokens[1] if tokens[0] == code else tokens[0]
            condition |= Q(force_id=force_id, number__iexact=number) | Q(
                force_id=force_id, number__iexact=code + number
            )
    return condition


def _words(text: str) -> list[str]:
    return re.sub(r"[(),]", " ", text).split()[:MAX_WORDS]


def _full_name_condition(text: str) -> Q:
    """The name as a phrase: "Daniel Brown" (first then last) or "Brown, Daniel"."""
    if "," in text:
        last, _, first = text.partition(",")
        return Q(first_name__iexact=first.strip(), last_name__iexact=last.strip())
    words = text.split()[:MAX_WORDS]
    condition = Q(pk__in=[])
    for cut in range(1, len(words)):  # "Mary Ann Smith": (Mary, Ann Smith) or (Mary Ann, Smith)
        condition |= Q(first_name__iexact=" ".join(words[:cut]), last_name__iexact=" ".join(words[cut:]))
    if len(words) == 1:
        condition |= Q(last_name__iexact=words[0])
    return condition


def _all_words_condition(words) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return condition


def _similar_condition(words) -> Q:
    """Any word like a first or last name (a typo, a spelling): the `%` operator on the indexes."""
    condition = Q(pk__in=[])
    for word in words:
        if len(word) >= 3:
            condition |= Q(upper_first__trigram_similar=word.upper()) | Q(upper_last__trigram_similar=word.upper())
    return condition


def people_matching(text: str, people=None, *, known_forces=forces):
    """`people` (the register by default) that match `text`, annotated with `match_group` and
    `likeness` and ordered best first; empty text gives them all in name order."""
    people = Person.objects.all() if people is None else people
    text = " ".join((text or "").split())
    if not text:
        return people.order_by("last_name", "first_name", "id")
    by_number = number_condition(text, known_forces)
    # Names have no digits: text with one is a number (a force code beside it is no name).
    words = [] if by_number is not None else _words(text)
    by_number = by_number or Q(pk__in=[])
    full_name = _full_name_condition(text) if words else Q(pk__in=[])
    all_words = _all_words_condition(words) if words else Q(pk__in=[])
    return (
        people.alias(upper_first=Upper("first_name"), upper_last=Upper("last_name"))
        .filter(by_number | full_name | all_words | _similar_condition(words))
        .annotate(
            match_group=SqlCase(
                When(by_number, then=Value(NUMBER)),
                When(full_name, then=Value(FULL_NAME)),
                When(all_words, then=Value(ALL_WORDS)),
                default=Value(SIMILAR),
                output_field=IntegerField(),
            ),
            likeness=TrigramSimilarity(Upper(Concat("first_name", Value(" "), "last_name")), text.upper()),
        )
        .order_by("match_group", "-likeness", "last_name", "first_name", "id")
    )


# Choosing one person ------------------------------------------------------------------------
@dataclass
class Resolution:
    """What a typed name or number picks out: one person, several to choose from, or no one."""

    text: str
    person: Person | None = None
    candidates: list = field(default_factory=list)


def person_token(person) -> str:
    """What the chooser writes into a field for a person: their name and the number as typed
    with the force's code, which `resolve_person` reads back to that one person."""
    return f"{person.full_name} ({person.force.code} {person.number})"


def number_label(person) -> str:
    """A number as shown: another force's with its code ("NORTHSHIRE7101 (northshire)")."""
    if person.force.is_home:
        return person.number
    return f"{person.number} ({person.force.code})"


def resolve_person(text: str, *, known_forces=forces) -> Resolution:
    """One person when the text can mean only one (a number, or a full name only one person
    has); otherwise the closest few to choose from (never a guess); none when nothing matches."""
    text = " ".join((text or "").split())
    resolution = Resolution(text)
    if not text:
        return resolution
    inside = re.fullmatch(r".*?\((.+)\)\s*", text)  # "Daniel Brown (northshire 7101)", as the chooser writes
    if inside:
        exact = _exactly_one(people_matching(inside.group(1), known_forces=known_forces).filter(match_group=NUMBER))
        if exact is not None:
            resolution.person = exact
            return resolution
    found = list(
        people_matching(text, known_forces=known_forces).select_related("force", "rank", "unit")[:CHOOSER_LIMIT]
    )
    best = [p for p in found if p.match_group == found[0].match_group] if found else []
    if len(best) == 1 and best[0].match_group in (NUMBER, FULL_NAME):
        resolution.person = best[0]
    else:
        resolution.candidates = found
    return resolution


def _exactly_one(people):
    found = list(people.select_related("force", "rank", "unit")[:2])
    return found[0] if len(found) == 1 else None


# Cases ----------------------------------------------------------------------------------------
REFERENCE, SUBJECT, SUMMARY = 0, 1, 2
REASONS = {REFERENCE: "Reference", SUBJECT: "Subject", SUMMARY: "Summary"}
_REFERENCE = re.compile(r"(?:PSD[\s/-]*)?(?:(\d{4})[\s/-]+)?0*(\d{1,9})", re.IGNORECASE)


def reference_condition(text: str) -> Q | None:
    """A case reference, whole or in part: "PSD-2026-000073", "2026-73", "000073" or "73"
    (references are PSD-<year>-<six-digit number from a sequence>: Case.next_reference)."""
    text = text.strip()
    match = _REFERENCE.fullmatch(text)
    if not match:
        return None
    year, number = match.groups()
    if year:
        return Q(reference__iexact=f"PSD-{year}-{int(number):06d}")
    return Q(reference__endswith=f"-{int(number):06d}")


def cases_matching(cases, text: str, *, narrative: bool):
    """`cases` matching the text, annotated with `match_rank` (REFERENCE, SUBJECT, SUMMARY): by
    reference, by a subject's name or number, or (with `narrative`) by the summary's words.

    Each way is an IN-subquery or a condition on the case row (no join multiplies the rows).
    Whoever may not read narratives searches without the summary (permissions.reads_narratives)."""
    text = " ".join((text or "").split())
    if not text:
        return cases
    by_reference = reference_condition(text) or Q(pk__in=[])
    people = people_matching(text).order_by().values("pk")
    by_subject = Q(pk__in=CaseSubject.objects.filter(person__in=people).values("case_id"))
    conditions = [(by_reference, REFERENCE), (by_subject, SUBJECT)]
    if narrative:
        words = SearchQuery(text, config="english", search_type="websearch")
        matching_text = Case.objects.annotate(summary_vector=SUMMARY_VECTOR).filter(summary_vector=words).values("pk")
        conditions.append((Q(pk__in=matching_text), SUMMARY))
    anything = Q(pk__in=[])
    for condition, _rank in conditions:
        anything |= condition
    rank = SqlCase(
        *[When(c, then=Value(r)) for c, r in conditions], default=Value(SUMMARY), output_field=IntegerField()
    )
    return cases.filter(anything).annotate(match_rank=rank)


def explain_case_matches(cases, text: str) -> None:
    """Say why each case shown matched ("Reference", "Subject: Daniel Brown", "Summary"): one
    query for the subjects of the cases on the page that matched by a subject."""
    by_subject = [c for c in cases if getattr(c, "match_rank", None) == SUBJECT]
    names: dict[int, list[str]] = {}
    if by_subject:
        people = people_matching(text).order_by().values("pk")
        rows = (
            CaseSubject.objects.filter(case__in=[c.pk for c in by_subject], person__in=people)
            .select_related("person")
            .order_by("id")
        )
        for row in rows:
            names.setdefault(row.case_id, []).append(row.person.full_name)
    for case in cases:
        rank = getattr(case, "match_rank", None)
        if rank is None:
            continue
        reason = REASONS[rank]
        if rank == SUBJECT and names.get(case.pk):
            reason = f"Subject: {', '.join(names[case.pk])}"
        case.match_reason = reason
