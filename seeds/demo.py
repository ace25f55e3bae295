"""The illustrative demo city: Reykjavík's "A Better City for Children" and a climate mission."""

from __future__ import annotations

import os
import random
import secrets
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select

from app.audit import snapshot
from app.auth.passwords import verify_password
from app.auth.services import create_user
from app.errors import DomainError
from app.extensions import db
from app.measurements import rules
from app.models import (
    AuditEvent,
    Department,
    Indicator,
    InterimTarget,
    Intervention,
    InterventionPartner,
    Measurement,
    Milestone,
    Mission,
    Outcome,
    ProgressUpdate,
    User,
)
from app.models.enums import (
    Direction,
    Frequency,
    IndicatorLevel,
    MeasurementStatus,
    MissionStatus,
    Role,
    Stage,
    UpdateStatus,
)
from app.models.indicator import HEADLINE, breakdown_key
from app.tabular import open_table
from app.transfer.readers.measurements import Catalogue
from app.transfer.readers.open_sdg import read_open_sdg
from app.translating import merged_translations
from config import INSTANCE_DIR
from seeds.demo_budget import load_budget_lines
from seeds.demo_is import DEPARTMENT_NAMES_IS, icelandic
from seeds.demo_learning import load_learning_log
from seeds.demo_meetings import load_demo_meetings
from seeds.demo_rounds import load_demo_rounds

# ---------------------------------------------------------------------------------------------
# Declarative data. Dates that must stay "recent" (milestone due dates, progress updates, the
# last measured period) are relative to the anchor day; programme dates are absolute.
# ---------------------------------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent / "data"
RANDOM_SEED = 20210101
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 - the name of the variable, not a password
PASSWORD_FILE = "demo_password"  # noqa: S105 - a file name in instance/
MAIN_MISSION = "better-city-for-children"

ON, RISK, OFF = UpdateStatus.ON_TRACK, UpdateStatus.AT_RISK, UpdateStatus.OFF_TRACK
M, Q, Y = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.YEARLY
UP, DOWN = Direction.INCREASE, Direction.DECREASE

# Okabe-Ito colour-blind-safe palette, one colour per department.
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("MAY", "Mayor's Office", "#000000"),
    ("EDU", "Education and Youth", "#0072B2"),
    ("WEL", "Welfare", "#D55E00"),
    ("CUL", "Culture and Sports", "#E69F00"),
    ("ENV", "Environment and Planning", "#009E73"),
    ("HRS", "Human Rights and Democracy", "#56B4E9"),
    ("SNI", "Service and Innovation", "#CC79A7"),
]

# (email, role, department code, display name); the password is never in the code.
DEMO_USERS: list[tuple[str, Role, str | None, str]] = [
    ("admin@demo.aimtracker.is", Role.ADMIN, None, "Demo administrator"),
    ("mayor@demo.aimtracker.is", Role.MISSION_OFFICE, None, "Mission office (demo)"),
    ("lead.edu@demo.aimtracker.is", Role.DEPARTMENT_LEAD, "EDU", "Education and Youth lead (demo)"),
    ("lead.wel@demo.aimtracker.is", Role.DEPARTMENT_LEAD, "WEL", "Welfare lead (demo)"),
    ("viewer@demo.aimtracker.is", Role.VIEWER, None, "Staff viewer (demo)"),
]
MISSION_OWNER = "mayor@demo.aimtracker.is"

MISSIONS: list[dict[str, Any]] = [
    {
        "slug": MAIN_MISSION,
        "title": "A Better City for Children",
        "north_star": (
            "Every child in Reykjavík gets the right support at the right time, from birth to "
            "adulthood, without obstacles and without interruptions."
        ),
        "problem_statement": (
            "Help for children and families is spread over schools, preschools, welfare service "
            "centres, health care and leisure services. Families wait too long, tell their story "
            "again and again, and support often stops when a child changes school or turns 16 or "
            "18."
        ),
        "target_population": "Children aged 0 to 18 and their families",
        "ages": (0, 18),
        "start_year": 2021,
        "horizon_year": 2030,
        "published": datetime(2021, 3, 1, 10, 0, tzinfo=UTC),
        "is": {
            "title": "Betri borg fyrir börn",
            "north_star": (
                "Öll börn í Reykjavík fá réttan stuðning á réttum tíma, frá fæðingu til "
                "fullorðinsára, án hindrana og án rofs."
            ),
            "problem_statement": (
                "Stuðningur við börn og fjölskyldur dreifist á skóla, leikskóla, "
                "þjónustumiðstöðvar, heilsugæslu og frístundastarf. Fjölskyldur bíða of lengi, "
                "segja sögu sína aftur og aftur og stuðningurinn rofnar oft þegar barn skiptir um "
                "skóla eða verður 16 eða 18 ára."
            ),
            "target_population": "Börn á aldrinum 0 til 18 ára og fjölskyldur þeirra",
        },
        "outcomes": [
            (
                "Every child feels safe and well at school",
                "Schools and preschools notice early when a child is struggling and help there "
                "and then, without a long referral.",
                "Öllum börnum líður vel og þau eru örugg í skólanum",
                "Skólar og leikskólar taka snemma eftir því þegar barni líður illa og veita "
                "aðstoð á staðnum, án langrar tilvísunar.",
            ),
            (
                "Families get integrated help without obstacles",
                "One contact person, one plan and short waits: families tell their story once "
                "and get help that fits together.",
                "Fjölskyldur fá samþætta aðstoð án hindrana",
                "Einn tengiliður, ein áætlun og stuttur biðtími: fjölskyldur segja sögu sína "
                "einu sinni og fá samræmda aðstoð.",
            ),
            (
                "Services are never interrupted as children grow up",
                "Support carries on across every transition: preschool to school, school to "
                "upper secondary, child to adult services.",
                "Þjónusta rofnar aldrei þegar börn eldast",
                "Stuðningur heldur áfram við öll tímamót: úr leikskóla í grunnskóla, úr "
                "grunnskóla í framhaldsskóla og frá þjónustu við börn til þjónustu við "
                "fullorðna.",
            ),
            (
                "Every child takes part in leisure, sport and culture",
                "Cost, language or distance keep no child out of organised leisure.",
                "Öll börn taka þátt í frístundum, íþróttum og menningu",
                "Kostnaður, tungumál eða fjarlægð halda engu barni utan skipulagðs "
                "frístundastarfs.",
            ),
        ],
    },
    {
        "slug": "carbon-neutral-reykjavik",
        "title": "Carbon-neutral Reykjavík",
        "north_star": (
            "Reykjavík is a carbon-neutral city by 2040, with clean everyday travel and "
            "resources used again and again."
        ),
        "problem_statement": (
            "Road transport causes most of the city's own emissions, and most everyday trips "
            "are still made by private car."
        ),
        "target_population": "All residents and businesses in Reykjavík",
        "ages": None,
        "start_year": 2021,
        "horizon_year": 2040,
        "published": datetime(2021, 9, 1, 10, 0, tzinfo=UTC),
        "is": {
            "title": "Kolefnishlutlaus Reykjavík",
            "north_star": (
                "Reykjavík verður kolefnishlutlaus borg árið 2040, með vistvænum samgöngum og "
                "auðlindum sem nýtast aftur og aftur."
            ),
            "problem_statement": (
                "Vegasamgöngur valda mestri losun borgarinnar og flestar daglegar ferðir eru enn "
                "farnar á einkabíl."
            ),
            "target_population": "Allir íbúar og fyrirtæki í Reykjavík",
        },
        "outcomes": [
            (
                "Sustainable travel is the easy choice",
                "Walking, cycling and public transport are quicker and safer than driving for "
                "everyday trips.",
                "Vistvænar samgöngur eru auðveldasti kosturinn",
                "Ganga, hjólreiðar og almenningssamgöngur eru fljótlegri og öruggari en "
                "einkabíllinn í daglegum ferðum.",
            ),
            (
                "Homes and city operations emit less carbon",
                "Waste is sorted and reused, and the city's own vehicles run on clean energy.",
                "Heimili og rekstur borgarinnar losa minna kolefni",
                "Úrgangur er flokkaður og endurnýttur og ökutæki borgarinnar nota hreina orku.",
            ),
        ],
    },
]

# Interventions. "outcome" is the index in the mission's outcome list; milestones are
# (title, due in months from the anchor day, completed this many days after the due date or
# None); "updates" are the newest progress updates, newest first (older ones come from
# GENERIC_UPDATES). Age ranges deliberately leave 16-17 uncovered: the move to upper secondary.
INTERVENTIONS: list[dict[str, Any]] = [
    {
        "id": "BCC-01",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Solution teams in every school and preschool",
        "title_is": "Lausnateymi í öllum skólum og leikskólum",
        "summary": (
            "A small team in each school and preschool (head, special-needs teacher, school "
            "psychologist and a social worker from the service centre) meets every two weeks to "
            "find a solution for a child in difficulty before a formal referral is needed."
        ),
        "lead": "EDU",
        "partners": [
            ("WEL", "Social workers and psychologists sit on every team"),
            ("HRS", "Advice on children's rights and interpreting for families"),
        ],
        "stage": Stage.SCALE,
        "start": date(2021, 9, 1),
        "end": None,
        "budget": 180_000_000,
        "ages": (1, 15),
        "cycle": 90,
        "weight": 2.0,
        "milestones": [
            ("Pilot teams running in 12 schools", -56, 10),
            ("Solution team guide published", -40, -3),
            ("Teams active in every compulsory school", -22, 35),
            ("Teams active in every preschool", 4, None),
        ],
        "last_update_days_ago": 18,
        "updates": [
            (
                ON,
                "Solution teams now meet every two weeks in all 36 compulsory schools and in 52 of "
                "64 preschools. Teachers report much quicker access to a psychologist.",
                "Start teams in the remaining 12 preschools by spring and train new preschool "
                "heads.",
                "",
            ),
            (
                ON,
                "Eight more preschools joined. A review of 300 cases showed that half were "
                "resolved inside the school, without a referral to specialist services.",
                "Share the case review with school heads and the Welfare steering group.",
                "",
            ),
            (
                RISK,
                "Two school psychologist posts stayed vacant, so the teams in Breiðholt met "
                "monthly instead of every two weeks.",
                "Borrow a psychologist from the Breiðholt service centre until the posts are "
                "filled.",
                "Shortage of school psychologists.",
            ),
        ],
    },
    {
        "id": "BCC-02",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Prosperity contact persons in every school and preschool",
        "title_is": "Tengiliðir farsældar í öllum skólum og leikskólum",
        "summary": (
            "Every school and preschool names a prosperity contact person who families can turn "
            "to for integrated support, as the Act on Integrated Services in the Interest of "
            "Children's Prosperity requires."
        ),
        "lead": "EDU",
        "partners": [
            ("WEL", "Case guidance and training for the contact persons"),
            ("SNI", "Contact-person directory on the city website"),
        ],
        "stage": Stage.SUSTAIN,
        "start": date(2022, 1, 3),
        "end": None,
        "budget": 95_000_000,
        "ages": (0, 15),
        "cycle": 180,
        "milestones": [
            ("A contact person named in every school and preschool", -46, 12),
            ("Training course for contact persons completed", -38, 0),
            ("First yearly review with families", -10, 8),
        ],
        "last_update_days_ago": 40,
        "updates": [
            (
                ON,
                "Every school and preschool has a named prosperity contact person. 1,140 "
                "families asked for integrated support this year, up from 860 last year.",
                "Publish the yearly review and update the contact list for the new school year.",
                "",
            ),
            (
                ON,
                "The contact-person network met twice. The guidance on first conversations with "
                "families was rewritten after feedback from parents.",
                "Test the new guidance in ten schools before the autumn term.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-03",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "At-home student counselling",
        "title_is": "Nemendaráðgjöf heima",
        "summary": (
            "Student counsellors visit pupils with long or repeated absence at home, together "
            "with their parents, and agree a step-by-step plan back to school."
        ),
        "lead": "EDU",
        "partners": [("WEL", "Family counsellors join visits when the family needs more help")],
        "stage": Stage.TEST,
        "start": date(2024, 1, 8),
        "end": date(2027, 6, 18),
        "budget": 24_000_000,
        "ages": (10, 15),
        "cycle": 90,
        "milestones": [
            ("Counsellors recruited for two pilot districts", -32, 5),
            ("Pilot extended to Breiðholt", -14, 20),
            ("Evaluation report to the school board", -1, None),
        ],
        "last_update_days_ago": 25,
        "updates": [
            (
                RISK,
                "Counsellors made 210 home visits this quarter; 60% of the pupils visited were "
                "back in class within six weeks. The evaluation report is late.",
                "Finish the evaluation and propose whether the service should cover every "
                "district.",
                "Attendance data from the school information system arrived three weeks late.",
            ),
            (
                ON,
                "The pilot now runs in Breiðholt as well as Árbær and Grafarvogur. Parents rate "
                "the visits 4.5 out of 5.",
                "Agree the evaluation questions with the school board.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-04",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Courses on communication within households",
        "title_is": "Námskeið um samskipti á heimilum",
        "summary": (
            "Free evening courses for parents on everyday communication, setting limits and "
            "handling conflict at home, run in schools and libraries in several languages."
        ),
        "lead": "WEL",
        "partners": [
            ("EDU", "Schools invite parents and host the evening sessions"),
            ("CUL", "Libraries host courses in Breiðholt and Grafarvogur"),
            ("HRS", "Courses in Polish, Arabic and English"),
        ],
        "stage": Stage.SCALE,
        "start": date(2021, 3, 1),
        "end": None,
        "budget": 38_000_000,
        "ages": (6, 15),
        "cycle": 90,
        "milestones": [
            ("Course material tested with 40 families", -66, 0),
            ("Courses offered in three languages", -30, 14),
            ("Courses running in every district", -6, -2),
            ("Online course for parents", 5, None),
        ],
        "last_update_days_ago": 12,
        "updates": [
            (
                ON,
                "Courses now run in all ten districts; 236 parents finished a course this "
                "quarter, a third of them in Polish or Arabic.",
                "Record the online version of the course and test it with twenty families.",
                "",
            ),
            (
                ON,
                "Waiting times for a course place fell below three weeks after two new course "
                "leaders started.",
                "Open courses in Kjalarnes and Grafarholt og Úlfarsárdalur.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-05",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Strategy sessions for parents of children with anxiety",
        "title_is": "Ráðgjafarfundir fyrir foreldra barna með kvíða",
        "summary": (
            "Four structured sessions with a psychologist help parents support a child with "
            "anxiety at home, so the child can keep going to school and leisure activities."
        ),
        "lead": "WEL",
        "partners": [("EDU", "School psychologists refer families and follow up in school")],
        "stage": Stage.TEST,
        "start": date(2023, 9, 1),
        "end": date(2027, 6, 30),
        "budget": 18_000_000,
        "ages": (8, 15),
        "cycle": 90,
        "milestones": [
            ("Session model agreed with the school psychology service", -36, 0),
            ("First 100 families completed the sessions", -20, 30),
            ("Waiting list under four weeks", -2, None),
        ],
        "last_update_days_ago": 6,
        "newest_update_draft": True,
        "updates": [
            (
                RISK,
                "Demand doubled after the autumn information evening; 140 families are on the "
                "waiting list and the average wait is nine weeks.",
                "Train four more session leaders and offer group sessions for parents.",
                "Only three trained session leaders are available.",
            ),
            (
                ON,
                "96 families completed all four sessions this quarter. Parents report fewer "
                "school days missed because of anxiety.",
                "Present the results at the school psychologists' autumn meeting.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-06",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Three-level service model for children and families",
        "title_is": "Þriggja þrepa þjónustulíkan fyrir börn og fjölskyldur",
        "summary": (
            "Support is organised in three levels: general support in every school and "
            "preschool, targeted support from district teams, and specialist support from one "
            "joint team of Welfare and Education."
        ),
        "lead": "WEL",
        "partners": [
            ("EDU", "Level 1 support in schools and preschools"),
            ("MAY", "Steering group and reporting to the city council"),
            ("SNI", "Shared case-management system"),
        ],
        "stage": Stage.SCALE,
        "start": date(2021, 1, 4),
        "end": None,
        "budget": 260_000_000,
        "ages": (0, 15),
        "cycle": 90,
        "weight": 2.0,
        "milestones": [
            ("Service model approved by the city council", -68, -10),
            ("Level 2 teams in every service centre", -44, 20),
            ("Level 3 specialist team shared by Welfare and Education", -8, 25),
            ("External evaluation of the model", 7, None),
        ],
        "last_update_days_ago": 30,
        "updates": [
            (
                ON,
                "The joint level 3 team started work in one building. The median wait for a "
                "first meeting fell to 19 days.",
                "Commission the external evaluation and agree its questions with the council.",
                "",
            ),
            (
                RISK,
                "Merging the Welfare and Education specialist teams took longer than planned "
                "because of different employment contracts.",
                "Finish the staff agreement and move the team into one building.",
                "Two unions must agree the new job descriptions.",
            ),
            (
                ON,
                "Every service centre now has a level 2 team. Schools send fewer cases straight "
                "to level 3.",
                "Prepare the merger of the specialist teams.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-07",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Low-threshold services in the neighbourhoods",
        "title_is": "Lágþröskuldaþjónusta í hverfum",
        "summary": (
            "Drop-in counselling for young people and their parents in youth centres and "
            "libraries: no referral, no waiting list, no forms."
        ),
        "lead": "WEL",
        "partners": [
            ("CUL", "Youth centres and libraries host the drop-in hours"),
            ("EDU", "Schools tell pupils and parents about the service"),
        ],
        "stage": Stage.SUSTAIN,
        "start": date(2021, 6, 1),
        "end": None,
        "budget": 45_000_000,
        "ages": (10, 15),
        "cycle": 90,
        "milestones": [
            ("Drop-in counselling in five youth centres", -50, 0),
            ("Drop-in counselling in every district", -16, None),
        ],
        # Deliberately stale: the last update is older than the 90-day cycle.
        "last_update_days_ago": 150,
        "updates": [
            (
                RISK,
                "Drop-in hours run in seven of ten districts. Visits fell over the summer when "
                "youth centres had shorter opening hours.",
                "Find rooms in Kjalarnes, Hlíðar and Háaleiti og Bústaðir.",
                "No suitable rooms yet in three districts.",
            ),
            (
                ON,
                "1,020 visits this quarter, 40% of them by parents. Most visitors had never "
                "been in contact with the service centre before.",
                "Extend the opening hours in Breiðholt to two evenings a week.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-08",
        "mission": MAIN_MISSION,
        "outcome": 2,
        "title": "Case-management system for integrated services",
        "title_is": "Málakerfi fyrir samþætta þjónustu",
        "summary": (
            "One case-management system shared by schools, service centres and child "
            "protection, so a family's plan and history follow the child, with the family's "
            "consent."
        ),
        "lead": "SNI",
        "partners": [
            ("WEL", "Process owner for family cases"),
            ("EDU", "School data and user testing"),
            ("MAY", "Data protection officer and legal review"),
        ],
        "stage": Stage.TEST,
        "start": date(2023, 2, 1),
        "end": date(2027, 12, 31),
        "budget": 140_000_000,
        "ages": None,
        "cycle": 90,
        "milestones": [
            ("Requirements agreed with Welfare and Education", -40, 15),
            ("Data-sharing agreement signed", -4, None),
            ("First service centre using the system", 3, None),
        ],
        "last_update_days_ago": 21,
        "updates": [
            (
                OFF,
                "Testing with two service centres went well, but the system cannot go live "
                "until the data-sharing agreement is signed.",
                "Meet the Data Protection Authority and agree a consent form with parents' "
                "representatives.",
                "The data-sharing agreement between Welfare and Education is waiting for the "
                "Data Protection Authority's opinion; the vendor's school-system link is late.",
            ),
            (
                RISK,
                "User testing with 24 caseworkers found the consent steps confusing.",
                "Simplify the consent steps and test again.",
                "Vendor capacity is limited until the new year.",
            ),
            (
                ON,
                "The vendor delivered the first version and the test environment is running.",
                "Start user testing in two service centres.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-09",
        "mission": MAIN_MISSION,
        "outcome": 3,
        "title": "Child Prosperity Week",
        "title_is": "Farsældarvika barna",
        "summary": (
            "A yearly week of free events for children and families across the city, planned "
            "with the children's council, with information on where to find support."
        ),
        "lead": "MAY",
        "partners": [
            ("CUL", "Free events in libraries, pools and museums"),
            ("EDU", "Activities in every school and preschool"),
            ("HRS", "Children's council and children's rights day"),
        ],
        "stage": Stage.SUSTAIN,
        "start": date(2022, 4, 1),
        "end": None,
        "budget": 12_000_000,
        "ages": (0, 15),
        "cycle": 180,
        "milestones": [
            ("First Child Prosperity Day held", -43, 0),
            ("Expanded to a full Child Prosperity Week", -19, 0),
            ("Children's council sets next year's programme", 3, None),
        ],
        "last_update_days_ago": 55,
        "updates": [
            (
                ON,
                "Child Prosperity Week had 140 events and about 9,000 visitors. The children's "
                "council chose the theme: a city where you can get around on your own.",
                "Evaluate the week with the children's council and start next year's plan.",
                "",
            ),
            (
                ON,
                "The programme is ready, with events in every district and in four languages.",
                "Run the week and count visitors at every event.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-10",
        "mission": MAIN_MISSION,
        "outcome": 3,
        "title": "Leisure guides for children outside organised activities",
        "title_is": "Frístundaleiðsögn fyrir börn utan skipulagðs starfs",
        "summary": (
            "Leisure guides help children who take part in no organised leisure to find a "
            "sport, club or art class they like, and go with them the first few times."
        ),
        "lead": "CUL",
        "partners": [
            ("EDU", "After-school centres identify children who could use a guide"),
            ("HRS", "Outreach to families who have recently moved to Iceland"),
            ("WEL", "Leisure grants for low-income families"),
        ],
        "stage": Stage.TEST,
        "start": date(2023, 8, 15),
        "end": None,
        "budget": 30_000_000,
        "ages": (6, 15),
        "cycle": 90,
        "milestones": [
            ("Four leisure guides hired", -38, 10),
            ("300 children matched with an activity", -12, -15),
            ("Decision on scaling to every district", 2, None),
        ],
        "last_update_days_ago": 35,
        "updates": [
            (
                ON,
                "412 children have been matched with an activity since the start; 70% still "
                "take part six months later.",
                "Prepare the decision paper on scaling to every district.",
                "",
            ),
            (
                ON,
                "Clubs in Breiðholt and Fellahverfi offered 60 free trial places for children "
                "guided by the service.",
                "Ask the sports clubs in Grafarvogur for trial places.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-11",
        "mission": MAIN_MISSION,
        "outcome": 2,
        "title": "Transition support at 18: from child to adult services",
        "title_is": "Stuðningur við 18 ára: frá þjónustu við börn til þjónustu við fullorðna",
        "summary": (
            "A caseworker follows young people who receive child services through their 18th "
            "birthday, so that support does not stop when they become adults."
        ),
        "lead": "WEL",
        "partners": [
            ("HRS", "The youth council reviews the service design"),
            ("SNI", "Digital handover of the case history, with consent"),
        ],
        "stage": Stage.EXPLORE,
        "start": date(2026, 2, 2),
        "end": None,
        "budget": 8_000_000,
        "ages": (18, 18),
        "cycle": 90,
        "milestones": [
            ("Interviews with 30 young people leaving child services", -6, 10),
            ("Service design proposal to the welfare council", 2, None),
        ],
        "last_update_days_ago": 28,
        "updates": [
            (
                ON,
                "Interviews with 31 young people are finished. The main finding: support often "
                "stops abruptly on the 18th birthday and nobody tells them where to go next.",
                "Draft the service design with the youth council.",
                "",
            ),
            (
                ON,
                "A caseworker and a service designer started; interview questions were agreed "
                "with the youth council.",
                "Interview young people who left child services in the last two years.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-12",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Inclusive playgrounds and safe routes to school",
        "title_is": "Leiksvæði fyrir öll börn og öruggar leiðir í skólann",
        "summary": (
            "Playgrounds are renovated to universal design and every school gets a safe-route "
            "plan with lower speed limits, crossings and lighting."
        ),
        "lead": "ENV",
        "partners": [
            ("EDU", "Pupils map their routes to school"),
            ("HRS", "Universal design review"),
        ],
        "stage": Stage.SCALE,
        "start": date(2022, 5, 2),
        "end": date(2028, 12, 31),
        "budget": 420_000_000,
        "ages": (3, 12),
        "cycle": 180,
        "milestones": [
            ("Safe-route plans for 20 schools", -30, 40),
            ("Ten playgrounds renovated to universal design", -3, None),
            ("Traffic calming at every compulsory school", 10, None),
        ],
        # Deliberately stale: the last update is older than the 180-day cycle.
        "last_update_days_ago": 240,
        "updates": [
            (
                RISK,
                "Six of ten playgrounds are renovated. Tenders for the last four came in well "
                "over budget.",
                "Re-tender the last four playgrounds as one contract.",
                "Construction prices rose faster than the budget.",
            ),
            (
                ON,
                "Safe-route plans are ready for 24 schools; 30 km/h zones now cover every "
                "school street in Vesturbær and Hlíðar.",
                "Start the playground renovations in spring.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-13",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Early language support in preschools",
        "title_is": "Málörvun í leikskólum",
        "summary": (
            "Language screening at ages 2½ and 4 in every preschool, daily language play and "
            "book bags for families, in Icelandic and the child's home language."
        ),
        "lead": "EDU",
        "partners": [
            ("HRS", "Materials in the main home languages"),
            ("CUL", "Libraries run reading sessions for families"),
        ],
        "stage": Stage.SUSTAIN,
        "start": date(2021, 8, 16),
        "end": None,
        "budget": 55_000_000,
        "ages": (1, 5),
        "cycle": 180,
        "milestones": [
            ("Language screening at ages 2½ and 4 in every preschool", -40, 0),
            ("Book bags for every two-year-old", -18, -10),
        ],
        "last_update_days_ago": 70,
        "updates": [
            (
                ON,
                "Screening reached 94% of children at age 4. Children who got extra language "
                "play improved their scores more than expected.",
                "Add Ukrainian and Spanish to the book bags.",
                "",
            ),
            (
                ON,
                "Book bags were handed out to 1,300 families at the two-year check.",
                "Survey families on how they use the book bags.",
                "",
            ),
        ],
    },
    {
        "id": "BCC-14",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Family support in the first year",
        "title_is": "Fjölskyldustuðningur á fyrsta ári",
        "summary": (
            "A test of home visits by family counsellors during a baby's first year. Stopped "
            "after the evaluation; what was learnt went into the three-level service model."
        ),
        "lead": "WEL",
        "partners": [("HRS", "Interpreters and outreach to families new to Iceland")],
        "stage": Stage.STOPPED,
        "start": date(2022, 3, 1),
        "end": date(2024, 12, 31),
        "budget": 15_000_000,
        "ages": (0, 1),
        "cycle": 90,
        "milestones": [
            ("Home-visit pilot running in Breiðholt", -52, 0),
            ("Evaluation of the pilot", -26, 20),
        ],
        "updates": [
            (
                OFF,
                "The steering group stopped the test after the evaluation: families valued "
                "the visits, but they overlapped with the health-care home visits.",
                "Move the counselling know-how into the level 2 teams of the three-level model.",
                "The visits duplicated the state health care's home visits and confused families.",
            ),
            (
                RISK,
                "The evaluation found that most families already had home visits from the "
                "health-care centre.",
                "Discuss with the health-care centres whether to merge the visits.",
                "Overlap with the health-care home visits.",
            ),
        ],
    },
    {
        "id": "BCC-15",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Equality and anti-bullying lessons in compulsory schools",
        "title_is": "Jafnréttis- og eineltisfræðsla í grunnskólum",
        "summary": (
            "Lessons on equality, diversity and bullying, designed with pupils and built into "
            "the social studies curriculum."
        ),
        "lead": "HRS",
        "partners": [("EDU", "Lessons built into the social studies curriculum")],
        "stage": Stage.EXPLORE,
        "start": date(2025, 9, 1),
        "end": None,
        "budget": 6_000_000,
        "ages": (6, 15),
        "cycle": 90,
        "published": False,
        "milestones": [
            ("Lesson plans designed with pupils", -5, 12),
            ("Trial in six schools", 4, None),
        ],
        "last_update_days_ago": 45,
        "updates": [
            (
                ON,
                "Pupils from four schools helped write the first six lessons.",
                "Choose six schools for the trial and train their teachers.",
                "",
            ),
        ],
    },
    {
        "id": "CNR-01",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 0,
        "title": "Extend the cycle network",
        "title_is": "Stækkun hjólastíganetsins",
        "summary": (
            "New separated cycle paths, safer crossings and cycle parking, following the "
            "city's cycling plan."
        ),
        "lead": "ENV",
        "partners": [("MAY", "Funding agreement with the state")],
        "stage": Stage.SCALE,
        "start": date(2021, 1, 4),
        "end": None,
        "budget": 1_200_000_000,
        "ages": None,
        "cycle": 180,
        "milestones": [
            ("Cycling plan adopted by the city council", -69, 0),
            ("30 km of new separated cycle paths", -11, 45),
            ("Cycle parking at every school", 8, None),
        ],
        "last_update_days_ago": 60,
        "updates": [
            (
                ON,
                "32 km of separated cycle paths are finished. Counters show 18% more cycle "
                "trips than a year ago.",
                "Build cycle parking at the first 15 schools.",
                "",
            ),
        ],
    },
    {
        "id": "CNR-02",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 0,
        "title": "Prepare the Borgarlína rapid bus line",
        "title_is": "Undirbúningur Borgarlínu",
        "summary": (
            "Planning and design of the first phase of Borgarlína, the capital area's bus "
            "rapid transit line, with the state and neighbouring municipalities."
        ),
        "lead": "ENV",
        "partners": [
            ("MAY", "Negotiations with the state and neighbouring municipalities"),
            ("SNI", "Real-time passenger information"),
        ],
        "stage": Stage.TEST,
        "start": date(2022, 1, 3),
        "end": date(2031, 12, 31),
        "budget": 650_000_000,
        "ages": None,
        "cycle": 90,
        "milestones": [
            ("Route design for phase 1 approved", -30, 60),
            ("Construction contract for the Fossvogur bridge", -6, None),
        ],
        "last_update_days_ago": 33,
        "updates": [
            (
                RISK,
                "Detailed design of phase 1 is finished, but the bridge contract is delayed.",
                "Agree the revised cost split for the bridge with the state.",
                "The cost split for the Fossvogur bridge is not yet agreed.",
            ),
        ],
    },
    {
        "id": "CNR-03",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 1,
        "title": "Food-waste collection at every home",
        "title_is": "Söfnun matarleifa við hvert heimili",
        "summary": (
            "Every home gets a bin for food waste, which is turned into biogas and compost."
        ),
        "lead": "ENV",
        "partners": [("SNI", "Sorting guidance and bin orders online")],
        "stage": Stage.SUSTAIN,
        "start": date(2023, 5, 2),
        "end": None,
        "budget": 310_000_000,
        "ages": None,
        "cycle": 180,
        "milestones": [
            ("Food-waste bins delivered to every home", -24, 30),
            ("Sorting campaign in apartment blocks", -9, 0),
        ],
        "last_update_days_ago": 80,
        "updates": [
            (
                ON,
                "Food waste collected separately rose to 41 kg per resident; contamination is "
                "down to 4%.",
                "Focus the sorting campaign on large apartment blocks.",
                "",
            ),
        ],
    },
    {
        "id": "CNR-04",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 1,
        "title": "Electric city vehicle fleet",
        "title_is": "Rafvæðing bílaflota borgarinnar",
        "summary": (
            "The city replaces its cars and vans with electric vehicles as leases end, and "
            "installs chargers at its workplaces."
        ),
        "lead": "MAY",
        "partners": [("ENV", "Chargers at city workplaces")],
        "stage": Stage.SCALE,
        "start": date(2021, 6, 1),
        "end": date(2030, 12, 31),
        "budget": 480_000_000,
        "ages": None,
        "cycle": 90,
        "milestones": [
            ("Fleet plan adopted", -60, 0),
            ("Chargers at 40 city workplaces", -10, 20),
            ("Every new lease electric", 6, None),
        ],
        "last_update_days_ago": 15,
        "updates": [
            (
                ON,
                "Electric vehicles are now 71% of the fleet; 22 vans were replaced this quarter.",
                "Order electric vans for the parks service.",
                "",
            ),
        ],
    },
]

# Older progress updates, used after an intervention's own newest updates run out.
GENERIC_UPDATES: list[tuple[UpdateStatus, str, str, str]] = [
    (
        ON,
        "The quarterly review with the partner departments found the work on plan and within "
        "budget.",
        "Keep to the plan and report the figures to the steering group.",
        "",
    ),
    (
        ON,
        "Feedback from the people using the service was collected and summarised for the "
        "steering group.",
        "Adjust the next round of activities to the feedback.",
        "",
    ),
    (
        RISK,
        "Staff turnover slowed the work this quarter; two posts were vacant for several weeks.",
        "Fill the vacant posts and catch up on the delayed activities.",
        "Recruitment is taking longer than planned.",
    ),
    (
        ON,
        "Activities ran as planned in every district taking part.",
        "Prepare the half-yearly status report for the city council.",
        "",
    ),
    (
        OFF,
        "Work paused for most of the quarter while this year's budget was renegotiated.",
        "Restart the paused work as soon as the budget is confirmed.",
        "The budget for the year was confirmed three months late.",
    ),
    (
        ON,
        "The partner departments agreed a shared work plan for the coming year.",
        "Put the shared plan into practice and review it in three months.",
        "",
    ),
]

# Reykjavík's ten districts: (name, share of the city's children, relative need, 1 = average).
DISTRICTS: list[tuple[str, float, float]] = [
    ("Vesturbær", 0.12, 0.85),
    ("Miðborg", 0.05, 1.10),
    ("Hlíðar", 0.09, 0.95),
    ("Laugardalur", 0.13, 0.90),
    ("Háaleiti og Bústaðir", 0.11, 0.95),
    ("Breiðholt", 0.17, 1.35),
    ("Árbær", 0.09, 1.00),
    ("Grafarvogur", 0.15, 0.90),
    ("Kjalarnes", 0.01, 1.05),
    ("Grafarholt og Úlfarsárdalur", 0.08, 1.00),
]

# Age bands as (band, offset from the headline in the indicator's unit).
PUPIL_AGE_BANDS = [("10-12", 3.5), ("13-15", -4.0)]
LEISURE_AGE_BANDS = [("6-9", 8.0), ("10-12", 10.0), ("13-15", 1.0), ("16-18", -22.0)]
BULLYING_AGE_BANDS = [("10-12", 1.8), ("13-15", -1.6)]

STATISTICS_ICELAND = "Statistics Iceland (national figures, used as an illustration)"

# Indicators. "data" is either an Open SDG CSV in seeds/data/ ("csv", with "series" naming the
# one series to keep) or a generated series ("trend": (year, value) points interpolated
# linearly, plus seeded noise). "missing_latest" leaves the newest periods out (overdue data);
# "provisional_latest" marks the newest periods provisional. The baseline value is read from
# the headline series at the baseline period.
INDICATORS: list[dict[str, Any]] = [
    {
        "code": "BCC-I01",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Children waiting more than 3 months for specialist support",
        "title_is": "Börn sem bíða lengur en 3 mánuði eftir sérfræðiaðstoð",
        "definition": (
            "Share of children referred for specialist support (psychologist, speech "
            "therapist or social worker) who had waited more than three months for a first "
            "appointment on 1 December."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": DOWN,
        "frequency": Y,
        "department": "WEL",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 10.0),
        "interim": [(date(2024, 1, 1), 30.0), (date(2027, 1, 1), 20.0)],
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Welfare Department waiting-list register (illustrative figures)",
        "data": {
            "first": date(2019, 1, 1),
            "trend": [
                (2019, 41.5),
                (2020, 42.0),
                (2021, 40.0),
                (2022, 36.5),
                (2023, 31.8),
                (2024, 28.0),
                (2030, 14.0),
            ],
            "noise": 0.0,
            "breakdowns": "districts",
            "breakdown_noise": 1.5,
            "missing_latest": 1,
        },
    },
    {
        "code": "BCC-I02",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Pupils who feel safe at school",
        "title_is": "Nemendur sem finna til öryggis í skólanum",
        "definition": (
            "Share of pupils in grades 5 to 10 who answer 'always' or 'mostly' to 'I feel safe "
            "at school' in the spring well-being survey."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": UP,
        "frequency": Y,
        "department": "EDU",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 95.0),
        "interim": [(date(2025, 1, 1), 90.0)],
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Reykjavík pupil well-being survey (illustrative figures)",
        "data": {
            "first": date(2018, 1, 1),
            "trend": [
                (2018, 87.5),
                (2019, 87.0),
                (2020, 85.2),
                (2021, 86.0),
                (2022, 86.8),
                (2023, 87.9),
                (2024, 88.6),
                (2025, 89.4),
                (2030, 94.0),
            ],
            "noise": 0.4,
            "breakdowns": "pupil_age",
            "breakdown_noise": 0.8,
            "provisional_latest": 1,
        },
    },
    {
        "code": "BCC-I03",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "15-year-olds reading at least at the minimum proficiency level",
        "title_is": "15 ára nemendur sem ná að minnsta kosti lágmarksfærni í lestri",
        "definition": (
            "Share of 15-year-olds at or above PISA proficiency level 2 in reading (SDG "
            "indicator 4.1.1). National figures, shown here as an illustration for the city."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": UP,
        "frequency": Y,
        "department": "EDU",
        "baseline": date(2018, 1, 1),
        "target": (date(2030, 1, 1), 80.0),
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": STATISTICS_ICELAND,
        "data": {
            "csv": "indicator_4-1-1.csv",
            "series": {"Units": "Attainment at age 15", "Type of skill": "Reading"},
        },
    },
    {
        "code": "BCC-I04",
        "mission": MAIN_MISSION,
        "outcome": 2,
        "title": "Five-year-olds in preschool",
        "title_is": "Fimm ára börn í leikskóla",
        "definition": (
            "Share of five-year-olds in organised learning one year before compulsory school "
            "(SDG indicator 4.2.2). No target: the figure is close to its natural limit of "
            "100 %."
        ),
        "unit": "%",
        "decimals": 0,
        "direction": UP,
        "frequency": Y,
        "department": "EDU",
        "baseline": date(2016, 1, 1),
        "target": None,
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": STATISTICS_ICELAND,
        "data": {"csv": "indicator_4-2-2.csv", "series": {}, "from_year": 2010},
    },
    {
        "code": "BCC-I05",
        "mission": MAIN_MISSION,
        "outcome": None,
        "title": "Under-five mortality rate",
        "title_is": "Dánartíðni barna undir fimm ára aldri",
        "definition": (
            "Deaths of children under five per 1,000 live births (SDG indicator 3.2.1). A "
            "context indicator: small numbers make the yearly figure jump."
        ),
        "unit": "per 1,000 live births",
        "decimals": 2,
        "direction": DOWN,
        "frequency": Y,
        "department": "MAY",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 2.0),
        "range": (0.0, None),
        "source": STATISTICS_ICELAND,
        "data": {"csv": "indicator_3-2-1.csv", "series": {}, "from_year": 2005},
    },
    {
        "code": "BCC-I06",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "People living below the low-income threshold",
        "title_is": "Fólk undir lágtekjumörkum",
        "definition": (
            "Share of people with disposable income below 60 % of the national median (SDG "
            "indicator 1.2.1), by sex and age; the age 0-15 breakdown shows children."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": DOWN,
        "frequency": Y,
        "department": "WEL",
        "baseline": date(2018, 1, 1),
        "target": (date(2030, 1, 1), 6.0),
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": STATISTICS_ICELAND,
        "data": {"csv": "indicator_1-2-1.csv", "series": {}, "from_year": 2010},
    },
    {
        "code": "BCC-I07",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "intervention": "BCC-06",
        "title": "Days from referral to a first meeting with a family counsellor",
        "title_is": "Dagar frá tilvísun að fyrsta fundi með fjölskylduráðgjafa",
        "definition": (
            "Median number of calendar days between a referral to the service centre and the "
            "family's first meeting with a counsellor, for referrals closed in the month."
        ),
        "unit": "days",
        "decimals": 0,
        "direction": DOWN,
        "frequency": M,
        "department": "WEL",
        "baseline": date(2021, 1, 1),
        "target": (date(2027, 1, 1), 14.0),
        "range": (0.0, 365.0),
        "source": "Welfare service centres' case register (illustrative figures)",
        "data": {
            "first": date(2021, 1, 1),
            "trend": [
                (2021, 34.0),
                (2022, 31.0),
                (2023, 26.0),
                (2024, 22.0),
                (2025, 20.5),
                (2026, 19.0),
                (2027, 17.5),
            ],
            "noise": 1.0,
            "seasonal": {7: 6.0, 8: 3.0, 12: 2.0},
            "breakdowns": "districts",
            "breakdown_noise": 2.5,
            "provisional_latest": 2,
        },
    },
    {
        "code": "BCC-I08",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "title": "Children in emergency placements",
        "title_is": "Börn í neyðarvistun",
        "definition": (
            "Number of children placed in emergency care outside their home during the year, "
            "by the district they lived in. Small counts: suppressed on public pages."
        ),
        "unit": "children",
        "decimals": 0,
        "direction": DOWN,
        "frequency": Y,
        "department": "WEL",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 35.0),
        "range": (0.0, None),
        "sensitive": True,
        "source": "Reykjavík Child Protection Services (illustrative figures)",
        "data": {
            "first": date(2018, 1, 1),
            "trend": [
                (2018, 61.0),
                (2019, 64.0),
                (2020, 70.0),
                (2021, 58.0),
                (2022, 55.0),
                (2023, 57.0),
                (2024, 51.0),
                (2025, 48.0),
                (2030, 35.0),
            ],
            "noise": 0.0,
            "breakdowns": "district_counts",
            "breakdown_noise": 0.8,
            "provisional_latest": 1,
        },
    },
    {
        "code": "BCC-I09",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "intervention": "BCC-01",
        "title": "Schools and preschools with an active solution team",
        "title_is": "Skólar og leikskólar með virkt lausnateymi",
        "definition": (
            "Share of the city's 100 compulsory schools and preschools whose solution team met "
            "at least four times in the quarter."
        ),
        "unit": "%",
        "decimals": 0,
        "direction": UP,
        "frequency": Q,
        "department": "EDU",
        "baseline": date(2021, 7, 1),
        "target": (date(2026, 7, 1), 100.0),
        "interim": [(date(2023, 7, 1), 50.0), (date(2024, 7, 1), 80.0), (date(2025, 7, 1), 90.0)],
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Education and Youth school reports (illustrative figures)",
        "data": {
            "first": date(2021, 7, 1),
            "trend": [
                (2021.5, 12.0),
                (2022.0, 25.0),
                (2022.5, 41.0),
                (2023.0, 52.0),
                (2023.5, 60.0),
                (2024.0, 71.0),
                (2024.5, 78.0),
                (2025.0, 84.0),
                (2025.5, 88.0),
                (2026.0, 92.0),
                (2026.5, 95.0),
                (2027.0, 97.0),
            ],
            "noise": 1.0,
            "missing_latest": 1,
        },
    },
    {
        "code": "BCC-I10",
        "mission": MAIN_MISSION,
        "outcome": 3,
        "title": "Children and young people in organised leisure activities",
        "title_is": "Börn og ungmenni í skipulögðu frístundastarfi",
        "definition": (
            "Share of children aged 6 to 18 registered in at least one organised sport, club "
            "or art activity during the year. Participation drops sharply at 16 to 18."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": UP,
        "frequency": Y,
        "department": "CUL",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 80.0),
        "interim": [(date(2025, 1, 1), 75.0)],
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Leisure card register and youth survey (illustrative figures)",
        "data": {
            "first": date(2018, 1, 1),
            "trend": [
                (2018, 72.5),
                (2019, 73.0),
                (2020, 66.0),
                (2021, 71.0),
                (2022, 72.4),
                (2023, 73.1),
                (2024, 73.8),
                (2030, 79.0),
            ],
            "noise": 0.5,
            "breakdowns": "leisure_age",
            "breakdown_noise": 1.0,
            "missing_latest": 1,
        },
    },
    {
        "code": "BCC-I11",
        "mission": MAIN_MISSION,
        "outcome": 1,
        "intervention": "BCC-04",
        "title": "Parents completing a household communication course",
        "title_is": "Foreldrar sem ljúka námskeiði um samskipti á heimilum",
        "definition": "Number of parents who attended at least three of the four course evenings.",
        "unit": "parents",
        "decimals": 0,
        "direction": UP,
        "frequency": Q,
        "department": "WEL",
        "baseline": date(2021, 4, 1),
        "target": (date(2026, 10, 1), 260.0),
        "range": (0.0, None),
        "source": "Welfare course registrations (illustrative figures)",
        "data": {
            "first": date(2021, 4, 1),
            "trend": [
                (2021.25, 18.0),
                (2022.0, 70.0),
                (2023.0, 130.0),
                (2024.0, 175.0),
                (2025.0, 210.0),
                (2026.0, 235.0),
                (2027.0, 260.0),
            ],
            "noise": 8.0,
            "seasonal": {7: -60.0},
            "provisional_latest": 1,
        },
    },
    {
        "code": "BCC-I12",
        "mission": MAIN_MISSION,
        "outcome": 0,
        "title": "Pupils who report being bullied",
        "title_is": "Nemendur sem segjast hafa orðið fyrir einelti",
        "definition": (
            "Share of pupils in grades 5 to 10 who report being bullied two or more times in "
            "the last two months, in the spring well-being survey."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": DOWN,
        "frequency": Y,
        "department": "HRS",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 4.0),
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Reykjavík pupil well-being survey (illustrative figures)",
        "data": {
            "first": date(2018, 1, 1),
            "trend": [
                (2018, 7.1),
                (2019, 7.4),
                (2020, 8.3),
                (2021, 7.8),
                (2022, 7.6),
                (2023, 7.9),
                (2024, 7.2),
                (2025, 6.8),
                (2030, 5.0),
            ],
            "noise": 0.3,
            "breakdowns": "bullying_age",
            "breakdown_noise": 0.5,
            "provisional_latest": 1,
        },
    },
    {
        "code": "CNR-I01",
        "mission": "carbon-neutral-reykjavik",
        "outcome": None,
        "title": "Greenhouse gas emissions per resident",
        "title_is": "Losun gróðurhúsalofttegunda á íbúa",
        "definition": (
            "Emissions from transport, heating, waste and industry inside the city limits, "
            "divided by the population on 1 January."
        ),
        "unit": "t CO2e",
        "decimals": 2,
        "direction": DOWN,
        "frequency": Y,
        "department": "ENV",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 1.6),
        "interim": [(date(2025, 1, 1), 2.6)],
        "range": (0.0, None),
        "source": "Reykjavík climate accounts (illustrative figures)",
        "data": {
            "first": date(2018, 1, 1),
            "trend": [
                (2018, 3.35),
                (2019, 3.30),
                (2020, 2.85),
                (2021, 3.10),
                (2022, 3.04),
                (2023, 2.93),
                (2024, 2.86),
                (2025, 2.78),
                (2030, 2.30),
            ],
            "noise": 0.03,
            "provisional_latest": 1,
        },
    },
    {
        "code": "CNR-I02",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 0,
        "title": "Trips made on foot, by bike or by bus",
        "title_is": "Ferðir gangandi, á hjóli eða með strætó",
        "definition": (
            "Share of residents' everyday trips made on foot, by bicycle or scooter, or by "
            "public transport, from the travel survey panel."
        ),
        "unit": "%",
        "decimals": 1,
        "direction": UP,
        "frequency": Q,
        "department": "ENV",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 50.0),
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "Capital-area travel survey panel (illustrative figures)",
        "data": {
            "first": date(2021, 1, 1),
            "trend": [(2021, 33.0), (2023, 35.0), (2025, 37.5), (2027, 40.0)],
            "noise": 0.6,
            "seasonal": {1: -3.0, 4: 1.5, 7: 3.5, 10: -1.0},
            "breakdowns": "districts_travel",
            "breakdown_noise": 1.2,
            "missing_latest": 1,
        },
    },
    {
        "code": "CNR-I03",
        "mission": "carbon-neutral-reykjavik",
        "outcome": 1,
        "intervention": "CNR-04",
        "title": "Electric vehicles in the city's own fleet",
        "title_is": "Rafknúin ökutæki í bílaflota borgarinnar",
        "definition": "Share of the city's cars and vans that are fully electric on 31 December.",
        "unit": "%",
        "decimals": 0,
        "direction": UP,
        "frequency": Y,
        "department": "MAY",
        "baseline": date(2021, 1, 1),
        "target": (date(2030, 1, 1), 100.0),
        "limit": 100.0,
        "range": (0.0, 100.0),
        "source": "City fleet register (illustrative figures)",
        "data": {
            "first": date(2019, 1, 1),
            "trend": [(2019, 24.0), (2021, 38.0), (2023, 55.0), (2025, 68.0), (2030, 100.0)],
            "noise": 1.0,
        },
    },
]

# ---------------------------------------------------------------------------------------------
# The loader.
# ---------------------------------------------------------------------------------------------

SeriesRow = tuple[date, str, float, MeasurementStatus]

ENTITY_LABELS = {
    "departments": "departments",
    "users": "users",
    "missions": "missions",
    "outcomes": "outcomes",
    "interventions": "interventions",
    "partners": "intervention partners",
    "milestones": "milestones",
    "updates": "progress updates",
    "indicators": "indicators",
    "interim_targets": "interim targets",
    "measurements": "measurements",
    "meetings": "review meetings",
    "rounds": "reporting rounds",
}


@dataclass
class SeedSummary:
    """What one run of the demo seed created and found already present, per entity type."""

    today: date
    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)
    password: str | None = field(default=None, repr=False)
    password_note: str = ""
    refused: list[str] = field(default_factory=list)

    def count(self, entity: str, created: int, present: int) -> None:
        self.created[entity] = self.created.get(entity, 0) + created
        self.present[entity] = self.present.get(entity, 0) + present

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def lines(self, base_url: str = DEFAULT_BASE_URL) -> list[str]:
        """Human-readable report: counts, then how to sign in at base_url (where the app is
        served)."""
        out = [f"Demo city (illustrative Reykjavík data), dates anchored on {self.today}:"]
        width = max(len(label) for label in ENTITY_LABELS.values())
        for key, label in ENTITY_LABELS.items():
            if key in self.created:
                out.append(
                    f"  {label:<{width}}  {self.created[key]:>5} created, "
                    f"{self.present[key]:>5} already present"
                )
        out.extend(self.refused)
        if self.total_created == 0:
            out.append("Nothing to add: the demo city was already loaded.")
        out.append("")
        out.append(f"Sign in at {base_url}/staff/login with one of these demo accounts:")
        email_width = max((len(email) for email, _ in self.accounts), default=0)
        out.extend(f"  {email:<{email_width}}  {role}" for email, role in self.accounts)
        if self.password is not None:
            out.append(f"Password for every demo account: {self.password}")
        out.append(self.password_note)
        return out


def load_demo_city(today: date | None = None) -> SeedSummary:
    """Add whatever part of the demo city is missing; flush, never commit. Reruns add nothing."""
    main = db.session.scalar(select(Mission).where(Mission.slug == MAIN_MISSION))
    if today is None:
        # Anchor on the day the demo was first loaded, so a rerun on a later day adds nothing.
        today = main.created_at.date() if main is not None else datetime.now(UTC).date()
    loader = _DemoLoader(today)
    loader.run()
    loader.summary.count("meetings", *load_demo_meetings(today))
    return loader.summary


class _DemoLoader:
    """One run of the seed: get-or-create by natural key, one query per table for the keys."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.summary = SeedSummary(today=today)
        self.audited: list[Any] = []
        self.departments: dict[str, int] = {}
        self.users: dict[str, int] = {}
        self.missions: dict[str, int] = {}
        self.outcomes: dict[tuple[str, int], int] = {}
        self.interventions: dict[str, int] = {}
        self.indicators: dict[str, int] = {}
        self.series: dict[str, list[SeriesRow]] = {}
        self.imported: dict[int, int] = {}
        # Icelandic of every demo row, by model and row key; set on new and existing rows alike.
        self.icelandic: dict[type[Any], dict[Hashable, dict[str, str]]] = defaultdict(dict)

    def run(self) -> None:
        self.load_departments()
        self.load_users()
        self.load_missions()
        self.load_outcomes()
        self.load_interventions()
        self.load_partners()
        self.summary.count("budgeted interventions", **load_budget_lines(
            [i for i in self.interventions.values() if i is not None], self.today))  # fmt: skip
        self.load_milestones()
        self.load_updates()
        load_learning_log(self)
        self.load_indicators()
        self.load_interim_targets()
        self.load_measurements()
        self.translate()
        self.write_audit_trail()
        self.summary.count("rounds", *load_demo_rounds(MAIN_MISSION, self.today))

    # -- helpers -------------------------------------------------------------------------------

    def ensure(
        self,
        entity: str,
        existing: dict[Hashable, Any],
        wanted: Iterable[tuple[Hashable, Callable[[], Any]]],
        *,
        audit: bool = True,
    ) -> dict[Hashable, Any]:
        """Add the wanted rows whose key is not in existing; return key -> row id for all."""
        ids = dict(existing)
        created: list[tuple[Hashable, Any]] = []
        present = 0
        for key, build in wanted:
            if key in ids:
                present += 1
                continue
            row = build()
            db.session.add(row)
            created.append((key, row))
            ids[key] = None
        if created:
            db.session.flush()
        for key, row in created:
            ids[key] = getattr(row, "id", None)
            if audit:
                self.audited.append(row)
        self.summary.count(entity, len(created), present)
        return ids

    def at_ten(self, day: date) -> datetime:
        """A publication timestamp: 10:00 UTC on the day, never after the anchor day."""
        return datetime.combine(min(day, self.today), time(10, 0), tzinfo=UTC)

    def months_from_today(self, months: int, day: int = 15) -> date:
        first = _add_months(self.today.replace(day=1), months)
        return first.replace(day=day)

    # -- reference data and people -------------------------------------------------------------

    def load_departments(self) -> None:
        codes = [code for code, _, _ in DEPARTMENTS]
        existing = _key_map(
            select(Department.code, Department.id).where(Department.code.in_(codes))
        )
        wanted = [
            (code, partial(Department, code=code, name=name, colour=colour))
            for code, name, colour in DEPARTMENTS
        ]
        self.departments = self.ensure("departments", existing, wanted)
        for code, *_ in DEPARTMENTS:
            self.icelandic[Department][self.departments[code]] = {"name": DEPARTMENT_NAMES_IS[code]}

    def load_users(self) -> None:
        emails = [email for email, *_ in DEMO_USERS]
        existing = {
            user.email: user
            for user in db.session.scalars(select(User).where(User.email.in_(emails)))
        }
        missing = [spec for spec in DEMO_USERS if spec[0] not in existing]
        password, source = _demo_password(create=bool(missing))
        for email, role, department, name in missing:
            # create_user checks the password policy and writes the audit event itself.
            try:
                existing[email] = create_user(
                    email=email,
                    password=password or "",
                    role=role.value,
                    name=name,
                    department_code=department,
                )
            except DomainError as exc:
                if exc.field != "password":
                    raise
                origin = PASSWORD_ENV if source == "env" else str(_password_path())
                raise DomainError(
                    f"The demo password from {origin} was refused: {exc.message}", "password"
                ) from None
        self.users = {email: user.id for email, user in existing.items()}
        self.summary.count("users", len(missing), len(DEMO_USERS) - len(missing))
        self.summary.accounts = [
            (email, f"{role.value} ({department})" if department else role.value)
            for email, role, department, _ in DEMO_USERS
        ]
        # Only show a password that still opens the existing accounts.
        admin = existing[DEMO_USERS[0][0]]
        if (
            password is not None
            and not missing
            and not verify_password(admin.password_hash, password)
        ):
            password, source = None, "changed"
        self.summary.password = password
        self.summary.password_note = _password_note(source)

    def author_for(self, department_code: str) -> int | None:
        """The demo lead of a department, else the mission office."""
        leads = {code: email for email, _, code, _ in DEMO_USERS if code}
        return self.users.get(leads.get(department_code, MISSION_OWNER))

    # -- missions and portfolio ----------------------------------------------------------------

    def load_missions(self) -> None:
        slugs = [spec["slug"] for spec in MISSIONS]
        existing = _key_map(select(Mission.slug, Mission.id).where(Mission.slug.in_(slugs)))
        wanted = [(spec["slug"], partial(self.new_mission, spec)) for spec in MISSIONS]
        self.missions = self.ensure("missions", existing, wanted)
        for spec in MISSIONS:
            self.icelandic[Mission][self.missions[spec["slug"]]] = spec["is"]

    def new_mission(self, spec: dict[str, Any]) -> Mission:
        ages = spec["ages"] or (None, None)
        now = datetime.now(UTC)
        # created_at is the anchor day of later runs, so it must fall on this run's anchor day.
        created = now if now.date() == self.today else datetime.combine(self.today, time(12), UTC)
        return Mission(
            slug=spec["slug"],
            title=spec["title"],
            north_star=spec["north_star"],
            problem_statement=spec["problem_statement"],
            target_population=spec["target_population"],
            age_min=ages[0],
            age_max=ages[1],
            start_year=spec["start_year"],
            horizon_year=spec["horizon_year"],
            status=MissionStatus.ACTIVE.value,
            owner_id=self.users[MISSION_OWNER],
            is_published=True,
            published_at=spec["published"],
            archived_at=None,
            illustrative=True,
            created_at=created,
            updated_at=created,
        )

    def load_outcomes(self) -> None:
        existing = {
            (mission_id, title): outcome_id
            for outcome_id, mission_id, title in db.session.execute(
                select(Outcome.id, Outcome.mission_id, Outcome.title).where(
                    Outcome.mission_id.in_(list(self.missions.values()))
                )
            )
        }
        wanted = []
        for spec in MISSIONS:
            mission_id = self.missions[spec["slug"]]
            for position, (title, text, *_) in enumerate(spec["outcomes"]):
                build = partial(
                    Outcome,
                    mission_id=mission_id,
                    title=title,
                    description=text,
                    position=position,
                )
                wanted.append(((mission_id, title), build))
        ids = self.ensure("outcomes", existing, wanted)
        for spec in MISSIONS:
            mission_id = self.missions[spec["slug"]]
            for position, (title, _, title_is, text_is) in enumerate(spec["outcomes"]):
                outcome_id = ids[(mission_id, title)]
                self.outcomes[(spec["slug"], position)] = outcome_id
                self.icelandic[Outcome][outcome_id] = {"title": title_is, "description": text_is}

    def load_interventions(self) -> None:
        keys = [spec["id"] for spec in INTERVENTIONS]
        existing = _key_map(
            select(Intervention.external_id, Intervention.id).where(
                Intervention.external_id.in_(keys)
            )
        )
        wanted = [(spec["id"], partial(self.new_intervention, spec)) for spec in INTERVENTIONS]
        self.interventions = self.ensure("interventions", existing, wanted)
        for spec in INTERVENTIONS:
            self.icelandic[Intervention][self.interventions[spec["id"]]] = {
                "title": spec["title_is"],
                "summary": icelandic(spec["summary"]),
            }

    def new_intervention(self, spec: dict[str, Any]) -> Intervention:
        ages = spec["ages"] or (None, None)
        published = spec.get("published", True)
        return Intervention(
            mission_id=self.missions[spec["mission"]],
            outcome_id=self.outcomes[(spec["mission"], spec["outcome"])],
            lead_department_id=self.departments[spec["lead"]],
            external_id=spec["id"],
            title=spec["title"],
            summary=spec["summary"],
            stage=spec["stage"].value,
            start_date=spec["start"],
            end_date=spec["end"],
            budget=Decimal(spec["budget"]),
            age_min=ages[0],
            age_max=ages[1],
            update_cycle_days=spec["cycle"],
            weight=spec.get("weight", 1.0),
            is_published=published,
            published_at=self.at_ten(spec["start"] + timedelta(days=14)) if published else None,
            archived_at=None,
            illustrative=True,
        )

    def load_partners(self) -> None:
        existing = dict.fromkeys(
            db.session.execute(
                select(
                    InterventionPartner.intervention_id, InterventionPartner.department_id
                ).where(InterventionPartner.intervention_id.in_(list(self.interventions.values())))
            ).tuples()
        )
        wanted = []
        for spec in INTERVENTIONS:
            intervention_id = self.interventions[spec["id"]]
            for code, role in spec["partners"]:
                department_id = self.departments[code]
                build = partial(
                    InterventionPartner,
                    intervention_id=intervention_id,
                    department_id=department_id,
                    role=role,
                )
                wanted.append(((intervention_id, department_id), build))
                self.icelandic[InterventionPartner][(intervention_id, department_id)] = {
                    "role": icelandic(role)
                }
        # Partners have a composite key and no id of their own, so they get no audit event.
        self.ensure("partners", existing, wanted, audit=False)

    def load_milestones(self) -> None:
        existing = {
            (intervention_id, title): milestone_id
            for milestone_id, intervention_id, title in db.session.execute(
                select(Milestone.id, Milestone.intervention_id, Milestone.title).where(
                    Milestone.intervention_id.in_(list(self.interventions.values()))
                )
            )
        }
        wanted = []
        for spec in INTERVENTIONS:
            intervention_id = self.interventions[spec["id"]]
            for title, due_in_months, completed_after in spec["milestones"]:
                due = max(self.months_from_today(due_in_months), spec["start"] + timedelta(30))
                if spec["stage"] is Stage.STOPPED:
                    due = min(due, spec["end"])
                completed = None
                if completed_after is not None:
                    completed = min(due + timedelta(days=completed_after), self.today)
                build = partial(
                    Milestone,
                    intervention_id=intervention_id,
                    title=title,
                    due_date=due,
                    completed_on=completed,
                )
                wanted.append(((intervention_id, title), build))
        ids = self.ensure("milestones", existing, wanted)
        for key, _ in wanted:
            self.icelandic[Milestone][ids[key]] = {"title": icelandic(key[1])}

    def load_updates(self) -> None:
        existing = {
            (intervention_id, reported_on): update_id
            for update_id, intervention_id, reported_on in db.session.execute(
                select(
                    ProgressUpdate.id, ProgressUpdate.intervention_id, ProgressUpdate.reported_on
                ).where(ProgressUpdate.intervention_id.in_(list(self.interventions.values())))
            )
        }
        wanted = []
        texts: dict[tuple[int, date], dict[str, str]] = {}
        for number, spec in enumerate(INTERVENTIONS):
            intervention_id = self.interventions[spec["id"]]
            for index, reported_on in enumerate(self.update_dates(spec)):
                if index < len(spec["updates"]):
                    status, summary, next_steps, blockers = spec["updates"][index]
                else:
                    generic = GENERIC_UPDATES[(number + index) % len(GENERIC_UPDATES)]
                    status, summary, next_steps, blockers = generic
                published = spec.get("published", True) and not (
                    index == 0 and spec.get("newest_update_draft", False)
                )
                build = partial(
                    ProgressUpdate,
                    intervention_id=intervention_id,
                    author_id=self.author_for(spec["lead"]),
                    reported_on=reported_on,
                    status=status.value,
                    summary=summary,
                    next_steps=next_steps,
                    blockers=blockers,
                    is_published=published,
                    published_at=self.at_ten(reported_on + timedelta(3)) if published else None,
                )
                wanted.append(((intervention_id, reported_on), build))
                texts[(intervention_id, reported_on)] = {
                    "summary": icelandic(summary),
                    "next_steps": icelandic(next_steps),
                    "blockers": icelandic(blockers),
                }
        ids = self.ensure("updates", existing, wanted)
        for key, values in texts.items():
            self.icelandic[ProgressUpdate][ids[key]] = values

    def update_dates(self, spec: dict[str, Any]) -> list[date]:
        """Report dates, newest first: quarterly (half-yearly on a 180-day cycle), two years."""
        if spec["stage"] is Stage.STOPPED:
            newest = spec["end"] - timedelta(days=14)
        else:
            newest = self.today - timedelta(days=spec["last_update_days_ago"])
        step = timedelta(days=91 if spec["cycle"] <= 90 else 182)
        oldest = max(spec["start"] + timedelta(days=30), newest - timedelta(days=730))
        dates = []
        day = newest
        while day >= oldest:
            dates.append(day)
            day -= step
        return dates

    # -- indicators and data -------------------------------------------------------------------

    def load_indicators(self) -> None:
        self.series = {spec["code"]: self.build_series(spec) for spec in INDICATORS}
        codes = [spec["code"] for spec in INDICATORS]
        existing = _key_map(select(Indicator.code, Indicator.id).where(Indicator.code.in_(codes)))
        wanted = [(spec["code"], partial(self.new_indicator, spec)) for spec in INDICATORS]
        self.indicators = self.ensure("indicators", existing, wanted)
        for spec in INDICATORS:
            self.icelandic[Indicator][self.indicators[spec["code"]]] = {
                "title": spec["title_is"],
                **{key: icelandic(spec[key]) for key in ("definition", "unit", "source")},
            }

    def new_indicator(self, spec: dict[str, Any]) -> Indicator:
        mission = next(m for m in MISSIONS if m["slug"] == spec["mission"])
        headline = {period: value for period, key, value, _ in self.series[spec["code"]] if not key}
        target_period, target_value = spec["target"] or (None, None)
        low, high = spec["range"]
        intervention = spec.get("intervention")
        outcome = spec["outcome"]
        level = (
            IndicatorLevel.INTERVENTION_OUTPUT if intervention else IndicatorLevel.MISSION_OUTCOME
        )
        return Indicator(
            mission_id=self.missions[spec["mission"]],
            outcome_id=self.outcomes[(spec["mission"], outcome)] if outcome is not None else None,
            intervention_id=self.interventions[intervention] if intervention else None,
            department_id=self.departments[spec["department"]],
            code=spec["code"],
            title=spec["title"],
            definition=spec["definition"],
            unit=spec["unit"],
            decimals=spec["decimals"],
            direction=spec["direction"].value,
            frequency=spec["frequency"].value,
            level=level.value,
            baseline_value=headline[spec["baseline"]],
            baseline_period=spec["baseline"],
            target_value=target_value,
            target_period=target_period,
            limit_value=spec.get("limit"),
            min_value=low,
            max_value=high,
            source=spec["source"],
            sensitive=spec.get("sensitive", False),
            is_published=True,
            published_at=mission["published"],
            archived_at=None,
            illustrative=True,
        )

    def build_series(self, spec: dict[str, Any]) -> list[SeriesRow]:
        """Every (period, breakdown, value, status) of an indicator, deterministic for a day."""
        data = spec["data"]
        if "csv" in data:
            rows = _read_open_sdg(spec, self.today)
            return [(period, key, value, MeasurementStatus.FINAL) for period, key, value in rows]
        return _generate_series(spec, self.today)

    def load_interim_targets(self) -> None:
        existing = {
            (indicator_id, period): target_id
            for target_id, indicator_id, period in db.session.execute(
                select(InterimTarget.id, InterimTarget.indicator_id, InterimTarget.period).where(
                    InterimTarget.indicator_id.in_(list(self.indicators.values()))
                )
            )
        }
        wanted = []
        for spec in INDICATORS:
            indicator_id = self.indicators[spec["code"]]
            for period, value in spec.get("interim", []):
                build = partial(
                    InterimTarget, indicator_id=indicator_id, period=period, value=value
                )
                wanted.append(((indicator_id, period), build))
        self.ensure("interim_targets", existing, wanted)

    def load_measurements(self) -> None:
        """The series of every indicator, each new value checked by the measurement rules.

        An indicator archived since the demo was loaded takes no new values: they are left out
        and the summary says so. Any other broken rule is a mistake in the demo data: the seed
        stops with the indicator, period and reason, and nothing is written.
        """
        ids = list(self.indicators.values())
        existing = dict.fromkeys(
            db.session.execute(
                select(Measurement.indicator_id, Measurement.period, Measurement.breakdown).where(
                    Measurement.indicator_id.in_(ids)
                )
            ).tuples()
        )
        indicators = {
            indicator.id: indicator
            for indicator in db.session.scalars(select(Indicator).where(Indicator.id.in_(ids)))
        }
        wanted = []
        for spec in INDICATORS:
            indicator = indicators[self.indicators[spec["code"]]]
            imported = "csv" in spec["data"]
            entered_by = None if imported else self.author_for(spec["department"])
            series = self.series[spec["code"]]
            new_rows = [row for row in series if (indicator.id, row[0], row[1]) not in existing]
            if new_rows and not self.takes_values(indicator, spec["code"], len(new_rows)):
                series = [row for row in series if (indicator.id, row[0], row[1]) in existing]
                new_rows = []
            for period, key, value, status in new_rows:
                note = _measurement_note(spec, status)
                self.check_value(indicator, spec["code"], period, key, value, status, note)
            for period, key, value, status in series:
                build = partial(
                    Measurement,
                    indicator_id=indicator.id,
                    period=period,
                    breakdown=key,
                    value=value,
                    status=status.value,
                    source_note=_measurement_note(spec, status),
                    entered_by_id=entered_by,
                )
                wanted.append(((indicator.id, period, key), build))
            if new_rows:
                self.imported[indicator.id] = len(new_rows)
        # Data rows are many: one 'import' audit event per indicator instead of one per row.
        self.ensure("measurements", existing, wanted, audit=False)

    def takes_values(self, indicator: Indicator, code: str, count: int) -> bool:
        """False (and a line in the summary) when the indicator refuses new values."""
        try:
            rules.check_indicator(indicator)
        except rules.ValueRefused as refused:
            self.summary.refused.append(
                f"Not added: {count} values of indicator {code}. {refused.message}"
            )
            return False
        return True

    def check_value(
        self, indicator: Indicator, code: str, period: date, key: str, value: float,
        status: MeasurementStatus, note: str,
    ) -> None:  # fmt: skip
        try:
            rules.check_new_value(
                indicator, period=period, breakdown=key, value=value, status=status.value,
                source_note=note, today=self.today,
            )  # fmt: skip
        except rules.ValueRefused as refused:
            raise DomainError(
                f"demo data of indicator {code}, {period} {key or 'headline'}: {refused.message}"
            ) from None

    # -- Icelandic -----------------------------------------------------------------------------

    def translate(self) -> None:
        """Give every demo row its Icelandic, new rows and rows of an earlier run alike (a rerun
        fills translations added to the seed since); other languages and fields are kept."""
        for model, values in self.icelandic.items():
            if model is InterventionPartner:
                rows: Iterable[Any] = db.session.scalars(
                    select(InterventionPartner).where(
                        InterventionPartner.intervention_id.in_(list(self.interventions.values()))
                    )
                )
                keyed = {(row.intervention_id, row.department_id): row for row in rows}
            else:
                ids = list(values)
                keyed = {
                    row.id: row
                    for row in db.session.scalars(select(model).where(model.id.in_(ids)))
                }
            for key, fields in values.items():
                row = keyed.get(key)
                if row is None:
                    continue
                wanted = merged_translations(row.translations, "is", fields)
                if wanted != row.translations:
                    row.translations = wanted
        db.session.flush()

    # -- audit trail ---------------------------------------------------------------------------

    def write_audit_trail(self) -> None:
        """One 'create' event per new row, one 'import' event per indicator given new data."""
        events = [
            AuditEvent(
                actor_id=None,
                entity_type=type(row).__name__,
                entity_id=row.id,
                action="create",
                new_values=snapshot(row),
            )
            for row in self.audited
        ]
        events.extend(
            AuditEvent(
                actor_id=None,
                entity_type="Indicator",
                entity_id=indicator_id,
                action="import",
                new_values={"measurements": count, "source": "demo seed"},
            )
            for indicator_id, count in self.imported.items()
        )
        if events:
            db.session.add_all(events)
            db.session.flush()


# ---------------------------------------------------------------------------------------------
# Pure helpers.
# ---------------------------------------------------------------------------------------------


def _key_map(stmt: Select[tuple[Any, int]]) -> dict[Hashable, int]:
    """Natural key -> id for the rows a two-column select finds, in one query."""
    return dict(db.session.execute(stmt).tuples().all())


def _add_months(first_of_month: date, months: int) -> date:
    years, month = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, month + 1, 1)


FREQUENCY_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


def last_complete_period(today: date, frequency: Frequency | str) -> date:
    """The first day of the newest period that ended before today."""
    if frequency == Frequency.MONTHLY:
        return _add_months(today.replace(day=1), -1)
    if frequency == Frequency.QUARTERLY:
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return _add_months(quarter_start, -3)
    return date(today.year - 1, 1, 1)


def _interpolate(points: list[tuple[float, float]], at: float) -> float:
    """Piecewise-linear value at a time; flat beyond the first and last points."""
    if at <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in pairwise(points):
        if at <= t1:
            return v0 + (v1 - v0) * (at - t0) / (t1 - t0)
    return points[-1][1]


def _breakdowns(name: str | None) -> list[tuple[dict[str, str], float, float]]:
    """(dimensions, factor, offset) for a named breakdown set: value = trend * factor + offset."""
    if name == "districts":
        return [({"district": d}, need, 0.0) for d, _, need in DISTRICTS]
    if name == "districts_travel":
        # Central districts walk and cycle more; outer districts drive more.
        travel = {"Vesturbær": 1.35, "Miðborg": 1.6, "Hlíðar": 1.25, "Laugardalur": 1.1}
        return [({"district": d}, travel.get(d, 0.8), 0.0) for d, _, _ in DISTRICTS]
    if name == "district_counts":
        total = sum(share * need for _, share, need in DISTRICTS)
        return [({"district": d}, share * need / total, 0.0) for d, share, need in DISTRICTS]
    bands = {
        "pupil_age": PUPIL_AGE_BANDS,
        "leisure_age": LEISURE_AGE_BANDS,
        "bullying_age": BULLYING_AGE_BANDS,
    }.get(name or "", [])
    return [({"age": band}, 1.0, offset) for band, offset in bands]


def _generate_series(spec: dict[str, Any], today: date) -> list[SeriesRow]:
    data = spec["data"]
    frequency: Frequency = spec["frequency"]
    low, high = spec["range"]
    decimals = spec["decimals"]
    step = FREQUENCY_MONTHS[frequency]
    last = _add_months(
        last_complete_period(today, frequency), -step * data.get("missing_latest", 0)
    )
    periods = []
    period = data["first"]
    while period <= last:
        periods.append(period)
        period = _add_months(period, step)
    provisional = set(periods[len(periods) - data.get("provisional_latest", 0) :])
    # One generator per indicator, so adding an indicator never changes another one's values.
    rng = random.Random(f"{RANDOM_SEED}:{spec['code']}")
    breakdowns = _breakdowns(data.get("breakdowns"))
    summed = data.get("breakdowns") == "district_counts"

    def clamp(value: float) -> float:
        if low is not None:
            value = max(low, value)
        if high is not None:
            value = min(high, value)
        return round(value, decimals) if decimals else float(round(value))

    rows: list[SeriesRow] = []
    for period in periods:
        status = MeasurementStatus.PROVISIONAL if period in provisional else MeasurementStatus.FINAL
        trend = _interpolate(data["trend"], period.year + (period.month - 1) / 12)
        trend += data.get("seasonal", {}).get(period.month, 0.0)
        parts = [
            (
                breakdown_key(dims),
                clamp(trend * factor + offset + rng.gauss(0, data.get("breakdown_noise", 0.0))),
            )
            for dims, factor, offset in breakdowns
        ]
        # Counts add up: the headline is the sum of the districts.
        headline = (
            sum(v for _, v in parts) if summed else clamp(trend + rng.gauss(0, data["noise"]))
        )
        rows.append((period, HEADLINE, clamp(headline), status))
        rows.extend((period, key, value, status) for key, value in parts)
    return rows


def _read_open_sdg(spec: dict[str, Any], today: date) -> list[tuple[date, str, float]]:
    """An indicator's rows of its Open SDG CSV, read as the Open SDG import reads them (empty
    breakdown cells are the headline; "series" keeps one series), from "from_year" on."""
    data = spec["data"]
    path = DATA_DIR / data["csv"]
    low, high = spec["range"]
    # The reader checks values against the indicator's frequency and range; the indicator
    # itself may not exist yet (its baseline is read from this series), so a transient one.
    indicator = Indicator(frequency=spec["frequency"].value, min_value=low, max_value=high)
    table = open_table(path, path.name, max_rows=None)
    try:
        reading = read_open_sdg(table, indicator, Catalogue(None), today, filters=data["series"])
    finally:
        table.close()
    if reading.errors:
        error = reading.errors[0]
        raise ValueError(f"{path.name}, row {error.row}, {error.column}: {error.message}")
    rows: dict[tuple[date, str], float] = {}
    for item in reading.values:
        if data.get("from_year") is not None and item.period.year < data["from_year"]:
            continue
        key = (item.period, item.breakdown)
        if key in rows:
            raise ValueError(f"{path.name}: two values for {key}")
        rows[key] = item.value
    return [(period, key, value) for (period, key), value in sorted(rows.items())]


def _measurement_note(spec: dict[str, Any], status: MeasurementStatus) -> str:
    if "csv" in spec["data"]:
        return f"Statistics Iceland SDG data, {spec['data']['csv']}"
    if status is MeasurementStatus.PROVISIONAL:
        return "Provisional: awaiting the year-end check"
    return ""


def _password_path() -> Path:
    return INSTANCE_DIR / PASSWORD_FILE


def _demo_password(*, create: bool) -> tuple[str | None, str]:
    """The demo password and where it came from: DEMO_PASSWORD, the instance file, or new."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, "env"
    path = _password_path()
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), "file"
    if not create:
        return None, "unknown"
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Create the file readable by the owner only, before any secret is written to it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password, "file"


def _password_note(source: str) -> str:
    if source == "env":
        return f"(The password comes from the {PASSWORD_ENV} environment variable.)"
    if source == "file":
        return f"(The password is stored in {_password_path()}.)"
    if source == "unknown":
        return (
            "(The demo accounts already existed; their password is unchanged. It is not stored "
            f"in {_password_path()} and {PASSWORD_ENV} is not set.)"
        )
    return (
        f"(The password in {PASSWORD_ENV} or {_password_path()} no longer opens the demo "
        "accounts: it was changed after they were created.)"
    )
