"""The dose calculator against the label sections its adjustments cite.

Each row: a request as a person would make it, the recommended dose the label
gives (amount, amount_max, unit, frequency, interval; None when the label leaves
no dose to give), the adjustments that must apply, and the label section the
expected values were read from. A closing test checks that every structured
adjustment in the knowledge base is exercised by at least one row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from immunoguide.clinical.dosing import DoseError, DoseRequest, calculate
from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.model import Band
from tests.conftest import CONTENT

KNOWLEDGE = load_content(CONTENT)
CHECKER = InteractionChecker(KNOWLEDGE, NameResolver(KNOWLEDGE))
APPLIED: set[tuple[str, str]] = set()  # (drug, adjustment "when") seen applied by the table


def dose(drug: str, indication: str | None = None, regimen: str | None = None, medicines: tuple[str, ...] = (), **patient: object) -> dict:
    answer = calculate(KNOWLEDGE, CHECKER, DoseRequest(drug=drug, indication=indication, regimen=regimen, medicines=list(medicines), patient=patient))
    out = answer.as_json(KNOWLEDGE)
    APPLIED.update((answer.drug.slug, a["reason"]) for a in out["adjustments_applied"] + out["notes"])
    return out


def D(amount: float, unit: str = "mg", frequency: str = "once-daily", interval: int | None = None, amount_max: float | None = None) -> tuple:  # noqa: N802
    return (amount, amount_max, unit, frequency, interval)


def got(d: dict | None) -> tuple | None:
    return None if d is None else (d["amount"], d["amount_max"], d["unit"], d["frequency"], d["interval"])


CASES = [
    # (id, request, expected recommended, text every applied reason must include one of, label section)
    # --- pomalidomide (Pomalyst 2.7 renal, 2.8 hepatic, 2.6 strong CYP1A2 inhibitors)
    ("pom-mm-hd", dict(drug="Pomalyst", indication="multiple-myeloma", dialysis=True), D(3), ["haemodialysis"], "Pomalyst 2.7: MM on haemodialysis 3 mg"),
    ("pom-ks-hd", dict(drug="pomalidomide", indication="kaposi-sarcoma", dialysis=True), D(4), ["haemodialysis"], "Pomalyst 2.7: KS on haemodialysis 4 mg"),
    ("pom-mm-crcl20", dict(drug="pomalidomide", indication="multiple-myeloma", crcl_ml_min=20, dialysis=False), D(4), ["not on dialysis"], "Pomalyst 2.7: no change without dialysis"),
    ("pom-mm-cpA", dict(drug="pomalidomide", indication="multiple-myeloma", child_pugh="A"), D(3), ["Child-Pugh A or B"], "Pomalyst 2.8: mild/moderate 3 mg"),
    ("pom-mm-cpC", dict(drug="pomalidomide", indication="multiple-myeloma", child_pugh="C"), D(2), ["Child-Pugh C"], "Pomalyst 2.8: severe 2 mg"),
    ("pom-ks-cpC", dict(drug="pomalidomide", indication="kaposi-sarcoma", child_pugh="C"), D(3), ["Kaposi"], "Pomalyst 2.8: KS any hepatic impairment 3 mg"),
    ("pom-fluvox", dict(drug="pomalidomide", indication="multiple-myeloma", medicines=("fluvoxamine",)), None, ["CYP1A2"], "Pomalyst 2.6: avoid strong CYP1A2 inhibitors"),
    # --- lenalidomide (Revlimid 2.6, Table 3)
    ("len-mmdex-45", dict(drug="Revlimid", indication="multiple-myeloma", crcl_ml_min=45, dialysis=False), D(10), ["30 to 60"], "Revlimid 2.6: MM + dex CLcr 30-60 → 10 mg daily"),
    ("len-mmdex-60", dict(drug="lenalidomide", regimen="mm-dex", crcl_ml_min=60, dialysis=False), D(10), ["30 to 60"], "Revlimid 2.6: band 30-60 includes 60"),
    ("len-mmdex-61", dict(drug="lenalidomide", regimen="mm-dex", crcl_ml_min=61, dialysis=False), D(25), [], "Revlimid 2.2: 25 mg days 1-21"),
    ("len-mmdex-20", dict(drug="lenalidomide", regimen="mm-dex", crcl_ml_min=20, dialysis=False), D(15, frequency="every-n-days", interval=2), ["below 30"], "Revlimid 2.6: CLcr <30 → 15 mg every 48 h"),
    ("len-mmdex-hd", dict(drug="lenalidomide", regimen="mm-dex", crcl_ml_min=10, dialysis=True), D(5), ["on dialysis"], "Revlimid 2.6: dialysis → 5 mg daily, after dialysis"),
    ("len-mmdex-hd-no-crcl", dict(drug="lenalidomide", regimen="mm-dex", dialysis=True), D(5), ["on dialysis"], "Revlimid 2.6: dialysis is the lowest band"),
    ("len-maint-45", dict(drug="lenalidomide", regimen="mm-maintenance", crcl_ml_min=45, dialysis=False), D(5), ["30 to 60"], "Revlimid 2.6: maintenance CLcr 30-60 → 5 mg"),
    ("len-maint-20", dict(drug="lenalidomide", regimen="mm-maintenance", crcl_ml_min=20, dialysis=False), D(2.5), ["below 30"], "Revlimid 2.6: maintenance CLcr <30 → 2.5 mg"),
    ("len-maint-hd", dict(drug="lenalidomide", regimen="mm-maintenance", dialysis=True), D(2.5), ["on dialysis"], "Revlimid 2.6: maintenance dialysis → 2.5 mg"),
    ("len-mds-45", dict(drug="lenalidomide", indication="myelodysplastic-syndromes", crcl_ml_min=45, dialysis=False), D(5), ["30 to 60"], "Revlimid 2.6: MDS CLcr 30-60 → 5 mg"),
    ("len-mds-20", dict(drug="lenalidomide", indication="myelodysplastic-syndromes", crcl_ml_min=20, dialysis=False), D(2.5), ["below 30"], "Revlimid 2.6: MDS CLcr <30 → 2.5 mg"),
    ("len-mds-hd", dict(drug="lenalidomide", indication="myelodysplastic-syndromes", dialysis=True), D(2.5), ["on dialysis"], "Revlimid 2.6: MDS dialysis → 2.5 mg"),
    ("len-mcl-45", dict(drug="lenalidomide", regimen="mcl", crcl_ml_min=45, dialysis=False), D(10), ["30 to 60"], "Revlimid 2.6: MCL CLcr 30-60 → 10 mg"),
    ("len-mcl-20", dict(drug="lenalidomide", regimen="mcl", crcl_ml_min=20, dialysis=False), D(15, frequency="every-n-days", interval=2), ["below 30"], "Revlimid 2.6: MCL CLcr <30 → 15 mg every 48 h"),
    ("len-mcl-hd", dict(drug="lenalidomide", regimen="mcl", dialysis=True), D(5), ["on dialysis"], "Revlimid 2.6: MCL dialysis → 5 mg"),
    ("len-fl-45", dict(drug="lenalidomide", regimen="fl-mzl", crcl_ml_min=45, dialysis=False), D(10), ["30 to 60"], "Revlimid 2.6: FL/MZL CLcr 30-60 → 10 mg"),
    ("len-fl-20", dict(drug="lenalidomide", regimen="fl-mzl", crcl_ml_min=20, dialysis=False), D(5), ["below 30"], "Revlimid 2.6: FL/MZL CLcr <30 → 5 mg"),
    ("len-fl-hd", dict(drug="lenalidomide", regimen="fl-mzl", dialysis=True), D(5), ["on dialysis"], "Revlimid 2.6: FL/MZL dialysis → 5 mg"),
    # Cockcroft-Gault feeds the band: (140-70)*70/(72*2.5) = 27.2 mL/min → below 30.
    ("len-cg", dict(drug="lenalidomide", regimen="mm-dex", age_years=70, sex="male", weight_kg=70, serum_creatinine={"value": 2.5, "unit": "mg/dL"}), D(15, frequency="every-n-days", interval=2), ["below 30"], "Cockcroft-Gault 1976 + Revlimid 2.6"),
    # --- tofacitinib (Xeljanz 2.3 Table 1 adults RA/PsA/AS; 2.4 pcJIA; UC table)
    ("tofa-mild", dict(drug="Xeljanz", regimen="ra", crcl_ml_min=80), D(5, frequency="twice-daily"), ["Mild kidney"], "Xeljanz 2.3: CLcr >50 and ≤80 → no change"),
    ("tofa-50", dict(drug="Xeljanz", regimen="ra", crcl_ml_min=50), D(5), ["Moderate kidney"], "Xeljanz 2.3: CLcr ≥30 and ≤50 → 5 mg once daily"),
    ("tofa-severe", dict(drug="tofacitinib", regimen="psa", crcl_ml_min=20), D(5), ["Severe kidney"], "Xeljanz 2.3: CLcr <30 → 5 mg once daily"),
    ("tofa-xr-hd", dict(drug="tofacitinib", regimen="ra-xr", dialysis=True), D(5), ["Severe kidney", "Haemodialysis"], "Xeljanz 2.3: XR → Xeljanz 5 mg once daily"),
    ("tofa-cpA", dict(drug="tofacitinib", regimen="as", child_pugh="A"), D(5, frequency="twice-daily"), ["Child-Pugh A"], "Xeljanz 2.3: mild HI no change"),
    ("tofa-cpB", dict(drug="tofacitinib", regimen="ra", child_pugh="B"), D(5), ["Child-Pugh B"], "Xeljanz 2.3: moderate HI → 5 mg once daily"),
    ("tofa-cpC", dict(drug="tofacitinib", regimen="ra", child_pugh="C"), None, ["Child-Pugh C"], "Xeljanz 2.3: severe HI not recommended"),
    ("tofa-keto", dict(drug="tofacitinib", regimen="ra", medicines=("ketoconazole",)), D(5), ["strong CYP3A4 inhibitor"], "Xeljanz 2.3: strong CYP3A4 inhibitor → 5 mg once daily"),
    ("tofa-fluco", dict(drug="tofacitinib", regimen="ra", medicines=("Diflucan",)), D(5), ["moderate CYP3A4 and strong CYP2C19"], "Xeljanz 2.3: fluconazole → 5 mg once daily"),
    ("tofa-rif", dict(drug="tofacitinib", regimen="ra", medicines=("rifampicin",)), None, ["CYP3A4 inducer"], "Xeljanz 7: strong CYP3A4 inducers not recommended"),
    ("tofa-humira", dict(drug="tofacitinib", regimen="ra", medicines=("Humira",)), None, ["Biologic DMARDs"], "Xeljanz 1: not with biologic DMARDs"),
    ("tofa-aza", dict(drug="tofacitinib", regimen="ra", medicines=("azathioprine",)), None, ["Biologic DMARDs"], "Xeljanz 1: not with potent immunosuppressants such as azathioprine"),
    ("tofa-uc-renal", dict(drug="tofacitinib", regimen="uc", crcl_ml_min=40), None, ["ulcerative colitis"], "Xeljanz UC table: modelled in words only"),
    ("tofa-uc-cpB", dict(drug="tofacitinib", regimen="uc", child_pugh="B"), None, ["ulcerative colitis"], "Xeljanz UC table: moderate HI"),
    ("tofa-uc-keto", dict(drug="tofacitinib", regimen="uc-xr", medicines=("ketoconazole",)), None, ["ulcerative colitis"], "Xeljanz 7 / UC table"),
    ("tofa-jia-renal", dict(drug="tofacitinib", indication="juvenile-idiopathic-arthritis", age_years=9, weight_kg=25, crcl_ml_min=40), D(4), ["juvenile"], "Xeljanz 2.4: 4 mg twice daily → once daily"),
    ("tofa-jia-hd", dict(drug="tofacitinib", indication="juvenile-idiopathic-arthritis", age_years=9, weight_kg=15, dialysis=True), D(3.2), ["juvenile"], "Xeljanz 2.4: 3.2 mg once daily"),
    ("tofa-jia-cpB", dict(drug="tofacitinib", indication="juvenile-idiopathic-arthritis", age_years=12, weight_kg=45, child_pugh="B"), D(5), ["juvenile"], "Xeljanz 2.4: 5 mg once daily"),
    ("tofa-jia-keto", dict(drug="tofacitinib", indication="juvenile-idiopathic-arthritis", age_years=9, weight_kg=25, medicines=("ketoconazole",)), D(4), ["juvenile"], "Xeljanz 2.4"),
    ("tofa-jia-fluco", dict(drug="tofacitinib", indication="juvenile-idiopathic-arthritis", age_years=9, weight_kg=25, medicines=("fluconazole",)), D(4), ["juvenile"], "Xeljanz 2.4"),
    # --- azathioprine (Imuran PRECAUTIONS: drug interactions)
    ("aza-allopurinol", dict(drug="Imuran", indication="rheumatoid-arthritis", weight_kg=70, medicines=("allopurinol",)), D(17.5, amount_max=23.3), ["allopurinol"], "Imuran: 1/3 to 1/4 of 1 mg/kg × 70 kg"),
    ("aza-febuxostat", dict(drug="azathioprine", indication="rheumatoid-arthritis", weight_kg=70, medicines=("febuxostat",)), None, ["febuxostat"], "Febuxostat label: contraindicated with azathioprine"),
    # --- mycophenolate mofetil (CellCept 2.5, 8.6)
    ("mmf-kidney-gfr20", dict(drug="CellCept", regimen="kidney-oral", crcl_ml_min=20), D(1, unit="g", frequency="twice-daily"), ["GFR below 25"], "CellCept 2.5: no more than 1 g twice daily"),
    ("mmf-heart-gfr20", dict(drug="mycophenolate", regimen="heart-oral", crcl_ml_min=20), None, ["Heart or liver"], "CellCept 8.6: no data in heart/liver transplant with severe CKD"),
    # --- cyclophosphamide (8.6: CrCl 10 to 24 → monitor, no fixed dose)
    ("cyc-renal", dict(drug="cyclophosphamide", indication="nephrotic-syndrome", age_years=8, weight_kg=25, crcl_ml_min=20), D(50), ["10 to 24"], "Cyclophosphamide 2.2: 2 mg/kg × 25 kg; 8.6 monitor"),
    ("cyc-dialysis", dict(drug="cyclophosphamide", indication="nephrotic-syndrome", age_years=8, weight_kg=25, dialysis=True), D(50), ["On dialysis"], "Cyclophosphamide 8.6: dialysable; time doses to dialysis"),
    # --- hydroxychloroquine (label: ≤ 6.5 mg/kg/day, max 600; AAO 2016: ≤ 5 mg/kg/day)
    ("hcq-caps", dict(drug="Plaquenil", regimen="ra-start", weight_kg=60), D(300), ["long-term use"], "Plaquenil DOSAGE; AAO 2016: 5 mg/kg × 60 kg"),
    # --- thalidomide (Thalomid 2.2: ENL under 50 kg start at the low end, 100 mg)
    ("thal-enl-45kg", dict(drug="Thalomid", indication="erythema-nodosum-leprosum", weight_kg=45), D(100), ["less than 50 kg"], "Thalomid 2.2"),
    ("thal-enl-70kg", dict(drug="thalidomide", indication="erythema-nodosum-leprosum", weight_kg=70), D(100, amount_max=300), [], "Thalomid 2.2: 100-300 mg"),
    # --- leflunomide (Arava 2.1: no loading dose with methotrexate or other immunosuppressants)
    ("lef-mtx", dict(drug="Arava", medicines=("methotrexate",)), D(20), ["methotrexate"], "Arava 2.1: 20 mg, no loading dose"),
    # --- TNF inhibitors and fingolimod
    ("ada-mtx", dict(drug="Humira", indication="rheumatoid-arthritis", age_years=50, medicines=("methotrexate",)), D(40, frequency="every-n-weeks", interval=2), ["methotrexate"], "Humira 7: no adjustment with MTX"),
    ("ada-etanercept", dict(drug="Humira", indication="rheumatoid-arthritis", age_years=50, medicines=("Enbrel",)), None, ["TNF blocker"], "Humira 7: not with other TNF blockers"),
    ("ifx-biologic", dict(drug="Remicade", indication="crohns-disease", age_years=40, weight_kg=70, medicines=("adalimumab",)), None, ["another biologic"], "Remicade 7: not with other biologics"),
    ("eta-cyclophosphamide", dict(drug="Enbrel", indication="rheumatoid-arthritis", age_years=50, medicines=("cyclophosphamide",)), None, ["cyclophosphamide"], "Enbrel 7: not with cyclophosphamide"),
    ("fingo-amiodarone", dict(drug="Gilenya", age_years=40, medicines=("amiodarone",)), None, ["Class Ia"], "Gilenya 7: class Ia/III antiarrhythmics"),
    ("fingo-sotalol", dict(drug="Gilenya", age_years=40, medicines=("sotalol",)), None, ["Class Ia"], "Gilenya 7: sotalol (class III, slows the heart)"),
    ("fingo-keto", dict(drug="fingolimod", age_years=40, medicines=("ketoconazole",)), D(0.5), ["ketoconazole"], "Gilenya 7: monitor with ketoconazole"),
    ("fingo-cpB", dict(drug="fingolimod", age_years=40, child_pugh="B"), D(0.5), ["Child-Pugh A or B"], "Gilenya 8.7: no change"),
    ("fingo-cpC", dict(drug="fingolimod", age_years=40, child_pugh="C"), D(0.5), ["Child-Pugh C"], "Gilenya 8.7: monitor"),
    ("fingo-child", dict(drug="fingolimod", age_years=12, weight_kg=35), D(0.25), [], "Gilenya 2.2: children ≤ 40 kg 0.25 mg"),
]


def _yaml_cases() -> list[tuple]:
    """More rows, one file per drug group: tests/clinical/dose_cases/*.yaml (same columns as CASES)."""
    rows = []
    for path in sorted((Path(__file__).parent / "dose_cases").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text()) or []:
            request_ = {"drug": row["drug"], **{k: row[k] for k in ("indication", "regimen") if row.get(k)}, **row.get("patient", {})}
            if row.get("medicines"):
                request_["medicines"] = tuple(row["medicines"])
            e = row["expected"]
            expected = None if e is None else D(e["amount"], e.get("unit", "mg"), e.get("frequency", "once-daily"), e.get("interval"), e.get("amount_max"))
            rows.append((f"{path.stem}:{row['id']}", request_, expected, row.get("reasons", []), row["source"]))
    return rows


CASES += _yaml_cases()


@pytest.mark.parametrize(("case", "request_", "expected", "reasons", "source"), CASES, ids=[c[0] for c in CASES])
def test_label_dose(case: str, request_: dict, expected: tuple | None, reasons: list[str], source: str) -> None:
    fields = dict(request_)
    drug, indication, regimen = fields.pop("drug"), fields.pop("indication", None), fields.pop("regimen", None)
    medicines = fields.pop("medicines", ())
    answer = dose(drug, indication, regimen, medicines, **fields)
    assert got(answer["recommended"]) == expected, source
    applied = [a["reason"] for a in answer["adjustments_applied"] + answer["notes"]]
    for text in reasons:
        assert any(text in r for r in applied), f"{text!r} not among {applied} ({source})"
    if expected is None:
        assert answer["warnings"], "a missing dose always says why"
    for a in answer["adjustments_applied"]:
        assert a["sources"] and all(s["date"] for s in a["sources"])


def test_every_structured_adjustment_has_a_row() -> None:
    for case in CASES:  # make sure the table ran, whatever order pytest chose
        fields = dict(case[1])
        dose(fields.pop("drug"), fields.pop("indication", None), fields.pop("regimen", None), fields.pop("medicines", ()), **fields)
    structured = {(d.slug, a.when) for d in KNOWLEDGE.drugs.values() for a in d.adjustments if a.structured or a.action == "cap-dose"}
    assert structured - APPLIED == set()


def test_avoid_gives_the_labels_dose_if_unavoidable() -> None:
    answer = dose("pomalidomide", "multiple-myeloma", medicines=("fluvoxamine",))
    rule = answer["adjustments_applied"][0]
    assert got(rule["if_unavoidable"]) == D(2)  # Pomalyst 2.6
    assert answer["interactions"][0]["severity"] == "major"


def test_different_doses_are_not_combined() -> None:
    # Pomalyst: haemodialysis (3 mg) and Child-Pugh C (2 mg); the label does not say how to combine them.
    answer = dose("pomalidomide", "multiple-myeloma", dialysis=True, child_pugh="C")
    assert answer["recommended"] is None
    assert any("do not" in w.lower() or "does not say" in w for w in answer["warnings"])


def test_same_dose_from_two_rules_is_given_once() -> None:
    answer = dose("tofacitinib", regimen="ra", crcl_ml_min=40, medicines=("ketoconazole",))
    assert got(answer["recommended"]) == D(5)
    assert any("same dose" in w for w in answer["warnings"])


def test_weight_based_dose_needs_weight() -> None:
    answer = dose("infliximab", "crohns-disease", age_years=40)
    assert answer["standard"]["amount"] is None and answer["standard"]["per"]["unit"] == "mg/kg"
    assert answer["recommended"] is None
    assert any("weight" in w for w in answer["warnings"])
    assert got(dose("infliximab", "crohns-disease", age_years=40, weight_kg=72)["recommended"]) == D(360, frequency="every-n-weeks", interval=8)


def test_bsa_dose_with_its_cap() -> None:
    # CellCept 2.3: 600 mg/m² twice daily, up to 1 g twice daily; BSA (Mosteller) of 150 cm, 50 kg = 1.44 m².
    answer = dose("mycophenolate", regimen="kidney-child", age_years=12, weight_kg=50, height_cm=150)
    assert answer["calculated"]["bsa_m2"] == 1.44
    assert got(answer["recommended"]) == D(864, frequency="twice-daily")
    big = dose("mycophenolate", regimen="kidney-child", age_years=16, weight_kg=90, height_cm=185)
    assert got(big["recommended"]) == D(1000, frequency="twice-daily")


def test_regimen_is_chosen_by_age_and_weight() -> None:
    assert dose("Humira", "crohns-disease", age_years=10, weight_kg=30)["regimen"]["title"] == "Crohn's disease in children weighing 17 kg to under 40 kg"
    assert dose("Humira", "crohns-disease", age_years=30, weight_kg=30)["regimen"]["title"] == "Crohn's disease"
    assert dose("Humira", "hidradenitis-suppurativa", age_years=14, weight_kg=45)["regimen"]["title"].startswith("Hidradenitis suppurativa in teenagers")
    none = dose("Humira", "juvenile-idiopathic-arthritis", age_years=3, weight_kg=8)
    assert none["regimen"] is None and none["recommended"] is None and "no" in none["warnings"][0]


def test_boundary_and_missing_data_warnings() -> None:
    near = dose("lenalidomide", regimen="mm-dex", crcl_ml_min=58, dialysis=False)
    assert any("close to the label's boundary at 60" in w for w in near["warnings"])
    silent = dose("lenalidomide", regimen="mm-dex")
    assert got(silent["recommended"]) == D(25)
    assert any("Kidney function was not given" in w for w in silent["warnings"])


def test_unknown_medicines_are_reported_not_dropped() -> None:
    answer = dose("pomalidomide", "multiple-myeloma", medicines=("fluvoxamin", "zzqx"))
    assert [u["input"] for u in answer["unknown"]] == ["zzqx"]
    assert any("not recognised" in w for w in answer["warnings"])


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (dict(drug="zzqx"), "drug"),
        (dict(drug="warfarin"), "drug"),
        (dict(drug="pomalidomide", indication="psoriasis"), "indication"),
        (dict(drug="lenalidomide", regimen="nope"), "regimen"),
        (dict(drug="lenalidomide", indication="lymphoma", regimen="mm-dex"), "regimen"),
    ],
)
def test_requests_it_cannot_answer_name_the_field(request_: dict, field: str) -> None:
    with pytest.raises(DoseError) as exc:
        calculate(KNOWLEDGE, CHECKER, DoseRequest(**request_))
    assert exc.value.field == field


@pytest.mark.parametrize(
    "patient",
    [{"weight_kg": -1}, {"age_years": 400}, {"serum_creatinine": {"value": 0, "unit": "mg/dL"}}, {"serum_creatinine": {"value": 1, "unit": "mmol/L"}}, {"crcl_ml_min": 0}, {"child_pugh": "D"}],
)
def test_impossible_values_are_refused(patient: dict) -> None:
    with pytest.raises(ValidationError):
        DoseRequest(drug="pomalidomide", patient=patient)


@given(st.floats(min_value=1, max_value=249, allow_nan=False), st.floats(min_value=1, max_value=249, allow_nan=False))
@settings(max_examples=60, deadline=None)
def test_lower_clearance_never_gives_a_higher_lenalidomide_dose(a: float, b: float) -> None:
    low, high = sorted((a, b))

    def daily(crcl: float) -> float:
        d = dose("lenalidomide", regimen="mm-dex", crcl_ml_min=crcl, dialysis=False)["recommended"]
        return d["amount"] / (d["interval"] or 1)

    assert daily(low) <= daily(high)


@given(st.floats(min_value=0, max_value=200, allow_nan=False))
def test_band_reads_its_edges_as_stated(x: float) -> None:
    moderate = Band(min=30, max=50, max_inclusive=True)  # Xeljanz: CLcr ≥ 30 and ≤ 50
    mild = Band(min=50, min_inclusive=False, max=80, max_inclusive=True)  # > 50 and ≤ 80
    assert not (moderate.contains(x) and mild.contains(x))
    assert moderate.contains(x) == (30 <= x <= 50)
    assert mild.contains(x) == (50 < x <= 80)


@pytest.mark.parametrize(("typed", "title"), [("Rebif", "Rebif"), ("Plegridy", "Plegridy"), ("Avonex", "Avonex"), ("Xeljanz XR", "Rheumatoid arthritis: Xeljanz XR")])
def test_a_brand_picks_its_own_regimen(typed: str, title: str) -> None:
    assert dose(typed)["regimen"]["title"].startswith(title)


def test_a_fractional_dose_says_the_prescriber_rounds_it() -> None:
    answer = dose("Imuran", "rheumatoid-arthritis", weight_kg=70, medicines=("allopurinol",))
    assert any("rounds it to a strength" in w for w in answer["warnings"])
