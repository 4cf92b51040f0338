"""Spot checks of the conventional-drug monographs against the label sections they cite.

Teriflunomide, sulfasalazine, mercaptopurine, mycophenolic acid and apremilast: the main regimen's
dose, the pregnancy status and one key interaction rule each. Every row names the section its
expected value was read from.
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from tests.rules import assert_one_rule

REGIMENS = [
    # (drug, regimen id, amount, amount_max, unit, frequency, label section)
    ("teriflunomide", "adult", 7, 14, "mg", "once-daily", "Aubagio 2.1: 7 mg or 14 mg orally once daily"),
    ("teriflunomide", "child-up-to-40kg", 7, None, "mg", "once-daily", "UK SmPC 4.2: children <= 40 kg, 7 mg once daily"),
    ("teriflunomide", "child-over-40kg", 14, None, "mg", "once-daily", "UK SmPC 4.2: children > 40 kg, 14 mg once daily"),
    ("sulfasalazine", "ra", 1, None, "g", "twice-daily", "Sulfasalazine DR, Adult RA: 2 g daily in two evenly divided doses"),
    ("sulfasalazine", "jia", 15, 25, "mg/kg", "twice-daily", "Sulfasalazine DR, JRA: 30-50 mg/kg daily in two evenly divided doses"),
    ("mercaptopurine", "all-maintenance", 1.5, 2.5, "mg/kg", "once-daily", "Purixan 2.1: 1.5 to 2.5 mg/kg once daily"),
    ("mycophenolic-acid", "kidney-adult", 720, None, "mg", "twice-daily", "Myfortic 2.1: 720 mg twice daily"),
    ("mycophenolic-acid", "kidney-child", 400, None, "mg/m2", "twice-daily", "Myfortic 2.2: 400 mg/m2 twice daily"),
    ("apremilast", "psa-adult", 30, None, "mg", "twice-daily", "Otezla 2.1: 30 mg twice daily from day 6"),
    ("apremilast", "behcets-adult", 30, None, "mg", "twice-daily", "Otezla 2.1: Behcet's disease 30 mg twice daily"),
    ("apremilast", "pso-child-20-50kg", 20, None, "mg", "twice-daily", "Otezla 2.1: children 20 to < 50 kg, 20 mg twice daily"),
]


@pytest.mark.parametrize(("slug", "regimen_id", "amount", "amount_max", "unit", "frequency", "label"), REGIMENS, ids=[f"{r[0]}:{r[1]}" for r in REGIMENS])
def test_main_regimens_match_the_label(knowledge, slug: str, regimen_id: str, amount: float, amount_max: float | None, unit: str, frequency: str, label: str) -> None:
    regimen = next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)
    assert (regimen.dose.amount, regimen.dose.amount_max, regimen.dose.unit, regimen.frequency) == (amount, amount_max, unit, frequency), label
    assert regimen.sources


def test_caps_and_bands_match_the_label(knowledge) -> None:
    jia = next(r for r in knowledge.drugs["sulfasalazine"].regimens if r.id == "jia")
    assert (jia.dose.max_amount, jia.dose.max_unit) == (1000, "mg")  # "typically, the maximum dose is 2 g per day" (two doses)
    # UC: the label gives daily totals in "evenly divided doses" without the number of doses, so no
    # per-dose UC regimen is structured (DOSAGE AND ADMINISTRATION: Ulcerative Colitis).
    assert not [r for r in knowledge.drugs["sulfasalazine"].regimens if r.indication == "ulcerative-colitis"]
    child = next(r for r in knowledge.drugs["mycophenolic-acid"].regimens if r.id == "kidney-child")
    assert (child.dose.max_amount, child.dose.max_unit) == (720, "mg")  # Myfortic 2.2: up to 720 mg twice daily
    assert child.age_years is not None and child.age_years.min == 5  # Myfortic 1.1: 5 years and older
    small = next(r for r in knowledge.drugs["teriflunomide"].regimens if r.id == "child-up-to-40kg")
    assert small.weight_kg is not None and small.weight_kg.contains(40) and not small.weight_kg.contains(40.5)  # UK SmPC 4.2: <= 40 kg
    renal = next(a for a in knowledge.drugs["mercaptopurine"].adjustments if a.kind == "renal")
    assert renal.crcl is not None and renal.crcl.contains(49.9) and not renal.crcl.contains(50)  # Purixan 2.3/8.6: CLcr less than 50 mL/min
    assert (renal.new_dose.amount, renal.new_dose.unit) == (1.5, "mg/kg")  # Purixan 2.3 lowest starting dosage of 2.1's 1.5-2.5 mg/kg
    hepatic = next(a for a in knowledge.drugs["mercaptopurine"].adjustments if a.kind == "hepatic")
    assert not hepatic.structured and hepatic.new_dose is None  # Purixan 2.3/8.7: hepatic impairment is not graded (no Child-Pugh)
    apr = next(a for a in knowledge.drugs["apremilast"].adjustments if a.kind == "renal" and a.new_dose is not None)
    assert (apr.new_dose.amount, apr.new_frequency) == (30, "once-daily")  # Otezla: CLcr < 30 -> 30 mg once daily
    allo = next(a for a in knowledge.drugs["mercaptopurine"].adjustments if a.with_any and a.with_any[0].drug == "allopurinol")
    assert allo.dose_fraction is not None and (allo.dose_fraction.min, allo.dose_fraction.max) == (0.25, 0.333)  # Purixan 2.4


PREGNANCY = [
    # (drug, label status, label section)
    ("teriflunomide", "contraindicated", "Aubagio 4 / 8.1: contraindicated in pregnancy"),
    ("sulfasalazine", "use-with-caution", "Sulfasalazine DR, PRECAUTIONS: Pregnancy: use only if clearly needed"),
    ("mercaptopurine", "avoid", "Purixan 5.6 / 8.1: can cause fetal harm"),
    ("mycophenolic-acid", "avoid", "Myfortic Boxed Warning / 5.1: avoid if safer options are available"),
    ("apremilast", "insufficient-data", "Otezla 8.1: data too limited to establish a drug-associated risk"),
]


@pytest.mark.parametrize(("slug", "status", "label"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_status_matches_the_label(knowledge, slug: str, status: str, label: str) -> None:
    pregnancy = knowledge.drugs[slug].pregnancy
    assert pregnancy is not None and pregnancy.status == status, label


def test_contraception_durations_match_the_label(knowledge) -> None:
    mp = knowledge.drugs["mercaptopurine"].contraception
    assert (mp.females.after_last_dose.value, mp.females.after_last_dose.unit) == (6, "months")  # Purixan 8.3
    assert (mp.males.after_last_dose.value, mp.males.after_last_dose.unit) == (3, "months")  # Purixan 8.3
    mpa = knowledge.drugs["mycophenolic-acid"].contraception
    assert (mpa.females.after_last_dose.value, mpa.females.after_last_dose.unit) == (6, "weeks")  # Myfortic 8.3
    assert (mpa.males.after_last_dose.value, mpa.males.after_last_dose.unit) == (90, "days")  # Myfortic 8.3
    assert knowledge.drugs["mercaptopurine"].breastfeeding.status == "avoid"  # Purixan 8.2: not during and 1 week after
    assert knowledge.drugs["teriflunomide"].breastfeeding.status == "avoid"  # Aubagio Medication Guide; UK SmPC 4.3 contraindicated
    assert knowledge.drugs["sulfasalazine"].breastfeeding.status == "use-with-caution"  # Sulfasalazine DR, Nursing Mothers: caution


INTERACTIONS = [
    # (a, b, rule id, severity, action, management must contain, label section)
    ("Aubagio", "Arava", "teriflunomide-leflunomide", "contraindicated", "avoid", "contraindication", "Aubagio 4: current leflunomide treatment"),
    ("teriflunomide", "warfarin", "teriflunomide-warfarin", "moderate", "monitor", "INR", "Aubagio 7: peak INR decreased with warfarin"),
    ("Salazopyrin", "folic acid", "sulfasalazine-folic-acid", "minor", "monitor", "folic acid", "Sulfasalazine DR, PRECAUTIONS: Drug Interactions"),
    ("Purixan", "allopurinol", "mercaptopurine-allopurinol", "major", "adjust-dose", "one third to one quarter", "Purixan 2.4 / 7.1"),
    ("6-MP", "sulfasalazine", "mercaptopurine-aminosalicylates", "moderate", "monitor", "lowest possible doses", "Purixan 7.4: aminosalicylates"),
    ("Myfortic", "CellCept", "mycophenolic-acid-mycophenolate-mofetil", "major", "avoid", "MMF", "Myfortic 7.2 / 1.2"),
    ("Myfortic", "cholestyramine", "mycophenolic-acid-cholestyramine", "major", "avoid", "cholestyramine", "Myfortic 7.3"),
    ("Otezla", "rifampicin", "apremilast-strong-cyp3a4-inducers", "major", "avoid", "not recommended", "Otezla 5.5 / 7.1"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "must_say", "label"), INTERACTIONS, ids=[i[2] for i in INTERACTIONS])
def test_key_interaction_matches_the_label(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str, must_say: str, label: str) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, must_say, label)


def test_live_vaccines_are_flagged_for_the_immunosuppressants(checker: InteractionChecker) -> None:
    # Aubagio 5.4, Purixan 5.3, Myfortic 5.9: avoid live vaccines.
    for drug, rule_id in (("teriflunomide", "teriflunomide-live-vaccines"), ("mercaptopurine", "mercaptopurine-live-vaccines"), ("Myfortic", "mycophenolic-acid-live-vaccines")):
        result = checker.check([drug, "MMR"])
        assert [f.rule.id for f in result.interactions + result.alerts] == [rule_id]


def test_every_clinical_statement_cites_a_known_source(knowledge) -> None:
    for slug in ("teriflunomide", "sulfasalazine", "mercaptopurine", "mycophenolic-acid", "apremilast"):
        drug = knowledge.drugs[slug]
        assert drug.label_source in knowledge.sources
        assert drug.reviewer.endswith("(second-pass checked)")
