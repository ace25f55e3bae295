"""Open data: the budget lines dataset holds only published interventions' lines, in shape."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.models import BudgetLine, Department, Intervention


def _add_lines(app, public_city) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Lines on the published intervention and on a draft one: (published id, draft id)."""
    with app.app_context():
        draft = db.session.scalar(
            select(Intervention).where(Intervention.is_published.is_(False)).limit(1)
        )
        department_id = db.session.scalar(select(Department.id).limit(1))
        for intervention_id in (public_city.intervention_id, draft.id):
            for year, amount in ((2024, Decimal("1000.50")), (2025, Decimal("0"))):
                db.session.add(BudgetLine(intervention_id=intervention_id, year=year,
                                          department_id=department_id, amount=amount))  # fmt: skip
        db.session.commit()
        return public_city.intervention_id, draft.id


def test_budget_lines_csv_has_its_schema_and_only_published_work(app, client, public_city):
    published, draft = _add_lines(app, public_city)
    response = client.get("/open-data/budget_lines.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["intervention_id", "year", "department_id", "amount_isk"]
    assert [row[:2] for row in rows[1:]] == [[str(published), "2024"], [str(published), "2025"]]
    assert rows[1][3] == "1000.50"
    assert str(draft) not in {row[0] for row in rows[1:]}
    descriptor = client.get("/open-data/datapackage.json").get_json()
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "budget_lines"]
    assert resource["schema"]["primaryKey"] == ["intervention_id", "year", "department_id"]
    assert resource["translations"]["is"]["title"] != resource["title"]


def test_unknown_and_malformed_dataset_names_are_404(client, public_city):
    for name in ("budget_line", "budget_lines.json", "budget_lines%00", "../budget_lines"):
        assert client.get(f"/open-data/{name}.csv").status_code == 404
