"""The Home Office return in the navigation (administrators)."""

from casework.permissions import NavItem, register_nav_item
from casework.roles import Role


def ready():
    register_nav_item(NavItem("Home Office return", "home-office-return", frozenset({Role.ADMINISTRATOR}), order=95))
