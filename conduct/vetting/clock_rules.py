"""The vetting route's clocks as data (conduct.ClockRule rows, seeded by migration 0022 and edited by
administrators). Each names its source. The periods below are NOT yet read from the text of the
Police (Vetting) Regulations 2025: the stored copies of the law available when this was written
held the Regulations' opening provisions only. Every rule is therefore "to confirm", and its source
says so and where to read it; an administrator corrects the number in the admin once checked
(docs/vetting.md, "Clocks")."""

REGULATIONS = "Police (Vetting) Regulations 2025 (SI 2025/502), https://www.legislation.gov.uk/uksi/2025/502/contents"
GUIDANCE = (
    "Statutory guidance: withdrawal of police vetting clearance (Home Office, July 2025), "
    "https://www.gov.uk/government/publications/withdrawal-of-police-vetting-clearance"
)

VETTING_REPRESENTATIONS = "vetting_representations"
VETTING_DECISION = "vetting_decision"
VETTING_APPEAL = "vetting_appeal"

RULES = [
    {
        "code": VETTING_REPRESENTATIONS,
        "name": "Officer's representations on a vetting review",
        "amount": 10,
        "unit": "working_days",
        "starts_when": "The officer is given written notice that their vetting clearance is under review.",
        "stops_when": "The officer's representations are received, or the time for them passes without any.",
        "source": f"{REGULATIONS}, Part 3 (withdrawal assessment: notice to the officer concerned and their "
        "representations). TO CONFIRM: the period is not yet read from the text; 10 working days is a "
        "placeholder taken from the comparable Conduct Regulations 2020 reg 18 (written statement after the "
        "reg 17 notice), not from the Vetting Regulations.",
        "status": "to_confirm",
    },
    {
        "code": VETTING_DECISION,
        "name": "Decision on a vetting review",
        "amount": 15,
        "unit": "working_days",
        "starts_when": "The officer's representations are received, or the time for them passes.",
        "stops_when": "The decision (clearance kept, modified or withdrawn) is recorded.",
        "source": f"{REGULATIONS}, Part 3 (outcome of the withdrawal assessment); {GUIDANCE}. TO CONFIRM: no "
        "period for the decision is yet read from the text; 15 working days is the force's working target "
        "(policy), a placeholder until confirmed.",
        "status": "to_confirm",
    },
    {
        "code": VETTING_APPEAL,
        "name": "Notice of appeal against a vetting decision",
        "amount": 10,
        "unit": "working_days",
        "starts_when": "The officer is given written notice of a decision to withdraw or modify their clearance.",
        "stops_when": "The officer gives notice of appeal, or the period ends without one.",
        "source": f"{REGULATIONS}, Part 4 (appeals: to an appeal panel, then to the Police Appeals Tribunal); "
        f"{GUIDANCE} (non-statutory annex on appeals). TO CONFIRM: the period is not yet read from the text; "
        "10 working days is a placeholder taken from the Police Appeals Tribunals Rules 2020 notice period.",
        "status": "to_confirm",
    },
]


def seed(apps, schema_editor):
    """Idempotent: a rule already there (edited by an administrator, say) is left as it is."""
    rule_model = apps.get_model("conduct", "ClockRule")
    for rule in RULES:
        rule_model.objects.get_or_create(code=rule["code"], defaults=rule)
