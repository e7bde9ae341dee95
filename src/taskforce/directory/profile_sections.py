"""Sections other apps add to an organization's profile page.

The directory knows organizations, not what they take part in elsewhere. An app with something to
say about an organization (the agreements it is party to, say) registers a section in its
AppConfig.ready(); the profile renders every section that has something for the viewer, after the
directory's own. The directory never imports those apps, and each section applies its own app's
visibility rules to the viewer it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from taskforce.directory.models import Organization

SectionContext = Callable[[Any, Organization], dict[str, Any] | None]


@dataclass(frozen=True)
class ProfileSection:
    name: str
    # Renders an <h2> section; it receives its context as `section`.
    template: str
    # The section's template context for a viewer and an organization, or None to leave it out.
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


_SECTIONS: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> None:
    _SECTIONS[section.name] = section


def sections_for(user: Any, organization: Organization) -> list[RenderedSection]:
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        context = section.context(user, organization)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered
