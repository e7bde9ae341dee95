"""The demo task force's bodies, a year of their meetings, and the committees' one-year plans.

Plain data, like `data.py`: people are named by their `PersonSpec` keys, bodies by the keys below,
and every date is an offset in days from the day the demo is built. The structure follows the
guidance's example task force: a general body; an executive board made of the standing committees'
chairs, the general body's chair and the group administrator; a leadership team; four standing
committees (law enforcement, closed to its members; victim services; legal services; community
outreach and education) and one ad hoc committee.

It is shaped so every page has something to show: a few terms end within 60 days (one with its
successor already planned), the executive board misses the new outreach chair its composition
requires, one member organization stopped coming three months ago, one member's attendance has
fallen below the general body's minimum, some action items and plan tasks are overdue, and
report-backs fall due before the next general body meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskforce.governance.models import BodyKind, CompositionSource, Position, VoteUnit
from taskforce.meetings.models import AgendaItemKind
from taskforce.plans.models import TaskStatus

TIME_ZONE = "America/Los_Angeles"
VIDEO_ROOM = "https://meet.example.org/harbor-task-force"

# Body keys, used by the seats, action items and plans below.
GENERAL_BODY = "general-body"
EXECUTIVE_BOARD = "executive-board"
LEADERSHIP_TEAM = "leadership-team"
LAW_ENFORCEMENT = "law-enforcement"
VICTIM_SERVICES = "victim-services"
LEGAL_SERVICES = "legal-services"
OUTREACH = "outreach-education"
DATA_EVALUATION = "data-evaluation"

# Most seats started well before the year of meetings the demo shows.
LONG_AGO = -720


# --- Specs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatSpec:
    person: str  # a PersonSpec key
    position: str = Position.MEMBER
    starts_in_days: int = LONG_AGO  # negative: started in the past; positive: a planned seat
    ends_in_days: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class CompositionSpec:
    source: str
    leadership_role: str = ""
    other_body: str = ""  # a body key
    position: str = ""


@dataclass(frozen=True)
class ScheduleSpec:
    """When a body meets: the nth weekday of every `every_months` months at a local time."""

    week_of_month: int  # 1 to 4
    weekday: int  # 0 is Monday
    hour: int
    minute: int
    duration_minutes: int
    held: int  # meetings held before the day the demo is built
    upcoming: int  # meetings scheduled after it
    every_months: int = 1
    location: str = ""
    video_link: str = ""


@dataclass(frozen=True)
class AgendaItemSpec:
    title: str
    kind: str
    minutes: int
    presenter: str = ""  # a PersonSpec key; empty: the chair
    description: str = ""
    minutes_text: str = ""  # what the minutes record under this item
    case_references: str = ""


@dataclass(frozen=True)
class TrainingSpec:
    topic: str
    minutes: int
    trainer: str = ""  # a PersonSpec key
    trainer_name: str = ""  # a trainer from outside the directory


@dataclass(frozen=True)
class BodySpec:
    key: str
    name: str
    kind: str
    charge: str
    seats: tuple[SeatSpec, ...]
    is_closed: bool = False
    vote_unit: str = VoteUnit.PERSON
    new_member_meetings_required: int | None = None
    new_member_window_months: int = 9
    minimum_attendance_percent: int | None = None
    attendance_window_months: int = 12
    agenda_solicitation_days: int = 10
    agenda_circulation_days: int = 7
    composition: tuple[CompositionSpec, ...] = ()
    schedule: ScheduleSpec | None = None
    # The login that runs the body's meetings and keeps its plan in the demo: an officer of the
    # body, or a coordinator or administrator who may run it.
    runner: str = "admin"
    # Items on every held meeting's agenda: the opening ones, then the training segment and the
    # meeting's topics, then the closing ones.
    opening_items: tuple[AgendaItemSpec, ...] = ()
    closing_items: tuple[AgendaItemSpec, ...] = ()
    # The topics of the latest held meetings, one entry per meeting, oldest first: the last entry
    # belongs to the latest meeting. Earlier meetings keep to the opening and closing items.
    topics: tuple[tuple[AgendaItemSpec, ...], ...] = ()
    # The training segments of the latest held meetings, aligned the same way (None: no training).
    trainings: tuple[TrainingSpec | None, ...] = ()
    # How many members who can sign in answer each held meeting's survey (answers from FEEDBACK).
    feedback_per_meeting: int = 0


@dataclass(frozen=True)
class ActionItemSpec:
    body: str
    meeting_back: int  # which held meeting handed it out: 1 is the latest
    description: str
    due_in_days: int
    owner_person: str = ""
    owner_body: str = ""
    done: bool = False  # closed as done when the demo is built
    closing_note: str = ""


@dataclass(frozen=True)
class FeedbackSpec:
    rating: int
    comment: str
    anonymous: bool = False


@dataclass(frozen=True)
class PlanTaskSpec:
    title: str
    owner: str
    due_in_days: int
    status: str
    report_back_in_days: int | None = None
    report_to: tuple[str, ...] = (GENERAL_BODY, EXECUTIVE_BOARD)
    notes: tuple[str, ...] = ()
    # A report-back already given: the day, and what was reported.
    reported_back_in_days: int | None = None
    report: str = ""


@dataclass(frozen=True)
class PlanObjectiveSpec:
    description: str
    goal: int  # index into data.GOALS
    tasks: tuple[PlanTaskSpec, ...]


@dataclass(frozen=True)
class PlanSpec:
    body: str
    summary: str
    starts_in_days: int
    objectives: tuple[PlanObjectiveSpec, ...]


def _item(title: str, kind: str, minutes: int, text: str, presenter: str = "") -> AgendaItemSpec:
    return AgendaItemSpec(title, kind, minutes, presenter=presenter, minutes_text=text)


INFO = AgendaItemKind.INFORMATION
DISCUSS = AgendaItemKind.DISCUSSION
DECIDE = AgendaItemKind.DECISION
TRAIN = AgendaItemKind.TRAINING
CASE_REVIEW = AgendaItemKind.CASE_REVIEW

# --- Bodies --------------------------------------------------------------------------------------

INTRODUCTIONS = _item(
    "Welcome and introductions",
    INFO,
    10,
    "Everyone introduced themselves with their name, role and organization. The chair welcomed "
    "first-time attendees.",
)
PREVIOUS_MINUTES = _item(
    "Minutes of the last meeting",
    DECIDE,
    5,
    "The minutes of the last meeting were reviewed; corrections were noted before adoption.",
)

# Everyone who sits on the general body. Officers are listed in GENERAL_BODY_SEATS below.
_GENERAL_MEMBERS = (
    "detective",
    "sheriff-sergeant",
    "fbi-agent",
    "hsi-victim-specialist",
    "prosecutor",
    "ausa",
    "lantern-case-manager",
    "advocate",
    "tidewell-outreach",
    "legal-aid-attorney",
    "dcfs-manager",
    "clinic-director",
    "workers-director",
    "lgbtq-director",
    "faith-director",
    "school-wellness",
    "university-director",
    "hotel-trainer",
    "bh-supervisor",
    "bh-clinician",
    "immigration-attorney",
    "survivor-leader",
    "survivor-mentor",
    "defender",
    "probation-officer",
    "probation-supervisor",
    "homeless-director",
    "farmworker-organizer",
)

GENERAL_BODY_SEATS: tuple[SeatSpec, ...] = (
    SeatSpec("leader", Position.CHAIR, -300, 430, "Chair as Group Leader"),
    SeatSpec("vscoord", Position.CO_FACILITATOR, -200, 530),
    SeatSpec("administrator", Position.SECRETARY, -700),
    *(SeatSpec(key) for key in _GENERAL_MEMBERS),
    # Joined recently: votes only after attending three meetings.
    SeatSpec(
        "homeless-outreach", starts_in_days=-70, notes="Joined with Steady Harbor's street team"
    ),
    SeatSpec("supervisor", Position.OBSERVER, notes="Convening office; does not vote"),
    SeatSpec("state-analyst", Position.OBSERVER, -20, notes="Membership pending approval"),
    # The chair before the current Group Leader took over.
    SeatSpec("da-chief", Position.CHAIR, -1100, -301),
)

BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        key=GENERAL_BODY,
        name="General Body",
        kind=BodyKind.GENERAL_BODY,
        runner="leader",
        charge=(
            "All member organizations meet monthly to coordinate the response, share information "
            "within the limits of confidentiality, train together, hear the committees' "
            "report-backs and decide what the charter leaves to the whole task force."
        ),
        seats=GENERAL_BODY_SEATS,
        vote_unit=VoteUnit.PERSON,
        new_member_meetings_required=3,
        new_member_window_months=9,
        minimum_attendance_percent=50,
        attendance_window_months=12,
        agenda_solicitation_days=10,
        agenda_circulation_days=5,
        schedule=ScheduleSpec(
            week_of_month=2,
            weekday=1,
            hour=10,
            minute=0,
            duration_minutes=120,
            held=13,
            upcoming=2,
            location="Harbor County Government Center, Board Room B, Port Wren",
            video_link=VIDEO_ROOM,
        ),
        opening_items=(INTRODUCTIONS, PREVIOUS_MINUTES),
        closing_items=(
            _item(
                "Committee reports",
                INFO,
                20,
                "Each committee chair reported on the month's work and the plan tasks due.",
            ),
            _item(
                "Information sharing round",
                DISCUSS,
                20,
                "Members shared agency news, new services and upcoming events. No information "
                "identifying a victim was shared.",
            ),
        ),
        topics=(
            (
                _item(
                    "Annual rotation of committee chairs",
                    DECIDE,
                    15,
                    "The body confirmed the committee chairs for the coming year and asked the "
                    "executive board to plan the handovers.",
                    "leader",
                ),
            ),
            (
                _item(
                    "Quarterly case statistics: sex and labor trafficking side by side",
                    INFO,
                    15,
                    "Nine new investigations this quarter: five sex trafficking, three labor "
                    "trafficking, one both. Labor referrals came mostly from the farmworker "
                    "alliance.",
                    "prosecutor",
                ),
            ),
            (
                _item(
                    "Draft 24/7 shelter referral protocol",
                    DISCUSS,
                    20,
                    "Members commented on the draft. Law enforcement asked for a single "
                    "after-hours number; the victim services committee will revise the draft.",
                    "vscoord",
                ),
            ),
            (
                _item(
                    "Sector gaps: a judicial liaison and a state prosecutor",
                    DISCUSS,
                    15,
                    "The body agreed to invite the presiding juvenile court judge's office and "
                    "the state attorney general's regional office.",
                    "leader",
                ),
            ),
            (
                _item(
                    "Adopt the 24/7 shelter referral protocol",
                    DECIDE,
                    15,
                    "Adopted by consensus, with a review after six months.",
                    "vscoord",
                ),
                _item(
                    "Hotel outreach campaign launch",
                    INFO,
                    10,
                    "The outreach committee presented the hotel indicator poster and training "
                    "schedule.",
                    "school-wellness",
                ),
            ),
            (
                _item(
                    "Grant application for a full-time administrator",
                    DECIDE,
                    15,
                    "The body endorsed the application; letters of support due in two weeks.",
                    "administrator",
                ),
            ),
            (
                _item(
                    "Quarterly case statistics: sex and labor trafficking side by side",
                    INFO,
                    15,
                    "Seven new investigations: four sex trafficking, three labor trafficking. "
                    "Two victims placed through the new protocol within four hours.",
                    "prosecutor",
                ),
            ),
            (
                _item(
                    "Interpretation in Mam and K'iche'",
                    DISCUSS,
                    15,
                    "Members described delays finding interpreters. The legal services committee "
                    "will map interpreters across members.",
                    "immigration-attorney",
                ),
            ),
            (
                _item(
                    "Memorandum of understanding renewal",
                    DECIDE,
                    15,
                    "The body agreed to renew the MOU unchanged for another two years.",
                    "administrator",
                ),
            ),
            (
                _item(
                    "Outreach to farmworker communities",
                    DISCUSS,
                    15,
                    "The farmworker alliance proposed twenty know-your-rights workshops; the "
                    "outreach committee will fold them into its plan.",
                    "farmworker-organizer",
                ),
            ),
            (
                _item(
                    "Quarterly case statistics: sex and labor trafficking side by side",
                    INFO,
                    15,
                    "Eleven new investigations: six sex trafficking, four labor trafficking, one "
                    "both. The first labor trafficking indictment of the year was filed.",
                    "prosecutor",
                ),
            ),
            (
                _item(
                    "Data and evaluation committee formed",
                    DECIDE,
                    10,
                    "The body formed an ad hoc data and evaluation committee to define performance "
                    "measures before the grant report.",
                    "leader",
                ),
            ),
            (
                _item(
                    "Attendance and membership review",
                    DISCUSS,
                    15,
                    "The administrator presented attendance by organization over the year. The "
                    "chair will contact members who have not attended recently.",
                    "administrator",
                ),
            ),
        ),
        trainings=(
            TrainingSpec("Labor trafficking indicators in agriculture", 20, "farmworker-organizer"),
            TrainingSpec("Trauma-informed interviewing", 20, "bh-supervisor"),
            TrainingSpec(
                "T visas, U visas and Continued Presence: who does what", 25, "immigration-attorney"
            ),
            TrainingSpec("Recognising trafficking in hotels and motels", 15, "hotel-trainer"),
            None,
            TrainingSpec(
                "Screening referrals for commercial sexual exploitation", 20, "dcfs-manager"
            ),
            TrainingSpec("Working with interpreters", 15, "immigration-rep"),
            TrainingSpec("Survivor-informed practice", 20, "survivor-leader"),
            TrainingSpec("Online recruitment and social media", 15, "detective"),
            TrainingSpec(
                "Confidentiality: what VAWA and VOCA allow us to share", 20, "legal-aid-attorney"
            ),
            None,
            TrainingSpec(
                "Vicarious trauma and care for responders",
                20,
                trainer_name="Imani Reedwell, regional trauma trainer (fictional)",
            ),
            TrainingSpec("LGBTQ+ youth who trade sex to survive", 15, "lgbtq-director"),
        ),
        feedback_per_meeting=5,
    ),
    BodySpec(
        key=EXECUTIVE_BOARD,
        name="Executive Board",
        kind=BodyKind.EXECUTIVE_BOARD,
        runner="leader",
        charge=(
            "Decides on membership, visitors to meetings, funding, policy and collaborative "
            "requests; sets terms of office, voting rules and what data the task force tracks. "
            "Made of the standing committees' chairs, the general body's chair and the group "
            "administrator."
        ),
        seats=(
            SeatSpec("leader", Position.CHAIR, -300, 430),
            SeatSpec("administrator", Position.SECRETARY, -700),
            SeatSpec("detective"),
            SeatSpec("sheriff-sergeant", starts_in_days=-400),
            SeatSpec("vscoord", starts_in_days=-200),
            SeatSpec("legal-aid-attorney", ends_in_days=25, notes="Follows the committee chair"),
            SeatSpec("survivor-leader", starts_in_days=-320, ends_in_days=45),
            # The outreach committee's former chair; the new chair has not been seated yet.
            SeatSpec("tidewell-manager", ends_in_days=-46),
        ),
        composition=(
            CompositionSpec(CompositionSource.COMMITTEE_CHAIRS),
            CompositionSpec(
                CompositionSource.BODY_POSITION, other_body=GENERAL_BODY, position=Position.CHAIR
            ),
            CompositionSpec(
                CompositionSource.LEADERSHIP_ROLE, leadership_role="group_administrator"
            ),
        ),
        agenda_solicitation_days=7,
        agenda_circulation_days=3,
        schedule=ScheduleSpec(
            week_of_month=1,
            weekday=3,
            hour=15,
            minute=0,
            duration_minutes=60,
            held=12,
            upcoming=1,
            video_link=VIDEO_ROOM,
        ),
        opening_items=(PREVIOUS_MINUTES,),
        closing_items=(
            _item(
                "Committee plan progress",
                DISCUSS,
                15,
                "Chairs reported on their plans; overdue tasks were reviewed one by one.",
            ),
        ),
        topics=(
            (
                _item(
                    "Visitor request: graduate researcher at general body meetings",
                    DECIDE,
                    10,
                    "Approved as a guest for one meeting; he may not attend case discussions.",
                ),
            ),
            (
                _item(
                    "Funding: administrator grant budget",
                    DECIDE,
                    15,
                    "The board approved the budget for the application.",
                    "administrator",
                ),
            ),
            (
                _item(
                    "Membership request from Steady Harbor street outreach",
                    DECIDE,
                    10,
                    "Approved; the new member votes after attending three meetings.",
                ),
            ),
            (
                _item(
                    "Terms of office and annual rotation",
                    DISCUSS,
                    15,
                    "The board agreed two-year terms for chairs, renewable once, rotating each "
                    "autumn.",
                ),
            ),
            (
                _item(
                    "Collaborative request: county fair outreach booth",
                    DECIDE,
                    10,
                    "Approved; the outreach committee staffs the booth.",
                ),
            ),
            (
                _item(
                    "Data tracking: case and training records",
                    DISCUSS,
                    15,
                    "The board asked for an ad hoc committee to propose measures for the grant.",
                ),
            ),
            (
                _item(
                    "Voting and non-voting membership rules",
                    DECIDE,
                    15,
                    "Confirmed: new members vote after three meetings in nine months; members "
                    "below 50% attendance over twelve months lose the vote until they return.",
                ),
            ),
            (
                _item(
                    "Policy: media requests about open cases",
                    DECIDE,
                    10,
                    "Media requests go to the lead agency's spokesperson; the task force does not "
                    "comment on open cases.",
                ),
            ),
        ),
    ),
    BodySpec(
        key=LEADERSHIP_TEAM,
        name="Leadership Team",
        kind=BodyKind.LEADERSHIP_TEAM,
        charge=(
            "The holders of the four key leadership roles coordinate the task force between "
            "meetings: the group leader, the group administrator, the victim services "
            "coordinator and the outreach coordinator."
        ),
        seats=(
            SeatSpec("leader", Position.CHAIR, -300, 430),
            SeatSpec("administrator", starts_in_days=-700),
            SeatSpec("vscoord", starts_in_days=-200, ends_in_days=530),
            SeatSpec("survivor-leader", starts_in_days=-320, ends_in_days=45),
            SeatSpec("tidewell-outreach", starts_in_days=-1000, ends_in_days=-321),
        ),
    ),
    BodySpec(
        key=LAW_ENFORCEMENT,
        name="Law Enforcement Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        runner="detective",
        charge=(
            "Coordinates investigations among local, state and federal agencies and the "
            "prosecutors: deconfliction, joint operations, training of patrol officers and "
            "deputies. Closed: only its members see its meetings. Reports to the general body and "
            "the executive board without case details."
        ),
        is_closed=True,
        seats=(
            SeatSpec("detective", Position.CHAIR, -500, 230),
            SeatSpec("sheriff-sergeant", Position.CO_CHAIR, -400, 330),
            SeatSpec("police-liaison", Position.SECRETARY, -500, 40),
            # Takes over the minutes when the current secretary's term ends.
            SeatSpec("sheriff-deputy", Position.SECRETARY, 41, 406),
            SeatSpec("leader"),
            SeatSpec("fbi-agent"),
            SeatSpec("hsi-agent"),
            SeatSpec("prosecutor"),
            SeatSpec("ausa"),
            SeatSpec("probation-officer"),
            SeatSpec("fbi-victim-specialist", Position.OBSERVER),
        ),
        agenda_solicitation_days=5,
        agenda_circulation_days=2,
        schedule=ScheduleSpec(
            week_of_month=3,
            weekday=2,
            hour=9,
            minute=0,
            duration_minutes=90,
            held=12,
            upcoming=1,
            location="Port Wren Police Department, HTEU conference room",
        ),
        opening_items=(
            INTRODUCTIONS,
            PREVIOUS_MINUTES,
            _item(
                "Deconfliction round",
                DISCUSS,
                20,
                "Each agency listed new investigations by reference; no overlaps were found.",
            ),
        ),
        topics=(
            (
                _item(
                    "Labor trafficking roll-call training schedule",
                    DECIDE,
                    15,
                    "Four shifts scheduled; the detective and the sheriff's sergeant co-teach.",
                    "detective",
                ),
            ),
            (
                AgendaItemSpec(
                    "Case review: multi-agency massage business investigation",
                    CASE_REVIEW,
                    25,
                    presenter="fbi-agent",
                    minutes_text="The agencies agreed who leads the investigation and who "
                    "notifies victim services. Details are kept in the case log.",
                    case_references="HT-7Q4K2M",
                ),
            ),
            (
                _item(
                    "Deconfliction procedure draft",
                    DISCUSS,
                    20,
                    "The committee reviewed the draft procedure with the FBI and HSI.",
                    "leader",
                ),
            ),
            (
                _item(
                    "Truck-stop operation debrief",
                    DISCUSS,
                    20,
                    "Lessons learned: call victim services before the operation, not after.",
                    "sheriff-sergeant",
                ),
            ),
            (
                AgendaItemSpec(
                    "Case review: farm labor complaint referred by the workers' center",
                    CASE_REVIEW,
                    20,
                    presenter="hsi-agent",
                    minutes_text="HSI leads; the sheriff's office assists. Continued Presence "
                    "request under consideration.",
                    case_references="HT-3RX9TB",
                ),
            ),
            (
                _item(
                    "Patrol field guide: labor indicators",
                    DISCUSS,
                    15,
                    "The victim liaison officer will draft a one-page insert.",
                    "police-liaison",
                ),
            ),
        ),
    ),
    BodySpec(
        key=VICTIM_SERVICES,
        name="Victim Services Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        runner="vscoord",
        charge=(
            "Coordinates services for victims across member agencies: shelter placement at any "
            "hour, case management, interpretation and survivor-informed practice. Writes and "
            "reviews the referral protocol and reports to the general body and the board."
        ),
        seats=(
            SeatSpec("vscoord", Position.CHAIR, -200, 530),
            SeatSpec("lantern-case-manager", Position.SECRETARY, -400),
            SeatSpec("advocate"),
            SeatSpec("hsi-victim-specialist"),
            SeatSpec("da-advocate"),
            SeatSpec("dcfs-manager"),
            SeatSpec("clinic-nurse"),
            SeatSpec("lgbtq-counselor"),
            SeatSpec("faith-youth"),
            SeatSpec("bh-clinician"),
            SeatSpec("survivor-mentor"),
            SeatSpec("homeless-director"),
            SeatSpec("police-liaison"),
            SeatSpec("state-analyst", Position.OBSERVER, -20),
            SeatSpec("usao-vw", Position.OBSERVER),
        ),
        schedule=ScheduleSpec(
            week_of_month=4,
            weekday=1,
            hour=13,
            minute=30,
            duration_minutes=90,
            held=12,
            upcoming=1,
            location="Lantern House Survivor Services, community room, Port Wren",
            video_link=VIDEO_ROOM,
        ),
        opening_items=(
            INTRODUCTIONS,
            PREVIOUS_MINUTES,
            _item(
                "Capacity check: shelter beds and housing",
                INFO,
                10,
                "Providers confirmed their capacity in the directory.",
            ),
        ),
        topics=(
            (
                _item(
                    "Referral protocol: first draft",
                    DISCUSS,
                    20,
                    "The committee agreed the steps from first contact to placement.",
                    "vscoord",
                ),
            ),
            (
                _item(
                    "After-hours transport",
                    DISCUSS,
                    15,
                    "Steady Harbor offered its outreach van two nights a week.",
                    "homeless-director",
                ),
            ),
            (
                _item(
                    "Survivor advisory review of the intake form",
                    DECIDE,
                    15,
                    "The committee asked the survivor collective to review the form.",
                    "survivor-mentor",
                ),
            ),
            (
                _item(
                    "Tabletop exercise: a minor identified at 2 a.m.",
                    TRAIN,
                    30,
                    "Walked through the protocol; the gap is a Spanish-speaking night worker.",
                    "lantern-case-manager",
                ),
            ),
            (
                _item(
                    "Interpreters for Mam and K'iche'",
                    DISCUSS,
                    15,
                    "Members listed interpreters they use; the list goes to the legal services "
                    "committee.",
                ),
            ),
        ),
        feedback_per_meeting=2,
    ),
    BodySpec(
        key=LEGAL_SERVICES,
        name="Legal Services Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        charge=(
            "Makes sure every victim has legal help: immigration relief (T and U visas, "
            "Continued Presence), civil remedies, vacatur and record relief, and accompaniment "
            "through criminal cases. Reports case outcomes to the general body quarterly."
        ),
        seats=(
            SeatSpec("legal-aid-attorney", Position.CHAIR, -700, 25),
            SeatSpec("legal-aid-staff", Position.SECRETARY),
            SeatSpec("immigration-attorney"),
            SeatSpec("immigration-rep"),
            SeatSpec("prosecutor"),
            SeatSpec("defender"),
            SeatSpec("defender-social-worker"),
            SeatSpec("workers-director"),
            SeatSpec("university-researcher", Position.OBSERVER),
        ),
        schedule=ScheduleSpec(
            week_of_month=2,
            weekday=3,
            hour=12,
            minute=0,
            duration_minutes=60,
            held=6,
            upcoming=1,
            every_months=2,
            location="Harbor Legal Aid Clinic, library",
            video_link=VIDEO_ROOM,
        ),
        opening_items=(INTRODUCTIONS, PREVIOUS_MINUTES),
        topics=(
            (
                _item(
                    "Immigration relief screening checklist",
                    DECIDE,
                    20,
                    "Adopted; shared with all service providers.",
                    "immigration-attorney",
                ),
            ),
            (
                _item(
                    "Quarterly outcomes report format",
                    DISCUSS,
                    15,
                    "The report shows sex and labor trafficking side by side.",
                    "prosecutor",
                ),
            ),
            (
                _item(
                    "Vacatur and record relief for survivors",
                    DISCUSS,
                    20,
                    "The public defender will draft a plain-language guide.",
                    "defender",
                ),
            ),
            (
                _item(
                    "Immigration clinic at Lantern House",
                    DECIDE,
                    15,
                    "A monthly clinic starts next quarter.",
                    "legal-aid-staff",
                ),
            ),
        ),
    ),
    BodySpec(
        key=OUTREACH,
        name="Community Outreach and Education Committee",
        kind=BodyKind.STANDING_COMMITTEE,
        charge=(
            "Raises awareness among professionals and the public: hotel and motel staff, "
            "schools, farmworker communities, faith groups and businesses. Runs the task force's "
            "campaigns and its speakers' bureau."
        ),
        seats=(
            SeatSpec(
                "school-wellness", Position.CHAIR, -45, 685, "Took over the chair this autumn"
            ),
            SeatSpec("survivor-leader", Position.CO_CHAIR, -320, 45),
            SeatSpec("tidewell-outreach", Position.SECRETARY),
            SeatSpec("tidewell-manager", Position.CHAIR, -700, -46),
            SeatSpec("hotel-trainer"),
            SeatSpec("farmworker-organizer"),
            SeatSpec("farmworker-outreach"),
            SeatSpec("lgbtq-director"),
            SeatSpec("faith-director"),
            SeatSpec("school-counselor"),
            SeatSpec("homeless-outreach", starts_in_days=-70),
            SeatSpec("workers-organizer"),
            SeatSpec("survivor-consultant"),
            SeatSpec("advocate"),
            SeatSpec("supervisor", Position.OBSERVER),
        ),
        schedule=ScheduleSpec(
            week_of_month=1,
            weekday=0,
            hour=17,
            minute=30,
            duration_minutes=90,
            held=6,
            upcoming=1,
            every_months=2,
            location="Tidewell Advocacy Network, 77 Millrace Road, Alderwynd",
            video_link=VIDEO_ROOM,
        ),
        opening_items=(INTRODUCTIONS, PREVIOUS_MINUTES),
        topics=(
            (
                _item(
                    "Hotel indicator poster",
                    DECIDE,
                    15,
                    "Approved in English, Spanish and Vietnamese.",
                    "hotel-trainer",
                ),
            ),
            (
                _item(
                    "School prevention lessons",
                    DISCUSS,
                    20,
                    "Six middle schools asked for teacher training first.",
                    "school-counselor",
                ),
            ),
            (
                _item(
                    "County fair booth",
                    INFO,
                    10,
                    "Volunteers signed up for all four days.",
                    "tidewell-outreach",
                ),
            ),
            (
                _item(
                    "Know-your-rights workshops with farmworkers",
                    DISCUSS,
                    20,
                    "Workshops wait for the grant's outreach funds.",
                    "farmworker-organizer",
                ),
            ),
            (
                _item(
                    "Handover of the committee chair",
                    INFO,
                    10,
                    "The outgoing chair handed her open tasks to the new chair.",
                    "tidewell-manager",
                ),
            ),
        ),
        feedback_per_meeting=2,
    ),
    BodySpec(
        key=DATA_EVALUATION,
        name="Data and Evaluation Committee",
        kind=BodyKind.AD_HOC_COMMITTEE,
        charge=(
            "Ad hoc, for one year: propose the task force's performance measures and what case "
            "and training data it tracks (de-identified, sex and labor trafficking side by side), "
            "in time for the grant report. Reports to the executive board; dissolves when the "
            "board adopts the measures."
        ),
        seats=(
            SeatSpec("university-director", Position.CHAIR, -150, 215),
            SeatSpec("university-researcher", Position.SECRETARY, -150, 215),
            SeatSpec("administrator", starts_in_days=-150, ends_in_days=215),
            SeatSpec("prosecutor", starts_in_days=-150, ends_in_days=215),
            SeatSpec("lantern-director", starts_in_days=-150, ends_in_days=215),
            SeatSpec("bh-supervisor", starts_in_days=-150, ends_in_days=215),
            SeatSpec("visitor", Position.OBSERVER, -150, 215, "Visiting graduate researcher"),
        ),
        schedule=ScheduleSpec(
            week_of_month=3,
            weekday=4,
            hour=11,
            minute=0,
            duration_minutes=60,
            held=4,
            upcoming=1,
            video_link=VIDEO_ROOM,
        ),
        opening_items=(INTRODUCTIONS,),
        topics=(
            (
                _item(
                    "What the grant asks us to measure",
                    INFO,
                    20,
                    "The administrator summarised the grant's performance measures.",
                    "administrator",
                ),
            ),
            (
                _item(
                    "Small numbers: suppressing cells below eleven",
                    DISCUSS,
                    20,
                    "Agreed to suppress any count below eleven in public outputs.",
                    "university-researcher",
                ),
            ),
            (
                _item(
                    "Draft list of measures",
                    DISCUSS,
                    25,
                    "Twelve measures drafted; four need data no member collects yet.",
                    "university-director",
                ),
            ),
        ),
    ),
)

# Who takes part less than most. Percent of meetings attended (default below); of the rest, a third
# are excused absences and two thirds plain absences.
DEFAULT_ATTENDANCE_PERCENT = 88
ATTENDANCE_PERCENT: dict[str, int] = {
    "bh-clinician": 60,
    "faith-director": 65,
    "workers-director": 75,
    "clinic-director": 70,
}
LATE_ARRIVAL_PERCENT = 8
# Member organizations that stopped attending: organization key → days ago.
STOPPED_ATTENDING: dict[str, int] = {"juvenile-probation": 90}
# People who stopped attending: person key → days ago. The federal prosecutor has missed every
# meeting for eight months, so her attendance over the general body's twelve months is below its
# 50% minimum and she does not vote until she returns.
PEOPLE_WHO_STOPPED_ATTENDING: dict[str, int] = {"ausa": 240}

# The latest minutes of this body are still being written; every other body's are circulated.
MINUTES_STILL_IN_DRAFT = LEGAL_SERVICES

# A visitor invited to one past general body meeting (counting back from the latest held).
GENERAL_BODY_GUEST = ("visitor", 4)

# --- Action items --------------------------------------------------------------------------------

ACTION_ITEMS: tuple[ActionItemSpec, ...] = (
    ActionItemSpec(
        GENERAL_BODY,
        11,
        "Revise the shelter referral protocol with a single after-hours number.",
        -280,
        owner_body=VICTIM_SERVICES,
        done=True,
        closing_note="Revised draft circulated; adopted at the following meeting.",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        10,
        "Invite the juvenile court and the state attorney general's regional office.",
        -200,
        owner_person="leader",
        done=True,
        closing_note="Both invited; the court's office attends from next quarter.",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        8,
        "Collect letters of support for the administrator grant.",
        -190,
        owner_person="administrator",
        done=True,
        closing_note="Fourteen letters collected.",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        6,
        "Map interpreters for Mam and K'iche' across member agencies.",
        -60,
        owner_body=LEGAL_SERVICES,
    ),
    ActionItemSpec(
        GENERAL_BODY,
        4,
        "Fold twenty farmworker know-your-rights workshops into the outreach plan.",
        -40,
        owner_body=OUTREACH,
        done=True,
        closing_note="Added to the plan; waiting for funds.",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        3,
        "Send the signed MOU renewal to every member organization.",
        -30,
        owner_person="administrator",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        2,
        "Contact member organizations that have not attended in three months.",
        -12,
        owner_person="leader",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        1,
        "Share the quarterly case statistics with the executive board in the agreed format.",
        20,
        owner_person="prosecutor",
    ),
    ActionItemSpec(
        GENERAL_BODY,
        1,
        "Circulate the vicarious trauma resources list to all members.",
        10,
        owner_person="advocate",
    ),
    ActionItemSpec(
        EXECUTIVE_BOARD,
        6,
        "Propose performance measures for the grant report.",
        120,
        owner_body=DATA_EVALUATION,
    ),
    ActionItemSpec(
        EXECUTIVE_BOARD,
        4,
        "Write up the terms-of-office rule for the general body.",
        -70,
        owner_person="administrator",
        done=True,
    ),
    ActionItemSpec(
        EXECUTIVE_BOARD,
        2,
        "Seat the new outreach committee chair on the executive board.",
        -20,
        owner_person="leader",
    ),
    ActionItemSpec(
        EXECUTIVE_BOARD,
        1,
        "Plan the handover of the legal services chair before her term ends.",
        15,
        owner_person="vscoord",
    ),
    ActionItemSpec(
        LAW_ENFORCEMENT,
        5,
        "Draft the labor indicators insert for the patrol field guide.",
        -25,
        owner_person="police-liaison",
    ),
    ActionItemSpec(
        LAW_ENFORCEMENT,
        3,
        "Circulate the deconfliction checklist to all four agencies.",
        -45,
        owner_person="detective",
        done=True,
    ),
    ActionItemSpec(
        LAW_ENFORCEMENT,
        1,
        "Schedule the joint operation planning meeting with HSI.",
        21,
        owner_person="hsi-agent",
    ),
    ActionItemSpec(
        VICTIM_SERVICES,
        4,
        "Ask the survivor collective to review the intake form.",
        -60,
        owner_person="survivor-mentor",
        done=True,
    ),
    ActionItemSpec(
        VICTIM_SERVICES,
        2,
        "Send weekly capacity reminders to shelter providers.",
        -14,
        owner_person="advocate",
    ),
    ActionItemSpec(
        VICTIM_SERVICES,
        1,
        "Book the second tabletop exercise.",
        25,
        owner_person="lantern-case-manager",
    ),
    ActionItemSpec(
        LEGAL_SERVICES,
        2,
        "Draft the plain-language vacatur guide.",
        -15,
        owner_person="defender",
    ),
    ActionItemSpec(
        OUTREACH,
        2,
        "Confirm volunteers for the county fair booth.",
        -50,
        owner_person="tidewell-outreach",
        done=True,
    ),
    ActionItemSpec(
        OUTREACH,
        1,
        "Hand the outgoing chair's open tasks to the new chair.",
        14,
        owner_person="school-wellness",
    ),
    ActionItemSpec(
        DATA_EVALUATION,
        1,
        "Find a source for the four measures nobody collects yet.",
        30,
        owner_person="university-researcher",
    ),
)

# --- Feedback ------------------------------------------------------------------------------------

FEEDBACK: tuple[FeedbackSpec, ...] = (
    FeedbackSpec(5, "The training was practical and short. More like this."),
    FeedbackSpec(4, "Good meeting; the information sharing round ran over.", anonymous=True),
    FeedbackSpec(5, "Finally a clear answer on who calls whom after hours."),
    FeedbackSpec(3, "Too much reporting, not enough discussion.", anonymous=True),
    FeedbackSpec(4, ""),
    FeedbackSpec(5, "The survivor-led training changed how our team talks to clients."),
    FeedbackSpec(2, "Started fifteen minutes late again.", anonymous=True),
    FeedbackSpec(4, "Useful statistics. Please send the slides with the minutes."),
    FeedbackSpec(4, "", anonymous=True),
    FeedbackSpec(5, "Glad labor trafficking gets the same time as sex trafficking now."),
    FeedbackSpec(3, "Hard to hear the people on the video call.", anonymous=True),
    FeedbackSpec(4, "Good to meet the new members."),
)

# --- The next general body meeting ---------------------------------------------------------------

# Accepted and timed by the facilitator, on top of the standing items; the agenda is circulated.
NEXT_MEETING_ACCEPTED: tuple[AgendaItemSpec, ...] = (
    _item(
        "Quarterly case statistics: sex and labor trafficking side by side",
        INFO,
        15,
        "",
        "prosecutor",
    ),
    _item("Annual rotation: chairs whose terms end this year", DECIDE, 15, "", "leader"),
)
NEXT_MEETING_TRAINING = TrainingSpec(
    "Responding to labor trafficking in restaurants", 20, "workers-director"
)
# Proposed by members, waiting for the facilitator: (proposer, item).
NEXT_MEETING_PROPOSED: tuple[tuple[str, AgendaItemSpec], ...] = (
    (
        "advocate",
        AgendaItemSpec(
            "Shelter capacity over the holidays",
            DISCUSS,
            15,
            presenter="advocate",
            description="Two shelters close for renovation; where do referrals go?",
        ),
    ),
    (
        "detective",
        AgendaItemSpec(
            "Online advertisement monitoring: a short demonstration",
            TRAIN,
            10,
            presenter="detective",
            description="How the unit spots recruitment posts, without case details.",
        ),
    ),
)

# --- Committee plans -----------------------------------------------------------------------------

PLAN_STARTS_IN_DAYS = -120

_BOARD_ONLY = (EXECUTIVE_BOARD,)
_GENERAL_ONLY = (GENERAL_BODY,)

PLANS: tuple[PlanSpec, ...] = (
    PlanSpec(
        LAW_ENFORCEMENT,
        "Investigate sex and labor trafficking alike, without agencies tripping over each other.",
        PLAN_STARTS_IN_DAYS,
        (
            PlanObjectiveSpec(
                "Run a deconfliction check on every new trafficking investigation among the "
                "police, the sheriff, the FBI and HSI.",
                1,
                (
                    PlanTaskSpec(
                        "Agree the deconfliction procedure with the FBI and HSI",
                        "leader",
                        -40,
                        TaskStatus.DONE,
                        report_back_in_days=-45,
                        notes=("All four agencies signed off the procedure.",),
                        reported_back_in_days=-45,
                        report="Procedure agreed by all four agencies; pilot starts next month.",
                    ),
                    PlanTaskSpec(
                        "Pilot the deconfliction checklist on new cases for 60 days",
                        "sheriff-sergeant",
                        40,
                        TaskStatus.IN_PROGRESS,
                        report_back_in_days=1,
                        notes=("Eleven new cases checked so far; one overlap found early.",),
                    ),
                ),
            ),
            PlanObjectiveSpec(
                "Train patrol officers and deputies on labor trafficking indicators.",
                1,
                (
                    PlanTaskSpec(
                        "Roll-call training for the four patrol shifts",
                        "detective",
                        -20,
                        TaskStatus.DONE,
                        notes=("42 officers and deputies trained.",),
                    ),
                    PlanTaskSpec(
                        "Add labor indicators to the patrol field guide",
                        "police-liaison",
                        -10,
                        TaskStatus.IN_PROGRESS,
                        notes=("Draft insert written; waiting for the command staff's review.",),
                    ),
                    PlanTaskSpec(
                        "Plan a joint labor operation with the workers' rights center",
                        "hsi-agent",
                        60,
                        TaskStatus.BLOCKED,
                        report_to=_BOARD_ONLY,
                        report_back_in_days=50,
                        notes=("Waiting for HSI approval of the information-sharing terms.",),
                    ),
                ),
            ),
        ),
    ),
    PlanSpec(
        VICTIM_SERVICES,
        "Any victim a member identifies is safe and housed within four hours, in their language.",
        PLAN_STARTS_IN_DAYS,
        (
            PlanObjectiveSpec(
                "Place any victim referred by a member in shelter within four hours, day or night.",
                0,
                (
                    PlanTaskSpec(
                        "Write the 24/7 shelter referral protocol",
                        "vscoord",
                        -40,
                        TaskStatus.DONE,
                        report_back_in_days=-60,
                        notes=("Adopted by the general body.",),
                        reported_back_in_days=-60,
                        report="The general body adopted the protocol by consensus.",
                    ),
                    PlanTaskSpec(
                        "Test the protocol with two tabletop exercises",
                        "lantern-case-manager",
                        30,
                        TaskStatus.IN_PROGRESS,
                        report_back_in_days=0,
                        report_to=_GENERAL_ONLY,
                        notes=("First exercise held; a night-time Spanish speaker is the gap.",),
                    ),
                    PlanTaskSpec(
                        "Agree after-hours transport with Steady Harbor",
                        "homeless-director",
                        90,
                        TaskStatus.NOT_STARTED,
                    ),
                ),
            ),
            PlanObjectiveSpec(
                "Keep shelter and housing capacity current in the directory.",
                0,
                (
                    PlanTaskSpec(
                        "Weekly capacity reminders to shelter providers",
                        "advocate",
                        -15,
                        TaskStatus.NOT_STARTED,
                    ),
                    PlanTaskSpec(
                        "Survivor advisory review of the intake form",
                        "survivor-mentor",
                        -5,
                        TaskStatus.BLOCKED,
                        notes=("Waiting for the advisory group's stipends to be approved.",),
                    ),
                ),
            ),
        ),
    ),
    PlanSpec(
        LEGAL_SERVICES,
        "Every victim has a lawyer's advice on immigration relief, civil remedies and records.",
        PLAN_STARTS_IN_DAYS,
        (
            PlanObjectiveSpec(
                "Screen every foreign national victim for T and U visas and Continued Presence "
                "within 30 days.",
                0,
                (
                    PlanTaskSpec(
                        "Share the screening checklist with all service providers",
                        "immigration-attorney",
                        -60,
                        TaskStatus.DONE,
                    ),
                    PlanTaskSpec(
                        "Monthly immigration relief clinic at Lantern House",
                        "legal-aid-staff",
                        45,
                        TaskStatus.IN_PROGRESS,
                        report_back_in_days=1,
                        notes=("Two clinics held; nine people screened.",),
                    ),
                ),
            ),
            PlanObjectiveSpec(
                "Report case outcomes quarterly with sex and labor trafficking side by side.",
                1,
                (
                    PlanTaskSpec(
                        "Quarterly outcomes report, first quarter",
                        "prosecutor",
                        -25,
                        TaskStatus.DONE,
                        report_back_in_days=-30,
                        report_to=_GENERAL_ONLY,
                        reported_back_in_days=-30,
                        report="First quarter: five sex, three labor trafficking cases charged.",
                    ),
                    PlanTaskSpec(
                        "Quarterly outcomes report, second quarter",
                        "prosecutor",
                        20,
                        TaskStatus.NOT_STARTED,
                        report_back_in_days=25,
                        report_to=_GENERAL_ONLY,
                    ),
                    PlanTaskSpec(
                        "Plain-language guide to vacatur and record relief",
                        "defender",
                        -8,
                        TaskStatus.IN_PROGRESS,
                        notes=("Draft with the survivor collective for review.",),
                    ),
                ),
            ),
        ),
    ),
    PlanSpec(
        OUTREACH,
        "Professionals and residents recognise trafficking and know whom to call.",
        PLAN_STARTS_IN_DAYS,
        (
            PlanObjectiveSpec(
                "Deliver indicator training to staff of member hotels and motels.",
                2,
                (
                    PlanTaskSpec(
                        "Train front-desk and housekeeping staff at 30 hotels",
                        "hotel-trainer",
                        -10,
                        TaskStatus.IN_PROGRESS,
                        report_back_in_days=0,
                        notes=("22 of 30 hotels trained; the rest are booked for next month.",),
                    ),
                    PlanTaskSpec(
                        "Hotel indicator poster in English, Spanish and Vietnamese",
                        "tidewell-outreach",
                        -70,
                        TaskStatus.DONE,
                    ),
                ),
            ),
            PlanObjectiveSpec(
                "Bring prevention lessons to every middle and high school.",
                2,
                (
                    PlanTaskSpec(
                        "Teacher training at six middle schools",
                        "school-counselor",
                        60,
                        TaskStatus.IN_PROGRESS,
                        notes=("Three schools done.",),
                    ),
                    PlanTaskSpec(
                        "Parent evening in Spanish",
                        "school-wellness",
                        100,
                        TaskStatus.NOT_STARTED,
                    ),
                ),
            ),
            PlanObjectiveSpec(
                "Run a know-your-rights campaign with farmworker communities.",
                2,
                (
                    PlanTaskSpec(
                        "Twenty workshops in labor camps and churches",
                        "farmworker-organizer",
                        150,
                        TaskStatus.BLOCKED,
                        report_back_in_days=1,
                        report_to=_BOARD_ONLY,
                        notes=("Waiting for the grant's outreach funds.",),
                    ),
                ),
            ),
        ),
    ),
)


def body_keys() -> set[str]:
    return {body.key for body in BODIES}


def person_keys_used() -> set[str]:
    """Every PersonSpec key this module names, for checking them against data.py."""
    keys: set[str] = set()
    for body in BODIES:
        keys |= {seat.person for seat in body.seats}
        for items in (body.opening_items, body.closing_items, *body.topics):
            keys |= {item.presenter for item in items if item.presenter}
        keys |= {t.trainer for t in body.trainings if t is not None and t.trainer}
    keys |= {item.owner_person for item in ACTION_ITEMS if item.owner_person}
    keys |= {item.presenter for item in NEXT_MEETING_ACCEPTED if item.presenter}
    keys |= {proposer for proposer, _ in NEXT_MEETING_PROPOSED}
    keys.add(GENERAL_BODY_GUEST[0])
    if NEXT_MEETING_TRAINING.trainer:
        keys.add(NEXT_MEETING_TRAINING.trainer)
    for plan in PLANS:
        for objective in plan.objectives:
            keys |= {task.owner for task in objective.tasks}
    return keys
