"""Spot checks of the belimumab, anifrolumab, vedolizumab and prednisone monographs against their labels.

Each row names the label section the expected value was read from. The tables check the main
regimens, the pregnancy statuses, a key interaction per drug (through the real checker), and the
sections every monograph must carry.
"""

from __future__ import annotations

import pytest

from immunoguide.knowledge.model import MONOGRAPH_SECTIONS
from tests.rules import assert_one_rule, regimen

DRUGS = ("belimumab", "anifrolumab", "vedolizumab", "prednisone")


REGIMENS = [
    # (drug, regimen id, amount, amount_max, unit, route, frequency, interval, label section)
    ("belimumab", "sle-iv", 10, None, "mg/kg", "intravenous", "every-n-weeks", 4, "Benlysta 2.2: 10 mg/kg; 2-week intervals x3, then every 4 weeks"),
    ("belimumab", "sle-sc", 200, None, "mg", "subcutaneous", "once-weekly", None, "Benlysta 2.3 Table 1: adults with SLE, 200 mg once weekly"),
    ("belimumab", "ln-sc", 200, None, "mg", "subcutaneous", "once-weekly", None, "Benlysta 2.3 Table 1: LN 400 mg weekly x4, then 200 mg weekly"),
    ("anifrolumab", "sle-iv", 300, None, "mg", "intravenous", "every-n-weeks", 4, "Saphnelo 2.1: 300 mg IV over 30 minutes every 4 weeks"),
    ("vedolizumab", "uc-iv", 300, None, "mg", "intravenous", "every-n-weeks", 8, "Entyvio D&A (UC and CD): 300 mg at weeks 0, 2, 6, then every 8 weeks"),
    ("vedolizumab", "cd-sc", 108, None, "mg", "subcutaneous", "every-n-weeks", 2, "Entyvio D&A (UC and CD): 108 mg SC every 2 weeks from week 6"),
    ("prednisone", "ra", 5, 60, "mg", "oral", "once-daily", None, "Prednisone DOSAGE AND ADMINISTRATION: 5 mg to 60 mg per day"),
]


@pytest.mark.parametrize(("drug", "rid", "amount", "amount_max", "unit", "route", "frequency", "interval", "label"), REGIMENS, ids=[f"{r[0]}-{r[1]}" for r in REGIMENS])
def test_main_regimen(knowledge, drug, rid, amount, amount_max, unit, route, frequency, interval, label) -> None:
    r = regimen(knowledge, drug, rid)
    assert (r.dose.amount, r.dose.amount_max, r.dose.unit, r.route, r.frequency, r.interval) == (amount, amount_max, unit, route, frequency, interval), label
    assert r.sources, label


LOADING = [
    # (drug, regimen id, [(day, amount, unit)], maintenance from day, label section)
    ("belimumab", "sle-iv", [(1, 10, "mg/kg"), (15, 10, "mg/kg"), (29, 10, "mg/kg")], 57, "Benlysta 2.2: first 3 doses at 2-week intervals"),
    ("belimumab", "ln-sc", [(1, 400, "mg"), (8, 400, "mg"), (15, 400, "mg"), (22, 400, "mg")], 29, "Benlysta 2.3: 400 mg once weekly for 4 doses"),
    ("vedolizumab", "cd-iv", [(1, 300, "mg"), (15, 300, "mg"), (43, 300, "mg")], 99, "Entyvio D&A (UC and CD): weeks 0, 2 and 6, then every 8 weeks"),
    ("vedolizumab", "uc-sc", [(1, 300, "mg"), (15, 300, "mg")], 43, "Entyvio D&A (UC and CD): IV at weeks 0 and 2, SC from week 6"),
]


@pytest.mark.parametrize(("drug", "rid", "doses", "from_day", "label"), LOADING, ids=[f"{r[0]}-{r[1]}" for r in LOADING])
def test_loading_phase(knowledge, drug, rid, doses, from_day, label) -> None:
    r = regimen(knowledge, drug, rid)
    assert [(d.day, d.amount, d.unit) for d in r.loading_doses] == doses, label
    assert r.maintenance_from_day == from_day, label


PREGNANCY = [
    # (drug, label status, label section)
    ("belimumab", "insufficient-data", "Benlysta 8.1: data insufficient to establish a drug-associated risk"),
    ("anifrolumab", "insufficient-data", "Saphnelo 8.1: limited human data, insufficient to inform drug-associated risk"),
    ("vedolizumab", "use-with-caution", "Entyvio 8.1: no drug-associated risk identified in available data; data limited"),
    ("prednisone", "use-with-caution", "Rayos 8.1: corticosteroids can cause fetal harm; NHS: can be taken in pregnancy; BSR: prednisolone compatible"),
]


@pytest.mark.parametrize(("drug", "status", "label"), PREGNANCY, ids=[p[0] for p in PREGNANCY])
def test_pregnancy_status(knowledge, drug, status, label) -> None:
    assert knowledge.drugs[drug].pregnancy.status == status, label


def test_belimumab_contraception_runs_4_months_after_the_last_dose(knowledge) -> None:
    # Benlysta 8.3: effective contraception during treatment and for at least 4 months after the final dose.
    after = knowledge.drugs["belimumab"].contraception.females.after_last_dose
    assert (after.value, after.unit) == (4, "months")


INTERACTIONS = [
    # (a, b, rule id, severity, action, label section)
    ("Benlysta", "Humira", "belimumab-biologics", "major", "avoid", "Benlysta 2017 label, 1 Limitations of Use: not studied with other biologics; not recommended"),
    ("Benlysta", "varicella vaccine", "belimumab-live-vaccines", "major", "avoid", "Benlysta W&P (immunization): no live vaccines 30 days before or during"),
    ("Saphnelo", "rituximab", "anifrolumab-biologics", "major", "avoid", "Saphnelo 5.5: not recommended with other biologic therapies"),
    ("Saphnelo", "MMR", "anifrolumab-live-vaccines", "major", "avoid", "Saphnelo 5.4: avoid live or live-attenuated vaccines"),
    ("Entyvio", "Remicade", "vedolizumab-tnf-inhibitors", "major", "avoid", "Entyvio 7: avoid use with TNF blockers"),
    ("Entyvio", "yellow fever vaccine", "vedolizumab-live-vaccines", "moderate", "use-with-care", "Entyvio 5.5: live vaccines only if benefits outweigh risks"),
    ("prednisone", "ibuprofen", "prednisone-nsaids", "moderate", "monitor", "Rayos 7: more GI effects with aspirin or NSAIDs"),
    ("prednisone", "rifampicin", "prednisone-strong-cyp3a4-inducers", "moderate", "monitor", "Rayos 7: CYP3A4 inducers lower corticosteroid effect"),
    ("prednisone", "yellow fever vaccine", "live-vaccines-immunosuppressants", "major", "avoid", "CDC ACIP: 20 mg/day for 2 weeks or more is immunosuppressive"),
]


@pytest.mark.parametrize(("a", "b", "rule_id", "severity", "action", "label"), INTERACTIONS, ids=[i[2] + ":" + i[1] for i in INTERACTIONS])
def test_key_interaction(checker, a, b, rule_id, severity, action, label) -> None:
    assert_one_rule(checker, a, b, rule_id, severity, action, "", label)


@pytest.mark.parametrize("drug", DRUGS)
def test_monograph_is_complete_and_biologics_are_classed(knowledge, drug) -> None:
    d = knowledge.drugs[drug]
    assert d.category == "immunomodulator"
    assert all(getattr(d, name) for name in MONOGRAPH_SECTIONS), drug
    if drug != "prednisone":
        assert "biologics" in d.classes
    assert d.reviewer == "ImmunoGuide editorial team (second-pass checked)"


def test_prednisone_keeps_only_confirmed_guideline_positions(knowledge) -> None:
    # BSR's pregnancy position was cross-checked (UKTIS quotes it); breastfeeding and paternal positions
    # could not be confirmed and were removed. NHS (prednisolone) gives the breastfeeding advice.
    d = knowledge.drugs["prednisone"]
    assert [g.status for g in d.pregnancy.guidelines] == ["compatible"]
    assert d.breastfeeding.guidelines == []
    assert d.paternal is None


def test_anifrolumab_renal_bands_are_the_labels_egfr_edges(knowledge) -> None:
    # Saphnelo 12.3 (v8): mild 60-89 and moderate 30-59 mL/min/1.73 m2 comparable; none studied under 30.
    renal = [a for a in knowledge.drugs["anifrolumab"].adjustments if a.kind == "renal" and a.crcl]
    bands = {a.action: (a.crcl.min, a.crcl.max, a.crcl.min_inclusive, a.crcl.max_inclusive) for a in renal}
    assert bands == {"no-change": (30, 89, True, True), "not-studied": (None, 30, True, False)}
    assert all("eGFR" in a.when for a in renal)


def test_no_belimumab_statement_rests_on_the_unconfirmed_eu_sections(knowledge) -> None:
    # EU SmPC 4.2 and 4.6 points (6-month review, fertility, infant B cells) could not be found in the
    # SmPC read; only sections 2 and 4.1 are cited.
    from immunoguide.knowledge.model import citations_in

    sections = {c.section for _, c in citations_in(knowledge.drugs["belimumab"]) if c.source == "ema-smpc-belimumab"}
    assert sections <= {"2. Qualitative and quantitative composition", "4.1 Therapeutic indications"}
