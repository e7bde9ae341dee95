"""Agreements the agreements tests share, written through the services.

The memorandum is facilitated by the victim-services coordinator (Vera Santos, Safe Harbor
Alliance). Its parties: the police department (represented by the detective, signed for by the
group leader), the district attorney's office (the prosecutor does both) and Safe Harbor (the
coordinator does both). New Dawn, the advocate's organization, is not a party. It is not
task-force-wide unless asked.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from taskforce.agreements import services
from taskforce.agreements.models import Agreement, AgreementKind, AgreementVersion, Party
from taskforce.directory.models import Person, ServiceCategory
from tests.personas import Personas


def person(user: Any) -> Person:
    return Person.objects.get(user=user)


def agreement(
    p: Personas,
    *,
    kind: str = AgreementKind.MOU,
    task_force_wide: bool = False,
    title: str = "Harbor anti-trafficking memorandum",
    **extra: Any,
) -> Agreement:
    data = {
        "kind": kind,
        "subject": "",
        "title": title,
        "purpose": "How the member agencies respond to trafficking together.",
        "task_force_wide": task_force_wide,
        "facilitator": person(p.coordinator),
        "expires_on": None,
        "review_on": None,
        **extra,
    }
    created = services.create_agreement(p.coordinator, data)
    draft = created.versions.get()
    sharing = services.add_section(p.coordinator, draft, "Information sharing")
    services.add_clause(
        p.coordinator,
        sharing,
        {"heading": "Need to know", "text": "Agencies share what each needs to act, no more."},
    )
    services.add_clause(
        p.coordinator,
        sharing,
        {"heading": "Consent", "text": "Victim information is shared only with written consent."},
    )
    roles = services.add_section(p.coordinator, draft, "Roles")
    services.add_clause(
        p.coordinator, roles, {"heading": "", "text": "Each agency names a point of contact."}
    )
    parties(p, created)
    housing = ServiceCategory.objects.filter(code__contains="housing").order_by("pk").first()
    services.add_commitment(
        p.coordinator,
        draft,
        {
            "organization": p.safe_harbor,
            "description": "Emergency shelter for adult victims",
            "service_category": housing,
            "quantity": 4,
            "unit": "beds",
            "around_the_clock": True,
        },
    )
    services.add_commitment(
        p.coordinator,
        draft,
        {
            "organization": p.police,
            "description": "Assigns one full-time investigator",
            "service_category": None,
            "quantity": 1,
            "unit": "investigators",
            "around_the_clock": False,
        },
    )
    return created


def parties(p: Personas, agreement: Agreement) -> dict[str, Party]:
    people = {
        "police": (p.police, p.detective, p.leader),
        "district_attorney": (p.district_attorney, p.prosecutor, p.prosecutor),
        "safe_harbor": (p.safe_harbor, p.coordinator, p.coordinator),
    }
    return {
        name: services.add_party(
            p.coordinator,
            agreement,
            organization,
            {
                "required": True,
                "representative": person(representative),
                "signatory": person(signatory),
            },
        )
        for name, (organization, representative, signatory) in people.items()
    }


def party(agreement: Agreement, organization: Any) -> Party:
    return agreement.parties.get(organization=organization)


def circulated(p: Personas, **kwargs: Any) -> Agreement:
    made = agreement(p, **kwargs)
    services.circulate(p.coordinator, made.versions.get(), "First draft for review")
    made.refresh_from_db()
    return made


def final(p: Personas, **kwargs: Any) -> tuple[Agreement, AgreementVersion]:
    made = agreement(p, **kwargs)
    version = services.circulate(p.coordinator, made.versions.get(), "For signature", final=True)
    made.refresh_from_db()
    return made, version


SIGNERS = ("leader", "prosecutor", "coordinator")


def sign(p: Personas, version: AgreementVersion, who: str) -> Any:
    user = getattr(p, who)
    signing_party = version.agreement.parties.get(signatory__user=user)
    return services.sign(
        user,
        signing_party,
        version,
        {
            "typed_name": user.get_full_name(),
            "signer_title": "Director",
            "signed_on": timezone.localdate(),
        },
        attested=True,
        content_hash=version.content_hash,
    )


def effective(p: Personas, **kwargs: Any) -> tuple[Agreement, AgreementVersion]:
    made, version = final(p, **kwargs)
    for who in SIGNERS:
        sign(p, version, who)
    made.refresh_from_db()
    return made, version


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
