"""Baricitinib, upadacitinib, ruxolitinib and deucravacitinib against the label sections they cite.

Table-driven spot checks: each row names the label section its expected value was read from.
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.knowledge.snapshot import Knowledge

REGIMENS = [
    # (drug, regimen id, amount, unit, frequency, label section)
    ("baricitinib", "ra", 2, "mg", "once-daily", "Olumiant 2: RA 2 mg once daily"),
    ("baricitinib", "aa", 2, "mg", "once-daily", "Olumiant 2: alopecia areata 2 mg once daily"),
    ("baricitinib", "aa-4mg", 4, "mg", "once-daily", "Olumiant 2: AA with near-complete scalp loss 4 mg once daily"),
    ("upadacitinib", "ra", 15, "mg", "once-daily", "Rinvoq 2.3: RA 15 mg once daily"),
    ("upadacitinib", "ad-30", 30, "mg", "once-daily", "Rinvoq 2.5: AD may increase to 30 mg once daily"),
    ("upadacitinib", "uc", 15, "mg", "once-daily", "Rinvoq 2.6: UC maintenance 15 mg once daily"),
    ("upadacitinib", "pjia-10-20kg", 3, "mg", "twice-daily", "Rinvoq 2 (pJIA): 10 to <20 kg RINVOQ LQ 3 mg twice daily"),
    ("upadacitinib", "gca", 15, "mg", "once-daily", "Rinvoq 2 (GCA): 15 mg once daily"),
    ("ruxolitinib", "mf-plt-over-200", 20, "mg", "twice-daily", "Jakafi 2.2 Table 1: >200 x 10^9/L 20 mg twice daily"),
    ("ruxolitinib", "mf-plt-50-100", 5, "mg", "twice-daily", "Jakafi 2.2 Table 1: 50 to <100 x 10^9/L 5 mg twice daily"),
    ("ruxolitinib", "pv", 10, "mg", "twice-daily", "Jakafi 2.3: PV 10 mg twice daily"),
    ("ruxolitinib", "agvhd", 5, "mg", "twice-daily", "Jakafi 2.4: aGVHD 5 mg twice daily"),
    ("ruxolitinib", "cgvhd", 10, "mg", "twice-daily", "Jakafi 2 (cGVHD): 10 mg twice daily"),
    ("deucravacitinib", "pso", 6, "mg", "once-daily", "Sotyktu 2: 6 mg once daily"),
]


@pytest.mark.parametrize(("slug", "regimen_id", "amount", "unit", "frequency", "label"), REGIMENS, ids=[f"{r[0]}-{r[1]}" for r in REGIMENS])
def test_main_regimens(knowledge: Knowledge, slug: str, regimen_id: str, amount: float, unit: str, frequency: str, label: str) -> None:
    regimen = next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)
    assert (regimen.dose.amount, regimen.dose.unit, regimen.frequency) == (amount, unit, frequency), label
    assert regimen.sources


def test_upadacitinib_induction_phases(knowledge: Knowledge) -> None:
    # Rinvoq 2.6: UC induction 45 mg once daily for 8 weeks; 2.7: CD induction 45 mg once daily for 12 weeks.
    regimens = {r.id: r for r in knowledge.drugs["upadacitinib"].regimens}
    uc, cd = regimens["uc"], regimens["cd"]
    assert [d.day for d in uc.loading_doses] == list(range(1, 57)) and uc.maintenance_from_day == 57
    assert [d.day for d in cd.loading_doses] == list(range(1, 85)) and cd.maintenance_from_day == 85
    assert {d.amount for d in uc.loading_doses + cd.loading_doses} == {45}


PREGNANCY = [
    # (drug, pregnancy status, breastfeeding status, label section)
    ("baricitinib", "insufficient-data", "avoid", "Olumiant 8.1 (data insufficient) / 8.2 (wait 4 days)"),
    ("upadacitinib", "avoid", "avoid", "Rinvoq 5.9/8.1 (may cause fetal harm, contraception) / 8.2 (6 days)"),
    ("ruxolitinib", "insufficient-data", "avoid", "Jakafi 8.1 (no data) / 8.2 (2 weeks after last dose)"),
    ("deucravacitinib", "insufficient-data", "insufficient-data", "Sotyktu 8.1 / 8.2 (no human data)"),
]


@pytest.mark.parametrize(("slug", "pregnancy", "breastfeeding", "label"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_and_breastfeeding_status(knowledge: Knowledge, slug: str, pregnancy: str, breastfeeding: str, label: str) -> None:
    drug = knowledge.drugs[slug]
    assert drug.pregnancy is not None and drug.pregnancy.status == pregnancy, label
    assert drug.breastfeeding is not None and drug.breastfeeding.status == breastfeeding, label


def test_contraception_periods(knowledge: Knowledge) -> None:
    # Rinvoq 8.3: 4 weeks after the final dose; Olumiant EU SmPC 4.6: at least 1 week after treatment.
    upa = knowledge.drugs["upadacitinib"].contraception
    bari = knowledge.drugs["baricitinib"].contraception
    assert upa is not None and upa.females is not None and (upa.females.after_last_dose.value, upa.females.after_last_dose.unit) == (4, "weeks")
    assert bari is not None and bari.females is not None and (bari.females.after_last_dose.value, bari.females.after_last_dose.unit) == (1, "weeks")


INTERACTIONS = [
    # (a, b, rule id, severity, label section)
    ("Olumiant", "probenecid", "baricitinib-probenecid", "major", "Olumiant 2/7: strong OAT3 inhibitor, RA 1 mg once daily"),
    ("Rinvoq", "ketoconazole", "upadacitinib-strong-cyp3a4-inhibitors", "major", "Rinvoq 7.1 / 2.11: strong CYP3A4 inhibitors"),
    ("Rinvoq", "rifampicin", "upadacitinib-strong-cyp3a4-inducers", "major", "Rinvoq 7.2: strong CYP3A4 inducers not recommended"),
    ("Jakafi", "fluconazole", "ruxolitinib-fluconazole", "major", "Jakafi 2/7: fluconazole dose modification"),
    ("Jakafi", "clarithromycin", "ruxolitinib-strong-cyp3a4-inhibitors", "major", "Jakafi 2/7: strong CYP3A4 inhibitors"),
    ("Sotyktu", "MMR", "deucravacitinib-live-vaccines", "major", "Sotyktu 5.7: avoid live vaccines"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "label"), INTERACTIONS, ids=[i[2] for i in INTERACTIONS])
def test_key_interactions(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, label: str) -> None:
    result = checker.check([a, b])
    assert not result.unknown, [r.query for r in result.unknown]
    findings = result.interactions + result.alerts
    assert len(findings) == 1, label
    assert (findings[0].rule.id, findings[0].rule.severity) == (rule_id, severity), label


def test_jak_inhibitor_with_biologic_uses_the_class_rule(checker: InteractionChecker) -> None:
    # Rinvoq 1.1 limitation of use: not with biologic DMARDs (alerts.yaml class rule).
    findings = checker.check(["Rinvoq", "Humira"]).alerts
    assert [f.rule.id for f in findings] == ["biologics-jak-inhibitors"]


def test_deucravacitinib_is_a_tyk2_inhibitor_not_a_jak_inhibitor(knowledge: Knowledge) -> None:
    # Sotyktu 12.1: allosteric TYK2 inhibitor; no boxed warning (JAK class warning does not apply).
    drug = knowledge.drugs["deucravacitinib"]
    assert drug.classes == ["tyk2-inhibitors"] and not drug.boxed_warnings


def test_ruxolitinib_renal_bands_have_no_gap(knowledge: Knowledge) -> None:
    # Jakafi 2.7 Table 10: moderate CLcr 30 to 59, severe 15 to 29 (whole numbers); modelled as 15 to
    # under 60 so that a clearance such as 59.5 mL/min is not left between the bands.
    bands = {(a.crcl.min, a.crcl.max, a.crcl.min_inclusive, a.crcl.max_inclusive) for a in knowledge.drugs["ruxolitinib"].adjustments if a.kind == "renal" and a.crcl and a.crcl.min is not None}
    assert bands == {(15, 60, True, False)}


def test_ruxolitinib_has_no_boxed_warning(knowledge: Knowledge) -> None:
    # JAKAFI prescribing information has no boxed warning; the class page must not say every member has one.
    assert not knowledge.drugs["ruxolitinib"].boxed_warnings
    text = " ".join(s.text for s in knowledge.classes["jak-inhibitors"].description)
    assert "All of them carry" not in text and "do not carry this boxed warning" in text


def test_baricitinib_severe_hepatic_is_not_mapped_to_child_pugh(knowledge: Knowledge) -> None:
    # Olumiant: not recommended in severe hepatic impairment; the Child-Pugh definition was not confirmed.
    adj = next(a for a in knowledge.drugs["baricitinib"].adjustments if a.kind == "hepatic")
    assert adj.action == "not-recommended" and not adj.child_pugh


def test_deucravacitinib_psoriatic_arthritis_dose(knowledge: Knowledge) -> None:
    # Sotyktu 1.2 (psoriatic arthritis, 03/2026) and 2: 6 mg orally once daily.
    r = next(x for x in knowledge.drugs["deucravacitinib"].regimens if x.id == "psa")
    assert (r.dose.amount, r.dose.unit, r.frequency) == (6, "mg", "once-daily")
