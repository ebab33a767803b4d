"""The benchmark data set: a force's (or the country's) decade of casework, written straight into
PostgreSQL with COPY. Deterministic from the seed: the same scale and seed give the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/psd_bench_small REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/generate.py --scale small [--seed 11]
    make bench-data SCALE=force

The database named in DATABASE_URL is created if missing, migrated, and its casework replaced
(reference data such as allegation categories, ranks and clock rules is kept). Never point it
at a database whose data matters.

Shape of the data (see SCALES): most cases closed (open ones are mostly recent), a long tail
of people with many cases (a few dozen people draw a share of all allegations, one of them
hundreds), teams of investigators, per-case grants (one investigator, `bench-granted`, holds
5,000 on other teams' cases), duty decisions on open cases, IOPC referrals, open deadlines and
the consultation log. History triggers and foreign-key checks are off while loading (a
superuser session setting): the rows are plain data to the pages under test. The consultation
log's hash chain is not a real chain (the hashes are numbers): do not verify it here.
"""

import argparse
import bisect
import itertools
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from _setup import setup


@dataclass(frozen=True)
class Scale:
    people: int
    cases: int
    allegations: int
    consultations: int
    open_deadlines: int
    teams: int
    investigators_per_team: int
    forces: int = 1


SCALES = {
    "tiny": Scale(500, 1_000, 2_500, 20_000, 200, 3, 3),  # for a quick look and the harness's own check
    "small": Scale(5_000, 10_000, 25_000, 200_000, 2_000, 5, 4),
    "force": Scale(50_000, 100_000, 250_000, 5_000_000, 20_000, 20, 8),
    "national": Scale(250_000, 500_000, 1_250_000, 25_000_000, 100_000, 60, 8, forces=43),
}

GRANTED_CASES = 5_000  # per-case grants held by `bench-granted` (the visible-cases measurement)
YEARS = 10
# "Today" of the data set is the day it is generated; dates run back ten years from it.
NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.date()

FIRST_NAMES = (
    "Oliver Amelia George Isla Harry Ava Jack Mia Jacob Ivy Noah Lily Charlie Isabella Muhammad Rosie Thomas "
    "Sophia Oscar Grace William Freya James Willow Leo Evie Alfie Florence Henry Emily Joshua Ella Freddie Poppy "
    "Archie Evelyn Ethan Sienna Isaac Alice Alexander Daisy Joseph Elsie Edward Matilda Samuel Harper Max Aria "
    "Daniel Ruby Arthur Phoebe Lucas Chloe Mohammed Jessica Theo Olivia Logan Sophie Adam Layla Dylan Zara "
    "Priya Aisha Kwame Tomasz Siobhan Rhys Cerys Dafydd Gethin Niamh Callum Eilidh Bartosz Amara Chidi"
).split()
LAST_NAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright "
    "Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill "
    "Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker "
    "Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy "
    "Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman "
    "Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight "
    "Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Okafor Nowak Kowalski Mensah"
).split()
PLACES = (
    "Riverside Northgate Eastfield Westbrook Hillcrest Marketon Ashford Kingsmead Stonebridge Lowther Harbourside "
    "Millbrook Oakley Fairview Greenhill Castlegate Parkside Brookfield Elmstead Redcliffe"
).split()
CONDUCT = [
    "failed to record a report of domestic abuse",
    "used excessive force during an arrest",
    "searched police systems without a policing purpose",
    "posted offensive messages in a group chat",
    "made inappropriate comments to a member of the public",
    "failed to secure property seized at a search",
    "was rude and dismissive to a complainant",
    "disclosed information about an investigation to a friend",
    "pursued a relationship with a vulnerable victim",
    "was discourteous during a roadside stop",
    "failed to attend a call graded as an emergency",
    "shared an offensive image on social media",
    "drove a police vehicle dangerously",
    "failed to follow safeguarding procedures",
    "submitted false overtime claims",
    "treated a detained person unfairly because of their race",
    "lost a prisoner's property",
    "did not investigate a reported burglary",
]
PURPOSES = [
    "Investigation of the complaint",
    "Preparing the severity assessment",
    "Reviewing the suspension decision",
    "Supervisory review of the case",
    "Responding to the IOPC",
    "Preparing correspondence to the officer",
    "Audit of access to the record",
    "Checking for linked matters",
]
ORIGINS = ["public_complaint"] * 6 + ["conduct_matter"] * 3 + ["internal_report"] * 2 + ["whistleblowing"]
HOW = ["online", "email", "telephone", "in_person", "letter", "internal", "iopc"]
# Allegation categories by code and weight; "other" takes what is not named.
CATEGORY_WEIGHTS = {
    "sexual-misconduct": 6,
    "abuse-of-position-sexual": 2,
    "domestic-abuse": 4,
    "discrimination": 8,
    "dishonesty": 8,
    "corruption": 2,
    "data-misuse": 8,
    "social-media": 6,
    "use-of-force": 12,
    "criminal-offence": 4,
    "other": 40,
}
CRIMINAL_CLOSED = [("none", 85), ("nfa", 6), ("convicted", 3), ("acquitted", 3), ("charged", 1), ("open", 2)]
CRIMINAL_OPEN = [("none", 80), ("open", 12), ("charged", 3), ("nfa", 5)]
OPEN_STAGES = ["assessment", "investigation", "investigation", "notice_served", "interviewed", "report", "meeting"]
SEVERITIES = ["no_case_to_answer", "practice_requiring_improvement", "misconduct", "gross_misconduct"]


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def ts(moment: datetime) -> str:
    return moment.isoformat()


class Copier:
    """Rows for one table as COPY text, spooled to a temporary file and sent when closed (one
    connection runs one COPY at a time, and several tables are written together). Text here
    never holds tabs, newlines or backslashes, so no escaping is needed; None is NULL."""

    def __init__(self, cursor, table, columns):
        self.cursor = cursor
        self.statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.rows = 0

    def row(self, *values):
        self.file.write("\t".join("\\N" if v is None else str(v) for v in values))
        self.file.write("\n")
        self.rows += 1

    def close(self):
        self.file.seek(0)
        with self.cursor.copy(self.statement) as copy:
            while chunk := self.file.read(1 << 20):
                copy.write(chunk)
        self.file.close()
        return self.rows


# Tables the generator fills. Their plain indexes are dropped while loading and rebuilt after
# (much faster than maintaining them row by row); constraint indexes stay.
TABLES = [
    "casework_force",
    "casework_unit",
    "casework_person",
    "casework_protectedcharacteristics",
    "casework_team",
    "casework_team_members",
    "casework_case",
    "casework_casesubject",
    "conduct_proceedings",
    "conduct_allegation",
    "conduct_allegation_categories",
    "conduct_severityassessment",
    "casework_dutystatusentry",
    "conduct_dutydecision",
    "conduct_referral",
    "casework_deadline",
    "casework_caseuserobjectpermission",
    "casework_consultation",
]


class Generator:
    def __init__(self, scale: Scale, seed: int, cursor, log=print):
        self.s = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.cur = cursor
        self.log = log
        self.counts = {}

    # -- users (the ORM: a few hundred rows, and roles are groups) --------------------------
    def users(self):
        from casework.roles import Role
        from casework.services import upsert_user

        self.head = upsert_user(username="bench-head", role=Role.HEAD_OF_PSD, first_name="Helen", last_name="Head")
        self.aa = upsert_user(username="bench-aa", role=Role.APPROPRIATE_AUTHORITY, first_name="Alan", last_name="Aa")
        self.auditor = upsert_user(username="bench-auditor", role=Role.AUDITOR)
        self.granted = upsert_user(username="bench-granted", role=Role.INVESTIGATOR, first_name="Grace")
        self.team_members = []
        for t in range(self.s.teams):
            self.team_members.append(
                [
                    upsert_user(
                        username=f"bench-inv-{t:02d}-{k}",
                        role=Role.INVESTIGATOR,
                        first_name=self.rng.choice(FIRST_NAMES),
                        last_name=self.rng.choice(LAST_NAMES),
                    ).pk
                    for k in range(self.s.investigators_per_team)
                ]
            )
        self.investigators = [pk for team in self.team_members for pk in team]

    # -- reset ------------------------------------------------------------------------------
    def reset(self):
        # Replica first: no triggers, no FK checks, and past the logs' TRUNCATE guard
        # (casework/db_roles.py), which this benchmark database's superuser may pass.
        self.cur.execute("SET session_replication_role = replica")
        self.cur.execute("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE")
        self.cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)",
            [TABLES],
        )
        self.dropped = self.cur.fetchall()
        for name, _definition in self.dropped:
            self.cur.execute(f'DROP INDEX "{name}"')

    def rebuild(self):
        from conduct.cases.models import FILL_CURRENT_SEVERITY_SQL

        # What the trigger keeps, which was off while loading; filled with the triggers still off, or
        # the foreign-key checks it queues on rows this transaction inserted block the index builds.
        self.cur.execute(FILL_CURRENT_SEVERITY_SQL)
        self.cur.execute("SET session_replication_role = DEFAULT")
        self.cur.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in self.dropped:
            self.cur.execute(definition)
        for table in TABLES:
            self.cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
            )
        self.cur.execute("SELECT setval('casework_case_reference_seq', %s)", [self.s.cases + 1])

    def copier(self, table, columns):
        return Copier(self.cur, table, columns)

    def done(self, table, copier):
        self.counts[table] = copier.close()

    # -- reference ---------------------------------------------------------------------------
    def forces_units_people(self):
        rng, s = self.rng, self.s
        c = self.copier("casework_force", ["id", "code", "name", "is_home"])
        for f in range(1, s.forces + 1):
            c.row(f, f"bench-{f:02d}", f"Bench Constabulary {f:02d}", "t" if f == 1 else "f")
        self.done("casework_force", c)
        units_per_force = 40
        c = self.copier("casework_unit", ["id", "name", "force_id"])
        for f in range(s.forces):
            for u in range(units_per_force):
                c.row(f * units_per_force + u + 1, f"{PLACES[u % len(PLACES)]} unit {u // len(PLACES) + 1}", f + 1)
        self.done("casework_unit", c)
        self.cur.execute("SELECT id FROM casework_rank ORDER BY seniority")
        ranks = [r for (r,) in self.cur.fetchall()] or [None]
        c = self.copier(
            "casework_person",
            [
                "id",
                "number",
                "person_type",
                "first_name",
                "last_name",
                "probationer",
                "vetting_status",
                "email",
                "created_at",
                "updated_at",
                "force_id",
                "rank_id",
                "unit_id",
            ],
        )
        self.person_names = []
        kinds = []
        for p in range(1, s.people + 1):
            force = 1 + (p - 1) % s.forces
            kind = weighted(rng, [("officer", 60), ("staff", 33), ("special", 5), ("volunteer", 2)])
            kinds.append(kind)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            self.person_names.append(f"{first} {last}")
            rank = ranks[min(int(rng.expovariate(0.9)), len(ranks) - 1)] if kind in ("officer", "special") else None
            created = ts(NOW - timedelta(days=rng.randrange(YEARS * 365)))
            c.row(
                p,
                f"{'PC' if kind == 'officer' else 'S'}{p:07d}",
                kind,
                first,
                last,
                "t" if kind == "officer" and rng.random() < 0.08 else "f",
                weighted(rng, [("cleared", 95), ("pending", 3), ("under_review", 2)]),
                f"{first.lower()}.{last.lower()}.{p}@force.example",
                created,
                created,
                force,
                rank,
                (force - 1) * units_per_force + rng.randrange(units_per_force) + 1,
            )
        self.done("casework_person", c)
        self.characteristics(kinds)
        # The long tail: 2% of subject picks come from the first 2,000 people, weighted 1/k^1.1,
        # so person 1 collects a few hundred cases and the next few dozen tens each.
        head = min(2_000, s.people)
        self.hot_cumulative = list(itertools.accumulate(1 / (k**1.1) for k in range(1, head + 1)))

    def characteristics(self, kinds):
        """Everyone's protected characteristics, drawn as the demo draws them (conduct.fairness.demo:
        workforce proportions, a few with no ethnicity), from a random source of their own so the
        rest of the data set is the same as before they were added."""
        from conduct.fairness.demo import draw

        rng = random.Random(self.seed + 2021)
        c = self.copier(
            "casework_protectedcharacteristics",
            ["id", "person_id", "sex", "ethnicity", "date_of_birth", "source", "recorded_at"],
        )
        for p, kind in enumerate(kinds, start=1):
            drawn = draw(rng, kind, p - 1, TODAY)
            c.row(p, p, drawn["sex"], drawn["ethnicity"], drawn["date_of_birth"].isoformat(), "hr_import", ts(NOW))
        self.done("casework_protectedcharacteristics", c)

    def pick_person(self):
        rng = self.rng
        if rng.random() < 0.02:
            return 1 + bisect.bisect_left(self.hot_cumulative, rng.random() * self.hot_cumulative[-1])
        return rng.randrange(1, self.s.people + 1)

    def teams(self):
        c = self.copier("casework_team", ["id", "name"])
        for t in range(self.s.teams):
            c.row(t + 1, f"Bench team {t + 1:02d}")
        self.done("casework_team", c)
        c = self.copier("casework_team_members", ["team_id", "user_id"])
        for t, members in enumerate(self.team_members):
            for user in members:
                c.row(t + 1, user)
        c.row(1, self.granted.pk)
        self.done("casework_team_members", c)

    # -- cases, subjects, allegations --------------------------------------------------------
    def cases(self):
        rng, s = self.rng, self.s
        cases = self.copier(
            "casework_case",
            [
                "id",
                "reference",
                "origin",
                "received_on",
                "how_received",
                "summary",
                "complainant_name",
                "sensitivity",
                "status",
                "closed_at",
                "closure_reason",
                "created_at",
                "closed_by_id",
                "created_by_id",
                "investigator_id",
                "team_id",
            ],
        )
        subjects = self.copier("casework_casesubject", ["id", "added_at", "case_id", "person_id"])
        proceedings = self.copier(
            "conduct_proceedings",
            [
                "id",
                "stage",
                "stage_since",
                "forum",
                "finding",
                "outcome",
                "conclusion",
                "conclusion_reason",
                "barred_list",
                "advisory_list",
                "subject_id",
            ],
        )
        allegations = self.copier(
            "conduct_allegation",
            [
                "id",
                "description",
                "occurred_on",
                "location",
                "criminal_investigation",
                "recorded_at",
                "recorded_by_id",
                "subject_id",
            ],
        )
        categories = self.copier("conduct_allegation_categories", ["allegation_id", "allegationcategory_id"])
        severity = self.copier(
            "conduct_severityassessment",
            ["severity", "rationale", "assessed_at", "allegation_id", "assessed_by_id"],
        )
        self.cur.execute("SELECT code, id FROM conduct_allegationcategory")
        category_ids = dict(self.cur.fetchall())
        category_pairs = [(category_ids[code], w) for code, w in CATEGORY_WEIGHTS.items() if code in category_ids]
        # Allegations per subject: 1 to 4, mean about 2.05, scaled to the scale's total.
        per_subject = [(1, 35), (2, 35), (3, 20), (4, 10)]
        self.open_cases = []  # (case id, team, investigator, received_on)
        self.open_subjects = []  # (subject id, person id, case id, criminal investigation open)
        self.closed_subjects = []
        self.references = [""]  # by case id
        subject_id = allegation_id = 0
        allegation_budget = s.allegations
        for case_id in range(1, s.cases + 1):
            age = int(rng.random() ** 1.15 * YEARS * 365)  # a little more recent work than old
            received = TODAY - timedelta(days=age)
            open_probability = 0.8 if age < 365 else 0.3 if age < 730 else 0.01
            is_open = rng.random() < open_probability
            team = rng.randrange(s.teams)
            investigator = rng.choice(self.team_members[team]) if rng.random() < 0.85 else None
            creator = investigator or self.head.pk
            origin = rng.choice(ORIGINS)
            place = rng.choice(PLACES)
            summary = f"It is alleged that an officer at {place} {rng.choice(CONDUCT)} on {received:%d %B %Y}."
            complainant = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if origin == "public_complaint" else ""
            created = datetime.combine(received, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
            closed_at = None
            if not is_open:
                closed_at = min(created + timedelta(days=rng.randrange(20, 700)), NOW)
            self.references.append(f"PSD-{received.year}-{case_id:06d}")
            cases.row(
                case_id,
                self.references[case_id],
                origin,
                received.isoformat(),
                rng.choice(HOW),
                summary,
                complainant,
                "restricted" if rng.random() < 0.02 else "normal",
                "open" if is_open else "closed",
                ts(closed_at) if closed_at else None,
                "" if is_open else "Concluded.",
                ts(created),
                None if is_open else self.head.pk,
                creator,
                investigator,
                team + 1,
            )
            if is_open:
                self.open_cases.append((case_id, team + 1, investigator, received))
            n_subjects = weighted(rng, [(1, 80), (2, 15), (3, 4), (4, 1)])
            people = set()
            while len(people) < n_subjects:
                people.add(self.pick_person())
            for person in sorted(people):
                subject_id += 1
                subjects.row(subject_id, ts(created), case_id, person)
                stage = rng.choice(OPEN_STAGES) if is_open else "concluded"
                conclusion = "" if is_open else weighted(rng, [("nfa", 50), ("no_case_to_answer", 30), ("outcome", 20)])
                # A final outcome followed a hearing with a finding; an open subject at "meeting" was
                # referred to one (fairness monitoring reads these; no draw of its own).
                held = conclusion == "outcome"
                proceedings.row(
                    subject_id,
                    stage,
                    ts(closed_at or created),
                    "hearing" if held else "meeting" if stage == "meeting" else "",
                    "misconduct" if held else "",
                    "written_warning" if held else "",
                    conclusion,
                    "" if is_open else "Concluded.",
                    "f",
                    "f",
                    subject_id,
                )
                criminal_open = False
                remaining_cases = s.cases - case_id + 1
                mean = max(allegation_budget / max(remaining_cases * 1.27, 1), 0.5)
                count = max(1, round(weighted(rng, per_subject) * mean / 2.05))
                for _ in range(count):
                    allegation_id += 1
                    allegation_budget -= 1
                    criminal = weighted(rng, CRIMINAL_OPEN if is_open else CRIMINAL_CLOSED)
                    criminal_open = criminal_open or criminal == "open"
                    allegations.row(
                        allegation_id,
                        f"The officer {rng.choice(CONDUCT)}.",
                        (received - timedelta(days=rng.randrange(60))).isoformat(),
                        place,
                        criminal,
                        ts(created),
                        creator,
                        subject_id,
                    )
                    categories.row(allegation_id, weighted(rng, category_pairs))
                    if not is_open or rng.random() < 0.6:
                        severity.row(
                            rng.choice(SEVERITIES),
                            "Assessed on the evidence available.",
                            ts(created + timedelta(days=7)),
                            allegation_id,
                            self.aa.pk,
                        )
                (self.open_subjects if is_open else self.closed_subjects).append(
                    (subject_id, person, case_id, criminal_open)
                )
        for table, copier in [
            ("casework_case", cases),
            ("casework_casesubject", subjects),
            ("conduct_proceedings", proceedings),
            ("conduct_allegation", allegations),
            ("conduct_allegation_categories", categories),
            ("conduct_severityassessment", severity),
        ]:
            self.done(table, copier)
        # Each subject's live-criminal flag, as conduct.cases.criminal keeps it.
        self.cur.execute(
            "UPDATE casework_casesubject s SET criminal_risk = true WHERE s.id IN (SELECT subject_id "
            "FROM conduct_allegation WHERE criminal_investigation IN ('open', 'charged', 'convicted'))"
        )
        # And the sexual-misconduct flag, as conduct.cases.sexual keeps it.
        self.cur.execute(
            "UPDATE casework_casesubject s SET sexual_risk = true WHERE s.id IN (SELECT a.subject_id "
            "FROM conduct_allegation a JOIN conduct_allegation_categories ac ON ac.allegation_id = a.id "
            "JOIN conduct_allegationcategory g ON g.id = ac.allegationcategory_id WHERE g.sexual_or_vawg)"
        )

    # -- duty decisions and status -----------------------------------------------------------
    def duty(self):
        rng = self.rng
        decisions = self.copier(
            "conduct_dutydecision",
            [
                "kind",
                "state",
                "approval",
                "redeployment_considered_reason",
                "ground",
                "ground_reasoning",
                "rationale",
                "conditions",
                "proposed_at",
                "decided_at",
                "decision_reasons",
                "amendments",
                "effective_on",
                "next_review_on",
                "review_requested_reason",
                "last_reviewed_at",
                "ends_on",
                "end_reason",
                "decided_by_id",
                "proposed_by_id",
                "subject_id",
                "public_facing",
                "iopc_consultee",
                "iopc_view",
            ],
        )
        status = {}  # person -> (duty status now, whether the role faces the public)
        proposer = self.investigators[0]
        for subject, person, _case, criminal_open in self.open_subjects:
            roll = rng.random()
            if criminal_open:
                roll *= 0.4  # those under criminal investigation are more often suspended
            proposed_at = NOW - timedelta(days=rng.randrange(10, 300))
            if roll < 0.015:
                kind = "suspend"
            elif roll < 0.05:
                kind = rng.choice(["restrict", "non_public_facing", "redeploy"])
            elif roll < 0.056:
                decisions.row(
                    "restrict", "proposed", "", "", "", "", "Proposed on the allegations.", "", ts(proposed_at),
                    None, "", "", None, None, "", None, None, "", None, proposer, subject, True, "", "",
                )  # fmt: skip
                continue
            else:
                continue
            suspend = kind == "suspend"
            # Public-facing is the role's (issue 20): restricted or redeployed can still face the public.
            public_facing = kind in ("restrict", "redeploy") and rng.random() < 0.3
            effective = proposed_at.date() + timedelta(days=1)
            review = TODAY + timedelta(days=rng.randrange(-20, 28)) if suspend else None
            decisions.row(
                kind,
                "active",
                "approved",
                "No suitable alternative post." if suspend else "",
                "public_interest" if suspend else "",
                "Public confidence requires it." if suspend else "",
                "" if suspend else "Restricted while the investigation runs.",
                "",
                ts(proposed_at),
                ts(proposed_at + timedelta(hours=6)),
                "Approved on the grounds given.",
                "",
                effective.isoformat(),
                review.isoformat() if review else None,
                "",
                None,
                None,
                "",
                self.aa.pk,
                proposer,
                subject,
                public_facing,
                "",
                "",
            )
            now_status = {"suspend": "suspended", "restrict": "restricted", "redeploy": "redeployed"}.get(kind, kind)
            status[person] = (now_status, public_facing)
        # Ended decisions on a share of closed cases: history for the person pages.
        for subject, _person, _case, _criminal in self.closed_subjects:
            if rng.random() < 0.02:
                start = TODAY - timedelta(days=rng.randrange(400, YEARS * 365))
                decisions.row(
                    "restrict", "ended", "approved", "", "", "", "Restricted during the investigation.", "",
                    ts(NOW - timedelta(days=(TODAY - start).days + 2)),
                    ts(NOW - timedelta(days=(TODAY - start).days + 1)),
                    "Approved on the grounds given.", "", start.isoformat(), None, "", None,
                    (start + timedelta(days=rng.randrange(30, 300))).isoformat(), "The investigation ended.",
                    self.aa.pk, proposer, subject, False, "", "",
                )  # fmt: skip
        self.done("conduct_dutydecision", decisions)
        entries = self.copier(
            "casework_dutystatusentry",
            ["status", "starts_on", "ends_on", "reason", "recorded_at", "decided_by_id", "person_id", "public_facing"],
        )
        start = (TODAY - timedelta(days=YEARS * 365)).isoformat()
        for person in range(1, self.s.people + 1):
            now = status.get(person)
            if now:
                now_status, public_facing = now
                changed = (TODAY - timedelta(days=rng.randrange(1, 300))).isoformat()
                entries.row("full", start, changed, "Joined.", ts(NOW), None, person, True)
                entries.row(now_status, changed, None, "Duty decision.", ts(NOW), self.aa.pk, person, public_facing)
            else:
                entries.row("full", start, None, "Joined.", ts(NOW), None, person, True)
        self.done("casework_dutystatusentry", entries)
        # Each person's latest period on their row, as casework.services.change_duty_status keeps it.
        self.cur.execute(
            "UPDATE casework_person p SET duty_status = e.status, public_facing = e.public_facing, "
            "duty_since = e.starts_on FROM (SELECT DISTINCT ON (person_id) person_id, status, public_facing, "
            "starts_on FROM casework_dutystatusentry ORDER BY person_id, starts_on DESC, id DESC) e "
            "WHERE e.person_id = p.id"
        )

    # -- referrals ---------------------------------------------------------------------------
    def referrals(self):
        rng = self.rng
        c = self.copier(
            "conduct_referral",
            [
                "kind",
                "state",
                "grounds",
                "became_clear_at",
                "due_on",
                "due_at",
                "created_at",
                "referred_at",
                "method",
                "what_referred",
                "iopc_reference",
                "on_time",
                "decision",
                "decided_on",
                "decision_notes",
                "decision_recorded_at",
                "case_id",
                "decision_recorded_by_id",
                "recorded_by_id",
                "referred_by_id",
            ],
        )
        open_ids = {case for case, *_ in self.open_cases}
        for case in range(1, self.s.cases + 1):
            if rng.random() >= 0.05:
                continue
            clear = datetime.combine(TODAY - timedelta(days=rng.randrange(5, 3000)), datetime.min.time(), tzinfo=UTC)
            due = clear.date() + timedelta(days=1)
            due_at = datetime.combine(due, datetime.max.time().replace(microsecond=0), tzinfo=UTC)
            state = "required" if case in open_ids and rng.random() < 0.1 else "referred"
            if state == "referred" and case not in open_ids:
                state = "decided"
            referred = state in ("referred", "decided")
            decided = state == "decided"
            c.row(
                "mandatory",
                state,
                "The allegation meets a mandatory referral criterion.",
                ts(clear),
                due.isoformat(),
                ts(due_at),
                ts(clear),
                ts(clear + timedelta(hours=20)) if referred else None,
                "portal" if referred else "",
                "The complaint and the initial assessment." if referred else "",
                f"IOPC-{case:07d}" if referred else "",
                "t" if referred else None,
                rng.choice(["local", "directed", "no_investigation"]) if decided else "",
                (due + timedelta(days=20)).isoformat() if decided else None,
                "",
                ts(clear + timedelta(days=21)) if decided else None,
                case,
                self.head.pk if decided else None,
                self.head.pk,
                self.head.pk if referred else None,
            )
        self.done("conduct_referral", c)

    # -- deadlines, grants, consultations ----------------------------------------------------
    def deadlines(self):
        rng = self.rng
        self.cur.execute("SELECT code, name FROM conduct_clockrule ORDER BY id")
        kinds = self.cur.fetchall()
        c = self.copier(
            "casework_deadline",
            [
                "kind",
                "label",
                "starts_on",
                "due_on",
                "due_at",
                "state",
                "next_action_at",
                "source_rule",
                "extension_count",
                "created_at",
                "case_id",
                "owner_id",
                "scope",  # case-less clocks only (access reviews); empty for a case's
                "about",
                "about_url",
            ],
        )
        n_open = len(self.open_cases)
        for j in range(min(self.s.open_deadlines, n_open * len(kinds))):
            case, _team, investigator, _received = self.open_cases[j % n_open]
            kind, label = kinds[(j // n_open) % len(kinds)]
            due = TODAY + timedelta(days=rng.randrange(-30, 120))
            start = min(due, TODAY) - timedelta(days=rng.randrange(5, 60))
            due_at = datetime.combine(due, datetime.max.time().replace(microsecond=0), tzinfo=UTC)
            # Nothing due at generation: the idle sweep finds nothing; overdue ones were escalated.
            next_action = NOW + timedelta(days=rng.randrange(1, 40), minutes=rng.randrange(1440))
            c.row(
                kind, label, start.isoformat(), due.isoformat(), ts(due_at), "open", ts(next_action), "{}", 0,
                ts(NOW), case, investigator or self.head.pk, "", "", "",
            )  # fmt: skip
        self.done("casework_deadline", c)

    def grants(self):
        rng = self.rng
        self.cur.execute(
            "SELECT id FROM auth_permission WHERE codename = 'view_case' AND content_type_id = "
            "(SELECT id FROM django_content_type WHERE app_label = 'casework' AND model = 'case')"
        )
        (view_case,) = self.cur.fetchone()
        c = self.copier("casework_caseuserobjectpermission", ["content_object_id", "permission_id", "user_id"])
        # `bench-granted` (team 1) holds GRANTED_CASES grants on other teams' cases.
        step = max(self.s.cases // GRANTED_CASES, 1)
        for case in range(1, self.s.cases + 1, step):
            c.row(case, view_case, self.granted.pk)
        # Everyone else: a grant on 2% of cases to an investigator of another team.
        for case in range(2, self.s.cases + 1):
            if rng.random() < 0.02:
                c.row(case, view_case, rng.choice(self.investigators))
        self.done("casework_caseuserobjectpermission", c)

    def consultations(self):
        rng, s = self.rng, self.s
        c = self.copier(
            "casework_consultation",
            [
                "id",
                "at",
                "kind",
                "object_id",
                "object_label",
                "purpose",
                "client_address",
                "path",
                "previous_hash",
                "hash",
                "case_id",
                "person_id",
                "user_id",
            ],
        )
        users = self.investigators + [self.head.pk, self.aa.pk, self.auditor.pk]
        span = YEARS * 365 * 86400
        start = NOW - timedelta(seconds=span)
        n = s.consultations
        open_ids = [case for case, *_ in self.open_cases]
        for i in range(1, n + 1):
            at = ts(start + timedelta(seconds=int(span * i / n)))
            user = rng.choice(users)
            address = f"10.{user % 250}.{i % 250}.{(i // 250) % 250 + 1}"
            if rng.random() < 0.8:
                # Case records: open cases draw most of the reading.
                case = rng.choice(open_ids) if rng.random() < 0.6 else rng.randrange(1, s.cases + 1)
                reference = self.references[case]
                c.row(
                    i, at, "case", case, reference, rng.choice(PURPOSES), address, f"/cases/{reference}/",
                    f"{i - 1:064x}", f"{i:064x}", case, None, user,
                )  # fmt: skip
            else:
                person = self.pick_person()
                c.row(
                    i, at, "person", person, self.person_names[person - 1], rng.choice(PURPOSES), address,
                    f"/people/{person}/", f"{i - 1:064x}", f"{i:064x}", None, person, user,
                )  # fmt: skip
        self.done("casework_consultation", c)

    def run(self):
        steps = [
            ("users", self.users),
            ("reset", self.reset),
            ("forces, units, people", self.forces_units_people),
            ("teams", self.teams),
            ("cases, subjects, allegations", self.cases),
            ("duty decisions", self.duty),
            ("referrals", self.referrals),
            ("deadlines", self.deadlines),
            ("grants", self.grants),
            ("consultations", self.consultations),
            ("indexes, sequences, analyse", self.rebuild),
        ]
        timings = {}
        for label, step in steps:
            started = time.perf_counter()
            step()
            timings[label] = time.perf_counter() - started
            self.log(f"  {label}: {timings[label]:.1f} s")
        return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.perf_counter()
    setup()
    from django.db import connection, transaction

    migrated = time.perf_counter() - started
    print(f"generating '{args.scale}' (seed {args.seed}) into {connection.settings_dict['NAME']}")
    with transaction.atomic(), connection.cursor() as cursor:
        generator = Generator(SCALES[args.scale], args.seed, cursor.cursor)
        generator.run()
    with connection.cursor() as cursor:  # outside the transaction: VACUUM cannot run in one
        vacuumed = time.perf_counter()
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"  vacuum and analyse: {time.perf_counter() - vacuumed:.1f} s")
    record_generation(args.scale, args.seed, generator.counts, time.perf_counter() - started)
    for table, rows in generator.counts.items():
        print(f"  {table:<36} {rows:>12,}")
    print(f"migrate {migrated:.1f} s; generation in total {time.perf_counter() - started:.1f} s")


def record_generation(scale, seed, counts, seconds):
    """Kept in the database itself, so the harness reports the data it measured and its cost."""
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (id int PRIMARY KEY, facts jsonb NOT NULL)")
        facts = {
            "scale": scale,
            "seed": seed,
            "generated_at": NOW.isoformat(),
            "generation_seconds": round(seconds, 1),
            "rows": counts,
        }
        cursor.execute(
            "INSERT INTO bench_dataset VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET facts = EXCLUDED.facts",
            [json.dumps(facts)],
        )


if __name__ == "__main__":
    main()
