"""The case page is in sections (conduct/cases/case_page.py): tests that read what a section shows
ask for that section's URL, and a test that must see (or not see) something anywhere on the case
page reads every section."""

from django.urls import reverse

from conduct.cases.case_page import SECTIONS


def section_url(case, slug: str) -> str:
    return reverse(next(s.url_name for s in SECTIONS if s.slug == slug), args=[case.reference])


def every_section(client, case) -> str:
    """The whole case page: every section's HTML, joined (each is asserted to answer 200)."""
    pages = []
    for section in SECTIONS:
        response = client.get(reverse(section.url_name, args=[case.reference]))
        assert response.status_code == 200, section.slug
        pages.append(response.content.decode())
    return "\n".join(pages)
