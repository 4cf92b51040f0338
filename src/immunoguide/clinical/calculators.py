"""Clinical calculators: creatinine clearance, Child–Pugh, body surface area, body weights.

Pure functions over validated inputs. Every input model states its allowed
range, so an impossible value (a negative weight, a creatinine of 0, an age of
400, an unknown unit) is rejected with the field and the range, never computed.
Each result carries its formula, the inputs as understood (converted units) and
the published source of the formula.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

#: mg/dL → µmol/L for creatinine; for bilirubin.
CREATININE_UMOL_PER_MG_DL = 88.4
BILIRUBIN_UMOL_PER_MG_DL = 17.1
CM_PER_INCH = 2.54

SOURCES = {
    "cockcroft-gault": {
        "title": "Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16(1):31-41",
        "url": "https://doi.org/10.1159/000180580",
    },
    "child-pugh": {
        "title": "Pugh RN, Murray-Lyon IM, Dawson JL, Pietroni MC, Williams R. Transection of the oesophagus for bleeding oesophageal varices. Br J Surg 1973;60(8):646-649",
        "url": "https://doi.org/10.1002/bjs.1800600817",
    },
    "mosteller": {
        "title": "Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317(17):1098",
        "url": "https://doi.org/10.1056/NEJM198710223171717",
    },
    "dubois": {
        "title": "Du Bois D, Du Bois EF. A formula to estimate the approximate surface area if height and weight be known. Arch Intern Med 1916;17(6):863-871",
        "url": "https://doi.org/10.1001/archinte.1916.00080130010002",
    },
    "devine": {
        "title": "Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974;8:650-655 (ideal body weight)",
        "url": None,
    },
}


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Measure(_Input):
    """A lab value in one of two units, each with its plausible range."""

    value: Annotated[float, Field(gt=0)]
    unit: str
    #: unit → (lowest, highest) plausible value; the first unit is the one formulas use.
    RANGES: ClassVar[dict[str, tuple[float, float]]]
    #: how many of the other unit make one of the formula's unit.
    FACTOR: ClassVar[float]

    @model_validator(mode="after")
    def _plausible(self) -> _Measure:
        low, high = self.RANGES[self.unit]
        if not low <= self.value <= high:
            raise ValueError(f"value must be between {low:g} and {high:g} {self.unit}")
        return self

    @property
    def standard(self) -> float:
        """The value in the formula's unit (mg/dL or g/dL)."""
        return self.value if self.unit == next(iter(self.RANGES)) else self.value / self.FACTOR


class SerumCreatinine(_Measure):
    unit: Literal["mg/dL", "umol/L"]
    RANGES = {"mg/dL": (0.1, 30.0), "umol/L": (9.0, 2650.0)}
    FACTOR = CREATININE_UMOL_PER_MG_DL


class Bilirubin(_Measure):
    unit: Literal["mg/dL", "umol/L"]
    RANGES = {"mg/dL": (0.05, 50.0), "umol/L": (1.0, 855.0)}
    FACTOR = BILIRUBIN_UMOL_PER_MG_DL


class Albumin(_Measure):
    unit: Literal["g/dL", "g/L"]
    RANGES = {"g/dL": (0.5, 7.0), "g/L": (5.0, 70.0)}
    FACTOR = 10.0


def in_range(low: float, high: float, unit: str) -> AfterValidator:
    """A validator whose message names the whole allowed range, not only the bound that was crossed."""

    def check(value: float) -> float:
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g} {unit}".rstrip())
        return value

    return AfterValidator(check)


Age = Annotated[float, in_range(18, 120, "years"), Field(description="Age in years; the formula is for adults (18 to 120)")]
Weight = Annotated[float, in_range(1, 500, "kg"), Field(description="Body weight in kg (1 to 500)")]
Height = Annotated[float, in_range(50, 272, "cm"), Field(description="Height in cm (50 to 272)")]
Sex = Literal["female", "male"]


class CrClInput(_Input):
    age_years: Age
    sex: Sex
    weight_kg: Weight
    serum_creatinine: SerumCreatinine


class ChildPughInput(_Input):
    bilirubin: Bilirubin
    albumin: Albumin
    inr: Annotated[float, in_range(0.5, 15, ""), Field(description="INR (0.5 to 15)")]
    ascites: Literal["none", "mild", "moderate-severe"]
    encephalopathy: Literal["none", "grade-1-2", "grade-3-4"]


class BodySizeInput(_Input):
    sex: Sex | None = None
    weight_kg: Weight
    height_cm: Height


def _round(x: float, places: int = 1) -> float:
    return round(x + 0.0, places)


def creatinine_clearance(p: CrClInput) -> dict[str, Any]:
    """Cockcroft–Gault: (140 − age) × weight / (72 × SCr mg/dL), × 0.85 for women; mL/min."""
    crcl = (140 - p.age_years) * p.weight_kg / (72 * p.serum_creatinine.standard)
    if p.sex == "female":
        crcl *= 0.85
    return {
        "crcl_ml_min": _round(crcl),
        "formula": "Cockcroft-Gault",
        "inputs": {
            "age_years": p.age_years,
            "sex": p.sex,
            "weight_kg": p.weight_kg,
            "serum_creatinine_mg_dl": _round(p.serum_creatinine.standard, 2),
        },
        "notes": [
            "Uses actual body weight, as the original formula does; some labels ask for a different weight in obesity.",
            "Not valid when kidney function is changing quickly, or in children.",
        ],
        "source": SOURCES["cockcroft-gault"],
    }


def _band(value: float, low: float, high: float, ascending: bool = True) -> int:
    """1, 2 or 3 points: below `low` is 1 (or 3 if descending), between is 2, above `high` is 3 (or 1)."""
    if ascending:
        return 1 if value < low else (2 if value <= high else 3)
    return 1 if value > high else (2 if value >= low else 3)


def child_pugh(p: ChildPughInput) -> dict[str, Any]:
    """Child–Pugh (Pugh 1973): five components of 1–3 points; class A 5–6, B 7–9, C 10–15."""
    points = {
        "bilirubin": _band(p.bilirubin.standard, 2.0, 3.0),  # < 2, 2–3, > 3 mg/dL
        "albumin": _band(p.albumin.standard, 2.8, 3.5, ascending=False),  # > 3.5, 2.8–3.5, < 2.8 g/dL
        "inr": _band(p.inr, 1.7, 2.3),  # < 1.7, 1.7–2.3, > 2.3
        "ascites": {"none": 1, "mild": 2, "moderate-severe": 3}[p.ascites],
        "encephalopathy": {"none": 1, "grade-1-2": 2, "grade-3-4": 3}[p.encephalopathy],
    }
    score = sum(points.values())
    return {
        "score": score,
        "class": "A" if score <= 6 else ("B" if score <= 9 else "C"),
        "points": points,
        "formula": "Child-Pugh",
        "inputs": {
            "bilirubin_mg_dl": _round(p.bilirubin.standard, 2),
            "albumin_g_dl": _round(p.albumin.standard, 2),
            "inr": p.inr,
            "ascites": p.ascites,
            "encephalopathy": p.encephalopathy,
        },
        "notes": ["INR bands (< 1.7, 1.7–2.3, > 2.3) are the ones in common clinical use; Pugh's paper scored the prothrombin time in seconds."],
        "source": SOURCES["child-pugh"],
    }


def ideal_body_weight(sex: Sex, height_cm: float) -> float:
    """Devine: 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet."""
    inches_over_five_feet = height_cm / CM_PER_INCH - 60
    return (50.0 if sex == "male" else 45.5) + 2.3 * inches_over_five_feet


def body_size(p: BodySizeInput) -> dict[str, Any]:
    """Body surface area (Mosteller and DuBois) and, when sex is given, ideal and adjusted body weight."""
    mosteller = math.sqrt(p.height_cm * p.weight_kg / 3600)
    dubois = 0.007184 * p.weight_kg**0.425 * p.height_cm**0.725
    result: dict[str, Any] = {
        "bsa_m2": _round(mosteller, 2),
        "formula": "Mosteller",
        "bsa_dubois_m2": _round(dubois, 2),
        "inputs": {"weight_kg": p.weight_kg, "height_cm": p.height_cm, "sex": p.sex},
        "source": SOURCES["mosteller"],
        "sources": [SOURCES["mosteller"], SOURCES["dubois"]],
    }
    if p.sex is not None:
        ibw = ideal_body_weight(p.sex, p.height_cm)
        result["ideal_body_weight_kg"] = _round(ibw)
        # Adjusted body weight (IBW + 0.4 × excess) is used only above ideal weight.
        result["adjusted_body_weight_kg"] = _round(ibw + 0.4 * (p.weight_kg - ibw)) if p.weight_kg > ibw else None
        result["sources"].append(SOURCES["devine"])
    return result
