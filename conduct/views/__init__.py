"""Thin views for the case file, grouped by subject: `cases` (list, intake, case page,
decisions, person page) and `changes` (edits after intake: details, subjects, allegations,
links)."""
