"""The Home Office return in the browser, on the demo data: the administrator opens the year's
return, sees a case flagged for a subject with no protected characteristics, follows the link,
records them, comes back to the return where the case is no longer flagged, and downloads the CSV
(exporting anyway with the other demo case still flagged), whose row for the fixed case carries the
characteristics. Every page passes the axe checks."""

import csv
import io
import re

import pytest
from django.core.management import call_command

from casework.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_fixes_a_flagged_case_and_downloads_the_return(
    page, live_server, login, assert_accessible, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    admin = User.objects.get(username="admin")

    login(page, admin, password="demo-password-for-tests")
    page.get_by_role("link", name="Home Office return", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/returns/home-office/")
    assert page.get_by_role("heading", level=1).inner_text() == "Home Office police misconduct return"
    assert page.get_by_test_id("flagged-count").inner_text() == "2"
    assert_accessible(page)

    first = page.get_by_test_id("flagged-reason").first
    reference = first.locator("th").inner_text()
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/people/\d+/characteristics/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Protected characteristics"
    assert_accessible(page)
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Indian", exact=True).check()
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1988")
    page.get_by_role("button", name="Save the protected characteristics").click()

    page.wait_for_url(re.compile(r"/returns/home-office/\?year=\d+$"))
    assert "Protected characteristics of" in page.locator("main").inner_text()  # the success message
    assert page.get_by_test_id("flagged-count").inner_text() == "1"
    assert reference not in page.get_by_test_id("flagged-cases").inner_text()
    assert_accessible(page)

    page.get_by_label("Export anyway with 1 case flagged", exact=False).check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the return (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("home-office-misconduct-return-")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    fixed = [row for row in rows if row["Case reference"] == reference]
    assert fixed and all(row["Sex"] == "Female" for row in fixed)
    assert all(row["Ethnicity"] == "Asian, Asian British or Asian Welsh" and row["Age band"] for row in fixed)
