from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from taskforce.accounts.models import TokenScope
from taskforce.accounts.services import create_token
from taskforce.directory.models import Expertise, ExpertiseArea
from taskforce.meetings import proceedings_services
from taskforce.meetings.models import ActionItem, AgendaItem, Minutes
from tests.api.support import ApiClient, Directory
from tests.bodies import build_bodies, meeting
from tests.directory import factories
from tests.personas import Personas


@pytest.fixture
def token_for(personas: Personas) -> Callable[..., str]:
    def make(name: str, scope: str = TokenScope.READ_WRITE) -> str:
        user = personas.user(name)
        assert user is not None
        _, raw = create_token(user, name=f"{name} {scope}", scope=scope)
        return raw

    return make


@pytest.fixture
def session_api(client_for) -> Callable[[str], ApiClient]:
    return lambda name: ApiClient(client_for(name))


@pytest.fixture
def token_api(token_for) -> Callable[..., ApiClient]:
    def make(name: str, scope: str = TokenScope.READ_WRITE) -> ApiClient:
        return ApiClient(Client(), token_for(name, scope))

    return make


@pytest.fixture
def directory(personas: Personas) -> Directory:
    factories.on_call(personas.safe_harbor, phone="555-0142")
    shelter = factories.shelter(personas.safe_harbor, personas.county, "Casa Segura youth shelter")
    police_service = factories.service(
        personas.police,
        "Victim liaison",
        category="case-management",
        languages=("en",),
        capacity_available=None,
        updated_days_ago=None,
    )
    Expertise.objects.create(
        person=personas.detective.person,
        area=ExpertiseArea.objects.get(code="law-enforcement"),
        years=12,
    )
    bodies = build_bodies(personas)
    upcoming = meeting(bodies.general, 14)
    held = meeting(bodies.general, -7, title="Last General Body meeting")
    proposal = AgendaItem.objects.create(
        meeting=upcoming,
        title="Labor trafficking in agriculture",
        proposed_by=personas.advocate.person,
    )
    proceedings_services.start_minutes(personas.leader, held)
    minutes = Minutes.objects.get(meeting=held)
    proceedings_services.save_minutes_draft(
        personas.leader,
        held,
        {entry.pk: "Members shared updates." for entry in minutes.entries.all()},
    )
    proceedings_services.circulate_minutes(personas.leader, held)
    action_item = ActionItem.objects.create(
        body=bodies.general,
        meeting=held,
        description="Draft the outreach flyer",
        owner_person=personas.advocate.person,
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    return Directory(
        shelter=shelter,
        police_service=police_service,
        bodies=bodies,
        meeting=upcoming,
        held_meeting=held,
        later_meeting=meeting(bodies.general, -1, title="This week's General Body meeting"),
        proposal=proposal,
        action_item=action_item,
    )
