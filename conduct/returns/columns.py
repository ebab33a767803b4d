"""The Home Office "Police misconduct, England and Wales" return as data: each column's name, where
it comes from, how it is derived and the values it may take (docs/home-office-return.md).

Sources. The Home Office's published pages (the statistics release for the years ending 31 March
2023 to 2025 and the "User guide to police misconduct statistics") say the collection is case
level; counts allegations, subjects and cases finalised in the financial year; covers complaints
investigated subject to special procedures, conduct matters and recordable conduct matters under
the 2020 regulations (matters that came to attention on or after 1 February 2020); groups officers
with special constables and staff with PCSOs and designated officers; and reports allegation and
breach type, case to answer, action taken, proceedings type, finding, disciplinary action, Police
Appeals Tribunal appeals, criminal proceedings, suspensions, timeliness and the subjects' age,
ethnicity and sex. The guide's own field list and code values were not in the stored pages, so
every column below marked TO_CONFIRM takes its name and values from DOMAIN.md ("Statutory returns
and fairness"), to confirm against the user guide before a real submission.
"""

from dataclasses import dataclass

from casework.characteristics import AGE_BANDS, HIGH_LEVEL_GROUPS, SEX

GUIDE = "Home Office, 'User guide to police misconduct statistics' and the annual release (gov.uk)"
TO_CONFIRM = "DOMAIN.md, to confirm against the user guide"


@dataclass(frozen=True)
class Column:
    name: str
    source: str
    derived: str
    allowed: tuple[str, ...] = ()  # empty: a date, a reference or free text (see `derived`)


# Values -----------------------------------------------------------------------------------
COMPLAINT = "Complaint (investigated subject to special procedures)"
CONDUCT_MATTER = "Conduct matter"
RECORDABLE = "Recordable conduct matter"
CASE_TYPES = (COMPLAINT, CONDUCT_MATTER, RECORDABLE)
REGIME = "Police (Conduct) Regulations 2020"
SUBJECT_TYPES = ("Police officer", "Special constable", "Police staff", "Designated volunteer")
NO_CASE, MISCONDUCT, GROSS = "No case to answer", "Misconduct", "Gross misconduct"
PROCEEDINGS, RPRP, NFA = "Referred to misconduct proceedings", "Reflective practice review process", "No further action"
FORUMS = ("Misconduct meeting", "Misconduct hearing", "Accelerated hearing")
FINDINGS = ("Misconduct found", "Gross misconduct found", "Not proven", "Proceedings withdrawn")
APPEALS = ("None", "Appeal from a misconduct meeting", "Police Appeals Tribunal")
APPEAL_RESULTS = ("Pending", "Dismissed", "Allowed: finding reversed", "Allowed: outcome substituted")
YES_NO = ("Yes", "No")
SEXES = tuple(label for _code, label in SEX)
AGES = tuple(label for _lower, label in AGE_BANDS)

COLUMNS = (
    Column("Case reference", "the case file", "The force's case reference (no names or numbers of people)."),
    Column("Subject", "the case file", "1, 2, ... : the subject's place on the case."),
    Column("Allegation", "the case file", "1, 2, ... : the allegation's place among the subject's."),
    Column(
        "Case type",
        f"{GUIDE}; {TO_CONFIRM}",
        "The case's matter type: a complaint investigated subject to special procedures, an internal conduct "
        "matter, or a recordable conduct matter. Complaints handled otherwise, or investigated without special "
        "procedures, and death or serious injury matters are outside the collection.",
        CASE_TYPES,
    ),
    Column(
        "Regulations",
        f"{GUIDE} (2020 regulations only; matters from 1 February 2020)",
        "Every case in the return: earlier matters are outside it.",
        (REGIME,),
    ),
    Column(
        "Subject type",
        f"{GUIDE} (officers include specials; staff include PCSOs and designated officers); {TO_CONFIRM}",
        "The person type on the register.",
        SUBJECT_TYPES,
    ),
    Column(
        "Former officer", TO_CONFIRM, "Yes when the subject had left the service when the case was received.", YES_NO
    ),
    Column(
        "Age band",
        f"{GUIDE} (age); bands: casework/characteristics.py AGE_BANDS, {TO_CONFIRM}",
        "The subject's age on the date the case was received, from the recorded date of birth.",
        AGES,
    ),
    Column(
        "Ethnicity",
        f"{GUIDE} (ethnicity); ONS Census 2021 high-level groups (casework/characteristics.py)",
        "The high-level group of the recorded ethnic group.",
        HIGH_LEVEL_GROUPS,
    ),
    Column("Sex", f"{GUIDE} (gender); Equality Act 2010 s.11", "The recorded sex.", SEXES),
    Column(
        "Allegation type",
        f"{GUIDE} (allegation type); {TO_CONFIRM}",
        "The allegation's categories (the force's allegation categories, reference data), joined with '; '.",
    ),
    Column(
        "Standard breached",
        f"{GUIDE} (breach type); Police (Conduct) Regulations 2020 Schedule 2",
        "The Standards of Professional Behaviour the allegation engages, joined with '; '.",
    ),
    Column(
        "Case to answer",
        f"{GUIDE}; {TO_CONFIRM}",
        "Referred to proceedings: the allegation's current severity (misconduct or gross misconduct). "
        "Otherwise no case to answer (no case to answer, reflective practice, no further action).",
        (NO_CASE, MISCONDUCT, GROSS),
    ),
    Column(
        "Action taken",
        f"{GUIDE}; {TO_CONFIRM}",
        "From the subject's proceedings: a meeting or hearing, reflective practice, or no further action.",
        (PROCEEDINGS, RPRP, NFA),
    ),
    Column("Proceedings type", GUIDE, "The forum the subject was referred to; blank when none.", FORUMS),
    Column("Finding", GUIDE, "The finding of the proceedings (after any appeal); blank when none.", FINDINGS),
    Column("Date of finding", TO_CONFIRM, "The day the finding and outcome were recorded (reg 42)."),
    Column(
        "Disciplinary action",
        f"{GUIDE}; Police (Conduct) Regulations 2020 reg 42",
        "The outcome (after any appeal); for police staff, the force procedure's outcome. Blank when none.",
    ),
    Column("Appeal", f"{GUIDE} (Police Appeals Tribunals); Conduct Regs reg 45", "The latest appeal's kind.", APPEALS),
    Column("Appeal result", GUIDE, "The latest appeal's result; blank without an appeal.", APPEAL_RESULTS),
    Column(
        "Criminal proceedings",
        GUIDE,
        "Yes when the allegation was charged (convicted or acquitted too), or misconduct proceedings were paused "
        "for criminal proceedings (Conduct Regs reg 10).",
        YES_NO,
    ),
    Column(
        "Suspended",
        f"{GUIDE} (suspensions); Conduct Regs reg 11",
        "Yes when the subject was suspended on the case.",
        YES_NO,
    ),
    Column("Date received", GUIDE, "The day the matter came to the force's attention (the case's date received)."),
    Column(
        "Date finalised",
        f"{GUIDE} (cases finalised in the year); conduct/appeals/selectors.py",
        "The day the case was finalised: every subject's proceedings and appeals over and, for a complaint, the "
        "complainant's review (DOMAIN.md).",
    ),
)
HEADER = [column.name for column in COLUMNS]
