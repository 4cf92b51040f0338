"""The pregnancy tool on the curated content: statuses and durations as the cited labels give them."""

from __future__ import annotations

import pytest

from immunoguide.clinical.names import NameResolver
from immunoguide.clinical.pregnancy import assess
from immunoguide.knowledge.load import load_content
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def kr():  # noqa: ANN201
    k = load_content(CONTENT)
    return k, NameResolver(k)


def one(kr, name, patient, situation):  # noqa: ANN001, ANN201
    k, r = kr
    answer = assess(k, r, [name], patient, situation).as_json()
    assert not answer["unknown"]
    return answer["medicines"][0]


W4 = {"value": 4, "unit": "weeks"}

# (name, patient, situation, status, contraception after last dose, programme, label section)
CASES = [
    ("Revlimid", "female", "planning", "contraindicated", W4, "Lenalidomide REMS", "Revlimid 5.1/8.3: 4 weeks before, during and 4 weeks after"),
    ("Revlimid", "male", "planning", "avoid", W4, "Lenalidomide REMS", "Revlimid 8.3: condoms during and 4 weeks after"),
    ("Pomalyst", "female", "planning", "contraindicated", W4, "PS-Pomalidomide REMS", "Pomalyst 5.1/8.3"),
    ("Thalomid", "female", "planning", "contraindicated", W4, "THALOMID REMS", "Thalomid 5.1/8.3"),
    ("methotrexate", "female", "planning", "contraindicated", {"value": 6, "unit": "months"}, None, "Methotrexate 8.3: 6 months after the final dose"),
    ("methotrexate", "male", "planning", "avoid", {"value": 3, "unit": "months"}, None, "Methotrexate 8.3: males 3 months after the final dose"),
    ("CellCept", "female", "planning", "avoid", {"value": 6, "unit": "weeks"}, "Mycophenolate REMS", "CellCept 8.3: 6 weeks after stopping"),
    ("CellCept", "male", "planning", "avoid", {"value": 90, "unit": "days"}, "Mycophenolate REMS", "CellCept 8.3: males 90 days after"),
    ("cyclophosphamide", "female", "planning", "avoid", {"value": 1, "unit": "years"}, None, "Cyclophosphamide 8.3: up to 1 year after"),
    ("cyclophosphamide", "male", "planning", "avoid", {"value": 4, "unit": "months"}, None, "Cyclophosphamide 8.3: males 4 months after"),
    ("Gilenya", "female", "planning", "avoid", {"value": 2, "unit": "months"}, None, "Gilenya 5.8/8.3: 2 months after stopping"),
]


@pytest.mark.parametrize(("name", "patient", "situation", "status", "after", "programme", "label"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_status_and_contraception_follow_the_label(kr, name, patient, situation, status, after, programme, label) -> None:  # noqa: ANN001
    m = one(kr, name, patient, situation)
    assert m["status"] == status, label
    assert m["contraception"]["after_last_dose"] == after, label
    assert m["programme"] == programme, label
    assert m["sources"], label


def test_guideline_positions_sit_beside_the_label(kr) -> None:  # noqa: ANN001
    aza = one(kr, "Imuran", "female", "planning")
    assert aza["status"] == "avoid"  # the Imuran label
    assert "compatible" in {g["status"] for g in aza["guidelines"]}  # BSR 2022 / ACR 2020
    assert all(g["sources"] for g in aza["guidelines"])


def test_leflunomide_planning_gives_the_washout(kr) -> None:  # noqa: ANN001
    lef = one(kr, "Arava", "female", "planning")
    assert lef["status"] == "contraindicated"
    assert lef["washout"] and "cholestyramine" in lef["washout"].lower()


def test_breastfeeding_statuses(kr) -> None:  # noqa: ANN001
    assert one(kr, "Humira", "female", "breastfeeding")["status"] == "compatible"
    assert one(kr, "Revlimid", "female", "breastfeeding")["status"] == "avoid"
