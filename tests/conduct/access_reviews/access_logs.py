"""Access logs for the access-review tests: CSV text in the records system's export format."""

from datetime import datetime, timedelta

HEADER = "user_id,name,email,person_number,timestamp,action,record_reference,system"


def access_line(user_id, name, *, email="", number="", at=None, action="view", record="CR-44/12345/26", system="Niche"):
    at = at or datetime(2026, 9, 16, 14, 0)
    return f"{user_id},{name},{email},{number},{at.isoformat()},{action},{record},{system}"


def access_log(lines) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def log_for(people, *, accesses_each=1, start=None):
    """One access (or more, a minute apart) by each (user_id, name, email, number)."""
    start = start or datetime(2026, 9, 16, 9, 0)
    lines = []
    for index, (user_id, name, email, number) in enumerate(people):
        for n in range(accesses_each):
            at = start + timedelta(minutes=index * 10 + n)
            lines.append(access_line(user_id, name, email=email, number=number, at=at))
    return access_log(lines)
