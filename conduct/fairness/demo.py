"""Demo protected characteristics for the register (seed_demo), and the same draw for the bench
data (bench/generate.py): synthetic, deterministic from the seed, in roughly the proportions of
the England and Wales police workforce (Home Office, "Police workforce, England and Wales",
31 March 2024: about 92% of officers White, 3% Asian, 1.5% Black, 2.5% Mixed, 1% other; about 35%
of officers female, more among staff). One person in 40 has no ethnicity recorded (so the return
has something to flag) and about 2% preferred not to say."""

import random
from datetime import date, timedelta

from django.utils import timezone

from casework.models import CharacteristicsSource, Person, PersonType, ProtectedCharacteristics

# (code, weight) within each high-level group's share; the codes are casework/characteristics.py's.
ETHNICITY_WEIGHTS = [
    ("white_british", 82.0),
    ("white_irish", 1.5),
    ("white_other", 8.4),
    ("white_gypsy_traveller", 0.1),
    ("asian_indian", 1.2),
    ("asian_pakistani", 1.0),
    ("asian_bangladeshi", 0.3),
    ("asian_chinese", 0.2),
    ("asian_other", 0.3),
    ("black_african", 0.7),
    ("black_caribbean", 0.6),
    ("black_other", 0.2),
    ("mixed_white_black_caribbean", 0.9),
    ("mixed_white_asian", 0.7),
    ("mixed_white_black_african", 0.3),
    ("mixed_other", 0.6),
    ("other_arab", 0.3),
    ("other_any", 0.7),
]
FEMALE_SHARE = {PersonType.OFFICER: 0.35, PersonType.SPECIAL: 0.30, PersonType.STAFF: 0.62, PersonType.VOLUNTEER: 0.5}
NO_ETHNICITY_EVERY = 40
NOT_STATED_SHARE = 0.02


def draw(rng: random.Random, person_type: str, index: int, today: date) -> dict:
    """One person's characteristics: sex, ethnicity ("" for none recorded) and date of birth."""
    codes, weights = zip(*ETHNICITY_WEIGHTS, strict=True)
    if index % NO_ETHNICITY_EVERY == NO_ETHNICITY_EVERY - 1:
        ethnicity = ""
    elif rng.random() < NOT_STATED_SHARE:
        ethnicity = "not_stated"
    else:
        ethnicity = rng.choices(codes, weights)[0]
    sex = "female" if rng.random() < FEMALE_SHARE.get(person_type, 0.4) else "male"
    age_days = rng.randrange(20 * 365, 60 * 365)
    return {"sex": sex, "ethnicity": ethnicity, "date_of_birth": today - timedelta(days=age_days)}


def seed(users: dict, seed_value: int = 2021) -> int:
    """Characteristics for everyone on the register without them, from the HR feed (demo)."""
    rng = random.Random(seed_value)  # noqa: S311 (demo data, not security)
    today = timezone.localdate()
    people = Person.objects.filter(characteristics__isnull=True).order_by("pk").only("pk", "person_type")
    rows = [
        ProtectedCharacteristics(
            person=person,
            source=CharacteristicsSource.HR_IMPORT,
            recorded_by=users.get("admin"),
            **draw(rng, person.person_type, index, today),
        )
        for index, person in enumerate(people)
    ]
    ProtectedCharacteristics.objects.bulk_create(rows)
    return len(rows)
