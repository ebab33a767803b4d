"""Who a report goes to, by the case's route, and on what ground each copy may be withheld
(docs/rules.md, "Reports on investigations past 12 months").

Conduct Regs 2020 reg 19: the local policing body (para (1)), unless it appears to the appropriate
authority that giving it might prejudice the investigation or any other investigation, criminal
included (para (3)); a copy to the officer concerned, subject to the harm test (para (4)).

C&M Regs 2020 reg 13 (Schedule 3): for an investigation by the force on its own behalf (Sch 3
para 16), the local policing body, with the same prejudice exception (para (1)(a)), and the
Director General (the IOPC), with none (para (1)(b)). For a directed or independent investigation
(paras 18, 19) the Director General reports, not the force (para (2)). Information to the
complainant and the person under investigation, subject to the harm test: to confirm.
"""

from dataclasses import dataclass

from casework.models import ComplainantContact
from conduct.cases import routes
from conduct.models import Handling, InvestigationMode, MatterType
from conduct.progress_reports.models import ProgressReportBody, Recipient, ReportBody, ReportRegime

CONDUCT_PREJUDICE = (
    "Police (Conduct) Regulations 2020, reg 19(3): giving it might prejudice the investigation or any "
    "other investigation (including a criminal investigation)."
)
CM_PREJUDICE = (
    "Police (Complaints and Misconduct) Regulations 2020, reg 13(1)(a): giving it might prejudice the "
    "investigation or any other investigation (including a criminal investigation)."
)
CONDUCT_HARM_TEST = "Police (Conduct) Regulations 2020, reg 19(4) and reg 4 (the harm test)."
CM_HARM_TEST = "The harm test (Police (Complaints and Misconduct) Regulations 2020, reg 13; to confirm)."
IOPC_REPORTS = (
    "A directed or independent investigation: the IOPC's Director General reports on it, not the force "
    "(Police (Complaints and Misconduct) Regulations 2020, reg 13(2)). Recording it here notes that the "
    "report was made and writes no letter."
)


@dataclass(frozen=True)
class Addressee:
    key: str  # the form's name for this recipient: "local_policing_body", "officer-12", ...
    recipient: str
    name: str
    ground: str  # the provision allowing the copy to be withheld; "" when it may not be
    person: object = None
    email: str = ""
    address: str = ""

    @property
    def label(self) -> str:
        return Recipient(self.recipient).label


def regime_of(case) -> str:
    route = routes.route_of(case)
    if route is None or route.matter_type == MatterType.INTERNAL:
        return ReportRegime.CONDUCT
    return ReportRegime.SCHEDULE_3


def reported_by_iopc(case) -> bool:
    route = routes.route_of(case)
    return (
        regime_of(case) == ReportRegime.SCHEDULE_3
        and route.handling == Handling.INVESTIGATION
        and route.mode in (InvestigationMode.DIRECTED, InvestigationMode.INDEPENDENT)
    )


def _body(bodies, code) -> dict:
    row = bodies.get(code)
    if row is None:
        return {"name": ReportBody(code).label, "email": "", "address": ""}
    return {"name": row.name, "email": row.email, "address": row.address.strip()}


def addressees(case) -> list[Addressee]:
    """Each recipient of the report on this case, in the order the letters are written."""
    if reported_by_iopc(case):
        return []
    schedule_3 = regime_of(case) == ReportRegime.SCHEDULE_3
    bodies = {row.body: row for row in ProgressReportBody.objects.all()}
    found = [
        Addressee(
            Recipient.LOCAL_POLICING_BODY,
            Recipient.LOCAL_POLICING_BODY,
            ground=CM_PREJUDICE if schedule_3 else CONDUCT_PREJUDICE,
            **_body(bodies, ReportBody.LOCAL_POLICING_BODY),
        )
    ]
    if schedule_3:
        found.append(Addressee(Recipient.IOPC, Recipient.IOPC, ground="", **_body(bodies, ReportBody.IOPC)))
    harm = CM_HARM_TEST if schedule_3 else CONDUCT_HARM_TEST
    for subject in case.subjects.select_related("person").order_by("pk"):
        person = subject.person
        found.append(Addressee(f"officer-{person.pk}", Recipient.OFFICER, person.full_name, harm, person=person))
    if routes.is_complaint(case):
        contact = ComplainantContact.objects.filter(case=case).first()
        found.append(
            Addressee(
                Recipient.COMPLAINANT,
                Recipient.COMPLAINANT,
                case.complainant_name or "The complainant",
                harm,
                email=contact.email if contact else "",
                address=contact.address.strip() if contact else "",
            )
        )
    return found
