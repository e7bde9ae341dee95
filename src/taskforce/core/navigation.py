"""The main navigation, each entry shown only to those its rule admits."""

from __future__ import annotations

from dataclasses import dataclass

from taskforce.core.access import ADMINISTRATOR, COORDINATOR, MEMBER, SIGNED_IN, Rule


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    rule: Rule
    section: str


NAVIGATION: list[NavEntry] = [
    NavEntry("Dashboard", "dashboard", SIGNED_IN, "dashboard"),
    NavEntry("Directory", "directory:search", SIGNED_IN, "directory"),
    NavEntry("Charter", "governance:charter", SIGNED_IN, "governance"),
    NavEntry("Meetings", "meetings:list", SIGNED_IN, "meetings"),
    NavEntry("Bodies", "bodies:list", SIGNED_IN, "governance"),
    NavEntry("Plans", "plans:list", SIGNED_IN, "plans"),
    NavEntry("Decisions", "decisions:proposals", SIGNED_IN, "decisions"),
    NavEntry("Agreements", "agreements:list", MEMBER, "agreements"),
    NavEntry("Sector gaps", "directory:gaps", MEMBER, "directory"),
    NavEntry("Import", "directory:import", COORDINATOR, "directory"),
    NavEntry("Accounts", "accounts:user-list", ADMINISTRATOR, "accounts"),
    NavEntry("Audit log", "core:audit-log", ADMINISTRATOR, "audit"),
]
