"""The pregnancy tool on the fixture content (pomalidomide, whose values come from its label, 5.1)."""

from __future__ import annotations

import pytest

from immunoguide.clinical.names import NameResolver
from immunoguide.clinical.pregnancy import InvalidQuestion, assess
from immunoguide.knowledge.load import load_content
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture(scope="module")
def kr():  # noqa: ANN201
    k = load_content(FIXTURE_CONTENT)
    return k, NameResolver(k)


def run(kr, names, patient, situation):  # noqa: ANN001, ANN201
    k, r = kr
    return assess(k, r, names, patient, situation).as_json()


def test_woman_planning_a_pregnancy(kr) -> None:  # noqa: ANN001
    answer = run(kr, ["Pomalyst"], "female", "planning")
    pom = answer["medicines"][0]
    assert (pom["slug"], pom["status"]) == ("pomalidomide", "contraindicated")
    assert pom["contraception"]["required"] is True
    assert pom["contraception"]["before_start"] == {"value": 4, "unit": "weeks"}
    assert pom["contraception"]["after_last_dose"] == {"value": 4, "unit": "weeks"}
    assert pom["programme"] == "PS-Pomalidomide REMS"
    assert {s["section"] for s in pom["sources"]} >= {"8.1 Pregnancy", "5.1 Embryo-Fetal Toxicity"}
    assert "Talk to your specialist" in answer["advice"]


def test_woman_already_pregnant_gets_no_contraception_advice(kr) -> None:  # noqa: ANN001
    pom = run(kr, ["pomalidomide"], "female", "pregnant")["medicines"][0]
    assert pom["status"] == "contraindicated" and pom["contraception"] is None


def test_man_whose_partner_may_become_pregnant(kr) -> None:  # noqa: ANN001
    pom = run(kr, ["pomalidomide"], "male", "planning")["medicines"][0]
    assert pom["status"] == "avoid"
    assert pom["contraception"]["methods"] == ["latex or synthetic condoms"]
    assert pom["contraception"]["after_last_dose"] == {"value": 4, "unit": "weeks"}
    # condoms are still needed when the partner is already pregnant
    assert run(kr, ["pomalidomide"], "male", "pregnant")["medicines"][0]["contraception"] is not None


def test_breastfeeding(kr) -> None:  # noqa: ANN001
    pom = run(kr, ["pomalidomide"], "female", "breastfeeding")["medicines"][0]
    assert pom["status"] == "avoid" and pom["contraception"] is None


def test_medicines_without_data_and_unknown_names_are_reported(kr) -> None:  # noqa: ANN001
    answer = run(kr, ["luvox", "zzz", "pomalidomide"], "female", "planning")
    fluvox = [m for m in answer["medicines"] if m["slug"] == "fluvoxamine"][0]
    assert fluvox["status"] is None and "no sourced information" in fluvox["summary"]
    assert [u["input"] for u in answer["unknown"]] == ["zzz"]


def test_a_man_cannot_ask_about_breastfeeding(kr) -> None:  # noqa: ANN001
    with pytest.raises(InvalidQuestion):
        run(kr, ["pomalidomide"], "male", "breastfeeding")
