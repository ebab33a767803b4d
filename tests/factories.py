import factory
from django.contrib.auth.models import Group

from casework.models import User
from casework.roles import Role, ensure_role_groups

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@psd.police.example")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_role_groups()  # a transactional test's flush removes the migration's groups
            self.groups.add(Group.objects.get(name=Role(extracted).label))
