"""The complainant as a party with rights (issue 18, point 4): acknowledgement, updates, the
outcome letter with the right of review and its relevant review body, and the review itself."""
