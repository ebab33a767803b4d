"""Demo people for seed_demo: the home force with its units and about 300 people on full duties
since go-live, two other forces with a couple of officers each, and the two investigation teams.
Deterministic (the caller's seeded random generator) and built through the real services."""

from datetime import date

from casework import services as casework_services
from casework.models import DutyStatus, Force, Person, PersonType, Rank, Team, Unit, User, VettingStatus

HOME = ("demo", "Demo Constabulary")
OTHER_FORCES = [("northshire", "Northshire Police"), ("met", "Metropolitan Police Service")]
UNITS = [
    "Response North",
    "Response South",
    "Neighbourhood Policing",
    "CID",
    "Roads Policing",
    "Public Protection",
    "Custody",
    "Contact Centre",
    "Professional Standards",
    "Intelligence",
]
FIRST = [
    "James",
    "Sarah",
    "Mohammed",
    "Emma",
    "Daniel",
    "Aisha",
    "Thomas",
    "Olivia",
    "Ravi",
    "Chloe",
    "Liam",
    "Grace",
    "Kwame",
    "Hannah",
    "Jack",
    "Priya",
    "Ben",
    "Zoe",
    "Owen",
    "Ruth",
    "Sam",
    "Nadia",
    "Luke",
    "Amy",
]
LAST = [
    "Smith",
    "Jones",
    "Khan",
    "Taylor",
    "Brown",
    "Williams",
    "Patel",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Clarke",
    "Ahmed",
    "Lewis",
    "Young",
]


def already_seeded() -> bool:
    return Person.objects.filter(force__code=HOME[0]).exists()


def seed_force(rng, users: dict) -> tuple[dict, dict]:
    """The teams (with the demo investigators) and the people: {"home": [...], "other": [...]}."""
    home, others = _forces()
    return _teams(users), _people(rng, home, others)


def _forces():
    home, _ = Force.objects.get_or_create(code=HOME[0], defaults={"name": HOME[1], "is_home": True})
    others = [Force.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in OTHER_FORCES]
    return home, others


def _teams(users):
    team_a, _ = Team.objects.get_or_create(name="Investigations Team A")
    team_b, _ = Team.objects.get_or_create(name="Investigations Team B")
    team_a.members.add(users["investigator"])
    team_b.members.add(users["investigator2"])
    return {"a": team_a, "b": team_b}


def _people(rng, home, others):
    units = [Unit.objects.get_or_create(force=home, name=name)[0] for name in UNITS]
    ranks = {r.name: r for r in Rank.objects.all()}
    weights = [
        ("Police constable", 60),
        ("Sergeant", 15),
        ("Inspector", 6),
        ("Chief inspector", 2),
        ("Police staff", 12),
        ("Special constable", 5),
    ]
    home_people = []
    for n in range(300):
        rank_name = rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]
        person_type = {"Police staff": PersonType.STAFF, "Special constable": PersonType.SPECIAL}.get(
            rank_name, PersonType.OFFICER
        )
        first, last = rng.choice(FIRST), rng.choice(LAST)
        home_people.append(
            Person(
                force=home,
                number=f"{(4000 + n * 7) if person_type != PersonType.STAFF else 90000 + n}",
                person_type=person_type,
                first_name=first,
                last_name=last,
                rank=ranks[rank_name],
                unit=rng.choice(units),
                probationer=rank_name == "Police constable" and rng.random() < 0.15,
                vetting_status=VettingStatus.CLEARED,
                email=f"{first}.{last}.{n}@demo.police.example".lower(),
            )
        )
    Person.objects.bulk_create(home_people)
    home_people = list(Person.objects.filter(force=home).order_by("number"))
    other_people = []
    for force in others:
        for n in range(2):
            other_people.append(
                Person.objects.create(
                    force=force,
                    number=f"{force.code.upper()}{7100 + n}",
                    person_type=PersonType.OFFICER,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    rank=ranks["Police constable"],
                    vetting_status=VettingStatus.CLEARED,
                    email=f"pc{7100 + n}@{force.code}.police.example",
                )
            )
    admin = User.objects.filter(username="admin").first()
    for person in home_people:
        casework_services.change_duty_status(
            user=admin,
            person=person,
            status=DutyStatus.FULL,
            starts_on=date(2020, 4, 1),
            reason="Recorded from HR at go-live.",
        )
    return {"home": home_people, "other": other_people}
