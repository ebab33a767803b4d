"""Demo data for oversight: people whom the early-warning rules flag for reasons
other than the group chat (whose officers the sexual-misconduct and discrimination rules flag
as their allegations are recorded), one person marked for monitoring, and a flag already
acknowledged with reasons, so the flags list shows every state. Built through the real
services, so the flags are the ones the rules raise."""

from datetime import date, timedelta

from casework.models.cases import HowReceived, Origin, Sensitivity
from conduct.cases import services
from conduct.models import Flag, FlagState
from conduct.oversight import early_warning


def _case(ctx, person, *, received_on, origin, complainant, description, categories, team="a"):
    investigator = ctx["users"]["investigator" if team == "a" else "investigator2"]
    return services.record_case(
        user=investigator,
        contact={"email": f"{complainant.lower().replace(' ', '.')}@example.org"} if complainant else None,
        subjects=[
            services.SubjectInput(
                person=person,
                allegations=[
                    services.AllegationInput(
                        description=description,
                        standards=[ctx["standards"]["Authority, respect and courtesy"]],
                        categories=[ctx["categories"][c] for c in categories],
                    )
                ],
            )
        ],
        details={
            "origin": origin,
            "received_on": received_on,
            "how_received": HowReceived.ONLINE,
            "summary": description,
            "complainant_name": complainant,
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"][team],
            "investigator": investigator,
        },
    )


def seed(ctx, home_people, today: date | None = None):
    from django.utils import timezone

    today = today or timezone.localdate()
    users = ctx["users"]
    # Officers outside the other scenarios (the group chat is [10:14], the stage cases [20:]).
    repeat, frequent, monitored = [p for p in home_people[14:20] if not p.probationer][:3]

    # The same member of the public complains twice about the same officer within a year.
    for days_ago, what in (
        (200, "Rude and dismissive at a roadside stop."),
        (40, "Rude again when I reported a theft."),
    ):
        _case(
            ctx,
            repeat,
            received_on=today - timedelta(days=days_ago),
            origin=Origin.PUBLIC_COMPLAINT,
            complainant="Janet Ellis",
            description=what,
            categories=["other"],
        )

    # Three allegations in twelve months, from three different sources.
    for days_ago, origin, complainant, what in (
        (300, Origin.PUBLIC_COMPLAINT, "Marcus Reid", "Excessive force alleged during an arrest."),
        (150, Origin.INTERNAL_REPORT, "", "Colleague reports aggressive handling of a detainee."),
        (20, Origin.PUBLIC_COMPLAINT, "Leah Grant", "Pushed a bystander at a public order event."),
    ):
        _case(
            ctx,
            frequent,
            received_on=today - timedelta(days=days_ago),
            origin=origin,
            complainant=complainant,
            description=what,
            categories=["use-of-force"],
            team="b",
        )

    early_warning.set_monitoring(
        user=users["head"],
        person=monitored,
        reason="Line manager's concern about conduct towards members of the public; monitored for six months.",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
    )

    # One flag already dealt with, so the lists show what an acknowledgement looks like.
    flag = Flag.objects.filter(person=repeat, state=FlagState.OPEN).first()
    if flag is not None:
        early_warning.acknowledge(
            user=users["authority"],
            flag=flag,
            reason="Both complaints are being investigated together by Team A; no further action needed now.",
        )
    return {"repeat": repeat, "frequent": frequent, "monitored": monitored}
