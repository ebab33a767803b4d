"""Steps the browser tests share: a phone's screen, and the intake's first step answered."""

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def answer_case_details(page, team="Investigations Team A"):
    """Step 1 of the intake: an internal conduct matter reported internally, then Continue."""
    page.get_by_label("Recordable conduct matter", exact=True).check()
    page.get_by_label("Internal conduct matter (not Schedule 3)", exact=True).check()
    page.get_by_label("Date received").fill("14/09/2026")
    page.get_by_label("How it was received").select_option(label="Internal referral")
    page.get_by_label("Summary of the matter").fill("Offensive messages in a group chat.")
    page.get_by_label("Normal", exact=True).check()
    page.get_by_label("Owning team").select_option(label=team)
    page.get_by_role("button", name="Continue").click()
