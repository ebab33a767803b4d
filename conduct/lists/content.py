"""What a report to the College must contain, built from the record: each item with the paragraph
that asks for it (Police Barred List and Police Advisory List Regulations 2017: reg 3(2) for the
Barred List, reg 12(2) for the Advisory List; a further report names the report it follows and the
event that ends the entry, s.88F and s.88L of the Police Act 1996).

The date of birth is required by reg 3(2)(c) and reg 12(2)(c): it goes in the report (a disclosure
the law requires), but the pages show it only to those who may see special category data
(casework.characteristics)."""

from dataclasses import dataclass

from casework.models import RESIGNED_OR_RETIRED, LeavingReason, PersonType
from conduct.lists.models import ADVISORY_ENTRIES, ListKind, ListReport, ListTrigger
from conduct.models import Finding, Outcome, Stage

NOT_HELD = "Not held by the force"
FORUMS = {
    Stage.MEETING: "Misconduct meeting",
    Stage.HEARING: "Misconduct hearing",
    Stage.ACCELERATED: "Accelerated misconduct hearing",
}


@dataclass(frozen=True)
class Item:
    ref: str  # the paragraph that asks for it, e.g. "reg 3(2)(a)"
    label: str
    value: str
    special: bool = False  # special category data: shown only to those who may see it
    missing: bool = False  # the law asks for it and the record does not hold it

    def as_dict(self) -> dict:
        return {"ref": self.ref, "label": self.label, "value": self.value, "special": self.special}


def _day(value) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _date_of_birth(person) -> str:
    characteristics = getattr(person, "characteristics", None)
    return _day(characteristics.date_of_birth) if characteristics and characteristics.date_of_birth else ""


def _was_former(person, on) -> bool:
    return person.left_service_on is not None and person.left_service_on < on


def _status(person, on) -> str:
    former = _was_former(person, on)
    if person.person_type == PersonType.STAFF:
        return "Former civilian police employee" if former else "Civilian police employee"
    if person.person_type == PersonType.VOLUNTEER:
        return "Designated volunteer"
    word = "special constable" if person.person_type == PersonType.SPECIAL else "police officer"
    return f"Former {word}" if former else word.capitalize()


def _allegations(report: ListReport):
    subject = report.proceedings.subject if report.proceedings_id else None
    if subject is None and report.case_id:
        subject = report.case.subjects.filter(person=report.person).first()
    if subject is None:
        return []
    return list(subject.allegations.prefetch_related("standards").order_by("pk"))


def default_summary(report: ListReport) -> str:
    """The description of the conduct (or summary of the allegation) offered for the preparer to
    edit: the allegations as recorded."""
    lines = [f"{n}. {a.description}" for n, a in enumerate(_allegations(report), start=1)]
    return "\n".join(lines)


def _standards(report) -> str:
    names = []
    for allegation in _allegations(report):
        names += [s.name for s in allegation.standards.all() if s.name not in names]
    return ", ".join(names) or "None recorded"


def _identity(report, reg: str) -> list[Item]:
    person = report.person
    dob = _date_of_birth(person)
    return [
        Item(f"{reg}(a)", "Full name", person.full_name),
        Item(f"{reg}(b)", "The police force concerned", person.force.name),
        Item(f"{reg}(c)", "Date of birth", dob or NOT_HELD, special=True),  # "if held" (issue 21)
    ]


def _rank_and_number(report, ref_rank: str, ref_number: str) -> list[Item]:
    person = report.person
    items = []
    if person.person_type in (PersonType.OFFICER, PersonType.SPECIAL):
        items.append(Item(ref_rank, "Rank", person.rank.name if person.rank_id else "Not recorded"))
    items.append(Item(ref_number, "Warrant, collar or staff number", person.number))
    return items


def _what_happened(report) -> str:
    proceedings = report.proceedings
    if proceedings is None:
        return ListTrigger(report.trigger).label
    parts = []
    if proceedings.finding:
        parts.append(Finding(proceedings.finding).label)
    if proceedings.outcome:
        parts.append(Outcome(proceedings.outcome).label)
    elif proceedings.staff_outcome_id:
        parts.append(str(proceedings.staff_outcome))
    return "; ".join(parts) or ListTrigger(report.trigger).label


def _barred(report, summary: str) -> list[Item]:
    person, on = report.person, report.trigger_on
    former = _was_former(person, on)
    rank_ref, number_ref = ("reg 3(2)(f)(i)", "reg 3(2)(f)(ii)") if former else ("reg 3(2)(e)(i)", "reg 3(2)(e)(ii)")
    if person.person_type == PersonType.STAFF:
        number_ref = "reg 3(2)(h)" if former else "reg 3(2)(g)"
    dismissal = report.trigger != ListTrigger.WOULD_HAVE_BEEN_DISMISSED
    items = [
        *_identity(report, "reg 3(2)"),
        Item("reg 3(2)(d)", "Status at the relevant time", _status(person, on)),
        *_rank_and_number(report, rank_ref, number_ref),
        Item("reg 3(2)(i)", "Reasons for the " + ("dismissal" if dismissal else "finding"), _what_happened(report)),
        Item("reg 3(2)(i)(i)", "Description of the conduct", summary, missing=not summary.strip()),
        Item("reg 3(2)(i)(ii)", "Standards of Professional Behaviour breached", _standards(report)),
        Item("reg 3(2)(j)", "Date of the " + ("dismissal" if dismissal else "finding"), _day(on)),
    ]
    advisory = (
        ListReport.objects.filter(person=person, kind=ListKind.ADVISORY, trigger__in=ADVISORY_ENTRIES)
        .exclude(made_on=None)
        .order_by("made_on")
        .first()
    )
    if advisory is not None:
        items.append(
            Item(
                "reg 3(2)(k)",
                "Reported to the Advisory List under s.88I(1)",
                f"Yes: reported on {_day(advisory.made_on)}",
            )
        )
    return items


def _advisory(report, summary: str) -> list[Item]:
    person, proceedings = report.person, report.proceedings
    forum = FORUMS.get(proceedings.forum, "") if proceedings is not None else ""
    return [
        *_identity(report, "reg 12(2)"),
        Item(
            "reg 12(2)(d)(i)",
            "Police officer or civilian police employee at the relevant time",
            _status(person, report.trigger_on),
        ),
        *_rank_and_number(report, "reg 12(2)(d)(ii)", "reg 12(2)(d)(ii)-(iii)"),
        Item("reg 12(2)(d)(iv)", "Date of the relevant event (resignation or retirement)", _day(report.trigger_on)),
        Item("reg 12(2)(d)(v)", "Summary of the relevant allegation", summary, missing=not summary.strip()),
        Item("reg 12(2)(d)(vi)", "Form of the disciplinary proceedings brought", forum or "None brought"),
    ]


def _after_leaving(report, summary: str) -> list[Item]:
    """s.88I(1)(b): reg 12(2)(e). Whether they resigned or retired comes from the register; the law
    asks for it, so a report whose person's reason is not recorded cannot be prepared."""
    person = report.person
    left_by = person.left_by if person.left_by in RESIGNED_OR_RETIRED else ""
    left = person.left_on
    how = LeavingReason(left_by).label if left_by else "Not recorded on the register"
    word = "special constable" if person.person_type == PersonType.SPECIAL else "police officer"
    return [
        *_identity(report, "reg 12(2)"),
        Item("reg 12(2)(e)(i)", f"Rank when last a {word}", person.rank.name if person.rank_id else "Not recorded"),
        Item("reg 12(2)(e)(i)", "Warrant or other identifying number when last serving", person.number),
        Item("reg 12(2)(e)(ii)", "Date they ceased to serve", _day(left) or "Not recorded", missing=left is None),
        Item("reg 12(2)(e)(ii)", "Whether they resigned or retired", how, missing=not left_by),
        Item(
            "reg 12(2)(e)(iii)",
            "Date of the relevant event (the allegation came to notice)",
            _day(report.trigger_on),
        ),
        Item("reg 12(2)(e)(iv)", "Summary of the relevant allegation", summary, missing=not summary.strip()),
    ]


def _further(report, summary: str) -> list[Item]:
    followed = report.follows
    section = "s.88L(2)" if report.trigger == ListTrigger.ADVISORY_ENDED else "s.88F(1)"
    items = [
        *_identity(report, section),
        Item(section, "Warrant, collar or staff number", report.person.number),
        Item(
            section,
            "The report this follows",
            f"{followed.get_kind_display()} report made on {_day(followed.made_on)}"
            + (f" (College reference {followed.college_reference})" if followed.college_reference else "")
            if followed is not None and followed.made
            else "Not yet made",
        ),
        Item(section, "What has happened", ListTrigger(report.trigger).label),
        Item(section, "Date", _day(report.trigger_on)),
        Item(section, "Details", summary, missing=not summary.strip()),
    ]
    return items


def build(report: ListReport, summary: str | None = None) -> list[Item]:
    """The report's items, in the order the regulation lists them."""
    summary = (summary if summary is not None else report.summary or default_summary(report)).strip()
    if report.is_further_report:
        return _further(report, summary)
    if report.trigger == ListTrigger.ALLEGATION_AFTER_LEAVING:
        return _after_leaving(report, summary)
    if report.kind == ListKind.ADVISORY:
        return _advisory(report, summary)
    return _barred(report, summary)


def missing(items: list[Item]) -> list[Item]:
    return [item for item in items if item.missing]
