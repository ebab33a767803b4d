"""What the case feature adds to the rest of the product once the apps are loaded."""

from casework.history import register


def ready():
    from conduct.cases import history

    for tracked in history.TRACKED_RECORDS:  # the case's change history shows conduct's records
        register(tracked)
