import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from casework.models import Force, Person, PersonType, Rank, Team, Unit, User
from casework.models.cases import HowReceived, Origin
from casework.roles import Role, ensure_role_groups

PASSWORD = "correct-horse-battery-staple"


def _unescaped_last_name():
    # en_GB has O'Brien and O'Neill: HTML escapes the apostrophe, and a test looking for the
    # name on a page would then fail at random (about one run in two hundred).
    return factory.Faker("last_name", locale="en_GB").evaluate(None, None, {"locale": "en_GB"}).replace("'", "")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.LazyFunction(_unescaped_last_name)
    email = factory.LazyAttribute(lambda u: f"{u.username}@psd.police.example")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_role_groups()  # a transactional test's flush removes the migration's groups
            self.groups.add(Group.objects.get(name=Role(extracted).label))


# The register and teams -------------------------------------------------------------------
class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"force{n}")
    name = factory.Sequence(lambda n: f"Force {n} Police")
    is_home = False


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    force = factory.SubFactory(ForceFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    force = factory.SubFactory(ForceFactory)
    number = factory.Sequence(lambda n: f"{100000 + n}")
    person_type = PersonType.OFFICER
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.LazyFunction(_unescaped_last_name)
    rank = factory.LazyFunction(lambda: Rank.objects.get(name="Police constable"))
    unit = factory.SubFactory(UnitFactory, force=factory.SelfAttribute("..force"))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


def make_case(
    user,
    team,
    people=(),
    *,
    categories=("other",),
    standards=("Discreditable conduct",),
    description="Alleged breach of the standards",
    route=None,
    **details,
):
    """Record a case through the intake service: one allegation per person, with the given
    category codes and standard names (reference data from the migrations)."""
    from conduct.cases import services
    from conduct.models import AllegationCategory, Standard

    category_rows = list(AllegationCategory.objects.filter(code__in=categories))
    standard_rows = list(Standard.objects.filter(name__in=standards))
    if len(category_rows) != len(set(categories)) or len(standard_rows) != len(set(standards)):
        raise ValueError(f"Unknown category or standard in {categories} / {standards}")
    fields = {
        "origin": Origin.CONDUCT_MATTER,
        "received_on": timezone.localdate(),
        "how_received": HowReceived.INTERNAL,
        "summary": "A matter recorded for a test",
        "team": team,
    }
    fields.update(details)
    subjects = [
        services.SubjectInput(
            person=person,
            allegations=[
                services.AllegationInput(description=description, standards=standard_rows, categories=category_rows)
            ],
        )
        for person in people
    ]
    return services.record_case(user=user, details=fields, contact=None, subjects=subjects, route=route)
