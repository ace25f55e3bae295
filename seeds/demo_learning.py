"""The demo city's learning log: hypotheses, tests, results and decisions on three interventions,
including the published decisions that moved solution teams from test to scale and stopped the
first-year family support, with their Icelandic. Each intervention gets the day it entered its
stage. Called from seeds/demo.py; reruns add nothing."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Intervention, LearningEntry

# (intervention, kind, days before the anchor day (or a fixed date), title, body, with whom,
#  evidence link, decision, (from, to) stage, gate answers, published)
ENTRIES: list[dict[str, Any]] = [
    {
        "intervention": "BCC-01", "kind": "hypothesis", "on": date(2021, 8, 16),
        "title": "A team in the school finds a solution before a referral is needed",
        "body": "If the school, the psychologist and a social worker meet every two weeks, most "
                "children in difficulty get help without a formal referral.",
        "published": True,
    },
    {
        "intervention": "BCC-01", "kind": "test", "on": date(2021, 9, 1),
        "title": "Pilot teams in twelve schools for a school year",
        "body": "Twelve schools ran a team every two weeks and logged each case.",
        "with_whom": "Twelve schools in Breiðholt and Grafarvogur",
        "published": True,
    },
    {
        "intervention": "BCC-01", "kind": "result", "on": date(2022, 6, 20),
        "title": "Two in three cases solved without a referral",
        "body": "Of 214 cases, 141 were solved by the team; waiting for a specialist fell in the "
                "pilot schools.",
        "evidence": "https://reykjavik.is/en/better-city-for-children",
        "published": True,
    },
    {
        "intervention": "BCC-01", "kind": "decision", "on": date(2022, 8, 15),
        "title": "Scale solution teams to every school and preschool",
        "body": "The steering group decided to scale the teams city-wide over two years.",
        "decision": "scale", "move": ("test", "scale"),
        "answers": [
            ("What did the test show?", "Two in three cases were solved in the school."),
            ("What evidence supports scaling it up?", "The pilot's case log and evaluation."),
            ("What will scaling it up take: budget, people, partners?",
             "Social workers from every service centre and a coordinator."),
        ],
        "published": True,
    },
    {
        "intervention": "BCC-03", "kind": "hypothesis", "on": 300,
        "title": "Home visits bring pupils with long absence back to school",
        "body": "Meeting the pupil and parents at home lowers the threshold to return.",
        "published": True,
    },
    {
        "intervention": "BCC-03", "kind": "test", "on": 240,
        "title": "Counsellors visit homes in two districts",
        "body": "Two counsellors visit pupils absent for more than three weeks.",
        "with_whom": "Pupils aged 10 to 15 in two pilot districts",
        "published": True,
    },
    {
        "intervention": "BCC-03", "kind": "result", "on": 60,
        "title": "Most visited pupils are back in class within two months",
        "body": "Early figures; the autumn term will tell whether it lasts.",
        "published": False,
    },
    {
        "intervention": "BCC-03", "kind": "decision", "on": 30,
        "title": "Adapt: visit with a family counsellor from the start",
        "body": "Families with more needs get a family counsellor at the first visit.",
        "decision": "adapt",
        "published": False,
    },
    {
        "intervention": "BCC-14", "kind": "decision", "on": date(2024, 12, 20),
        "title": "Stop the first-year home visits; fold them into the service model",
        "body": "The evaluation found the visits reached families already served elsewhere.",
        "decision": "stop", "move": ("test", "stopped"),
        "answers": [
            ("What was learned?", "Families new to Iceland need an interpreter at every visit."),
            ("What happens to the people it served, and what is kept?",
             "Families are referred to the health centres; the interpreter model is kept."),
        ],
        "published": True,
    },
]  # fmt: skip

TEXT_IS = {
    "A team in the school finds a solution before a referral is needed": (
        "Teymi í skólanum finnur lausn áður en til tilvísunar kemur"
    ),
    "If the school, the psychologist and a social worker meet every two weeks, most children in "
    "difficulty get help without a formal referral.": (
        "Ef skólinn, sálfræðingur og félagsráðgjafi hittast aðra hverja viku fá flest börn í "
        "vanda hjálp án formlegrar tilvísunar."
    ),
    "Twelve schools in Breiðholt and Grafarvogur": "Tólf skólar í Breiðholti og Grafarvogi",
    "Pupils aged 10 to 15 in two pilot districts": (
        "Nemendur 10 til 15 ára í tveimur tilraunahverfum"
    ),
    "Pilot teams in twelve schools for a school year": "Tilraunateymi í tólf skólum í eitt skólaár",
    "Twelve schools ran a team every two weeks and logged each case.": (
        "Tólf skólar héldu teymisfund aðra hverja viku og skráðu hvert mál."
    ),
    "Two in three cases solved without a referral": "Tvö mál af þremur leyst án tilvísunar",
    "Of 214 cases, 141 were solved by the team; waiting for a specialist fell in the pilot "
    "schools.": (
        "Af 214 málum leysti teymið 141; bið eftir sérfræðingi styttist í tilraunaskólunum."
    ),
    "Scale solution teams to every school and preschool": ("Lausnateymi í alla skóla og leikskóla"),
    "The steering group decided to scale the teams city-wide over two years.": (
        "Stýrihópurinn ákvað að koma teymunum á um alla borg á tveimur árum."
    ),
    "Home visits bring pupils with long absence back to school": (
        "Heimsóknir heim koma nemendum með langa fjarveru aftur í skólann"
    ),
    "Meeting the pupil and parents at home lowers the threshold to return.": (
        "Fundur með nemanda og foreldrum heima lækkar þröskuldinn til að snúa aftur."
    ),
    "Counsellors visit homes in two districts": "Ráðgjafar heimsækja heimili í tveimur hverfum",
    "Two counsellors visit pupils absent for more than three weeks.": (
        "Tveir ráðgjafar heimsækja nemendur sem hafa verið fjarverandi lengur en þrjár vikur."
    ),
    "Most visited pupils are back in class within two months": (
        "Flestir nemendur sem heimsóttir voru eru komnir aftur í bekkinn innan tveggja mánaða"
    ),
    "Early figures; the autumn term will tell whether it lasts.": (
        "Fyrstu tölur; haustönnin sýnir hvort árangurinn endist."
    ),
    "Adapt: visit with a family counsellor from the start": (
        "Aðlögun: fjölskylduráðgjafi með frá fyrstu heimsókn"
    ),
    "Families with more needs get a family counsellor at the first visit.": (
        "Fjölskyldur með meiri þarfir fá fjölskylduráðgjafa strax í fyrstu heimsókn."
    ),
    "Stop the first-year home visits; fold them into the service model": (
        "Heimsóknum á fyrsta ári hætt; þær felldar inn í þjónustulíkanið"
    ),
    "The evaluation found the visits reached families already served elsewhere.": (
        "Matið sýndi að heimsóknirnar náðu til fjölskyldna sem fengu þegar þjónustu annars staðar."
    ),
}


def _day(loader: Any, on: date | int) -> date:
    return on if isinstance(on, date) else loader.today - timedelta(days=on)


def load_learning_log(loader: Any) -> None:
    """Add the missing log entries (key: intervention and title), their Icelandic, and the day
    each demo intervention entered its stage where it is not known."""
    ids = [loader.interventions[spec["intervention"]] for spec in ENTRIES]
    existing = {
        (intervention_id, title): entry_id
        for entry_id, intervention_id, title in db.session.execute(
            select(LearningEntry.id, LearningEntry.intervention_id, LearningEntry.title).where(
                LearningEntry.intervention_id.in_(ids)
            )
        )
    }
    wanted = []
    for spec in ENTRIES:
        intervention_id = loader.interventions[spec["intervention"]]
        day = _day(loader, spec["on"])
        move = spec.get("move") or (None, None)
        build = partial(
            LearningEntry,
            intervention_id=intervention_id,
            author_id=loader.author_for(_lead(spec)),
            kind=spec["kind"],
            entered_on=day,
            title=spec["title"],
            body=spec["body"],
            with_whom=spec.get("with_whom", ""),
            evidence_url=spec.get("evidence", ""),
            decision=spec.get("decision"),
            from_stage=move[0],
            to_stage=move[1],
            gate_answers=[{"question": q, "answer": a} for q, a in spec.get("answers", [])],
            is_published=spec["published"],
            published_at=loader.at_ten(day + timedelta(days=7)) if spec["published"] else None,
        )
        wanted.append(((intervention_id, spec["title"]), build))
    created = loader.ensure("learning entries", existing, wanted)
    for spec in ENTRIES:
        key = (loader.interventions[spec["intervention"]], spec["title"])
        loader.icelandic[LearningEntry][created[key]] = {
            "title": TEXT_IS[spec["title"]],
            "body": TEXT_IS[spec["body"]],
            **({"with_whom": TEXT_IS[spec["with_whom"]]} if spec.get("with_whom") else {}),
        }
    _date_stages(loader)


def _lead(spec: dict[str, Any]) -> str:
    return {"BCC-01": "EDU", "BCC-03": "EDU", "BCC-14": "WEL"}[spec["intervention"]]


def _date_stages(loader: Any) -> None:
    """The day each demo intervention entered its stage: a logged move's date, else its start."""
    moved = {
        loader.interventions[spec["intervention"]]: _day(loader, spec["on"])
        for spec in ENTRIES
        if spec.get("move")
    }
    rows = db.session.scalars(
        select(Intervention).where(
            Intervention.id.in_(list(loader.interventions.values())),
            Intervention.stage_since.is_(None),
        )
    )
    for item in rows:
        item.stage_since = moved.get(item.id) or item.start_date or loader.today
    db.session.flush()
