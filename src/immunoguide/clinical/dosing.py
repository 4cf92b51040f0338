"""The dose calculator: a regimen's standard dose and the dose the label gives for one person.

Only what the label states is applied. Each adjustment in the knowledge base
says when it applies (kidney band, dialysis, Child–Pugh class, weight, other
medicines, regimen) and what it does (a new dose or frequency, a fraction of the
usual dose, a ceiling, or "avoid"). The rules for combining them:

* "avoid", "not recommended", "stop" and "not studied" leave no dose to give:
  `recommended` is None and the warning says why.
* A dose change the label describes only in words (a table ImmunoGuide has not
  modelled) also leaves `recommended` None: the calculator never guesses.
* Several dose changes that land on the same dose give that dose; different
  doses give None, because no label here says how to combine them.
* Ceilings (cap-dose) combine as the lowest ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..knowledge.model import Adjustment, Band, Dose, Drug, Participant, Regimen
from ..knowledge.snapshot import Knowledge
from ..knowledge.wording import cycle_text, frequency_words
from .calculators import (
    BodySizeInput,
    ChildPughInput,
    CrClInput,
    Height,
    SerumCreatinine,
    Sex,
    Weight,
    body_size,
    child_pugh,
    creatinine_clearance,
    in_range,
)
from .interactions import InteractionChecker

MAX_OTHER_MEDICINES = 50
#: How close (mL/min) a clearance may sit to a band edge before the answer says so.
BOUNDARY_MARGIN = 5.0
TO_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}
#: A per-body-size unit and the absolute unit its total is given in.
PER_BODY = {"mg/kg": ("mg", "weight"), "mg/m2": ("mg", "bsa"), "g/m2": ("g", "bsa")}
BLOCKING = ("avoid", "not-recommended", "stop", "not-studied")
CHANGING = ("reduce-dose", "increase-dose")
NOTE_ACTIONS = ("no-change", "monitor", "use-with-caution")


class DoseError(ValueError):
    """A request the calculator cannot answer, naming the field at fault."""

    def __init__(self, field: str, reason: str, **extra: Any):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason, self.extra = field, reason, extra


class DosePatient(BaseModel):
    """What is known about the person; every field is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_years: Annotated[float, in_range(0, 120, "years")] | None = None
    sex: Sex | None = None
    weight_kg: Weight | None = None
    height_cm: Height | None = None
    serum_creatinine: SerumCreatinine | None = None
    crcl_ml_min: Annotated[float, in_range(1, 250, "mL/min")] | None = None
    dialysis: bool | None = None
    child_pugh: Literal["A", "B", "C"] | ChildPughInput | None = None


class DoseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    drug: Annotated[str, Field(min_length=1, max_length=200)]
    indication: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    #: A regimen id (e.g. "mm-maintenance") when an indication has several.
    regimen: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    patient: DosePatient = DosePatient()
    medicines: Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=MAX_OTHER_MEDICINES)] = []


# --------------------------------------------------------------------------- the person, as the label sees them


@dataclass(frozen=True)
class Person:
    age: float | None
    weight: float | None
    bsa: float | None
    crcl: float | None
    dialysis: bool
    kidney_known: bool  # a clearance, or an explicit yes or no to dialysis
    child_pugh: str | None
    keys: tuple[frozenset[tuple[str, str]], ...]  # match keys of each other medicine
    calculated: dict[str, Any]
    warnings: tuple[str, ...]

    @property
    def kidney_impaired(self) -> bool:
        return self.dialysis or (self.crcl is not None and self.crcl < 60)

    def takes(self, part: Participant) -> bool:
        return any(part.key in keys for keys in self.keys)


def _person(p: DosePatient, other_keys: tuple[frozenset[tuple[str, str]], ...]) -> Person:
    calculated: dict[str, Any] = {"crcl_ml_min": None, "crcl_from": None, "child_pugh_score": None, "child_pugh_class": None, "bsa_m2": None}
    warnings: list[str] = []
    crcl = p.crcl_ml_min
    if crcl is not None:
        calculated.update(crcl_ml_min=crcl, crcl_from="given")
        if p.serum_creatinine is not None:
            warnings.append("Both a creatinine clearance and a serum creatinine were given: the given clearance was used.")
    elif p.serum_creatinine is not None:
        missing = [name for name in ("age_years", "sex", "weight_kg") if getattr(p, name) is None]
        if missing:
            warnings.append(f"Creatinine clearance could not be worked out: Cockcroft-Gault also needs {', '.join(missing)}.")
        elif p.age_years is not None and p.age_years < 18:
            warnings.append("Cockcroft-Gault is for adults; for a child, give the kidney function your team measured (crcl_ml_min).")
        else:
            result = creatinine_clearance(CrClInput(age_years=p.age_years, sex=p.sex, weight_kg=p.weight_kg, serum_creatinine=p.serum_creatinine))
            crcl = result["crcl_ml_min"]
            calculated.update(crcl_ml_min=crcl, crcl_from="Cockcroft-Gault")
    cp: str | None = None
    if isinstance(p.child_pugh, ChildPughInput):
        result = child_pugh(p.child_pugh)
        cp = result["class"]
        calculated.update(child_pugh_score=result["score"], child_pugh_class=cp)
    elif p.child_pugh is not None:
        cp = p.child_pugh
        calculated["child_pugh_class"] = cp
    bsa = None
    if p.weight_kg is not None and p.height_cm is not None:
        bsa = body_size(BodySizeInput(weight_kg=p.weight_kg, height_cm=p.height_cm))["bsa_m2"]
        calculated["bsa_m2"] = bsa
    kidney_known = crcl is not None or p.dialysis is not None
    return Person(p.age_years, p.weight_kg, bsa, crcl, bool(p.dialysis), kidney_known, cp, other_keys, calculated, tuple(warnings))


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True)
class Amount:
    """A dose to give: an absolute amount (or range), how often, and how it was reached."""

    low: float | None  # None: the person's weight or size is needed
    high: float | None
    unit: str
    frequency: str
    interval: int | None
    basis: Dose | None  # the per-kg or per-m² dose it came from
    cycle: str | None

    def same_as(self, other: Amount) -> bool:
        return (self.low, self.high, self.unit, self.frequency, self.interval) == (other.low, other.high, other.unit, other.frequency, other.interval)

    def as_json(self) -> dict[str, Any]:
        per = None
        if self.basis is not None:
            per = {"amount": self.basis.amount, "amount_max": self.basis.amount_max, "unit": self.basis.unit}
        return {
            "amount": self.low,
            "amount_max": self.high,
            "unit": self.unit,
            "per": per,
            "frequency": self.frequency,
            "interval": self.interval,
            "schedule": self.text(),
        }

    def text(self) -> str:
        how_often = frequency_words(self.frequency, self.interval)
        if self.low is None:
            assert self.basis is not None
            size = "weight" if self.basis.unit == "mg/kg" else "body surface area"
            amount = _range(self.basis.amount, self.basis.amount_max) + " " + self.basis.unit.replace("m2", "m²")
            words = f"{amount} {how_often} (the amount depends on {size})"
        else:
            words = f"{_range(self.low, self.high)} {self.unit} {how_often}"
            if self.basis is not None:
                words += f" ({_range(self.basis.amount, self.basis.amount_max)} {self.basis.unit.replace('m2', 'm²')})"
        return f"{words}; {self.cycle[0].lower()}{self.cycle[1:]}" if self.cycle else words


def _range(low: float, high: float | None) -> str:
    return f"{low:g}" if high is None or high == low else f"{low:g}–{high:g}"


def _to(value: float, unit: str, target: str) -> float:
    return value * TO_MG[unit] / TO_MG[target]


def _amount(dose: Dose, person: Person, frequency: str, interval: int | None, cycle: str | None) -> Amount:
    """A dose as an absolute amount for this person, within any ceiling the dose itself states."""
    if dose.unit not in PER_BODY:
        low, high = dose.amount, dose.amount_max
        if dose.max_amount is not None and dose.max_unit == dose.unit and high is not None:
            high = min(high, dose.max_amount)
        return Amount(low, high, dose.unit, frequency, interval, None, cycle)
    unit, size_kind = PER_BODY[dose.unit]
    size = person.weight if size_kind == "weight" else person.bsa
    if size is None:
        return Amount(None, None, unit, frequency, interval, dose, cycle)
    low = dose.amount * size
    high = dose.amount_max * size if dose.amount_max is not None else None
    if dose.max_amount is not None and dose.max_unit is not None:
        ceiling = dose.max_amount * size if dose.max_unit == dose.unit else _to(dose.max_amount, dose.max_unit, unit)
        low, high = min(low, ceiling), (min(high, ceiling) if high is not None else None)
    return Amount(round(low, 1), round(high, 1) if high is not None else None, unit, frequency, interval, dose, cycle)


def _capped(amount: Amount, ceiling: Amount) -> Amount:
    limit = _to(ceiling.low, ceiling.unit, amount.unit) if ceiling.low is not None else None
    if limit is None or amount.low is None:
        return amount
    low = min(amount.low, limit)
    high = min(amount.high, limit) if amount.high is not None else None
    return Amount(round(low, 1), round(high, 1) if high is not None and high > low else None, amount.unit, amount.frequency, amount.interval, amount.basis, amount.cycle)


# --------------------------------------------------------------------------- which rules apply


def _in_scope(adj: Adjustment, regimen: Regimen) -> bool:
    if adj.indication is not None and adj.indication != regimen.indication:
        return False
    return not adj.regimens or regimen.id in adj.regimens


def _applies(adj: Adjustment, person: Person) -> bool:
    """Whether every condition the adjustment states holds for this person (unknown facts do not hold)."""
    if not adj.structured:
        return adj.action == "cap-dose"  # a ceiling the label sets for everyone on the regimen
    if adj.crcl is not None:
        if person.crcl is not None:
            if not adj.crcl.contains(person.crcl):
                return False
        elif not (person.dialysis and adj.crcl.min is None):  # on dialysis: the lowest band
            return False
    if adj.dialysis is not None and (not person.kidney_known or adj.dialysis != person.dialysis):
        return False
    if adj.child_pugh and person.child_pugh not in adj.child_pugh:
        return False
    if adj.weight_kg is not None and (person.weight is None or not adj.weight_kg.contains(person.weight)):
        return False
    if adj.with_any and not any(person.takes(p) for p in adj.with_any):
        return False
    return all(person.takes(p) for p in adj.with_all)


def _fits(band: Band | None, value: float | None) -> bool | None:
    """True/False when the value is known and the regimen states a band; None when it says nothing."""
    if band is None or value is None:
        return None
    return band.contains(value)


def choose_regimen(drug: Drug, indication: str | None, regimen_id: str | None, person: Person, brand: str | None = None) -> tuple[int | None, list[int], list[str]]:
    """The regimen for this person: (index or None, the other candidates, warnings).

    A brand typed by the person (Rebif, Plegridy) picks the regimens named for it when there are any."""
    warnings: list[str] = []
    if regimen_id is not None:
        for i, r in enumerate(drug.regimens):
            if r.id == regimen_id:
                if indication is not None and r.indication != indication:
                    raise DoseError("regimen", f"regimen '{regimen_id}' of {drug.name} is for '{r.indication}', not '{indication}'")
                return i, [], warnings
        known = [r.id for r in drug.regimens if r.id]
        raise DoseError("regimen", f"{drug.name} has no regimen '{regimen_id}'" + (f"; known: {', '.join(known)}" if known else ""))
    indications = list(dict.fromkeys(r.indication for r in drug.regimens))
    if indication is None:
        indication = indications[0]
        if len(indications) > 1:
            warnings.append(f"No indication was given; the dose shown is for {indication}. {drug.name} is also dosed for: {', '.join(indications[1:])}.")
    elif indication not in indications:
        raise DoseError("indication", f"{drug.name} has no dose for '{indication}'; known: {', '.join(indications)}")
    named = {i for i, r in enumerate(drug.regimens) if brand and r.indication == indication and brand.lower() in r.title.lower()}
    scored: list[tuple[int, int]] = []  # (-specificity, index)
    for i, r in enumerate(drug.regimens):
        if r.indication != indication or (named and i not in named):
            continue
        fits = [_fits(r.age_years, person.age), _fits(r.weight_kg, person.weight)]
        if False in fits:
            continue
        scored.append((-sum(f is True for f in fits), i))
    if not scored:
        return None, [], [f"The label gives no {drug.name} dose for {indication} at this age and weight."]
    scored.sort()
    best = scored[0][1]
    others = [i for _, i in scored[1:]]
    r = drug.regimens[best]
    candidates = [drug.regimens[i] for _, i in scored]
    unknown = [
        name
        for name, attr, value in (("age", "age_years", person.age), ("weight", "weight_kg", person.weight))
        if value is None and len({getattr(c, attr) for c in candidates}) > 1  # knowing it could change the choice
    ]
    if unknown:
        warnings.append(f"The dose depends on {' and '.join(unknown)}: give {' and '.join(unknown)} to be sure the right regimen is chosen.")
    return best, others, warnings


# --------------------------------------------------------------------------- the answer


@dataclass(frozen=True)
class DoseAnswer:
    drug: Drug
    regimen_index: int | None
    other_regimens: tuple[int, ...]
    standard: Amount | None
    recommended: Amount | None
    applied: tuple[tuple[Adjustment, Amount | None], ...]
    notes: tuple[Adjustment, ...]
    not_assessed: tuple[Adjustment, ...]
    warnings: tuple[str, ...]
    person: Person
    unknown: tuple[Any, ...]
    interactions: tuple[Any, ...]

    @property
    def regimen(self) -> Regimen | None:
        return self.drug.regimens[self.regimen_index] if self.regimen_index is not None else None

    def as_json(self, knowledge: Knowledge) -> dict[str, Any]:
        cited: dict[tuple[str, str], Any] = {}

        def cite(citations: Any) -> list[dict[str, Any]]:
            for c in citations:
                cited.setdefault((c.source, c.section), c)
            return knowledge.cite(citations)

        def rule(adj: Adjustment, amount: Amount | None = None) -> dict[str, Any]:
            out = {"kind": adj.kind, "reason": adj.when, "action": adj.action, "change": adj.change, "detail": adj.detail, "sources": cite(adj.sources)}
            if amount is not None:
                key = {"avoid": "if_unavoidable", "cap-dose": "ceiling"}.get(adj.action, "dose")
                out[key] = amount.as_json()
            return out

        regimen = self.regimen
        if regimen is not None:
            cite(regimen.sources)
        return {
            "drug": self.drug.slug,
            "name": self.drug.name,
            "indication": regimen.indication if regimen else None,
            "regimen": _regimen_json(self.regimen_index, regimen) if regimen else None,
            "other_regimens": [_regimen_json(i, self.drug.regimens[i]) for i in self.other_regimens],
            "standard": self.standard.as_json() if self.standard else None,
            "recommended": self.recommended.as_json() if self.recommended else None,
            "adjustments_applied": [rule(adj, amount) for adj, amount in self.applied],
            "notes": [rule(adj) for adj in self.notes],
            "not_assessed": [{"kind": a.kind, "reason": a.when, "change": a.change} for a in self.not_assessed],
            "warnings": list(self.warnings),
            "calculated": self.person.calculated,
            "interactions": [
                {"with": knowledge.drugs[f.between[1] if f.between[0] == self.drug.slug else f.between[0]].name, "severity": f.rule.severity, "summary": f.rule.summary, "rule": f.rule.id}
                for f in self.interactions
            ],
            "unknown": [{"input": r.query, "suggestions": [s.as_json() for s in r.suggestions]} for r in self.unknown],
            "sources": knowledge.cite(cited.values()),
        }


def _regimen_json(index: int | None, r: Regimen) -> dict[str, Any]:
    return {"index": index, "id": r.id, "title": r.title, "population": r.population, "indication": r.indication}


def _result(adj: Adjustment, regimen: Regimen, standard: Amount, person: Person) -> Amount | None:
    """The dose an adjustment leads to, or None when the label gives it only in words."""
    frequency = adj.new_frequency or regimen.frequency
    interval = adj.new_interval if adj.new_frequency else regimen.interval
    if adj.new_dose is not None:
        return _amount(adj.new_dose, person, frequency, interval, standard.cycle)
    if adj.dose_fraction is not None and standard.low is not None:
        f = adj.dose_fraction
        assert f.min is not None and f.max is not None
        high = (standard.high or standard.low) * f.max
        return Amount(round(standard.low * f.min, 1), round(high, 1), standard.unit, frequency, interval, None, standard.cycle)
    if adj.new_frequency is not None:
        return Amount(standard.low, standard.high, standard.unit, frequency, interval, standard.basis, standard.cycle)
    return None


def calculate(knowledge: Knowledge, checker: InteractionChecker, request: DoseRequest) -> DoseAnswer:
    resolver = checker.resolver
    found = resolver.resolve(request.drug)
    if found.match is None:
        raise DoseError("drug", f"unknown medicine '{request.drug.strip()[:120]}'", suggestions=[s.as_json() for s in found.suggestions])
    drug = knowledge.drugs[found.match.slug]
    if not drug.regimens:
        raise DoseError("drug", f"ImmunoGuide holds no doses for {drug.name}: it is listed for interaction checks only")
    others = [resolver.resolve(name) for name in request.medicines]
    other_slugs = list(dict.fromkeys(r.match.slug for r in others if r.match and r.match.slug != drug.slug))
    person = _person(request.patient, tuple(knowledge.drugs[s].match_keys for s in other_slugs))
    warnings = list(person.warnings)
    unknown = tuple(r for r in others if r.match is None)
    if unknown:
        warnings.append("Some medicines were not recognised, so their effect on the dose was not checked: " + ", ".join(r.query.strip()[:60] for r in unknown) + ".")
    interactions = ()
    if other_slugs:
        check = checker.check([drug.slug, *other_slugs])
        interactions = tuple(f for f in check.findings if drug.slug in f.between)

    brand = found.match.matched_text if found.match.matched_on == "brand" else None
    index, other_regimens, choose_warnings = choose_regimen(drug, request.indication, request.regimen, person, brand)
    warnings += choose_warnings
    if index is None:
        return DoseAnswer(drug, None, (), None, None, (), (), (), tuple(warnings), person, unknown, interactions)
    regimen = drug.regimens[index]
    standard = _amount(regimen.dose, person, regimen.frequency, regimen.interval, cycle_text(regimen))
    if standard.low is None:
        needs = "weight (weight_kg)" if regimen.dose.unit == "mg/kg" else "height and weight (for body surface area)"
        warnings.append(f"This dose is worked out from body size: give {needs} to calculate it.")

    in_scope = [a for a in drug.adjustments if _in_scope(a, regimen)]
    applied = [a for a in in_scope if _applies(a, person)]
    blocking = [a for a in applied if a.action in BLOCKING]
    changing = [a for a in applied if a.action in CHANGING]
    ceilings = [a for a in applied if a.action == "cap-dose"]
    notes = [a for a in applied if a.action in NOTE_ACTIONS]
    # What the label says in words about kidneys or liver, when those are known to be impaired.
    worded = [
        a for a in in_scope
        if not a.structured and a.action != "cap-dose"
        and ((a.kind == "renal" and person.kidney_impaired) or (a.kind == "hepatic" and person.child_pugh is not None))
    ]
    notes += worded
    warnings += [f"{a.when}: {a.change} Ask the prescriber how this applies to you." for a in worded if a.action in BLOCKING]
    not_assessed = tuple(a for a in in_scope if not a.structured and a.kind in ("toxicity", "genetic", "other", "weight", "age", "interaction") and a.action != "cap-dose")

    results = {id(a): _result(a, regimen, standard, person) for a in changing + blocking}
    recommended: Amount | None = standard if standard.low is not None else None
    for a in blocking:
        words = {"avoid": "to avoid it", "not-recommended": "that it is not recommended", "stop": "to stop it", "not-studied": "that it has not been studied"}[a.action]
        warnings.append(f"{a.when}: the label says {words}, so no dose is given. {a.change}")
        recommended = None
    if changing and not blocking:
        doses = [results[id(a)] for a in changing]
        if any(d is None for d in doses):
            for a, d in zip(changing, doses):
                if d is None:
                    warnings.append(f"{a.when}: the label changes the dose ({a.change}) in a way ImmunoGuide does not calculate; the prescriber works it out.")
            recommended = None
        elif any(d is not None and d.low is None for d in doses):
            recommended = None
        elif all(d.same_as(doses[0]) for d in doses if d is not None):
            recommended = doses[0]
            if any(a.dose_fraction is not None for a in changing):
                warnings.append("The label gives this dose as a fraction of the usual one: the prescriber rounds it to a strength that exists.")
            if len(changing) > 1:
                warnings.append(f"{len(changing)} of the label's dose changes apply here; they all lead to the same dose.")
        else:
            listed = "; ".join(f"{a.when}: {d.text()}" for a, d in zip(changing, doses) if d is not None)
            warnings.append(f"Several of the label's dose changes apply and they give different doses ({listed}). The label does not say how to combine them, so the prescriber decides.")
            recommended = None
    ceiling_of: dict[int, Amount] = {}
    for a in ceilings:
        assert a.new_dose is not None
        ceiling = _amount(a.new_dose, person, regimen.frequency, regimen.interval, None)
        ceiling_of[id(a)] = ceiling
        if ceiling.low is None:
            warnings.append(f"{a.when}: there is a ceiling of {a.new_dose.amount:g} {a.new_dose.unit}; give weight to apply it.")
        elif recommended is not None:
            recommended = _capped(recommended, ceiling)
    if len([c for c in ceiling_of.values() if c.low is not None]) > 1:
        warnings.append("More than one ceiling applies; the lowest is used.")
    warnings += _boundary_warnings(in_scope, person)
    warnings += _missing_warnings(in_scope, person)
    applied_out: list[tuple[Adjustment, Amount | None]] = [(a, results.get(id(a))) for a in blocking + changing] + [(a, ceiling_of[id(a)]) for a in ceilings]
    return DoseAnswer(
        drug, index, tuple(other_regimens), standard, recommended, tuple(applied_out), tuple({id(a): a for a in notes}.values()),
        not_assessed, tuple(dict.fromkeys(warnings)), person, unknown, interactions,
    )


def _boundary_warnings(adjustments: list[Adjustment], person: Person) -> list[str]:
    if person.crcl is None:
        return []
    edges = sorted({e for a in adjustments if a.crcl for e in (a.crcl.min, a.crcl.max) if e is not None})
    near = [e for e in edges if abs(person.crcl - e) <= BOUNDARY_MARGIN]
    if not near:
        return []
    return [
        f"A creatinine clearance of {person.crcl:g} mL/min is close to the label's boundary at {near[0]:g} mL/min. "
        "The estimate moves with small changes in creatinine or weight, so the prescriber decides which band applies."
    ]


def _missing_warnings(adjustments: list[Adjustment], person: Person) -> list[str]:
    out = []
    renal = [a for a in adjustments if a.kind == "renal" and (a.crcl or a.dialysis) and a.action not in NOTE_ACTIONS]
    if renal and person.crcl is None and not person.dialysis:
        out.append("Kidney function was not given, and the label changes this dose for some levels of kidney function: give serum creatinine (with age, sex and weight) or a creatinine clearance.")
    hepatic = [a for a in adjustments if a.child_pugh and a.action not in NOTE_ACTIONS]
    if hepatic and person.child_pugh is None:
        classes = sorted({c for a in hepatic for c in a.child_pugh})
        out.append(f"Liver function was not given, and the label changes this dose for Child-Pugh class {', '.join(classes)}: give the Child-Pugh class or its parts.")
    return out
