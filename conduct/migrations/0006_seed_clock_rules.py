"""The legal clocks of DOMAIN.md ("Other clocks", plus the access-justification response of force
policy), as data an administrator can edit. Frozen here as the defaults of the day they were
seeded: later changes are data changes, made in the admin (and kept in the change history)."""

from django.db import migrations

# code, name, amount, unit, starts when, stops when, source, status
RULES = [
    (
        "suspension_written_confirmation",
        "Written confirmation of an oral suspension",
        3,
        "working_days",
        "The officer is told orally that they are suspended.",
        "The suspension and a summary of the reasons are confirmed to the officer in writing.",
        "Police (Conduct) Regulations, reg 11 (3 working days in the 2008 and 2012 text)",
        "confirmed",
    ),
    (
        "suspension_representations",
        "Officer's representations on suspension",
        7,
        "working_days",
        "The officer is given notice of the suspension.",
        "The officer's representations are received, or the suspension ends.",
        "Police (Conduct) Regulations 2020, reg 11",
        "to_confirm",
    ),
    (
        "suspension_review",
        "Suspension review",
        4,
        "weeks",
        "The suspension starts, or was last reviewed.",
        "The suspension is reviewed (the next review clock starts) or ends.",
        "Police (Conduct) Regulations 2020, reg 11; force policy on the review interval",
        "to_confirm",
    ),
    (
        "iopc_referral",
        "Mandatory referral to the IOPC",
        1,
        "end_of_next_day",
        "It first becomes clear that the matter must be referred.",
        "The referral is made to the IOPC.",
        "Police Reform Act 2002, Schedule 3; Police (Complaints and Misconduct) Regulations 2020, regs 4 and 7",
        "to_confirm",
    ),
    (
        "reg17_written_statement",
        "Officer's written statement after the reg 17 notice",
        10,
        "working_days",
        "The written notice of investigation (reg 17) is served on the officer.",
        "The officer's statement or representations are received (reg 18). Extendable.",
        "Police (Conduct) Regulations 2020, regs 17 and 18",
        "to_confirm",
    ),
    (
        "reg20_alternative_interview",
        "Alternative interview date offered by the officer",
        5,
        "working_days",
        "The officer is told the date proposed for the interview.",
        "The officer proposes an alternative date, or the interview takes place.",
        "Police (Conduct) Regulations 2020, reg 20",
        "confirmed",
    ),
    (
        "investigation_12_months",
        "Investigation exceeding 12 months: report",
        12,
        "months",
        "The matter came to the force's attention (the date received).",
        "The investigation ends, or the report is made (the 6-monthly report clock then starts).",
        "Police (Conduct) Regulations 2020, reg 19",
        "confirmed",
    ),
    (
        "investigation_6_monthly_report",
        "Investigation still running: further report",
        6,
        "months",
        "The previous report on an investigation past 12 months was due.",
        "The investigation ends, or the next report is made.",
        "Police (Conduct) Regulations 2020, reg 19",
        "confirmed",
    ),
    (
        "reg31_response",
        "Officer's response to the notice of referral",
        15,
        "working_days",
        "The officer is given notice of referral to misconduct proceedings (reg 30).",
        "The officer's response is received (reg 31), or the proceedings are withdrawn.",
        "Police (Conduct) Regulations 2020, reg 31",
        "confirmed",
    ),
    (
        "witness_lists",
        "Witness lists exchanged",
        3,
        "working_days",
        "The officer's response to the notice of referral (reg 31) is received.",
        "The lists of proposed witnesses are exchanged.",
        "Police (Conduct) Regulations 2020, after reg 31",
        "confirmed",
    ),
    (
        "pre_hearing",
        "Pre-hearing",
        15,
        "working_days",
        "The officer's response to the notice of referral (reg 31) is received.",
        "The pre-hearing takes place.",
        "Police (Conduct) Regulations 2020, reg 33",
        "confirmed",
    ),
    (
        "reg43_findings_report",
        "Report on findings after proceedings",
        5,
        "working_days",
        "The misconduct proceedings conclude.",
        "The report on the findings is given to the officer (reg 43).",
        "Police (Conduct) Regulations 2020, reg 43",
        "confirmed",
    ),
    (
        "outcome_publication",
        "Hearing outcome published",
        28,
        "calendar_days",
        "The outcome of a misconduct hearing is published.",
        "The outcome has been published for the period (at least 28 days) and may be taken down.",
        "Practice and College of Policing guidance",
        "to_confirm",
    ),
    (
        "rprp_account",
        "RPRP: officer's account",
        5,
        "working_days",
        "The matter is referred to the reflective practice review process.",
        "The officer's account is received.",
        "Police (Conduct) Regulations 2020, reflective practice review process",
        "confirmed",
    ),
    (
        "complainant_review",
        "Complainant's review application",
        28,
        "calendar_days",
        "The complainant is told the outcome of the complaint and their right of review.",
        "The application for a review is received, or the period ends.",
        "Police (Complaints and Misconduct) Regulations 2020, reg 29",
        "confirmed",
    ),
    (
        "access_justification_response",
        "Response to an access-justification request",
        10,
        "working_days",
        "The request to justify access to the records is sent.",
        "The person's answer is received.",
        "Force policy",
        "to_confirm",
    ),
]


def add_clock_rules(apps, schema_editor):
    """Idempotent: a rule already there (edited by an administrator, say) is left as it is."""
    rule_model = apps.get_model("conduct", "ClockRule")
    for code, name, amount, unit, starts_when, stops_when, source, status in RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "amount": amount,
                "unit": unit,
                "starts_when": starts_when,
                "stops_when": stops_when,
                "source": source,
                "status": status,
                "active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("conduct", "0005_clock_rules")]

    operations = [migrations.RunPython(add_clock_rules, migrations.RunPython.noop)]
