"""The timed walkthrough of issue 22 (docs/walkthrough.md): four journeys a PSD user makes every
day, driven in Debian's Chromium through Playwright against a running demo (`make run`, or
`manage.py runserver` on a database `seed_demo` filled), counting what the user does.

    DATABASE_URL=postgres://.../<the demo's database> DEMO_PASSWORD=... DEMO_TOTP_SECRET=... \\
        .venv/bin/python bench/walkthrough.py --base-url http://127.0.0.1:8000

For each journey: pages (each page the browser loads, the sign-in excluded), clicks (buttons,
links, radios, checkboxes, choices from a list), fields typed, and the seconds it took the
script (a lower bound on a person's time: a person reads). The database is read only to pick a
person and a case to work on, as a user would know them; nothing is written except through the
pages."""

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bin"))

from totp import code as totp_code  # noqa: E402


class Journey:
    """Counts what the user does on a page, one method per kind of action."""

    def __init__(self, page, name):
        self.page, self.name = page, name
        self.pages = self.clicks = self.typed = 0
        self.started = time.perf_counter()
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        # A page shown: each navigation of the top frame (a POST answered by a redirect, or a
        # redirect chain, shows one page).
        if frame == self.page.main_frame:
            self.pages += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def check(self, locator):
        self.clicks += 1
        locator.check()

    def select(self, locator, **option):
        self.clicks += 1
        locator.select_option(**option)

    def type(self, locator, text):
        self.typed += 1
        locator.fill(text)

    def keys(self, locator, text):
        self.typed += 1
        locator.press_sequentially(text, delay=20)

    def done(self):
        self.page.wait_for_load_state("load")
        self.page.remove_listener("framenavigated", self._navigated)
        return {
            "journey": self.name,
            "pages": self.pages,
            "clicks": self.clicks,
            "typed": self.typed,
            "seconds": round(time.perf_counter() - self.started, 1),
        }


_LAST_WINDOW = {}


def sign_in(page, base, username, password, secret):
    """Through the real sign-in and code pages. A code is accepted once: a second sign-in of the same
    person waits for the authenticator's next 30-second window, as a person would."""
    while _LAST_WINDOW.get(username) == int(time.time() // 30):
        time.sleep(1)
    _LAST_WINDOW[username] = int(time.time() // 30)
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/accounts/second-factor/.*"))
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")


def state_purpose_if_asked(j):
    if j.page.get_by_role("heading", level=1).inner_text() == "Why are you opening this record?":
        j.check(j.page.get_by_label("A decision on this matter has been asked of me"))
        j.click(j.page.get_by_role("button", name="Continue to the record"))


def intake(page, person):
    """Record a new case: one subject found by typing part of their name, one allegation."""
    j = Journey(page, "Record a new case (intake)")
    j.click(page.get_by_test_id("record-new-case"))
    j.check(page.get_by_label("Recordable conduct matter", exact=True))
    j.check(page.get_by_label("Internal conduct matter (not Schedule 3)", exact=True))
    j.type(page.get_by_label("Date received"), time.strftime("%d/%m/%Y"))
    j.select(page.get_by_label("How it was received"), label="Internal referral")
    j.type(page.get_by_label("Summary of the matter"), "Rude to a member of the public at the front desk.")
    j.check(page.get_by_label("Normal", exact=True))
    j.select(page.get_by_label("Owning team"), index=1)
    j.click(page.get_by_role("button", name="Continue"))
    search = page.get_by_role("combobox", name="Find a person to add")
    first, last = person.first_name, person.last_name
    j.keys(search, f"{first[:3]} {last[:4]}")
    j.click(page.get_by_role("option").filter(has_text=f"{first} {last}").first)
    j.click(page.get_by_role("button", name="Continue"))
    j.type(page.get_by_label("What is alleged"), "Swore at a member of the public asking about a lost phone.")
    j.check(page.get_by_label("Authority, respect and courtesy"))
    j.check(page.get_by_label("Other", exact=True))
    j.click(page.get_by_role("button", name="Continue"))
    j.click(page.get_by_role("button", name=re.compile("Record the case")))
    page.wait_for_url(re.compile(r".*/cases/PSD-\d{4}-\d+/$"))
    return j.done()


def propose_and_decide(page, base, case, subject_name, users, password, secret):
    """Propose a suspension from the case's Duty section; an appropriate authority approves it."""
    j = Journey(page, "Propose and decide a suspension")
    page.goto(f"{base}/cases/{case.reference}/duty/")
    j.pages -= 1  # the investigator arrives from the case; the walkthrough starts on its Duty section
    state_purpose_if_asked(j)
    j.click(page.get_by_role("link", name=f"Propose a duty decision for {subject_name}").first)
    j.check(page.get_by_label("Suspension", exact=True))
    j.type(page.get_by_label(re.compile("Why is temporary redeployment")), "Every post involves the public.")
    j.check(page.get_by_label("The public interest requires it, given the nature of the allegation"))
    j.type(page.get_by_label("Reasoning for the ground"), "A criminal investigation into the messages.")
    if not page.get_by_role("checkbox").first.is_checked():
        j.check(page.get_by_role("checkbox").first)
    j.click(page.get_by_role("button", name="Send the proposal for decision"))
    assert "Awaiting approval" in page.get_by_role("heading", level=1).inner_text()
    before = j.pages
    sign_in(page, base, users["authority"], password, secret)
    j.pages = before  # the authority's sign-in is not the journey's: it goes on from their My work
    j.click(page.get_by_role("link", name=re.compile("awaiting your decision|Awaiting approval", re.I)).first)
    row = page.get_by_test_id("duty-list-row").filter(has_text=subject_name).first
    j.click(row.get_by_role("link", name="Suspension"))
    state_purpose_if_asked(j)
    j.click(page.get_by_role("link", name="Decide: approve, amend or reject"))
    j.check(page.get_by_label("Approve (change the terms below to amend)"))
    j.type(page.get_by_label("Reasons for your decision"), "Both reg 11 conditions are met.")
    j.click(page.get_by_role("button", name="Record the decision"))
    page.wait_for_url(re.compile(r".*/duty-decisions/\d+/$"))
    assert "In force" in page.get_by_role("heading", level=1).inner_text()
    return j.done()


def find_person(page, person):
    """From My work to a person's page, typing their name."""
    j = Journey(page, "Find a person")
    j.click(page.get_by_role("link", name="People", exact=True).first)
    j.type(page.get_by_label("Search by name or number"), f"{person.first_name} {person.last_name}")
    j.click(page.get_by_role("button", name="Apply filters"))
    j.click(page.get_by_role("link", name=f"{person.first_name} {person.last_name}", exact=True).first)
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    state_purpose_if_asked(j)
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"{person.first_name} {person.last_name}" in heading, (page.url, heading)
    return j.done()


def read_access_log(page, case):
    """The auditor, from their start page, to the access log of a case by its short number."""
    j = Journey(page, "Read an access log (auditor)")
    j.type(page.get_by_label("Who has looked at a record?"), case.reference.rsplit("-", 1)[1].lstrip("0"))
    j.click(page.get_by_role("button", name="Open the access log"))
    page.wait_for_url(re.compile(r".*/access-log/.*"))
    assert page.get_by_role("table").count(), page.url
    return j.done()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    password, secret = os.environ["DEMO_PASSWORD"], os.environ["DEMO_TOTP_SECRET"]

    import _setup

    _setup.setup()
    from casework.models import Case, CaseSubject, Person, PersonType

    person = Person.objects.filter(force__is_home=True, person_type=PersonType.OFFICER).order_by("pk")[7]
    group_chat = Case.objects.get(summary__startswith="Group chat")
    # A subject of the group-chat case with no duty decision yet (the seed's risk scenario), else of
    # another open case of the investigator's team: each run proposes for someone new.
    undecided = CaseSubject.objects.filter(
        person__force__is_home=True, duty_decisions__isnull=True, case__status="open", allegations__isnull=False
    ).select_related("person", "case")
    subject = (
        undecided.filter(case=group_chat).first()
        or undecided.filter(case__team__name="Investigations Team A").order_by("case__pk").first()
    )
    users = {"investigator": "investigator", "authority": "authority", "auditor": "auditor"}

    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        page.set_default_timeout(15000)
        sign_in(page, args.base_url, users["investigator"], password, secret)
        results.append(intake(page, person))
        page.goto(f"{args.base_url}/")
        results.append(find_person(page, person))
        page.goto(f"{args.base_url}/")
        if subject is not None:
            results.append(
                propose_and_decide(page, args.base_url, subject.case, subject.person.full_name, users, password, secret)
            )
        sign_in(page, args.base_url, users["auditor"], password, secret)
        results.append(read_access_log(page, group_chat))
        browser.close()
    print("| journey | pages | clicks | fields typed | seconds (script) |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['journey']} | {r['pages']} | {r['clicks']} | {r['typed']} | {r['seconds']} |")


if __name__ == "__main__":
    main()
