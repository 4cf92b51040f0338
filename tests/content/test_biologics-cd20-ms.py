"""Spot checks of the rituximab, ocrelizumab, ofatumumab, natalizumab and alemtuzumab monographs.

Each row names the label section its expected value was read from. Regimens are looked up by id;
interaction rows go through the InteractionChecker as a person would type the names.
"""

from __future__ import annotations

import pytest

from tests.rules import assert_one_rule

REGIMENS = [
    # (drug, regimen id, amount, unit, route, frequency, interval, label section)
    ("rituximab", "nhl-relapsed", 375, "mg/m2", "intravenous", "once-weekly", None, "Rituxan 2.2: 375 mg/m2 weekly x 4 or 8"),
    ("rituximab", "nhl-fl-maintenance", 375, "mg/m2", "intravenous", "every-n-weeks", 8, "Rituxan 2.2: every 8 weeks for 12 doses"),
    ("rituximab", "cll", 500, "mg/m2", "intravenous", "every-n-days", 28, "Rituxan 2.3: 500 mg/m2 cycles 2-6 every 28 days"),
    ("rituximab", "ra", 1000, "mg", "intravenous", "every-n-weeks", 24, "Rituxan 2.5: 2 x 1,000 mg per course, every 24 weeks"),
    ("rituximab", "gpa-induction", 375, "mg/m2", "intravenous", "once-weekly", None, "Rituxan 2.6: 375 mg/m2 weekly x 4"),
    ("rituximab", "gpa-followup", 500, "mg", "intravenous", "every-n-months", 6, "Rituxan 2.6: adult follow-up 500 mg every 6 months"),
    ("rituximab", "gpa-child-followup", 250, "mg/m2", "intravenous", "every-n-months", 6, "Rituxan 2.6: pediatric follow-up 250 mg/m2 every 6 months"),
    ("rituximab", "pv", 500, "mg", "intravenous", "every-n-months", 6, "Rituxan 2.7: 500 mg at Month 12 and every 6 months"),
    ("ocrelizumab", "ocrevus-iv", 600, "mg", "intravenous", "every-n-months", 6, "Ocrevus 2.3: 600 mg every 6 months"),
    ("ocrelizumab", "ocrevus-zunovo-sc", 920, "mg", "subcutaneous", "every-n-months", 6, "Ocrevus Zunovo 2.4: 920 mg every 6 months"),
    ("ofatumumab", "rms", 20, "mg", "subcutaneous", "every-n-months", 1, "Kesimpta 2.2: 20 mg once monthly from Week 4"),
    ("natalizumab", "ms", 300, "mg", "intravenous", "every-n-weeks", 4, "Tysabri 2: 300 mg every 4 weeks"),
    ("natalizumab", "crohns", 300, "mg", "intravenous", "every-n-weeks", 4, "Tysabri 2: CD 300 mg every 4 weeks"),
    ("alemtuzumab", "courses", 12, "mg", "intravenous", "once-daily", None, "Lemtrada 2: 12 mg/day on 5, then 3, consecutive days"),
]


@pytest.mark.parametrize(("drug", "regimen", "amount", "unit", "route", "frequency", "interval", "label"), REGIMENS, ids=[f"{r[0]}-{r[1]}" for r in REGIMENS])
def test_regimen_matches_label(knowledge, drug, regimen, amount, unit, route, frequency, interval, label) -> None:
    r = next(r for r in knowledge.drugs[drug].regimens if r.id == regimen)
    assert (r.dose.amount, r.dose.unit, r.route, r.frequency, r.interval) == (amount, unit, route, frequency, interval), label
    assert r.sources


LOADING = [
    # (drug, regimen id, [(day, amount, unit)], maintenance_from_day, label section)
    ("ofatumumab", "rms", [(1, 20, "mg"), (8, 20, "mg"), (15, 20, "mg")], 29, "Kesimpta 2.2: Weeks 0, 1, 2, monthly from Week 4 (day 29)"),
    ("ocrelizumab", "ocrevus-iv", [(1, 300, "mg"), (15, 300, "mg")], 183, "Ocrevus 2.3: 300 mg, 300 mg 2 weeks later, 600 mg 6 months after infusion 1"),
    ("rituximab", "cll", [(1, 375, "mg/m2")], 30, "Rituxan 2.3: 375 mg/m2 the day before FC, then day 1 of cycle 2"),
]


@pytest.mark.parametrize(("drug", "regimen", "doses", "from_day", "label"), LOADING, ids=[f"{r[0]}-{r[1]}" for r in LOADING])
def test_loading_phase(knowledge, drug, regimen, doses, from_day, label) -> None:
    r = next(r for r in knowledge.drugs[drug].regimens if r.id == regimen)
    assert [(d.day, d.amount, d.unit) for d in r.loading_doses] == doses, label
    assert r.maintenance_from_day == from_day, label


PREGNANCY = [
    # (drug, pregnancy status, contraception after last dose (value, unit) or None, breastfeeding status, label section)
    ("rituximab", "avoid", (12, "months"), "avoid", "Rituxan 5.11/8.1/8.3: fetal harm; contraception 12 months; 8.2: no breastfeeding for 6 months"),
    ("ocrelizumab", "insufficient-data", (6, "months"), "insufficient-data", "Ocrevus 8.1/8.3: contraception 6 months after last dose"),
    ("ofatumumab", "insufficient-data", (6, "months"), "insufficient-data", "Kesimpta 5.4/8.3: contraception 6 months after last dose"),
    ("natalizumab", "insufficient-data", None, "insufficient-data", "Tysabri 8.1: no adequate data; no contraception period in the label"),
    ("alemtuzumab", "insufficient-data", (4, "months"), "insufficient-data", "Lemtrada 8.3: contraception for 4 months after each course"),
]


@pytest.mark.parametrize(("drug", "status", "after", "breastfeeding", "label"), PREGNANCY, ids=[r[0] for r in PREGNANCY])
def test_pregnancy_matches_label(knowledge, drug, status, after, breastfeeding, label) -> None:
    d = knowledge.drugs[drug]
    assert d.pregnancy.status == status, label
    assert d.breastfeeding.status == breastfeeding, label
    females = d.contraception.females
    got = None if females is None or females.after_last_dose is None else (females.after_last_dose.value, females.after_last_dose.unit)
    assert got == after, label


def test_rituximab_breastfeeding_wait_is_six_months(knowledge) -> None:
    # Rituxan 8.2: do not breastfeed during treatment and for 6 months after the last dose.
    assert "6 months" in knowledge.drugs["rituximab"].breastfeeding.text


INTERACTIONS = [
    # (a, b, rule id, severity, action, label section)
    ("Rituxan", "MMR vaccine", "rituximab-live-vaccines", "major", "avoid", "Rituxan 5.10: live vaccines not recommended before or during"),
    ("rituximab", "cisplatin", "rituximab-cisplatin", "major", "monitor", "Rituxan 5.8/7: renal toxicity with cisplatin"),
    ("Ocrevus", "yellow fever vaccine", "ocrelizumab-live-vaccines", "major", "avoid", "Ocrevus 5.2: no live vaccines until B-cell repletion"),
    ("Kesimpta", "prednisone", "ofatumumab-immunosuppressants", "major", "use-with-care", "Kesimpta 7.1: immunosuppressants incl. systemic corticosteroids"),
    ("Kesimpta", "varicella vaccine", "ofatumumab-live-vaccines", "major", "avoid", "Kesimpta 5.1: no live vaccines until B-cell repletion"),
    ("Tysabri", "Humira", "natalizumab-tnf-inhibitors", "major", "avoid", "Tysabri 1: not with TNF-alpha inhibitors in CD"),
    ("Tysabri", "azathioprine", "natalizumab-immunosuppressants", "major", "avoid", "Tysabri 1: not with immunosuppressants in CD; monotherapy in MS"),
    ("Lemtrada", "MMR vaccine", "alemtuzumab-live-vaccines", "major", "avoid", "Lemtrada 5: no live vaccines after a course"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "label"), INTERACTIONS, ids=[r[2] for r in INTERACTIONS])
def test_interaction_rule(checker, a, b, rule_id, severity, action, label) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, "", label)


def test_brands_resolve_to_their_ingredient(checker) -> None:
    names = {"Truxima": "rituximab", "Ruxience": "rituximab", "Riabni": "rituximab", "MabThera": "rituximab",
             "Ocrevus Zunovo": "ocrelizumab", "Kesimpta": "ofatumumab", "Tyruko": "natalizumab", "Lemtrada": "alemtuzumab"}
    for brand, slug in names.items():
        assert checker.resolver.resolve(brand).match.slug == slug, brand


def test_every_statement_is_sourced_from_a_known_source(knowledge) -> None:
    for slug in ("rituximab", "ocrelizumab", "ofatumumab", "natalizumab", "alemtuzumab"):
        d = knowledge.drugs[slug]
        assert d.label_source in knowledge.sources
        assert d.reviewer == "ImmunoGuide editorial team (second-pass checked)"


def test_no_unconfirmed_foreign_label_facts(knowledge) -> None:
    # Second-pass check: animal-milk and newborn blood-count statements were found only in non-US labels
    # and were removed until confirmed in the US labels.
    assert "monkey" not in knowledge.drugs["ocrelizumab"].breastfeeding.text
    assert "mice" not in knowledge.drugs["alemtuzumab"].breastfeeding.text
    assert "platelet" not in knowledge.drugs["natalizumab"].pregnancy.text


def test_every_6_months_is_stored_in_months(knowledge) -> None:
    # Rituxan 2.6/2.7, Ocrevus 2.3, Ocrevus Zunovo 2.4 say "every 6 months"; Kesimpta 2.2 says "once monthly".
    for drug, regimen, interval in (("rituximab", "gpa-followup", 6), ("rituximab", "pv", 6), ("ocrelizumab", "ocrevus-iv", 6),
                                    ("ocrelizumab", "ocrevus-zunovo-sc", 6), ("ofatumumab", "rms", 1)):
        r = next(r for r in knowledge.drugs[drug].regimens if r.id == regimen)
        assert (r.frequency, r.interval) == ("every-n-months", interval), (drug, regimen)
