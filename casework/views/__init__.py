"""Thin views: validate a form, call one service, redirect. Grouped by subject."""
