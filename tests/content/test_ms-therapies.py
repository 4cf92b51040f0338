"""Spot checks of the MS-therapy monographs against the label sections they cite.

Each row names the label section the expected value was read from. Labels: Mayzent (siponimod),
Zeposia (ozanimod), Ponvory (ponesimod), Tecfidera (dimethyl fumarate), Copaxone (glatiramer
acetate), Avonex/Plegridy (interferon beta-1a) and Mavenclad (cladribine); see
content/sources/ms-therapies.yaml for the versions.
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.knowledge.snapshot import Knowledge
from tests.rules import assert_one_rule

REGIMENS = [
    # (drug, regimen id, amount, unit, frequency, interval, route, label section)
    ("siponimod", "cyp2c9-normal", 2, "mg", "once-daily", None, "oral", "Mayzent 2.2: 2 mg once daily from day 6"),
    ("siponimod", "cyp2c9-intermediate", 1, "mg", "once-daily", None, "oral", "Mayzent 2.3: 1 mg once daily from day 5"),
    ("ozanimod", "ms", 0.92, "mg", "once-daily", None, "oral", "Zeposia 2.2: 0.92 mg once daily from day 8"),
    ("ozanimod", "uc", 0.92, "mg", "once-daily", None, "oral", "Zeposia 2.2: UC 0.92 mg once daily from day 8"),
    ("ponesimod", "ms", 20, "mg", "once-daily", None, "oral", "Ponvory 2.2: 20 mg once daily from day 15"),
    ("dimethyl-fumarate", "ms", 240, "mg", "twice-daily", None, "oral", "Tecfidera 2.1: 240 mg twice daily"),
    ("glatiramer-acetate", "daily-20", 20, "mg", "once-daily", None, "subcutaneous", "Copaxone 2.1: 20 mg/mL once per day"),
    ("glatiramer-acetate", "tiw-40", 40, "mg", "three-times-weekly", None, "subcutaneous", "Copaxone 2.1: 40 mg/mL three times per week, at least 48 hours apart"),
    ("interferon-beta-1a", "avonex", 30, "mcg", "once-weekly", None, "intramuscular", "Avonex 2.1: 30 mcg IM once a week"),
    ("interferon-beta-1a", "plegridy-sc", 125, "mcg", "every-n-days", 14, "subcutaneous", "Plegridy 2.1: 125 mcg every 14 days"),
    ("interferon-beta-1a", "plegridy-im", 125, "mcg", "every-n-days", 14, "intramuscular", "Plegridy 2.1: 125 mcg IM every 14 days"),
    ("interferon-beta-1a", "rebif-44", 44, "mcg", "three-times-weekly", None, "subcutaneous", "Rebif 2: 44 mcg SC three times per week after 4-week titration"),
    ("interferon-beta-1a", "rebif-22", 22, "mcg", "three-times-weekly", None, "subcutaneous", "Rebif 2: 22 mcg SC three times per week after 4-week titration"),
    ("cladribine", "ms", 10, "mg", "once-daily", None, "oral", "Mavenclad 2.2: 10 mg or 20 mg once on each treatment day (4 or 5 days per cycle)"),
]


@pytest.mark.parametrize(("slug", "regimen_id", "amount", "unit", "frequency", "interval", "route", "label"), REGIMENS, ids=[f"{r[0]}-{r[1]}" for r in REGIMENS])
def test_main_regimen(knowledge: Knowledge, slug: str, regimen_id: str, amount: float, unit: str, frequency: str, interval: int | None, route: str, label: str) -> None:
    regimen = next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)
    assert (regimen.dose.amount, regimen.dose.unit, regimen.frequency, regimen.interval, regimen.route) == (amount, unit, frequency, interval, route), label
    assert regimen.sources


LOADING = [
    # (drug, regimen id, [(day, amount)], maintenance_from_day, label section)
    ("siponimod", "cyp2c9-normal", [(1, 0.25), (2, 0.25), (3, 0.5), (4, 0.75), (5, 1.25)], 6, "Mayzent 2.2 Table 1"),
    ("siponimod", "cyp2c9-intermediate", [(1, 0.25), (2, 0.25), (3, 0.5), (4, 0.75)], 5, "Mayzent 2.3 Table 2"),
    ("ozanimod", "ms", [(1, 0.23), (2, 0.23), (3, 0.23), (4, 0.23), (5, 0.46), (6, 0.46), (7, 0.46)], 8, "Zeposia 2.2 titration"),
    ("ponesimod", "ms", [(1, 2), (2, 2), (3, 3), (4, 3), (5, 4), (6, 4), (7, 5), (8, 6), (9, 7), (10, 8), (11, 9), (12, 10), (13, 10), (14, 10)], 15, "Ponvory 2.2 titration"),
    ("interferon-beta-1a", "plegridy-sc", [(1, 63), (15, 94)], 29, "Plegridy 2.1 Table 1"),
    ("interferon-beta-1a", "avonex", [(1, 7.5), (8, 15), (15, 22.5)], 22, "Avonex 2.1 titration in 7.5 mcg weekly steps"),
]


@pytest.mark.parametrize(("slug", "regimen_id", "doses", "from_day", "label"), LOADING, ids=[f"{r[0]}-{r[1]}" for r in LOADING])
def test_titration_days(knowledge: Knowledge, slug: str, regimen_id: str, doses: list[tuple[int, float]], from_day: int, label: str) -> None:
    regimen = next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)
    assert [(d.day, d.amount) for d in regimen.loading_doses] == doses, label
    assert regimen.maintenance_from_day == from_day, label


PREGNANCY = [
    # (drug, status, stop-before-conception (value, unit) or None, label section)
    ("siponimod", "avoid", (10, "days"), "Mayzent 5.9/8.1: may cause fetal harm; contraception for 10 days after stopping"),
    ("ozanimod", "avoid", (3, "months"), "Zeposia 5.5/8.1: may cause fetal harm; contraception for 3 months after stopping"),
    ("ponesimod", "avoid", (1, "weeks"), "Ponvory 8.1/8.3: contraception for 1 week after stopping"),
    ("dimethyl-fumarate", "insufficient-data", None, "Tecfidera 8.1: no adequate data in pregnant women"),
    ("glatiramer-acetate", "insufficient-data", None, "US 8.1 / UK SmPC 4.6 not confirmed in the second pass; 2017 UK change known only from a news report"),
    ("interferon-beta-1a", "use-with-caution", None, "Avonex/Plegridy 8.1: no drug-associated risk of major birth defects; may cause fetal harm (animal data)"),
    ("cladribine", "contraindicated", (6, "months"), "Mavenclad 4 / 5.2: contraindicated in pregnancy; 6 months after each course"),
]


@pytest.mark.parametrize(("slug", "status", "stop", "label"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_status(knowledge: Knowledge, slug: str, status: str, stop: tuple[float, str] | None, label: str) -> None:
    pregnancy = knowledge.drugs[slug].pregnancy
    assert pregnancy is not None and pregnancy.status == status, label
    got = None if pregnancy.stop_before_conception is None else (pregnancy.stop_before_conception.value, pregnancy.stop_before_conception.unit)
    assert got == stop, label


INTERACTIONS = [
    # (a, b, rule id, severity, action, label section)
    ("Mayzent", "fluconazole", "siponimod-fluconazole", "major", "avoid", "Mayzent 7.5: fluconazole not recommended"),
    ("siponimod", "rifampicin", "siponimod-rifampin", "major", "avoid", "Mayzent 7.6: rifampin not recommended"),
    ("siponimod", "amiodarone", "siponimod-antiarrhythmics", "major", "use-with-care", "Mayzent 7.2: class Ia/III antiarrhythmics, cardiologist advice; generally not initiated"),
    ("Mayzent", "MMR", "siponimod-live-vaccines", "major", "avoid", "Mayzent 7.4: avoid live vaccines during and 4 weeks after"),
    ("Zeposia", "selegiline", "ozanimod-selegiline", "contraindicated", "avoid", "Zeposia 4: MAO inhibitors contraindicated"),
    ("ozanimod", "yellow fever vaccine", "ozanimod-live-vaccines", "major", "use-with-care", "Zeposia 2.1: live vaccines at least 1 month before starting; 5.1: infection vigilance for 3 months after stopping"),
    ("Ponvory", "propranolol", "ponesimod-propranolol", "moderate", "monitor", "Ponvory 7.3: beta-blockers, resting HR above 55 bpm"),
    ("Tecfidera", "Vumerity", "dimethyl-fumarate-diroximel-fumarate", "contraindicated", "avoid", "Vumerity 4: contraindicated with dimethyl fumarate"),
    ("Copaxone", "methotrexate", "methotrexate-hepatotoxic", "moderate", "monitor", "Copaxone 5.6 hepatic injury; methotrexate 7.1 hepatotoxic products"),
    ("Avonex", "alcohol", "interferon-beta-1a-alcohol", "moderate", "monitor", "Avonex 5: hepatotoxic drugs or alcohol"),
    ("Mavenclad", "methotrexate", "cladribine-methotrexate", "major", "avoid", "Mavenclad 7: immunosuppressive drugs not recommended"),
    ("Mavenclad", "Rebif", "cladribine-interferon-beta-1a", "major", "avoid", "Mavenclad 7: interferon beta not recommended"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "label"), INTERACTIONS, ids=[i[2] + ":" + i[1] for i in INTERACTIONS])
def test_key_interaction(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str, label: str) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, "", label)


def test_siponimod_genotype_contraindication_is_recorded(knowledge: Knowledge) -> None:
    # Mayzent 4: contraindicated with CYP2C9*3/*3.
    adjustments = knowledge.drugs["siponimod"].adjustments
    assert any("*3/*3" in a.when and a.action == "avoid" for a in adjustments)


def test_ozanimod_hepatic_every_other_day(knowledge: Knowledge) -> None:
    # Zeposia 2.3: Child-Pugh A or B -> 0.92 mg once every other day.
    adj = next(a for a in knowledge.drugs["ozanimod"].adjustments if a.child_pugh == ["A", "B"])
    assert (adj.new_frequency, adj.new_interval, adj.new_dose) == ("every-n-days", 2, None)


def test_cladribine_contraception_both_partners(knowledge: Knowledge) -> None:
    # Mavenclad 4 / 5.2: women and men, 6 months after the last dose of each course.
    contraception = knowledge.drugs["cladribine"].contraception
    assert contraception is not None and contraception.females and contraception.males
    for advice in (contraception.females, contraception.males):
        assert advice.after_last_dose is not None
        assert (advice.after_last_dose.value, advice.after_last_dose.unit) == (6, "months")


def test_glatiramer_boxed_warning_is_anaphylaxis(knowledge: Knowledge) -> None:
    # Copaxone Boxed Warning (January 2025): anaphylaxis.
    warnings = knowledge.drugs["glatiramer-acetate"].boxed_warnings
    assert warnings and "anaphylaxis" in warnings[0].text.lower()


def test_cladribine_is_not_presented_as_a_daily_medicine(knowledge: Knowledge) -> None:
    # Mavenclad 2.2: 1 or 2 tablets once daily on 4 or 5 consecutive days per cycle; two cycles per
    # yearly course, two courses in total. The regimen's per-treatment-day dose must say so.
    regimen = next(r for r in knowledge.drugs["cladribine"].regimens if r.id == "ms")
    assert "not a daily medicine" in regimen.title.lower()
    assert "not a daily medicine" in regimen.text.lower()
    assert regimen.loading and not regimen.loading_doses  # the calendar refuses rather than drawing a daily schedule


def test_three_times_weekly_regimens(knowledge: Knowledge) -> None:
    # Copaxone 2.1 (40 mg/mL) and Rebif 2: three times per week, at least 48 hours apart.
    for slug, regimen_id in (("glatiramer-acetate", "tiw-40"), ("interferon-beta-1a", "rebif-44"), ("interferon-beta-1a", "rebif-22")):
        regimen = next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)
        assert regimen.frequency == "three-times-weekly" and regimen.interval is None
        assert "48 hours" in regimen.text
