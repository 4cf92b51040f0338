"""Spot checks of the biologics-ra monographs against the label sections they cite.

Each row names the label section its expected value was read from. The group: certolizumab pegol
(Cimzia), golimumab (Simponi, Simponi Aria), tocilizumab (Actemra), sarilumab (Kevzara), abatacept
(Orencia) and anakinra (Kineret).
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.snapshot import Knowledge
from tests.rules import assert_one_rule, regimen

GROUP = ("certolizumab-pegol", "golimumab", "tocilizumab", "sarilumab", "abatacept", "anakinra")


REGIMENS = [
    # (drug, regimen id, amount, unit, frequency, interval, label section the values come from)
    ("anakinra", "ra", 100, "mg", "once-daily", None),  # Kineret 2.1: 100 mg/day SC
    ("anakinra", "nomid", 1, "mg/kg", "once-daily", None),  # Kineret 2.2: NOMID start 1-2 mg/kg daily
    ("abatacept", "ra-iv-60-100kg", 750, "mg", "every-n-weeks", 4),  # Orencia 2.1: 60-100 kg, 750 mg, every 4 weeks
    ("abatacept", "ra-sc", 125, "mg", "once-weekly", None),  # Orencia 2.1: 125 mg SC once weekly
    ("abatacept", "pjia-sc-10-25kg", 50, "mg", "once-weekly", None),  # Orencia 2.2: 10 to < 25 kg, 50 mg weekly
    ("tocilizumab", "ra-iv", 4, "mg/kg", "every-n-weeks", 4),  # Actemra 2: RA IV start 4 mg/kg every 4 weeks
    ("tocilizumab", "ra-sc-under-100kg", 162, "mg", "every-n-weeks", 2),  # Actemra 2: < 100 kg, 162 mg every other week
    ("tocilizumab", "gca-sc", 162, "mg", "once-weekly", None),  # Actemra 2: GCA 162 mg every week
    ("sarilumab", "ra", 200, "mg", "every-n-weeks", 2),  # Kevzara 2.2: 200 mg every two weeks
    ("sarilumab", "pmr", 200, "mg", "every-n-weeks", 2),  # Kevzara 2.3: PMR 200 mg every two weeks
    ("certolizumab-pegol", "ra", 200, "mg", "every-n-weeks", 2),  # Cimzia 2: RA 200 mg every other week after loading
    ("certolizumab-pegol", "cd", 400, "mg", "every-n-weeks", 4),  # Cimzia 2: CD 400 mg every four weeks
    ("golimumab", "uc", 100, "mg", "every-n-weeks", 4),  # Simponi 2: UC maintenance 100 mg every 4 weeks
    ("golimumab", "ra-sc", 50, "mg", "every-n-months", 1),  # Simponi 2: 50 mg SC once a month
    ("golimumab", "as-sc", 50, "mg", "every-n-months", 1),  # Simponi 2: 50 mg SC once a month
    ("tocilizumab", "pjia-sc-under-30kg", 162, "mg", "every-n-weeks", 3),  # Actemra 2, pJIA SC: < 30 kg, once every three weeks
    ("tocilizumab", "pjia-sc-30kg", 162, "mg", "every-n-weeks", 2),  # Actemra 2, pJIA SC: >= 30 kg, once every two weeks
    ("tocilizumab", "sjia-sc-under-30kg", 162, "mg", "every-n-weeks", 2),  # Actemra 2, sJIA SC: < 30 kg, every two weeks
    ("tocilizumab", "sjia-sc-30kg", 162, "mg", "once-weekly", None),  # Actemra 2, sJIA SC: >= 30 kg, every week
    ("sarilumab", "pjia-63kg", 200, "mg", "every-n-weeks", 2),  # Kevzara 1/2: pJIA, 63 kg or more, 200 mg every two weeks
    ("golimumab", "ra-iv", 2, "mg/kg", "every-n-weeks", 8),  # Simponi Aria 2: 2 mg/kg every 8 weeks
]


@pytest.mark.parametrize(("slug", "regimen_id", "amount", "unit", "frequency", "interval"), REGIMENS, ids=[f"{r[0]}:{r[1]}" for r in REGIMENS])
def test_main_regimens(knowledge: Knowledge, slug: str, regimen_id: str, amount: float, unit: str, frequency: str, interval: int | None) -> None:
    r = regimen(knowledge, slug, regimen_id)
    assert (r.dose.amount, r.dose.unit, r.frequency, r.interval) == (amount, unit, frequency, interval)
    assert r.sources


LOADING = [
    # (drug, regimen id, [(day, amount)], maintenance from day, label section)
    ("certolizumab-pegol", "ra", [(1, 400), (15, 400), (29, 400)], 43),  # Cimzia 2: 400 mg at weeks 0, 2, 4, then every other week
    ("certolizumab-pegol", "cd", [(1, 400), (15, 400), (29, 400)], 57),  # Cimzia 2: CD 400 mg at 0, 2, 4, then every 4 weeks
    ("golimumab", "uc", [(1, 200), (15, 100)], 43),  # Simponi 2: 200 mg week 0, 100 mg week 2, then every 4 weeks
    ("golimumab", "ra-iv", [(1, 2), (29, 2)], 85),  # Simponi Aria 2: weeks 0 and 4, then every 8 weeks
    ("abatacept", "ra-iv-under-60kg", [(1, 500), (15, 500), (29, 500)], 57),  # Orencia 2.1: weeks 0, 2, 4, then every 4 weeks
]


@pytest.mark.parametrize(("slug", "regimen_id", "doses", "from_day"), LOADING, ids=[f"{r[0]}:{r[1]}" for r in LOADING])
def test_loading_phases(knowledge: Knowledge, slug: str, regimen_id: str, doses: list[tuple[int, float]], from_day: int) -> None:
    r = regimen(knowledge, slug, regimen_id)
    assert [(d.day, d.amount) for d in r.loading_doses] == doses
    assert r.maintenance_from_day == from_day


def test_dose_ceilings(knowledge: Knowledge) -> None:
    # Actemra 2: RA IV not above 800 mg per infusion; GCA IV not above 600 mg per infusion.
    assert (regimen(knowledge, "tocilizumab", "ra-iv").dose.max_amount, regimen(knowledge, "tocilizumab", "ra-iv").dose.max_unit) == (800, "mg")
    assert (regimen(knowledge, "tocilizumab", "gca-iv").dose.max_amount, regimen(knowledge, "tocilizumab", "gca-iv").dose.max_unit) == (600, "mg")
    # Orencia aGVHD: 10 mg/kg, maximum 1,000 mg.
    assert regimen(knowledge, "abatacept", "agvhd").dose.max_amount == 1000
    # Kineret 2.2: NOMID up to 8 mg/kg daily.
    assert (regimen(knowledge, "anakinra", "nomid").dose.max_amount, regimen(knowledge, "anakinra", "nomid").dose.max_unit) == (8, "mg/kg")


def test_anakinra_renal_band(knowledge: Knowledge) -> None:
    # Kineret 2.4: CLcr < 30 mL/min -> consider the prescribed dose every other day.
    adj = next(a for a in knowledge.drugs["anakinra"].adjustments if a.kind == "renal")
    assert adj.crcl is not None and adj.crcl.contains(29.9) and not adj.crcl.contains(30)
    assert (adj.new_frequency, adj.new_interval) == ("every-n-days", 2)


PREGNANCY = [
    # (drug, label pregnancy status, label section)
    ("anakinra", "insufficient-data"),  # Kineret 8.1: data insufficient to identify a drug-associated risk
    ("abatacept", "insufficient-data"),  # Orencia 8.1: human data insufficient
    ("tocilizumab", "insufficient-data"),  # Actemra 8.1: limited data
    ("sarilumab", "insufficient-data"),  # Kevzara 8.1: limited human data not sufficient
    ("certolizumab-pegol", "use-with-caution"),  # Cimzia 8.1: use when needed; minimal placental transfer
    ("golimumab", "use-with-caution"),  # Simponi 8.1: crosses the placenta in the third trimester
]


@pytest.mark.parametrize(("slug", "status"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_status(knowledge: Knowledge, slug: str, status: str) -> None:
    drug = knowledge.drugs[slug]
    assert drug.pregnancy is not None and drug.pregnancy.status == status
    assert any(c.section.startswith("8.1") for c in drug.pregnancy.sources)


BSR_2022 = [
    # (drug, BSR 2022 Table 1 pregnancy position, breastfeeding position)
    ("certolizumab-pegol", "compatible", "compatible"),  # Table 1: yes in all trimesters and breastfeeding
    ("golimumab", "compatible", "compatible"),  # Table 1: yes
    ("tocilizumab", "avoid", "compatible"),  # Table 1, IL-6 inhibitors: consider stopping at conception; breastfeeding yes
    ("sarilumab", "avoid", "compatible"),  # Table 1, IL-6 inhibitors
    ("anakinra", "avoid", "compatible"),  # Table 1, IL-1 inhibitors
    ("abatacept", "avoid", "compatible"),  # Table 1, abatacept
]


@pytest.mark.parametrize(("slug", "pregnancy", "breastfeeding"), BSR_2022, ids=[b[0] for b in BSR_2022])
def test_bsr_2022_positions(knowledge: Knowledge, slug: str, pregnancy: str, breastfeeding: str) -> None:
    drug = knowledge.drugs[slug]
    assert drug.pregnancy is not None and drug.breastfeeding is not None
    assert [g.status for g in drug.pregnancy.guidelines if any(c.source == "bsr-2022-pregnancy" for c in g.sources)] == [pregnancy]
    assert [g.status for g in drug.breastfeeding.guidelines if any(c.source == "bsr-2022-pregnancy" for c in g.sources)] == [breastfeeding]


INTERACTIONS = [
    # (a, b, rule id, severity, action, label section)
    ("Kineret", "Enbrel", "anakinra-tnf-inhibitors", "major", "avoid"),  # Kineret 5.2/7.1: with TNF blockers not recommended (7% vs 0% serious infections)
    ("Orencia", "Humira", "abatacept-tnf-inhibitors", "major", "avoid"),  # Orencia 5: with TNF antagonists not recommended
    ("Cimzia", "Kineret", "anakinra-tnf-inhibitors", "major", "avoid"),  # Kineret 7.1 (a TNF blocker with anakinra)
    ("Actemra", "simvastatin", "tocilizumab-simvastatin", "moderate", "monitor"),  # Actemra 7.2: simvastatin exposure down 57% a week after one dose
    ("Kevzara", "warfarin", "sarilumab-warfarin", "moderate", "monitor"),  # Kevzara SmPC 4.5 / label 7: monitor warfarin effect
    ("Simponi", "warfarin", "golimumab-warfarin", "moderate", "monitor"),  # Simponi 7: CYP450 substrates
    ("Simponi Aria", "yellow fever vaccine", "golimumab-live-vaccines", "major", "avoid"),  # Simponi Aria 7: no live vaccines
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action"), INTERACTIONS, ids=[i[2] + ":" + i[1] for i in INTERACTIONS])
def test_key_interactions(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, "", f"{a} + {b}")


def test_every_drug_is_a_complete_sourced_monograph(knowledge: Knowledge) -> None:
    for slug in GROUP:
        drug = knowledge.drugs[slug]
        assert drug.category == "immunomodulator"
        assert "biologics" in drug.classes
        assert drug.reviewer.endswith("(second-pass checked)")
        assert drug.label_source and drug.label_source.startswith("fda-label-")
        for r in drug.regimens:
            assert r.sources, (slug, r.title)


def test_biosimilars_and_brands_resolve(knowledge: Knowledge) -> None:
    resolver = NameResolver(knowledge)
    for name, slug in [("RoActemra", "tocilizumab"), ("Tyenne", "tocilizumab"), ("Tofidence", "tocilizumab"), ("Simponi Aria", "golimumab"), ("Kineret", "anakinra"), ("Orencia", "abatacept"), ("Kevzara", "sarilumab"), ("Cimzia", "certolizumab-pegol")]:
        match = resolver.resolve(name).match
        assert match is not None and match.slug == slug, name


def test_weight_band_edges(knowledge: Knowledge) -> None:
    # Actemra 2 (pJIA and sJIA): "less than 30 kg" / "at or above 30 kg"; Kevzara pJIA: "63 kg or greater".
    assert not regimen(knowledge, "tocilizumab", "pjia-sc-under-30kg").weight_kg.contains(30)
    assert regimen(knowledge, "tocilizumab", "pjia-sc-30kg").weight_kg.contains(30)
    assert regimen(knowledge, "tocilizumab", "sjia-sc-30kg").weight_kg.contains(30)
    assert regimen(knowledge, "sarilumab", "pjia-63kg").weight_kg.contains(63)
    assert not regimen(knowledge, "sarilumab", "pjia-63kg").weight_kg.contains(62.9)
    # Orencia 2 (adult IV): "less than 60 kg", "60 to 100 kg", "more than 100 kg".
    assert regimen(knowledge, "abatacept", "ra-iv-60-100kg").weight_kg.contains(60)
    assert regimen(knowledge, "abatacept", "ra-iv-60-100kg").weight_kg.contains(100)
    assert not regimen(knowledge, "abatacept", "ra-iv-over-100kg").weight_kg.contains(100)
