"""Person.vetting_status changes only through the vetting route's services (docs/vetting.md): the HR
import may give a new person's starting status but never under review or withdrawn, and ignores the
column for people already on the register; no other code writes the field."""

import re
from pathlib import Path

import pytest

from casework.models import Force, Person, VettingStatus
from casework.people_import import apply_import, preview_import

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
HEADER = "force_code,number,person_type,first_name,last_name,vetting_status"
# Who may write the field: the route, and code that creates a person (HR's starting status, demo).
WRITERS = {
    "casework/models/people.py",  # the field itself
    "conduct/vetting/steps.py",
    "casework/people_import/checking.py",  # new people only; refused for the route's statuses
    "casework/demo.py",  # demo people, created cleared
}
WRITE = re.compile(r"vetting_status\s*=[^=]|vetting_status=|\.update\([^)]*vetting_status")


def test_no_other_code_writes_the_vetting_status():
    writers = set()
    for app in ("casework", "conduct", "notifications", "config"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if WRITE.search(path.read_text()):
                writers.add(str(path.relative_to(ROOT)))
    assert writers <= WRITERS, f"vetting_status written outside the vetting route: {sorted(writers - WRITERS)}"


@pytest.fixture
def force(db):
    return Force.objects.create(code="wmp", name="West Midlands Police", is_home=True)


def run(personas, *rows):
    people_import = preview_import(filename="hr.csv", content="\n".join([HEADER, *rows]) + "\n", user=personas.admin)
    return people_import


def test_the_import_ignores_the_vetting_status_of_people_on_the_register(personas, force):
    Person.objects.create(
        force=force,
        number="4521",
        person_type="officer",
        first_name="Sam",
        last_name="Hughes",
        vetting_status=VettingStatus.UNDER_REVIEW,
    )
    people_import = run(personas, "wmp,4521,officer,Sam,Hughes-Reed,cleared")
    assert people_import.summary["vetting_ignored"] == 1
    assert people_import.summary["changes"][0]["fields"] == ["last name"]
    apply_import(people_import, user=personas.admin)
    sam = Person.objects.get(number="4521")
    assert (sam.last_name, sam.vetting_status) == ("Hughes-Reed", VettingStatus.UNDER_REVIEW)


def test_the_import_gives_a_new_person_a_starting_status_but_not_one_the_route_owns(personas, force):
    people_import = run(
        personas,
        "wmp,1,officer,Ann,Able,cleared",
        "wmp,2,officer,Bob,Baker,withdrawn",
        "wmp,3,officer,Cat,Cole,Under review",
    )
    assert people_import.status == "invalid"
    assert [(e["line"], e["message"].split(":")[0]) for e in people_import.errors] == [
        (3, "Vetting status “Withdrawn” is set only by a vetting review in this system"),
        (4, "Vetting status “Under review” is set only by a vetting review in this system"),
    ]
    assert not Person.objects.exists()
    people_import = run(personas, "wmp,1,officer,Ann,Able,cleared")
    apply_import(people_import, user=personas.admin)
    assert Person.objects.get(number="1").vetting_status == VettingStatus.CLEARED


def test_the_preview_says_the_column_was_ignored(as_user, personas, force):
    from django.urls import reverse

    Person.objects.create(force=force, number="4521", person_type="officer", first_name="Sam", last_name="Hughes")
    people_import = run(personas, "wmp,4521,officer,Sam,Hughes,withdrawn")
    response = as_user(personas.admin).get(reverse("people-import-preview", args=[people_import.pk]))
    assert "differs from the register and is ignored" in response.content.decode()
