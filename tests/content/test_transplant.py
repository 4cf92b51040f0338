"""Spot checks of the transplant monographs against the label sections they cite.

Each row names the label section its expected value was read from. Drugs: tacrolimus (PROGRAF),
everolimus (ZORTRESS), sirolimus (RAPAMUNE), voclosporin (LUPKYNIS), cyclosporine (NEORAL).
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from tests.rules import assert_one_rule

REGIMENS = [
    # (drug, regimen id, amount, amount_max, unit, frequency, label section)
    ("tacrolimus", "kidney-aza", 0.1, None, "mg/kg", "twice-daily", "Prograf 2.2 Table 1: 0.2 mg/kg/day in two doses every 12 h"),
    ("tacrolimus", "kidney-mmf", 0.05, None, "mg/kg", "twice-daily", "Prograf 2.2 Table 1: 0.1 mg/kg/day in two doses"),
    ("tacrolimus", "liver", 0.05, 0.075, "mg/kg", "twice-daily", "Prograf 2.2 Table 1: 0.10-0.15 mg/kg/day in two doses"),
    ("tacrolimus", "heart", 0.0375, None, "mg/kg", "twice-daily", "Prograf 2.2 Table 1: 0.075 mg/kg/day in two doses"),
    ("tacrolimus", "kidney-child", 0.15, None, "mg/kg", "twice-daily", "Prograf 2.3 Table 3: 0.3 mg/kg/day in two doses"),
    ("everolimus", "kidney", 0.75, None, "mg", "twice-daily", "Zortress 2.1: 0.75 mg twice daily"),
    ("everolimus", "liver", 1, None, "mg", "twice-daily", "Zortress 2.2: 1 mg twice daily"),
    ("sirolimus", "kidney", 2, None, "mg", "once-daily", "Rapamune 2.2: maintenance 2 mg/day"),
    ("sirolimus", "lam", 2, None, "mg", "once-daily", "Rapamune 2 (Patients with Lymphangioleiomyomatosis): initial 2 mg/day"),
    ("voclosporin", "ln", 23.7, None, "mg", "twice-daily", "Lupkynis 2.2: 23.7 mg twice a day"),
    ("cyclosporine", "ra", 1.25, None, "mg/kg", "twice-daily", "Neoral DOSAGE AND ADMINISTRATION (RA): 2.5 mg/kg/day divided twice daily"),
    ("cyclosporine", "psoriasis", 1.25, None, "mg/kg", "twice-daily", "Neoral DOSAGE AND ADMINISTRATION (psoriasis): 1.25 mg/kg twice daily"),
    ("cyclosporine", "transplant-start", 5, 7.5, "mg/kg", "twice-daily", "Neoral UK SmPC 4.2: 10-15 mg/kg/day in 2 divided doses"),
]


@pytest.mark.parametrize(("drug", "regimen", "amount", "amount_max", "unit", "frequency", "label"), REGIMENS, ids=[f"{r[0]}-{r[1]}" for r in REGIMENS])
def test_main_regimen(knowledge, drug: str, regimen: str, amount: float, amount_max: float | None, unit: str, frequency: str, label: str) -> None:
    r = next(x for x in knowledge.drugs[drug].regimens if x.id == regimen)
    assert (r.dose.amount, r.dose.amount_max, r.dose.unit, r.frequency) == (amount, amount_max, unit, frequency), label


HEPATIC_FRACTIONS = [
    # (drug, Child-Pugh classes, fraction of the usual dose, label section). The labels give fractions,
    # not tablet doses, so the adjustment carries dose_fraction and no new_dose.
    ("everolimus", ["A"], 0.667, "Zortress 2.7 / 8.6: reduce the initial daily dose by about one-third"),
    ("everolimus", ["B", "C"], 0.5, "Zortress 2.7 / 8.6: reduce the initial daily dose to about one-half"),
    ("sirolimus", ["A", "B"], 0.667, "Rapamune 2 (hepatic impairment): maintenance reduced by about one-third"),
    ("sirolimus", ["C"], 0.5, "Rapamune 2 (hepatic impairment): maintenance reduced by about one-half"),
]


@pytest.mark.parametrize(("drug", "classes", "fraction", "label"), HEPATIC_FRACTIONS, ids=[f"{h[0]}-{''.join(h[1])}" for h in HEPATIC_FRACTIONS])
def test_hepatic_fraction(knowledge, drug: str, classes: list[str], fraction: float, label: str) -> None:
    adj = next(a for a in knowledge.drugs[drug].adjustments if a.kind == "hepatic" and list(a.child_pugh) == classes)
    assert adj.new_dose is None, label
    f = adj.dose_fraction
    assert (f.min, f.max, f.min_inclusive, f.max_inclusive) == (fraction, fraction, True, True), label


def test_tacrolimus_azole_fraction(knowledge) -> None:
    # Prograf 7.2 Table 15: for voriconazole and posaconazole, give one-third of the original dose.
    adj = next(a for a in knowledge.drugs["tacrolimus"].adjustments if a.dose_fraction is not None)
    assert {p.drug for p in adj.with_any} == {"voriconazole", "posaconazole"}
    assert (adj.dose_fraction.min, adj.dose_fraction.max) == (0.333, 0.333)


def test_sirolimus_standard_regimen_is_for_40kg_and_over(knowledge) -> None:
    # Rapamune 2.2: the 6 mg loading / 2 mg maintenance dose is for patients of 40 kg or more.
    r = next(x for x in knowledge.drugs["sirolimus"].regimens if x.id == "kidney")
    assert (r.weight_kg.min, r.weight_kg.min_inclusive, r.weight_kg.max) == (40, True, None)


def test_sirolimus_loading_dose(knowledge) -> None:
    # Rapamune 2.2: loading dose 6 mg (three times the 2 mg maintenance dose) on day 1.
    r = next(x for x in knowledge.drugs["sirolimus"].regimens if x.id == "kidney")
    assert [(d.day, d.amount, d.unit) for d in r.loading_doses] == [(1, 6, "mg")]
    assert r.maintenance_from_day == 2


PREGNANCY = [
    # (drug, status, label section)
    ("tacrolimus", "use-with-caution", "Prograf 8.1/8.3: can cause fetal harm; no avoid instruction, family planning to be discussed"),
    ("everolimus", "avoid", "Zortress 8.1/8.3: should not be pregnant or become pregnant; contraception to 8 weeks"),
    ("sirolimus", "avoid", "Rapamune 8.1/8.3: can cause fetal harm; contraception before, during and to 12 weeks after"),
    ("voclosporin", "avoid", "Lupkynis 8.1: avoid in pregnancy (alcohol content)"),
    ("cyclosporine", "use-with-caution", "Neoral PRECAUTIONS: Pregnancy: only if benefit justifies risk"),
]


@pytest.mark.parametrize(("drug", "status", "label"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_status(knowledge, drug: str, status: str, label: str) -> None:
    assert knowledge.drugs[drug].pregnancy.status == status, label


def test_contraception_durations(knowledge) -> None:
    # Zortress 8.3: up to 8 weeks after stopping; Rapamune 8.3: 12 weeks after stopping.
    evr = knowledge.drugs["everolimus"].contraception.females.after_last_dose
    srl = knowledge.drugs["sirolimus"].contraception.females.after_last_dose
    assert (evr.value, evr.unit) == (8, "weeks")
    assert (srl.value, srl.unit) == (12, "weeks")


INTERACTIONS = [
    # (a, b, rule id, severity, action, management must contain, label section)
    ("Prograf", "voriconazole", "tacrolimus-voriconazole", "major", "adjust-dose", "one-third", "Prograf 7.2 Table 15: give one-third of the original dose"),
    ("tacrolimus", "ketoconazole", "tacrolimus-strong-cyp3a4-inhibitors", "major", "adjust-dose", "1-3 days", "Prograf 7.2 Table 15 / 5.11"),
    ("Prograf", "Neoral", "tacrolimus-cyclosporine", "major", "avoid", "24 hours", "Prograf 2.1: stop one at least 24 h before the other"),
    ("Zortress", "Neoral", "everolimus-cyclosporine", "major", "adjust-dose", "reduced-dose cyclosporine", "Zortress Boxed Warning / 2.4"),
    ("Zortress", "clarithromycin", "everolimus-strong-cyp3a4-inhibitors", "major", "avoid", "", "Zortress 7.3 / 5.14"),
    ("Rapamune", "Neoral", "sirolimus-cyclosporine", "moderate", "separate-doses", "4 hours", "Rapamune 7.1: take 4 hours after cyclosporine"),
    ("sirolimus", "rifampicin", "sirolimus-strong-cyp3a4-inducers", "major", "avoid", "", "Rapamune 7.2: avoid strong inducers"),
    ("Lupkynis", "ketoconazole", "voclosporin-strong-cyp3a4-inhibitors", "contraindicated", "avoid", "", "Lupkynis 4: contraindicated with strong CYP3A4 inhibitors"),
    ("Lupkynis", "fluconazole", "voclosporin-moderate-cyp3a4-inhibitors", "major", "adjust-dose", "15.8 mg", "Lupkynis 2.2: 15.8 mg AM, 7.9 mg PM"),
    ("Neoral", "grapefruit juice", "cyclosporine-grapefruit-juice", "major", "avoid", "", "Neoral PRECAUTIONS: Drug Interactions"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "must_say", "label"), INTERACTIONS, ids=[i[2] for i in INTERACTIONS])
def test_key_interaction(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str, must_say: str, label: str) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, must_say, label)


def test_every_monograph_cites_its_label(knowledge) -> None:
    expected = {
        "tacrolimus": "fda-label-tacrolimus",
        "everolimus": "fda-label-everolimus",
        "sirolimus": "fda-label-sirolimus",
        "voclosporin": "fda-label-voclosporin",
        "cyclosporine": "fda-label-cyclosporine",
    }
    for slug, source in expected.items():
        assert knowledge.drugs[slug].label_source == source
        assert source in knowledge.sources
