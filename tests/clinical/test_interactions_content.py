"""The curated interaction rules against the label sections they cite.

Each row: two medicines as a person would type them, the rule that must answer,
its severity and action, a fact the prescriber text must carry, and where that
comes from. Expected values were read from the cited sections.
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.load import load_content
from tests.conftest import CONTENT
from tests.rules import assert_one_rule


@pytest.fixture(scope="module")
def checker() -> InteractionChecker:
    k = load_content(CONTENT)
    return InteractionChecker(k, NameResolver(k))


CASES = [
    # (a, b, rule id, severity, action, management must contain, label section)
    ("Pomalyst", "fluvoxamine", "pomalidomide-strong-cyp1a2-inhibitors", "major", "avoid", "2 mg", "Pomalyst 2.6: avoid; if unavoidable reduce to 2 mg"),
    ("Xeljanz", "ketoconazole", "tofacitinib-strong-cyp3a4-inhibitors", "major", "adjust-dose", "5 mg once daily", "Xeljanz 2.3: strong CYP3A4 inhibitors → 5 mg once daily"),
    ("tofacitinib", "Diflucan", "tofacitinib-fluconazole", "major", "adjust-dose", "5 mg once daily", "Xeljanz 2.3: moderate CYP3A4 + strong CYP2C19 inhibitor → 5 mg once daily"),
    ("Xeljanz", "rifampicin", "tofacitinib-strong-cyp3a4-inducers", "major", "avoid", "not recommended", "Xeljanz 7: potent CYP3A4 inducers not recommended"),
    ("Imuran", "allopurinol", "azathioprine-allopurinol", "major", "adjust-dose", "one third to one quarter", "Imuran PRECAUTIONS: reduce to 1/3–1/4 with allopurinol"),
    ("azathioprine", "febuxostat", "azathioprine-febuxostat", "contraindicated", "avoid", "", "Uloric 4: contraindicated with azathioprine"),
    ("CellCept", "cholestyramine", "mycophenolate-cholestyramine", "major", "avoid", "", "CellCept 7: do not give with bile acid sequestrants"),
    ("Gilenya", "sotalol", "fingolimod-sotalol", "contraindicated", "avoid", "class Ia or class III", "Gilenya 4: class Ia or III antiarrhythmics contraindicated"),
    ("Gilenya", "MMR", "fingolimod-live-vaccines", "major", "avoid", "", "Gilenya 5.x/7: avoid live attenuated vaccines"),
    ("MTX", "Bactrim", "methotrexate-trimethoprim-sulfamethoxazole", "major", "avoid", "", "Methotrexate 7.1: trimethoprim/sulfamethoxazole raises toxicity"),
    ("methotrexate", "ibuprofen", "methotrexate-nsaids", "moderate", "monitor", "", "Methotrexate 7.1: NSAIDs raise methotrexate exposure"),
    ("Revlimid", "warfarin", "lenalidomide-warfarin", "moderate", "monitor", "INR", "Revlimid 7.3: monitor PT/INR in myeloma"),
    ("Humira", "Enbrel", "biologics-duplicate", "major", "avoid", "", "Humira 7.2 / Enbrel 7.2: not with other biologics"),
    ("prednisone", "yellow fever vaccine", "live-vaccines-immunosuppressants", "major", "avoid", "", "ACR 2022 / CDC altered immunocompetence"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "must_say", "label"), CASES, ids=[c[2] for c in CASES])
def test_rule_matches_its_label(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str, must_say: str, label: str) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, must_say, label)


def test_a_named_drug_rule_beats_the_class_rule(checker: InteractionChecker) -> None:
    # aspirin is an NSAID as well, but the methotrexate label names it.
    assert checker.check(["methotrexate", "aspirin"]).interactions[0].rule.id == "methotrexate-aspirin"


def test_non_live_vaccines_do_not_trigger_the_live_vaccine_alert(checker: InteractionChecker) -> None:
    result = checker.check(["Humira", "Shingrix"])
    assert all(f.rule.kind != "live-vaccine" for f in result.interactions + result.alerts)


def test_no_known_interaction_is_never_called_safe(checker: InteractionChecker) -> None:
    answer = checker.check(["Humira", "omeprazole"]).as_json(checker.knowledge)
    assert answer["interactions"] == [] and answer["alerts"] == [] and answer["pairs_checked"] == 1
    assert "knows of no interaction" in answer["message"]
    assert "not the same as knowing they are safe" in answer["message"]
