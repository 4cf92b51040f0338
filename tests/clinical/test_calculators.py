"""Calculators against worked examples from their formulas' sources, and their input limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from immunoguide.clinical.calculators import (
    BodySizeInput,
    ChildPughInput,
    CrClInput,
    body_size,
    child_pugh,
    creatinine_clearance,
)


def crcl(**kw) -> float:  # noqa: ANN003
    return creatinine_clearance(CrClInput.model_validate(kw))["crcl_ml_min"]


@pytest.mark.parametrize(
    ("age", "sex", "weight", "scr", "expected"),
    [
        # (140 − 60) × 72 / (72 × 1.0) = 80; women × 0.85 = 68 (Cockcroft & Gault 1976)
        (60, "male", 72, {"value": 1.0, "unit": "mg/dL"}, 80.0),
        (60, "female", 72, {"value": 1.0, "unit": "mg/dL"}, 68.0),
        # 88.4 µmol/L is 1.0 mg/dL
        (60, "male", 72, {"value": 88.4, "unit": "umol/L"}, 80.0),
        # (140 − 80) × 50 / (72 × 2.0) = 20.8
        (80, "male", 50, {"value": 2.0, "unit": "mg/dL"}, 20.8),
        # (140 − 30) × 90 / (72 × 0.8) = 171.9
        (30, "male", 90, {"value": 0.8, "unit": "mg/dL"}, 171.9),
    ],
)
def test_cockcroft_gault(age, sex, weight, scr, expected) -> None:  # noqa: ANN001
    assert crcl(age_years=age, sex=sex, weight_kg=weight, serum_creatinine=scr) == expected


def cp(**kw):  # noqa: ANN003, ANN201
    base = {"bilirubin": {"value": 1.0, "unit": "mg/dL"}, "albumin": {"value": 4.0, "unit": "g/dL"}, "inr": 1.0, "ascites": "none", "encephalopathy": "none"}
    return child_pugh(ChildPughInput.model_validate({**base, **kw}))


@pytest.mark.parametrize(
    ("changes", "score", "klass"),
    [
        ({}, 5, "A"),
        ({"bilirubin": {"value": 2.0, "unit": "mg/dL"}}, 6, "A"),  # 2–3 mg/dL: 2 points
        ({"bilirubin": {"value": 3.1, "unit": "mg/dL"}, "albumin": {"value": 3.5, "unit": "g/dL"}}, 8, "B"),
        ({"bilirubin": {"value": 2.5, "unit": "mg/dL"}, "albumin": {"value": 30, "unit": "g/L"}, "ascites": "mild"}, 8, "B"),
        ({"bilirubin": {"value": 60, "unit": "umol/L"}, "albumin": {"value": 2.5, "unit": "g/dL"}, "inr": 2.5, "ascites": "moderate-severe", "encephalopathy": "grade-3-4"}, 15, "C"),
        ({"inr": 1.7, "encephalopathy": "grade-1-2", "ascites": "mild"}, 8, "B"),
        ({"inr": 2.4, "encephalopathy": "grade-1-2", "ascites": "mild", "albumin": {"value": 2.7, "unit": "g/dL"}}, 11, "C"),
    ],
)
def test_child_pugh(changes, score, klass) -> None:  # noqa: ANN001
    result = cp(**changes)
    assert (result["score"], result["class"]) == (score, klass)
    assert sum(result["points"].values()) == score


def test_body_size() -> None:
    result = body_size(BodySizeInput(weight_kg=80, height_cm=180, sex="male"))
    assert result["bsa_m2"] == 2.0  # √(180 × 80 / 3600) = 2.0 (Mosteller)
    assert result["bsa_dubois_m2"] == 2.0  # 0.007184 × 80^0.425 × 180^0.725 = 1.996 (DuBois)
    assert result["ideal_body_weight_kg"] == 75.0  # 50 + 2.3 × (70.87 − 60) (Devine)
    assert result["adjusted_body_weight_kg"] == 77.0  # 75.0 + 0.4 × 5.0
    small = body_size(BodySizeInput(weight_kg=50, height_cm=165, sex="female"))
    assert small["ideal_body_weight_kg"] == 56.9  # 45.5 + 2.3 × (64.96 − 60)
    assert small["adjusted_body_weight_kg"] is None  # below ideal weight: no adjusted weight


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (CrClInput, {"age_years": 400, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 1, "unit": "mg/dL"}}, "age_years", "between 18 and 120 years"),
        (CrClInput, {"age_years": 50, "sex": "male", "weight_kg": -70, "serum_creatinine": {"value": 1, "unit": "mg/dL"}}, "weight_kg", "between 1 and 500 kg"),
        (CrClInput, {"age_years": 50, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 0, "unit": "mg/dL"}}, "serum_creatinine.value", "greater than 0"),
        (CrClInput, {"age_years": 50, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 1, "unit": "mmol/L"}}, "serum_creatinine.unit", "mg/dL"),
        (CrClInput, {"age_years": 50, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 1.0, "unit": "umol/L"}}, "serum_creatinine", "between 9 and 2650 umol/L"),
        (CrClInput, {"age_years": 50, "sex": "other", "weight_kg": 70, "serum_creatinine": {"value": 1, "unit": "mg/dL"}}, "sex", "female"),
        (BodySizeInput, {"weight_kg": 70, "height_cm": 20}, "height_cm", "between 50 and 272 cm"),
    ],
)
def test_impossible_input_names_the_field_and_range(model, data, field, message) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    errors = {".".join(str(p) for p in e["loc"]): e["msg"] for e in info.value.errors()}
    assert field in errors and message in errors[field], errors


@given(age=st.floats(18, 119), weight=st.floats(30, 200), scr=st.floats(0.3, 10))
def test_crcl_falls_with_age_and_creatinine_and_rises_with_weight(age: float, weight: float, scr: float) -> None:
    def f(a: float, w: float, s: float) -> float:
        return creatinine_clearance(CrClInput(age_years=a, sex="male", weight_kg=w, serum_creatinine={"value": s, "unit": "mg/dL"}))["crcl_ml_min"]

    base = f(age, weight, scr)
    assert f(min(age + 1, 120), weight, scr) <= base
    assert f(age, weight, min(scr * 1.1, 30)) <= base
    assert f(age, min(weight + 1, 500), scr) >= base
