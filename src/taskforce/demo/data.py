"""The fictional demo task force, as plain data.

Every organization, person, address, phone number and web address here is invented: place names
(Port Wren, Alder, Quarry Hill, Sable Valley) do not exist, phone numbers use the 555-01xx range
reserved for fiction, and web and e-mail addresses use `example.org`. Dates are given relative to
the day the demo is built, so capacities, terms and objectives always look current.

The directory is shaped so the features have something to show: at least fifteen sectors are at
the table, a few are missing or held only by inactive members (the gap analysis), some capacities
are stale, and exactly one service answers "who can shelter a Spanish-speaking minor tonight in
Harbor County?" while several others miss by a single criterion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskforce.accounts.models import Role
from taskforce.directory.models import JurisdictionLevel, MembershipStatus, MembershipType

TASK_FORCE_NAME = "Harbor Region Anti-Trafficking Task Force (fictional)"
JURISDICTION = "Harbor, Alder, Quarry Hill and Sable Valley counties (fictional)"
STATE = "CA"

# One password for every demo login, printed when the demo is built. Never use it anywhere real.
DEMO_PASSWORD = "demo-password-2026"

# County key -> name. All four are invented.
COUNTIES: dict[str, str] = {
    "harbor": "Harbor",
    "alder": "Alder",
    "quarry-hill": "Quarry Hill",
    "sable-valley": "Sable Valley",
}
ALL_COUNTIES = tuple(COUNTIES)


@dataclass(frozen=True)
class Login:
    """A demo account. The TOTP secret is public on purpose: it is printed for the demo user."""

    username: str
    role: str
    totp_secret: str | None


@dataclass(frozen=True)
class PersonSpec:
    key: str  # a stable handle the charter uses to name owners and role holders
    first_name: str
    last_name: str
    title: str
    language: str = "en"
    membership: str = MembershipType.VOTING
    expertise: tuple[tuple[str, int], ...] = ()
    login: Login | None = None
    active: bool = True


@dataclass(frozen=True)
class ContactSpec:
    name: str
    role: str
    phone: str
    mailbox: str = ""  # the part before @ on the organization's domain
    on_call: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Capacity:
    available: int
    maximum: int
    unit: str
    hours_ago: float  # age of the figure when the demo is built


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    category: str
    description: str
    eligibility: str
    populations: tuple[str, ...]
    languages: tuple[str, ...]
    counties: tuple[str, ...]
    hours: str = ""
    is_24_7: bool = False
    capacity: Capacity | None = None
    active: bool = True


@dataclass(frozen=True)
class OrganizationSpec:
    key: str
    name: str
    acronym: str
    sectors: tuple[str, ...]
    level: str
    description: str
    street: str
    city: str
    postal_code: str
    domain: str
    phone: str
    counties: tuple[str, ...]
    languages: tuple[str, ...]
    populations: tuple[str, ...]
    status: str = MembershipStatus.ACTIVE
    joined_days_ago: int | None = 900
    status_changed_days_ago: int | None = None
    contacts: tuple[ContactSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()

    @property
    def website(self) -> str:
        return f"https://{self.domain}/"


def email_for(first_name: str, last_name: str, domain: str) -> str:
    local = ".".join(re.sub(r"[^a-z]", "", part.lower()) for part in (first_name, last_name))
    return f"{local}@{domain}"


def _secret(username: str) -> str:
    """A fixed, well-known base32 TOTP secret per demo login (32 characters, 160 bits)."""
    return f"DEMO{username.upper()}TASKFORCEHARBORREGIONFICTIONAL"[:32]


def _login(username: str, role: str, *, two_factor: bool = True) -> Login:
    return Login(username, role, _secret(username) if two_factor else None)


EVERYONE = ("adults", "minors", "women", "men", "transgender-nonbinary")
ALL_VICTIMS = ("sex-trafficking", "labor-trafficking", "us-citizens", "foreign-nationals")
ADULTS_ALL = ("adults", "women", "men", "transgender-nonbinary", *ALL_VICTIMS)

# The service the shelter search must find, and the criteria it is found by.
TARGET_SHELTER = "Casa Wren youth emergency shelter"
SHELTER_QUERY = {
    "category": "emergency-housing",
    "language": "es",
    "county": "harbor",
    "population": "minors",
    "is_24_7": True,
}


ORGANIZATIONS: tuple[OrganizationSpec, ...] = (
    OrganizationSpec(
        key="police",
        name="Port Wren Police Department",
        acronym="PWPD",
        sectors=("local-law-enforcement",),
        level=JurisdictionLevel.LOCAL,
        description=(
            "City police for Port Wren. Its Human Trafficking and Exploitation Unit investigates "
            "sex and labor trafficking and co-leads the task force's law enforcement committee."
        ),
        street="100 Lighthouse Way",
        city="Port Wren",
        postal_code="90001",
        domain="pwpd.example.org",
        phone="(555) 555-0100",
        counties=("harbor",),
        languages=("en", "es", "vi"),
        populations=("adults", "minors", *ALL_VICTIMS),
        joined_days_ago=1150,
        contacts=(
            ContactSpec(
                "HTEU duty sergeant",
                "On-call investigator",
                "(555) 555-0101",
                "hteu-duty",
                on_call=True,
                notes="Answers around the clock; ask for the trafficking unit.",
            ),
            ContactSpec("Records and media desk", "Media", "(555) 555-0102", "media"),
        ),
        people=(
            PersonSpec(
                "leader",
                "Lena",
                "Stormlark",
                "Lieutenant, Human Trafficking and Exploitation Unit",
                expertise=(("law-enforcement", 17), ("victim-services", 4), ("outreach", 3)),
                login=_login("leader", Role.COORDINATOR),
            ),
            PersonSpec(
                "detective",
                "Dan",
                "Brightcove",
                "Detective, Human Trafficking and Exploitation Unit",
                language="es",
                expertise=(("law-enforcement", 9), ("labor", 2)),
                login=_login("detective", Role.MEMBER),
            ),
            PersonSpec(
                "police-liaison",
                "Maya",
                "Kettleby",
                "Victim Liaison Officer",
                membership=MembershipType.NON_VOTING,
                expertise=(("law-enforcement", 5), ("victim-services", 5)),
            ),
        ),
        services=(
            ServiceSpec(
                "Police victim liaison",
                "case-management",
                "A victim liaison officer explains the investigation, arranges interpreters and "
                "connects victims with task force service providers.",
                "Anyone identified as a possible trafficking victim in a Port Wren investigation.",
                ("adults", "minors", *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Fri 8:00–18:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="sheriff",
        name="Harbor County Sheriff's Office",
        acronym="HCSO",
        sectors=("local-law-enforcement",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "Law enforcement for unincorporated Harbor County, including its farms, ports and "
            "highway motels. Special Victims Bureau detectives take trafficking referrals."
        ),
        street="2 Courthouse Plaza",
        city="Port Wren",
        postal_code="90002",
        domain="hcso.example.org",
        phone="(555) 555-0103",
        counties=("harbor",),
        languages=("en", "es"),
        populations=("adults", "minors", *ALL_VICTIMS),
        joined_days_ago=1100,
        contacts=(
            ContactSpec(
                "Watch commander",
                "On-call supervisor",
                "(555) 555-0104",
                "watch",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "sheriff-sergeant",
                "Ruben",
                "Ashgrove",
                "Sergeant, Special Victims Bureau",
                language="es",
                expertise=(("law-enforcement", 14),),
            ),
            PersonSpec(
                "sheriff-deputy",
                "Kira",
                "Vantwell",
                "Deputy, Special Victims Bureau",
                membership=MembershipType.NON_VOTING,
                expertise=(("law-enforcement", 4),),
            ),
        ),
    ),
    OrganizationSpec(
        key="fbi",
        name="Federal Bureau of Investigation, Port Wren Field Office (fictional)",
        acronym="FBI-PW",
        sectors=("federal-law-enforcement",),
        level=JurisdictionLevel.FEDERAL,
        description=(
            "Federal investigations of trafficking across county and state lines, with a "
            "victim specialist who supports victims through federal cases."
        ),
        street="400 Federal Building Drive, Suite 9",
        city="Port Wren",
        postal_code="90003",
        domain="fbi-portwren.example.org",
        phone="(555) 555-0105",
        counties=ALL_COUNTIES,
        languages=("en", "es", "zh"),
        populations=("adults", "minors", *ALL_VICTIMS),
        joined_days_ago=1000,
        contacts=(
            ContactSpec(
                "Duty agent",
                "On-call agent",
                "(555) 555-0106",
                "duty",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "fbi-agent",
                "Grant",
                "Mossgrove",
                "Special Agent, Violent Crimes Against Children and Human Trafficking",
                expertise=(("law-enforcement", 12),),
            ),
            PersonSpec(
                "fbi-victim-specialist",
                "Hana",
                "Lowbridge",
                "Victim Specialist",
                language="zh",
                expertise=(("victim-services", 10), ("law-enforcement", 3)),
            ),
        ),
        services=(
            ServiceSpec(
                "Federal victim specialist support",
                "case-management",
                "Crisis support, referrals and court notifications for victims in federal "
                "investigations.",
                "Victims identified in an FBI investigation.",
                ("adults", "minors", *ALL_VICTIMS),
                ("en", "es", "zh"),
                ALL_COUNTIES,
                hours="Mon–Fri 8:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="hsi",
        name="Homeland Security Investigations, Port Wren Office (fictional)",
        acronym="HSI-PW",
        sectors=("federal-law-enforcement",),
        level=JurisdictionLevel.FEDERAL,
        description=(
            "Federal investigations of labor and sex trafficking involving foreign nationals; "
            "requests Continued Presence for victims who cooperate or may be witnesses."
        ),
        street="400 Federal Building Drive, Suite 14",
        city="Port Wren",
        postal_code="90003",
        domain="hsi-portwren.example.org",
        phone="(555) 555-0107",
        counties=ALL_COUNTIES,
        languages=("en", "es", "tl", "th"),
        populations=(
            "adults",
            "minors",
            "labor-trafficking",
            "sex-trafficking",
            "foreign-nationals",
        ),
        joined_days_ago=980,
        contacts=(
            ContactSpec(
                "Duty agent",
                "On-call agent",
                "(555) 555-0108",
                "duty",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "hsi-agent",
                "Omar",
                "Fairwind",
                "Special Agent",
                language="ar",
                expertise=(("law-enforcement", 11), ("immigration", 6), ("labor", 4)),
            ),
            PersonSpec(
                "hsi-victim-specialist",
                "Lucia",
                "Brambleton",
                "Victim Assistance Specialist",
                language="es",
                expertise=(("victim-services", 8), ("immigration", 8)),
            ),
        ),
        services=(
            ServiceSpec(
                "Continued Presence requests",
                "legal-immigration",
                "Requests Continued Presence, a temporary immigration status, for foreign national "
                "victims of trafficking who are potential witnesses.",
                "Foreign national victims identified by any task force member.",
                ("adults", "minors", "foreign-nationals", "sex-trafficking", "labor-trafficking"),
                ("en", "es", "tl", "th"),
                ALL_COUNTIES,
                hours="Mon–Fri 8:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="district-attorney",
        name="Harbor County District Attorney's Office",
        acronym="HCDA",
        sectors=("local-prosecution",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "Prosecutes trafficking and related crimes under state law; its victim-witness "
            "program accompanies victims through court."
        ),
        street="2 Courthouse Plaza, 5th floor",
        city="Port Wren",
        postal_code="90002",
        domain="hcda.example.org",
        phone="(555) 555-0109",
        counties=("harbor",),
        languages=("en", "es"),
        populations=("adults", "minors", *ALL_VICTIMS),
        joined_days_ago=1150,
        contacts=(
            ContactSpec("Victim-witness intake", "Intake", "(555) 555-0110", "victimwitness"),
        ),
        people=(
            PersonSpec(
                "prosecutor",
                "Priya",
                "Fernsby",
                "Deputy District Attorney, Human Trafficking Unit",
                expertise=(("prosecution", 10), ("legal", 10)),
                login=_login("prosecutor", Role.MEMBER),
            ),
            PersonSpec(
                "da-chief",
                "Harold",
                "Beckwood",
                "Chief Deputy District Attorney",
                expertise=(("prosecution", 22),),
            ),
            PersonSpec(
                "da-advocate",
                "Tomas",
                "Quillon",
                "Victim-Witness Advocate",
                language="es",
                membership=MembershipType.NON_VOTING,
                expertise=(("victim-services", 7),),
            ),
        ),
        services=(
            ServiceSpec(
                "Victim-witness court accompaniment",
                "legal-criminal",
                "Advocates explain the court process, accompany victims to hearings and help with "
                "restitution and victim compensation claims.",
                "Victims and witnesses in cases the District Attorney prosecutes.",
                ("adults", "minors", *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Fri 8:00–17:00",
                capacity=Capacity(6, 30, "clients", 30),
            ),
        ),
    ),
    OrganizationSpec(
        key="us-attorney",
        name="U.S. Attorney's Office, Harbor District (fictional)",
        acronym="USAO-HD",
        sectors=("federal-prosecution",),
        level=JurisdictionLevel.FEDERAL,
        description=(
            "Federal prosecutors; the district's human trafficking coordinator attends every "
            "general body meeting."
        ),
        street="400 Federal Building Drive, Suite 20",
        city="Port Wren",
        postal_code="90003",
        domain="usao-harbor.example.org",
        phone="(555) 555-0111",
        counties=ALL_COUNTIES,
        languages=("en",),
        populations=("adults", "minors", *ALL_VICTIMS),
        joined_days_ago=1050,
        contacts=(ContactSpec("Victim-witness unit", "Intake", "(555) 555-0112", "vw"),),
        people=(
            PersonSpec(
                "ausa",
                "Miriam",
                "Oakhaven",
                "Assistant U.S. Attorney, Human Trafficking Coordinator",
                expertise=(("prosecution", 15), ("legal", 15)),
            ),
            PersonSpec(
                "usao-vw",
                "Ben",
                "Larkfield",
                "Victim-Witness Coordinator",
                membership=MembershipType.NON_VOTING,
                expertise=(("victim-services", 6),),
            ),
        ),
        services=(
            ServiceSpec(
                "Federal victim-witness assistance",
                "legal-criminal",
                "Notification, accompaniment and emergency assistance for victims in federal "
                "prosecutions.",
                "Victims in cases the U.S. Attorney's Office prosecutes.",
                ("adults", "minors", *ALL_VICTIMS),
                ("en",),
                ALL_COUNTIES,
                hours="Mon–Fri 8:30–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="lantern-house",
        name="Lantern House Survivor Services",
        acronym="LHSS",
        sectors=("victim-services",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Comprehensive services for adult survivors of sex and labor trafficking: emergency "
            "shelter, case management, a 24/7 crisis line and safety planning."
        ),
        street="18 Beacon Street",
        city="Port Wren",
        postal_code="90004",
        domain="lanternhouse.example.org",
        phone="(555) 555-0113",
        counties=("harbor", "alder"),
        languages=("en", "es", "vi", "tl"),
        populations=ADULTS_ALL,
        joined_days_ago=1150,
        contacts=(
            ContactSpec(
                "Crisis line",
                "On-call advocate",
                "(555) 555-0114",
                "crisis",
                on_call=True,
                notes="Shelter intake after hours goes through the crisis line.",
            ),
            ContactSpec("June Ashcombe", "Executive director", "(555) 555-0115", "june"),
        ),
        people=(
            PersonSpec(
                "vscoord",
                "Vera",
                "Quillfeather",
                "Victim Services Coordinator",
                expertise=(("victim-services", 12), ("health", 3), ("outreach", 2)),
                login=_login("vscoord", Role.COORDINATOR),
            ),
            PersonSpec(
                "lantern-case-manager",
                "Rosa",
                "Tidemark",
                "Senior Case Manager",
                language="es",
                expertise=(("victim-services", 6), ("immigration", 2)),
            ),
            PersonSpec(
                "lantern-director",
                "June",
                "Ashcombe",
                "Executive Director",
                expertise=(("victim-services", 19),),
            ),
        ),
        services=(
            ServiceSpec(
                "Lantern House adult emergency shelter",
                "emergency-housing",
                "Confidential-location emergency shelter for adult survivors, with meals, "
                "hygiene supplies and an advocate on site.",
                "Adults 18 and over who have experienced sex or labor trafficking.",
                ADULTS_ALL,
                ("en", "es", "vi"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
                capacity=Capacity(3, 12, "beds", 2),
            ),
            ServiceSpec(
                "Lantern youth shelter (closed for renovation)",
                "emergency-housing",
                "Youth shelter wing, closed while the building is renovated. Youth referrals go to "
                "Casa Wren.",
                "Minors 12–17 who have experienced trafficking.",
                ("minors", *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
                capacity=Capacity(0, 6, "beds", 24 * 40),
                active=False,
            ),
            ServiceSpec(
                "Comprehensive case management",
                "case-management",
                "Needs assessment, service plans, accompaniment to appointments and coordination "
                "with every agency involved.",
                "Adult survivors living or identified in Harbor or Alder County.",
                ADULTS_ALL,
                ("en", "es", "vi", "tl"),
                ("harbor", "alder"),
                hours="Mon–Fri 9:00–18:00",
                capacity=Capacity(4, 40, "clients", 26),
            ),
            ServiceSpec(
                "24/7 crisis line and safety planning",
                "safety-planning",
                "Trained advocates answer day and night, make safety plans and arrange shelter.",
                "Anyone who may be experiencing trafficking, and professionals calling for them.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "vi", "tl"),
                ("harbor", "alder"),
                hours="24/7",
                is_24_7=True,
            ),
        ),
    ),
    OrganizationSpec(
        key="tidewell",
        name="Tidewell Advocacy Network",
        acronym="TAN",
        sectors=("victim-services",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Mobile advocacy, transitional housing and emergency financial help for survivors in "
            "the inland counties."
        ),
        street="77 Millrace Road",
        city="Alderwynd",
        postal_code="90010",
        domain="tidewell.example.org",
        phone="(555) 555-0116",
        counties=("alder", "quarry-hill"),
        languages=("en", "es", "ko"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=1080,
        contacts=(
            ContactSpec(
                "Advocate on call",
                "On-call advocate",
                "(555) 555-0117",
                "oncall",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "advocate",
                "Ana",
                "Marigold",
                "Survivor Advocate",
                language="es",
                expertise=(("victim-services", 5), ("immigration", 1)),
                login=_login("advocate", Role.MEMBER),
            ),
            PersonSpec(
                "tidewell-outreach",
                "Kofi",
                "Wrenly",
                "Community Outreach Lead",
                expertise=(("outreach", 11), ("victim-services", 4)),
            ),
            PersonSpec(
                "tidewell-manager",
                "Sun-Hee",
                "Parkhollow",
                "Program Manager",
                language="ko",
                expertise=(("victim-services", 9), ("research", 2)),
            ),
        ),
        services=(
            ServiceSpec(
                "Mobile advocacy and accompaniment",
                "case-management",
                "Advocates meet survivors where they are and accompany them to medical, legal and "
                "benefits appointments.",
                "Survivors of any age in Alder or Quarry Hill County.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "ko"),
                ("alder", "quarry-hill"),
                hours="Mon–Sat 8:00–20:00",
                capacity=Capacity(7, 25, "clients", 5),
            ),
            ServiceSpec(
                "Tidewell transitional apartments",
                "long-term-housing",
                "Furnished apartments for up to 24 months with weekly case management.",
                "Adult survivors, with or without children, who have left emergency shelter.",
                ADULTS_ALL,
                ("en", "es"),
                ("alder",),
                hours="Office Mon–Fri 9:00–17:00",
                capacity=Capacity(1, 10, "apartments", 24 * 12),
            ),
            ServiceSpec(
                "Emergency financial assistance",
                "financial",
                "Small grants for deposits, utilities, phones and travel to safety.",
                "Survivors working with a Tidewell advocate.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "ko"),
                ("alder", "quarry-hill"),
                hours="Mon–Fri 9:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="legal-aid",
        name="Harbor Legal Aid Clinic",
        acronym="HLAC",
        sectors=("legal-services",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Free civil legal help: vacatur of convictions, protective orders, wage claims, "
            "benefits, family law and recovery of identity documents."
        ),
        street="250 Harbor Avenue, Suite 3",
        city="Port Wren",
        postal_code="90005",
        domain="harborlegalaid.example.org",
        phone="(555) 555-0118",
        counties=("harbor", "sable-valley"),
        languages=("en", "es", "pa"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=1020,
        contacts=(ContactSpec("Intake line", "Intake", "(555) 555-0119", "intake"),),
        people=(
            PersonSpec(
                "legal-aid-attorney",
                "Elena",
                "Brookhart",
                "Managing Attorney",
                language="es",
                expertise=(("legal", 16), ("immigration", 5)),
            ),
            PersonSpec(
                "legal-aid-staff",
                "Samuel",
                "Nettlefield",
                "Staff Attorney",
                membership=MembershipType.NON_VOTING,
                expertise=(("legal", 3), ("labor", 2)),
            ),
        ),
        services=(
            ServiceSpec(
                "Civil legal help for survivors",
                "legal-civil",
                "Vacatur and record relief, protective orders, wage claims, housing and family "
                "law.",
                "Survivors of trafficking with income under 250% of the poverty line.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "pa"),
                ("harbor", "sable-valley"),
                hours="Mon–Thu 9:00–17:00",
                capacity=Capacity(2, 15, "new cases per month", 24 * 3),
            ),
            ServiceSpec(
                "Identity document recovery",
                "identification",
                "Replaces birth certificates, state IDs and consular documents held by "
                "traffickers.",
                "Any survivor referred by a task force member.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor", "sable-valley"),
                hours="Mon–Thu 9:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="child-welfare",
        name="Harbor County Department of Children and Family Services",
        acronym="HC-DCFS",
        sectors=("child-welfare",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "Child protective services. Its CSEC team responds to every report of a child who "
            "may be sexually exploited or trafficked."
        ),
        street="9 Civic Center Loop",
        city="Port Wren",
        postal_code="90002",
        domain="hc-dcfs.example.org",
        phone="(555) 555-0120",
        counties=("harbor",),
        languages=("en", "es", "vi"),
        populations=("minors", "women", "men", "transgender-nonbinary", *ALL_VICTIMS),
        joined_days_ago=1120,
        contacts=(
            ContactSpec(
                "Child abuse hotline",
                "On-call social worker",
                "(555) 555-0121",
                "hotline",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "dcfs-manager",
                "Gloria",
                "Windlass",
                "CSEC Program Manager",
                language="es",
                expertise=(("child-welfare", 18), ("victim-services", 6)),
            ),
            PersonSpec(
                "dcfs-worker",
                "Theo",
                "Cradleford",
                "Emergency Response Social Worker",
                membership=MembershipType.NON_VOTING,
                expertise=(("child-welfare", 4),),
            ),
            PersonSpec(
                "dcfs-reunification",
                "Marisol",
                "Homeward",
                "Family Reunification Specialist",
                language="es",
                membership=MembershipType.NON_VOTING,
                expertise=(("child-welfare", 7),),
            ),
        ),
        services=(
            ServiceSpec(
                "CSEC emergency response",
                "case-management",
                "A social worker responds in person to any report of a child who may be "
                "exploited, day or night, and arranges placement.",
                "Children under 18 in Harbor County.",
                ("minors", "women", "men", "transgender-nonbinary", *ALL_VICTIMS),
                ("en", "es", "vi"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
            ),
            ServiceSpec(
                "Family reunification",
                "family-reunification",
                "Safe reunification of children with family, including family abroad through "
                "consulates.",
                "Children in the department's care and their families.",
                ("minors", *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Fri 8:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="health-clinic",
        name="Sable Valley Community Health Clinic",
        acronym="SVCHC",
        sectors=("health-care",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "A community health center with trauma-informed primary care, forensic exams and "
            "dental care on a sliding fee scale."
        ),
        street="1200 Orchard Row",
        city="Sable Springs",
        postal_code="90030",
        domain="svchc.example.org",
        phone="(555) 555-0122",
        counties=("sable-valley", "quarry-hill"),
        languages=("en", "es", "pa", "mam"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=700,
        contacts=(ContactSpec("Front desk", "Appointments", "(555) 555-0123", "appointments"),),
        people=(
            PersonSpec(
                "clinic-director",
                "Nadia",
                "Sunmere",
                "Medical Director",
                language="pa",
                expertise=(("health", 20),),
            ),
            PersonSpec(
                "clinic-nurse",
                "Leo",
                "Fairhollow",
                "Nurse Care Coordinator",
                membership=MembershipType.NON_VOTING,
                expertise=(("health", 8),),
            ),
        ),
        services=(
            ServiceSpec(
                "Trauma-informed primary care",
                "medical",
                "Same-week appointments, STI testing, prenatal care and forensic exams.",
                "Everyone; no insurance or immigration status required.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "pa", "mam"),
                ("sable-valley", "quarry-hill"),
                hours="Mon–Sat 8:00–19:00",
                capacity=Capacity(9, 20, "appointments this week", 20),
            ),
            ServiceSpec(
                "Dental care",
                "dental",
                "Emergency and restorative dental care.",
                "Clinic patients.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("sable-valley",),
                hours="Tue–Fri 8:00–16:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="workers-center",
        name="Alder Workers' Rights Center",
        acronym="AWRC",
        sectors=("labor-rights",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Wage theft clinics, labor trafficking screening and job placement for workers in "
            "construction, restaurants, domestic work and cleaning."
        ),
        street="45 Foundry Street",
        city="Alderwynd",
        postal_code="90011",
        domain="alderworkers.example.org",
        phone="(555) 555-0124",
        counties=("alder", "harbor"),
        languages=("en", "es", "vi", "tl"),
        populations=ADULTS_ALL,
        joined_days_ago=800,
        contacts=(ContactSpec("Worker hotline", "Intake", "(555) 555-0125", "hotline"),),
        people=(
            PersonSpec(
                "workers-director",
                "Hector",
                "Grainwell",
                "Director",
                language="es",
                expertise=(("labor", 15), ("outreach", 8)),
            ),
            PersonSpec(
                "workers-organizer",
                "Thu",
                "Cloudfield",
                "Organizer",
                language="vi",
                membership=MembershipType.NON_VOTING,
                expertise=(("labor", 5),),
            ),
        ),
        services=(
            ServiceSpec(
                "Labor trafficking screening and wage claims",
                "legal-civil",
                "Screens workers for trafficking and forced labor and files wage claims.",
                "Workers of any status in Alder or Harbor County.",
                ADULTS_ALL,
                ("en", "es", "vi", "tl"),
                ("alder", "harbor"),
                hours="Mon–Fri 10:00–19:00",
            ),
            ServiceSpec(
                "Job placement and training",
                "employment",
                "Job readiness, OSHA-10 training and placement with vetted employers.",
                "Adult survivors and workers referred by members.",
                ADULTS_ALL,
                ("en", "es"),
                ("alder",),
                hours="Mon–Fri 9:00–17:00",
                capacity=Capacity(12, 20, "training seats", 24 * 6),
            ),
        ),
    ),
    OrganizationSpec(
        key="lgbtq-youth",
        name="Rainbow Harbor LGBTQ+ Youth Center",
        acronym="RHYC",
        sectors=("lgbtq-advocates",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "A drop-in center and overnight space for LGBTQ+ young people, who are trafficked at "
            "higher rates than their peers."
        ),
        street="31 Pride Lane",
        city="Port Wren",
        postal_code="90006",
        domain="rainbowharbor.example.org",
        phone="(555) 555-0126",
        counties=("harbor",),
        languages=("en", "tl"),
        populations=("minors", "adults", "transgender-nonbinary", "women", "men", *ALL_VICTIMS),
        joined_days_ago=600,
        contacts=(
            ContactSpec(
                "Night staff",
                "On-call youth worker",
                "(555) 555-0127",
                "night",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "lgbtq-director",
                "Jordan",
                "Skylark",
                "Youth Programs Director",
                expertise=(("outreach", 9), ("victim-services", 5)),
            ),
            PersonSpec(
                "lgbtq-counselor",
                "Avery",
                "Marlowfield",
                "Peer Support Counselor",
                language="tl",
                membership=MembershipType.NON_VOTING,
                expertise=(("health", 3),),
            ),
        ),
        services=(
            ServiceSpec(
                "Overnight drop-in shelter for LGBTQ+ youth",
                "emergency-housing",
                "A safe overnight space with beds, showers and a youth worker awake all night.",
                "LGBTQ+ young people aged 14–24.",
                ("minors", "adults", "transgender-nonbinary", *ALL_VICTIMS),
                ("en", "tl"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
                capacity=Capacity(4, 6, "beds", 5),
            ),
            ServiceSpec(
                "Peer support groups",
                "mental-health",
                "Weekly peer-led groups and one-to-one support.",
                "LGBTQ+ young people aged 13–24.",
                ("minors", "adults", "transgender-nonbinary"),
                ("en",),
                ("harbor",),
                hours="Tue and Thu 16:00–19:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="faith-shelter",
        name="Wrenfield Mission Shelter",
        acronym="WMS",
        sectors=("faith-based",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "A faith-based shelter that serves everyone without religious requirement: a youth "
            "emergency shelter, a food pantry and a clothing closet."
        ),
        street="6 Chapel Hill Road",
        city="Port Wren",
        postal_code="90007",
        domain="wrenfieldmission.example.org",
        phone="(555) 555-0128",
        counties=("harbor",),
        languages=("en", "es"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=750,
        contacts=(
            ContactSpec(
                "Youth shelter intake",
                "On-call shelter supervisor",
                "(555) 555-0129",
                "intake",
                on_call=True,
                notes="Accepts placements from DCFS, police and task force advocates at any hour.",
            ),
        ),
        people=(
            PersonSpec(
                "faith-director",
                "Marta",
                "Stillwater",
                "Executive Director",
                expertise=(("victim-services", 13), ("outreach", 6)),
            ),
            PersonSpec(
                "faith-youth",
                "Inés",
                "Lamplighter",
                "Youth Shelter Supervisor",
                language="es",
                expertise=(("child-welfare", 9), ("victim-services", 9)),
            ),
        ),
        services=(
            ServiceSpec(
                TARGET_SHELTER,
                "emergency-housing",
                "Emergency shelter for young people with bilingual staff awake all night, "
                "school transport and a case manager.",
                "Minors aged 12–17 of any gender, including youth who have been trafficked; "
                "placements accepted at any hour.",
                ("minors", "women", "men", "transgender-nonbinary", *ALL_VICTIMS),
                ("es", "en"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
                capacity=Capacity(2, 8, "beds", 3),
            ),
            ServiceSpec(
                "Food pantry and clothing closet",
                "basic-needs",
                "Groceries, hygiene kits and clothing, no questions asked.",
                "Anyone in need.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon, Wed, Fri 10:00–14:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="school-district",
        name="Harbor Unified School District",
        acronym="HUSD",
        sectors=("educators",),
        level=JurisdictionLevel.LOCAL,
        description=(
            "Public schools for Port Wren and surrounding towns; runs prevention lessons and "
            "trains staff to recognise and report exploitation."
        ),
        street="500 Schoolhouse Road",
        city="Port Wren",
        postal_code="90008",
        domain="husd.example.org",
        phone="(555) 555-0130",
        counties=("harbor",),
        languages=("en", "es", "vi", "tl"),
        populations=("minors",),
        joined_days_ago=500,
        contacts=(
            ContactSpec("Student wellness office", "Prevention lead", "(555) 555-0131", "wellness"),
        ),
        people=(
            PersonSpec(
                "school-wellness",
                "Carla",
                "Inkwood",
                "Coordinator of Student Wellness",
                expertise=(("outreach", 10), ("child-welfare", 4)),
            ),
            PersonSpec(
                "school-counselor",
                "Marcus",
                "Chalkley",
                "School Counselor",
                membership=MembershipType.NON_VOTING,
                expertise=(("child-welfare", 6),),
            ),
        ),
        services=(
            ServiceSpec(
                "Prevention education for students",
                "education",
                "Age-appropriate lessons on healthy relationships, online safety and labor "
                "rights for grades 6–12.",
                "Students in Harbor Unified schools.",
                ("minors",),
                ("en", "es"),
                ("harbor",),
                hours="School days",
            ),
        ),
    ),
    OrganizationSpec(
        key="university",
        name="Quarry Hill State University, Center on Exploitation Research (fictional)",
        acronym="QHSU-CER",
        sectors=("researchers",),
        level=JurisdictionLevel.STATE,
        description=(
            "Researchers who help the task force measure its work: de-identified trend data, "
            "program evaluation and training curricula."
        ),
        street="1 University Circle",
        city="Quarry Hill",
        postal_code="90020",
        domain="qhsu-cer.example.org",
        phone="(555) 555-0132",
        counties=ALL_COUNTIES,
        languages=("en", "es", "zh"),
        populations=(),
        joined_days_ago=650,
        contacts=(ContactSpec("Center office", "General", "(555) 555-0133", "cer"),),
        people=(
            PersonSpec(
                "university-director",
                "Anil",
                "Marchbank",
                "Professor and Center Director",
                language="hi",
                expertise=(("research", 21),),
            ),
            PersonSpec(
                "university-researcher",
                "Yuki",
                "Fernhall",
                "Research Scientist",
                membership=MembershipType.NON_VOTING,
                expertise=(("research", 7), ("labor", 3)),
            ),
            PersonSpec(
                "visitor",
                "Victor",
                "Wayfarer",
                "Visiting Graduate Researcher",
                membership=MembershipType.VISITOR,
                expertise=(("research", 2),),
                login=_login("visitor", Role.VISITOR, two_factor=False),
            ),
        ),
        services=(
            ServiceSpec(
                "Program evaluation support",
                "education",
                "Helps members design outcome measures and evaluate programs for grant reports.",
                "Task force member organizations.",
                (),
                ("en",),
                ALL_COUNTIES,
                hours="By appointment",
            ),
        ),
    ),
    OrganizationSpec(
        key="hotel-association",
        name="Harbor Region Hotel and Lodging Association",
        acronym="HRHLA",
        sectors=("private-sector",),
        level=JurisdictionLevel.PRIVATE,
        description=(
            "Hotels and motels of the region; trains front desk, housekeeping and security staff "
            "to recognise and report trafficking."
        ),
        street="88 Marina Boulevard",
        city="Port Wren",
        postal_code="90009",
        domain="harborlodging.example.org",
        phone="(555) 555-0134",
        counties=("harbor", "alder"),
        languages=("en", "es"),
        populations=(),
        joined_days_ago=40,
        contacts=(ContactSpec("Association office", "General", "(555) 555-0135", "office"),),
        people=(
            PersonSpec(
                "hotel-director",
                "Greta",
                "Innsworth",
                "Executive Director",
                membership=MembershipType.NON_VOTING,
                expertise=(("outreach", 6),),
            ),
            PersonSpec(
                "hotel-trainer",
                "Raj",
                "Keyhaven",
                "Safety Training Lead",
                language="hi",
                expertise=(("outreach", 4),),
            ),
        ),
        services=(
            ServiceSpec(
                "Hotel staff indicator training",
                "education",
                "Ninety-minute on-site training for hotel staff with posters and a reporting card.",
                "Member hotels and motels.",
                (),
                ("en", "es"),
                ("harbor", "alder"),
                hours="By appointment",
            ),
        ),
    ),
    OrganizationSpec(
        key="behavioral-health",
        name="Harbor County Behavioral Health Department",
        acronym="HCBH",
        sectors=("mental-health",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "County mental health and substance use services, including a mobile crisis team "
            "and trauma-focused therapy."
        ),
        street="9 Civic Center Loop, Building B",
        city="Port Wren",
        postal_code="90002",
        domain="hcbh.example.org",
        phone="(555) 555-0136",
        counties=("harbor", "alder"),
        languages=("en", "es", "vi"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=900,
        contacts=(
            ContactSpec(
                "Mobile crisis team",
                "On-call clinician",
                "(555) 555-0137",
                "crisis",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "bh-supervisor",
                "Simone",
                "Calmbrook",
                "Clinical Supervisor",
                expertise=(("health", 14),),
            ),
            PersonSpec(
                "bh-clinician",
                "Eli",
                "Restwood",
                "Crisis Clinician",
                language="es",
                membership=MembershipType.NON_VOTING,
                expertise=(("health", 5),),
            ),
        ),
        services=(
            ServiceSpec(
                "Trauma-focused therapy",
                "mental-health",
                "Individual therapy (TF-CBT, EMDR) for survivors of any age.",
                "Harbor and Alder County residents; Medi-Cal or uninsured.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es", "vi"),
                ("harbor", "alder"),
                hours="Mon–Fri 8:00–19:00",
                capacity=Capacity(5, 20, "therapy slots", 24 * 12),
            ),
            ServiceSpec(
                "Mobile crisis team",
                "mental-health",
                "Clinicians respond in person to mental health crises, with police only when "
                "needed.",
                "Anyone in Harbor County.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="24/7",
                is_24_7=True,
            ),
            ServiceSpec(
                "Outpatient substance use treatment",
                "substance-use",
                "Counselling and medication-assisted treatment.",
                "Adults and youth 12 and over.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor", "alder"),
                hours="Mon–Fri 8:00–17:00",
                capacity=Capacity(3, 25, "clients", 24 * 12),
            ),
        ),
    ),
    OrganizationSpec(
        key="immigration-legal",
        name="Alder Immigrant Legal Defense Project",
        acronym="AILDP",
        sectors=("legal-services",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Immigration relief for survivors: T and U visas, Continued Presence support, "
            "work permits, and interpretation in Indigenous languages of Guatemala and Mexico."
        ),
        street="12 Liberty Court",
        city="Alderwynd",
        postal_code="90012",
        domain="aildp.example.org",
        phone="(555) 555-0138",
        counties=("alder", "sable-valley", "harbor"),
        languages=("en", "es", "mam", "quc", "pt"),
        populations=(*EVERYONE, "sex-trafficking", "labor-trafficking", "foreign-nationals"),
        joined_days_ago=850,
        contacts=(ContactSpec("Legal intake", "Intake", "(555) 555-0139", "intake"),),
        people=(
            PersonSpec(
                "immigration-attorney",
                "Isabel",
                "Crossharbor",
                "Supervising Immigration Attorney",
                language="es",
                expertise=(("immigration", 13), ("legal", 13)),
            ),
            PersonSpec(
                "immigration-rep",
                "Mateo",
                "Vinewood",
                "Accredited Representative and Interpreter",
                language="quc",
                expertise=(("immigration", 6), ("outreach", 3)),
            ),
        ),
        services=(
            ServiceSpec(
                "T and U visa applications",
                "legal-immigration",
                "Full representation for T visas, U visas, adjustment of status and work permits.",
                "Foreign national survivors of trafficking or qualifying crimes.",
                ("adults", "minors", "foreign-nationals", "sex-trafficking", "labor-trafficking"),
                ("en", "es", "mam", "quc", "pt"),
                ("alder", "sable-valley", "harbor"),
                hours="Mon–Fri 9:00–17:00",
                capacity=Capacity(1, 12, "new cases per month", 24 * 9),
            ),
            ServiceSpec(
                "Interpretation in Mam, K'iche' and Spanish",
                "interpretation",
                "Interpreters for interviews, medical visits and court, in person or by phone.",
                "Any task force member serving a survivor.",
                (*EVERYONE, *ALL_VICTIMS),
                ("es", "mam", "quc"),
                ALL_COUNTIES,
                hours="Mon–Sat 7:00–21:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="survivor-collective",
        name="Wren Rising Survivor Collective",
        acronym="WRSC",
        sectors=("survivors",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "A survivor-led collective: peer mentoring, survivor leadership training and paid "
            "consulting for members who design services and outreach."
        ),
        street="3 Harbor Avenue, 2nd floor",
        city="Port Wren",
        postal_code="90005",
        domain="wrenrising.example.org",
        phone="(555) 555-0140",
        counties=("harbor", "alder"),
        languages=("en", "es"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=560,
        contacts=(ContactSpec("Peer line", "Peer mentor", "(555) 555-0141", "peers"),),
        people=(
            PersonSpec(
                "survivor-leader",
                "Destiny",
                "Amberlight",
                "Co-founder and Survivor Leader",
                expertise=(("outreach", 8), ("victim-services", 6)),
            ),
            PersonSpec(
                "survivor-mentor",
                "Ife",
                "Stonebridge",
                "Peer Mentor",
                membership=MembershipType.NON_VOTING,
                expertise=(("victim-services", 3),),
            ),
            PersonSpec(
                "survivor-consultant",
                "Paloma",
                "Starling",
                "Survivor Consultant",
                language="es",
                expertise=(("outreach", 4),),
            ),
        ),
        services=(
            ServiceSpec(
                "Survivor peer mentoring",
                "case-management",
                "Matches survivors with a trained peer mentor who has lived experience.",
                "Survivors of any form of trafficking, 16 and over.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor", "alder"),
                hours="Mon–Sat 10:00–20:00",
                capacity=Capacity(5, 15, "mentoring matches", 24 * 4),
            ),
        ),
    ),
    OrganizationSpec(
        key="public-defender",
        name="Harbor County Public Defender",
        acronym="HCPubD",
        sectors=("defense-attorneys",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "Defends people charged with crimes, including survivors charged with offences "
            "they were forced to commit; screens clients for trafficking."
        ),
        street="2 Courthouse Plaza, 2nd floor",
        city="Port Wren",
        postal_code="90002",
        domain="hcpubdef.example.org",
        phone="(555) 555-0142",
        counties=("harbor",),
        languages=("en", "es"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=95,
        contacts=(ContactSpec("Front office", "Intake", "(555) 555-0143", "office"),),
        people=(
            PersonSpec(
                "defender",
                "Felix",
                "Goodhallow",
                "Deputy Public Defender",
                expertise=(("legal", 9),),
            ),
            PersonSpec(
                "defender-social-worker",
                "Nina",
                "Shorewood",
                "Defense Social Worker",
                language="es",
                membership=MembershipType.NON_VOTING,
                expertise=(("victim-services", 5),),
            ),
        ),
        services=(
            ServiceSpec(
                "Survivor defense and record relief",
                "legal-criminal",
                "Defense for survivors charged with crimes connected to their trafficking, and "
                "motions to vacate past convictions.",
                "People charged in Harbor County who cannot afford a lawyer.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Fri 8:00–17:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="juvenile-probation",
        name="Harbor County Juvenile Probation Department",
        acronym="HCJPD",
        sectors=("juvenile-justice",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "Supervises young people on probation; a dedicated CSEC caseload connects exploited "
            "youth to services instead of detention."
        ),
        street="14 Justice Way",
        city="Port Wren",
        postal_code="90002",
        domain="hcjpd.example.org",
        phone="(555) 555-0144",
        counties=("harbor",),
        languages=("en", "es"),
        populations=("minors", *ALL_VICTIMS),
        joined_days_ago=700,
        contacts=(
            ContactSpec(
                "Juvenile hall intake",
                "On-call probation officer",
                "(555) 555-0145",
                "intake",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "probation-officer",
                "Terrence",
                "Oakhurst",
                "Deputy Probation Officer, CSEC caseload",
                expertise=(("child-welfare", 8), ("law-enforcement", 2)),
            ),
            PersonSpec(
                "probation-supervisor",
                "Alma",
                "Riverstone",
                "Probation Supervisor",
                language="es",
                expertise=(("child-welfare", 15),),
            ),
        ),
    ),
    OrganizationSpec(
        key="homeless-services",
        name="Steady Harbor Homeless Services",
        acronym="SHHS",
        sectors=("homeless-advocates",),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Street outreach, a youth day respite center and transport for people without "
            "housing, who traffickers often target."
        ),
        street="60 Wharf Street",
        city="Port Wren",
        postal_code="90004",
        domain="steadyharbor.example.org",
        phone="(555) 555-0146",
        counties=("harbor",),
        languages=("en", "es"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        joined_days_ago=620,
        contacts=(ContactSpec("Outreach dispatch", "Dispatch", "(555) 555-0147", "dispatch"),),
        people=(
            PersonSpec(
                "homeless-director",
                "Carmen",
                "Hearthstone",
                "Program Director",
                language="es",
                expertise=(("outreach", 12), ("victim-services", 4)),
            ),
            PersonSpec(
                "homeless-outreach",
                "Will",
                "Drifton",
                "Street Outreach Worker",
                membership=MembershipType.NON_VOTING,
                expertise=(("outreach", 3),),
            ),
        ),
        services=(
            ServiceSpec(
                "Youth day respite center",
                "emergency-housing",
                "Daytime beds, showers, meals and case management for young people without "
                "housing.",
                "Young people aged 12–24.",
                ("minors", "adults", "women", "men", "transgender-nonbinary", *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Daily 8:00–20:00",
                capacity=Capacity(6, 15, "beds", 7),
            ),
            ServiceSpec(
                "Street outreach",
                "case-management",
                "Outreach teams bring supplies and connect people to shelter and services.",
                "Anyone living outside in Harbor County.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Sat 7:00–19:00",
            ),
            ServiceSpec(
                "Transport to appointments and shelter",
                "transportation",
                "Rides and bus passes to shelter, court, medical and benefits appointments.",
                "Clients of any task force member.",
                (*EVERYONE, *ALL_VICTIMS),
                ("en", "es"),
                ("harbor",),
                hours="Mon–Fri 8:00–18:00",
            ),
        ),
    ),
    OrganizationSpec(
        key="county-board",
        name="Harbor County Board of Supervisors, District 2 Office",
        acronym="HCBOS-2",
        sectors=("public-officials",),
        level=JurisdictionLevel.COUNTY,
        description=(
            "The supervisor's office convenes the task force's general body and hosts its "
            "administrator."
        ),
        street="1 County Government Center, Room 200",
        city="Port Wren",
        postal_code="90002",
        domain="hcbos.example.org",
        phone="(555) 555-0148",
        counties=("harbor",),
        languages=("en", "es"),
        populations=(),
        joined_days_ago=1150,
        contacts=(ContactSpec("District 2 office", "Scheduling", "(555) 555-0149", "district2"),),
        people=(
            PersonSpec(
                "administrator",
                "Ada",
                "Ledgerwood",
                "Task Force Administrator",
                expertise=(("outreach", 5), ("research", 3)),
                login=_login("admin", Role.ADMINISTRATOR),
            ),
            PersonSpec(
                "supervisor",
                "Paul",
                "Greatharbor",
                "Supervisor, District 2",
                membership=MembershipType.NON_VOTING,
                expertise=(("outreach", 10),),
            ),
        ),
    ),
    OrganizationSpec(
        key="farmworkers",
        name="Sable Valley Farmworker Alliance",
        acronym="SVFA",
        sectors=("labor-rights", "social-activists"),
        level=JurisdictionLevel.NON_GOVERNMENTAL,
        description=(
            "Organizes farmworkers in the valley, runs know-your-rights outreach in Spanish, Mam "
            "and K'iche', and an emergency shelter for farmworker families."
        ),
        street="7 Furrow Lane",
        city="Sable Springs",
        postal_code="90031",
        domain="svfarmworkers.example.org",
        phone="(555) 555-0150",
        counties=("sable-valley",),
        languages=("es", "en", "mam", "quc"),
        populations=(*EVERYONE, "labor-trafficking", "foreign-nationals", "us-citizens"),
        joined_days_ago=480,
        contacts=(
            ContactSpec(
                "Shelter on call",
                "On-call shelter staff",
                "(555) 555-0151",
                "shelter",
                on_call=True,
            ),
        ),
        people=(
            PersonSpec(
                "farmworker-organizer",
                "Guadalupe",
                "Furrowfield",
                "Lead Organizer",
                language="es",
                expertise=(("labor", 14), ("outreach", 14)),
            ),
            PersonSpec(
                "farmworker-outreach",
                "Ramón",
                "Seedwell",
                "Community Outreach Worker",
                language="mam",
                membership=MembershipType.NON_VOTING,
                expertise=(("outreach", 5),),
            ),
        ),
        services=(
            ServiceSpec(
                "Casa Campo family emergency shelter",
                "emergency-housing",
                "Emergency shelter for farmworker families, including unaccompanied minors, with "
                "Spanish-speaking staff day and night.",
                "Farmworkers and their children in Sable Valley County.",
                ("adults", "minors", "women", "men", "labor-trafficking", "foreign-nationals"),
                ("es", "en", "mam"),
                ("sable-valley",),
                hours="24/7",
                is_24_7=True,
                capacity=Capacity(5, 16, "beds", 10),
            ),
            ServiceSpec(
                "Know-your-rights outreach",
                "education",
                "Workshops in labor camps and churches on wages, housing and trafficking.",
                "Farmworkers and their families.",
                ("adults", "labor-trafficking", "foreign-nationals"),
                ("es", "mam", "quc"),
                ("sable-valley",),
                hours="Evenings and weekends",
            ),
        ),
    ),
    # Members whose status leaves sector gaps for the gap analysis.
    OrganizationSpec(
        key="state-patrol",
        name="State Highway Patrol, Harbor Division (fictional)",
        acronym="SHP-HD",
        sectors=("state-law-enforcement",),
        level=JurisdictionLevel.STATE,
        description=(
            "Highway and truck-stop enforcement. Stopped attending after a reorganisation; the "
            "task force is asking the new division commander to return."
        ),
        street="900 Interstate Frontage Road",
        city="Alderwynd",
        postal_code="90013",
        domain="shp-harbor.example.org",
        phone="(555) 555-0152",
        counties=ALL_COUNTIES,
        languages=("en",),
        populations=(),
        status=MembershipStatus.INACTIVE,
        joined_days_ago=1100,
        status_changed_days_ago=200,
        contacts=(ContactSpec("Division office", "General", "(555) 555-0153", "division"),),
        people=(
            PersonSpec(
                "patrol-sergeant",
                "Owen",
                "Milepost",
                "Sergeant, Commercial Enforcement",
                membership=MembershipType.NON_VOTING,
                expertise=(("law-enforcement", 10),),
            ),
        ),
    ),
    OrganizationSpec(
        key="state-social-services",
        name="State Department of Social Services, Region 4 Office (fictional)",
        acronym="SDSS-R4",
        sectors=("state-social-services",),
        level=JurisdictionLevel.STATE,
        description=(
            "Administers the state's trafficking victim assistance program. Invited to join; "
            "membership is pending its director's approval."
        ),
        street="300 Capitol Annex",
        city="Quarry Hill",
        postal_code="90021",
        domain="sdss-region4.example.org",
        phone="(555) 555-0154",
        counties=ALL_COUNTIES,
        languages=("en", "es"),
        populations=(*EVERYONE, *ALL_VICTIMS),
        status=MembershipStatus.PROSPECTIVE,
        joined_days_ago=None,
        status_changed_days_ago=20,
        contacts=(ContactSpec("Regional office", "General", "(555) 555-0155", "region4"),),
        people=(
            PersonSpec(
                "state-analyst",
                "Dana",
                "Formsworth",
                "Regional Program Analyst",
                membership=MembershipType.NON_VOTING,
                expertise=(("victim-services", 4),),
            ),
        ),
    ),
    OrganizationSpec(
        key="chamber",
        name="Port Wren Chamber of Commerce",
        acronym="PWCC",
        sectors=("private-sector",),
        level=JurisdictionLevel.PRIVATE,
        description=(
            "Local businesses. Withdrew when its board changed; the hotel association now "
            "represents the private sector."
        ),
        street="20 Commerce Street",
        city="Port Wren",
        postal_code="90005",
        domain="pwchamber.example.org",
        phone="(555) 555-0156",
        counties=("harbor",),
        languages=("en",),
        populations=(),
        status=MembershipStatus.WITHDRAWN,
        joined_days_ago=950,
        status_changed_days_ago=120,
        people=(
            PersonSpec(
                "chamber-liaison",
                "Bill",
                "Ledgerby",
                "Former Liaison",
                membership=MembershipType.NON_VOTING,
                expertise=(("outreach", 2),),
                active=False,
            ),
        ),
    ),
)


# --- The charter ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSpec:
    description: str
    measure: str
    target_in_days: int  # negative: the target date has passed
    owner: str  # a PersonSpec key
    status: str


@dataclass(frozen=True)
class GoalSpec:
    title: str
    description: str
    objectives: tuple[ObjectiveSpec, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TermSpec:
    role: str
    holder: str  # a PersonSpec key
    starts_in_days: int  # negative: started in the past
    ends_in_days: int | None


CHARTER_FORMED_DAYS_AGO = 1150
CHARTER: dict[str, str] = {
    "name": TASK_FORCE_NAME,
    "jurisdiction": JURISDICTION,
    "mission": (
        "To identify and protect every victim of sex and labor trafficking in the Harbor region, "
        "hold traffickers accountable, and prevent exploitation, with victims' safety and "
        "choices at the centre of everything we do."
    ),
    "purpose": (
        "The task force brings law enforcement, prosecutors, victim service providers and "
        "health, legal, labor, education, faith, business and community partners to one table. "
        "Together we coordinate a victim-centered response, share our capacity so a victim is "
        "placed with the member who can help tonight, investigate and prosecute sex and labor "
        "trafficking alike, and train professionals and the community. All names in this "
        "demonstration are fictional."
    ),
    "vision": (
        "A region where no one is bought, sold or forced to work, and where every survivor finds "
        "safety, services and justice."
    ),
    "leadership_model": "decentralized",
}

GOALS: tuple[GoalSpec, ...] = (
    GoalSpec(
        "Identify victims and deliver comprehensive services",
        "Every victim identified by any member reaches the services they choose, in their "
        "language, without waiting.",
        (
            ObjectiveSpec(
                "Adopt a 24/7 referral protocol so any member can place a victim in shelter "
                "within four hours.",
                "Protocol adopted by the general body; median placement time under 4 hours",
                90,
                "vscoord",
                "on-track",
            ),
            ObjectiveSpec(
                "Keep shelter and housing capacity current in the directory.",
                "90% of shelter and housing services updated within the last 7 days",
                30,
                "lantern-case-manager",
                "at-risk",
            ),
            ObjectiveSpec(
                "Offer interpretation in Spanish, Mam, K'iche', Vietnamese and Tagalog within "
                "one hour of a request.",
                "Interpreter confirmed within 1 hour for 5 languages",
                180,
                "immigration-rep",
                "not-started",
            ),
        ),
    ),
    GoalSpec(
        "Investigate and prosecute sex and labor trafficking in equal measure",
        "No type of trafficking is favoured over another: investigations and prosecutions "
        "reflect both.",
        (
            ObjectiveSpec(
                "Train patrol officers and deputies on labor trafficking indicators.",
                "40 officers and deputies trained",
                -30,
                "detective",
                "achieved",
            ),
            ObjectiveSpec(
                "Agree a deconfliction procedure among police, sheriff, FBI and HSI.",
                "Signed procedure; deconfliction check in 100% of new investigations",
                120,
                "leader",
                "on-track",
            ),
            ObjectiveSpec(
                "Report case outcomes quarterly with sex and labor trafficking side by side.",
                "4 quarterly reports presented to the general body",
                270,
                "prosecutor",
                "on-track",
            ),
        ),
    ),
    GoalSpec(
        "Raise awareness in professional sectors and the community",
        "Professionals and residents recognise trafficking and know whom to call.",
        (
            ObjectiveSpec(
                "Deliver indicator training to staff of member hotels and motels.",
                "30 hotels and motels trained",
                -10,
                "hotel-trainer",
                "at-risk",
            ),
            ObjectiveSpec(
                "Bring prevention lessons to every Harbor Unified middle and high school.",
                "12 of 12 schools reached",
                200,
                "school-wellness",
                "on-track",
            ),
            ObjectiveSpec(
                "Run a know-your-rights campaign with farmworker communities in Spanish, Mam and "
                "K'iche'.",
                "20 workshops held in labor camps and churches",
                150,
                "farmworker-organizer",
                "not-started",
            ),
        ),
    ),
    GoalSpec(
        "Sustain the partnership",
        "The task force outlasts the people in it: members, funding and agreements are kept "
        "current.",
        (
            ObjectiveSpec(
                "Recruit a state prosecutor and a judicial liaison to close the sector gaps.",
                "Both sectors represented by an active member",
                120,
                "leader",
                "not-started",
            ),
            ObjectiveSpec(
                "Secure funding for a full-time task force administrator.",
                "Grant awarded for at least two years",
                365,
                "administrator",
                "on-track",
            ),
            ObjectiveSpec(
                "Sign the task force memorandum of understanding with every active member.",
                "MOU signed by all active member organizations",
                -60,
                "administrator",
                "achieved",
            ),
        ),
    ),
)

# Applied in order: the second outreach term hands the role over from the first holder, so the
# history shows a rotation; it ends within 60 days so the dashboard has a term ending soon.
LEADERSHIP_TERMS: tuple[TermSpec, ...] = (
    TermSpec("group_leader", "leader", -300, 430),
    TermSpec("group_administrator", "administrator", -700, None),
    TermSpec("victim_services_coordinator", "vscoord", -200, 530),
    TermSpec("outreach_coordinator", "tidewell-outreach", -1000, None),
    TermSpec("outreach_coordinator", "survivor-leader", -320, 45),
)


def all_people() -> list[tuple[OrganizationSpec, PersonSpec]]:
    return [(org, person) for org in ORGANIZATIONS for person in org.people]


# The order logins are printed in: from the most to the least access.
LOGIN_ORDER = ("admin", "leader", "vscoord", "detective", "prosecutor", "advocate", "visitor")


def logins() -> list[tuple[PersonSpec, Login]]:
    found = [(person, person.login) for _, person in all_people() if person.login is not None]
    return sorted(found, key=lambda pair: LOGIN_ORDER.index(pair[1].username))
