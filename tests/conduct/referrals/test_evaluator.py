"""The IOPC referral evaluator, table-driven: every criterion, combinations, the same-incident and
chief-officer rules, and cases that do not qualify. The rules are built from the seed data of the
migration (no database), so the tables also check what the migration loads; a few tests at the
end read the facts and rules from the database."""

import importlib

import pytest

from casework.models import CaseLink, Rank
from casework.models.cases import LinkKind, Origin
from conduct.models import AllegationCategory, ReferralCriterion
from conduct.referrals import criteria as referrals
from conduct.referrals.criteria import AllegationFacts, CaseFacts, CriterionRule, Match, Reason, SubjectFacts
from tests.factories import PersonFactory, make_case

SEED = importlib.import_module("conduct.migrations.0008_iopc_referrals")
BASE = importlib.import_module("conduct.migrations.0002_reference_data")
CATEGORY_NAMES = {code: name for code, name in BASE.CATEGORIES} | {code: name for code, name, _ in SEED.CATEGORIES}


def seeded_rules() -> list[CriterionRule]:
    return [
        CriterionRule(
            code=code,
            name=name,
            categories={c: CATEGORY_NAMES[c] for c in categories},
            origins=frozenset(origins),
            chief_officer_subject=flags.get("chief_officer_subject", False),
            same_incident_as_referred=flags.get("same_incident_as_referred", False),
        )
        for code, name, _description, categories, origins, flags in SEED.CRITERIA
    ]


RULES = seeded_rules()


def allegation(*categories, id=1, subject="Dana Whitlock", criminal=False, chief=False, rank="Police constable"):
    return AllegationFacts(
        id=id, subject=subject, categories=frozenset(categories), criminal=criminal, chief_officer=chief, rank=rank
    )


def facts(*allegations, origin=Origin.CONDUCT_MATTER, subjects=(), same_incident=()):
    return CaseFacts(
        origin=origin, subjects=tuple(subjects), allegations=tuple(allegations), same_incident_referred=same_incident
    )


def met(case_facts, rules=RULES) -> list[str]:
    return [m.code for m in referrals.criteria_met(case_facts, rules)]


CHIEF = SubjectFacts("Jane Ross", "Chief constable", chief_officer=True)
CONSTABLE = SubjectFacts("Dana Whitlock", "Police constable")


# Every criterion --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("case_facts", "expected"),
    [
        pytest.param(facts(origin=Origin.DSI_MATTER), ["death_or_serious_injury"], id="DSI matter (origin)"),
        pytest.param(facts(allegation("death-serious-injury")), ["death_or_serious_injury"], id="death or injury"),
        pytest.param(facts(allegation("serious-assault")), ["serious_assault"], id="serious assault"),
        pytest.param(facts(allegation("serious-sexual-offence")), ["serious_sexual_offence"], id="serious sexual"),
        pytest.param(facts(allegation("serious-corruption")), ["serious_corruption"], id="serious corruption"),
        pytest.param(facts(allegation("abuse-of-position-sexual")), ["serious_corruption"], id="APSP sexual"),
        pytest.param(facts(allegation("abuse-of-position-emotional")), ["serious_corruption"], id="APSP emotional"),
        pytest.param(facts(allegation("discrimination")), ["discrimination_aggravated"], id="discrimination"),
        pytest.param(facts(allegation("relevant-offence")), ["relevant_offence"], id="relevant offence"),
        pytest.param(
            facts(allegation("other", chief=True, rank="Chief constable"), subjects=[CHIEF]),
            ["chief_officer"],
            id="chief officer with an allegation",
        ),
        pytest.param(facts(subjects=[CHIEF]), ["chief_officer"], id="chief officer, no allegation yet"),
        pytest.param(facts(allegation("other"), same_incident=("PSD-2026-000001",)), ["same_incident"], id="same"),
    ],
)
def test_every_criterion(case_facts, expected):
    assert met(case_facts) == expected


def test_every_seeded_criterion_is_in_the_table():
    assert {code for code, *_ in SEED.CRITERIA} == {
        "death_or_serious_injury",
        "serious_assault",
        "serious_sexual_offence",
        "serious_corruption",
        "discrimination_aggravated",
        "relevant_offence",
        "chief_officer",
        "same_incident",
    }


# Combinations -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("case_facts", "expected"),
    [
        pytest.param(
            facts(allegation("serious-sexual-offence", "discrimination")),
            ["serious_sexual_offence", "discrimination_aggravated"],
            id="two categories on one allegation",
        ),
        pytest.param(
            facts(allegation("serious-assault", id=1), allegation("abuse-of-position-sexual", id=2, subject="Ann")),
            ["serious_assault", "serious_corruption"],
            id="two allegations, two criteria",
        ),
        pytest.param(
            facts(
                allegation("serious-assault", chief=True, rank="Assistant chief constable"),
                origin=Origin.DSI_MATTER,
                subjects=[SubjectFacts("Jane Ross", "Assistant chief constable", True)],
            ),
            ["death_or_serious_injury", "serious_assault", "chief_officer"],
            id="DSI, assault, chief officer",
        ),
        pytest.param(
            facts(allegation("discrimination"), same_incident=("PSD-2026-000007",)),
            ["discrimination_aggravated", "same_incident"],
            id="criterion and the same incident",
        ),
        pytest.param(
            facts(allegation("other", "social-media", "discrimination", "criminal-offence", criminal=True)),
            ["discrimination_aggravated"],
            id="the group chat: only the discrimination counts",
        ),
    ],
)
def test_combinations(case_facts, expected):
    assert met(case_facts) == expected


# Cases that do not qualify ----------------------------------------------------------------
@pytest.mark.parametrize(
    "case_facts",
    [
        pytest.param(facts(allegation("other")), id="other"),
        pytest.param(facts(allegation("sexual-misconduct")), id="sexual misconduct (not an offence)"),
        pytest.param(facts(allegation("use-of-force")), id="use of force (not serious assault)"),
        pytest.param(facts(allegation("corruption")), id="corruption (not serious)"),
        pytest.param(facts(allegation("dishonesty", "data-misuse", "social-media", "domestic-abuse")), id="several"),
        pytest.param(facts(allegation("criminal-offence", criminal=True)), id="a criminal offence alone"),
        pytest.param(facts(origin=Origin.PUBLIC_COMPLAINT), id="a complaint with no allegation"),
        pytest.param(facts(subjects=[SubjectFacts("Sam Hill", "Chief superintendent")]), id="senior, not chief"),
        pytest.param(facts(subjects=[CONSTABLE]), id="a constable"),
        pytest.param(facts(), id="nothing recorded"),
    ],
)
def test_non_qualifying_cases(case_facts):
    assert met(case_facts) == []


# The reasons say what met the criterion ---------------------------------------------------
def test_reasons_name_the_subject_and_category_and_the_allegation():
    (match,) = referrals.criteria_met(facts(allegation("serious-sexual-offence", id=42)), RULES)
    assert match.reasons == (Reason("Allegation against Dana Whitlock: Serious sexual offence.", 42),)
    assert match.allegation_ids == {42}


def test_the_same_incident_rule_names_each_referred_case():
    (match,) = referrals.criteria_met(facts(same_incident=("PSD-2026-000001", "PSD-2026-000002")), RULES)
    assert match.code == "same_incident"
    assert [r.text for r in match.reasons] == [
        "Same incident as PSD-2026-000001, whose referral to the IOPC is mandatory.",
        "Same incident as PSD-2026-000002, whose referral to the IOPC is mandatory.",
    ]
    assert match.allegation_ids == set()


def test_the_chief_officer_rule_ties_each_of_their_allegations_to_it():
    chief_facts = facts(
        allegation("other", id=1, subject="Jane Ross", chief=True, rank="Chief constable"),
        allegation("other", id=2),  # a constable on the same case
        subjects=[CHIEF, CONSTABLE],
    )
    (match,) = referrals.criteria_met(chief_facts, RULES)
    assert match.allegation_ids == {1}
    assert match.reasons[0].text == "Allegation against Jane Ross, a chief officer (Chief constable)."


# A criterion that counts only criminal allegations (a flag administrators may set) ----------
CRIMINAL_ONLY = CriterionRule(
    "sexual_crime", "Sexual offence", {"sexual-misconduct": "Sexual misconduct"}, frozenset(), criminal_only=True
)


@pytest.mark.parametrize(
    ("criminal", "expected"), [(False, []), (True, ["sexual_crime"])], ids=["no investigation", "criminal"]
)
def test_a_criminal_only_criterion(criminal, expected):
    assert met(facts(allegation("sexual-misconduct", criminal=criminal)), [CRIMINAL_ONLY]) == expected


# What is new after a referral -------------------------------------------------------------
def _match(code, *allegation_ids):
    reasons = tuple(Reason(f"allegation {a}", a) for a in allegation_ids) or (Reason("case-wide"),)
    return Match(code, code, reasons)


@pytest.mark.parametrize(
    ("matches", "codes", "allegations", "expected"),
    [
        pytest.param([_match("a", 1)], set(), set(), [("a", {1})], id="nothing covered yet"),
        pytest.param([_match("a", 1)], {"a"}, {1}, [], id="all covered"),
        pytest.param([_match("a", 1, 2)], {"a"}, {1}, [("a", {2})], id="a new allegation: a new concern"),
        pytest.param([_match("a", 1), _match("b", 1)], {"a"}, {1}, [("b", {1})], id="a new criterion"),
        pytest.param([_match("dsi")], {"dsi"}, set(), [], id="a case-wide criterion already covered"),
    ],
)
def test_uncovered(matches, codes, allegations, expected):
    assert [(m.code, m.allegation_ids) for m in referrals.uncovered(matches, codes, allegations)] == expected


# From the database ------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_rules_from_the_database_match_the_seed():
    assert referrals.active_rules() == RULES
    ReferralCriterion.objects.filter(code="discrimination_aggravated").update(active=False)
    assert "discrimination_aggravated" not in [r.code for r in referrals.active_rules()]


@pytest.mark.django_db
def test_an_administrator_linking_a_category_changes_what_is_met(personas, team, home_force):
    ReferralCriterion.objects.get(code="serious_corruption").categories.add(
        AllegationCategory.objects.get(code="corruption")
    )
    case = make_case(personas.investigator, team, [PersonFactory(force=home_force)], categories=("corruption",))
    assert met(referrals.case_facts(case), referrals.active_rules()) == ["serious_corruption"]


@pytest.mark.django_db
def test_case_facts_read_ranks_categories_criminal_flags_and_same_incident_links(personas, team, home_force):
    chief = PersonFactory(
        force=home_force, first_name="Jane", last_name="Ross", rank=Rank.objects.get(name="Chief constable")
    )
    case = make_case(personas.investigator, team, [chief], categories=("other", "criminal-offence"))
    other = make_case(personas.investigator, team, [PersonFactory(force=home_force)], categories=("serious-assault",))
    CaseLink.objects.create(
        case=case, linked_case=other, kind=LinkKind.SAME_INCIDENT, reason="r", created_by=personas.investigator
    )
    read = referrals.case_facts(case)
    assert read.subjects == (SubjectFacts("Jane Ross", "Chief constable", True),)
    (one,) = read.allegations
    assert one.categories == {"other", "criminal-offence"} and one.criminal and one.chief_officer
    assert read.same_incident_referred == (other.reference,)
