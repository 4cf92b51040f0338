"""The domain model of the curated knowledge base.

These pydantic models are the schema of `content/`: a content file is valid
exactly when it parses into one of them. Every clinical statement is a
`Statement` (or a model with a `sources` list) so that no dose, warning or
pregnancy status can exist without a citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A revision date as the source states it: a full date, a month, or a year.
RevisionDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- sources


class FdaLabelRef(Model):
    """The exact openFDA label record a source was read from."""

    set_id: Text
    version: Annotated[int, Field(gt=0)]
    effective_time: Annotated[str, StringConstraints(pattern=r"^\d{8}$")]


class Source(Model):
    """A document that clinical statements cite: a label, an SmPC, a guideline, an NHS page."""

    id: Slug
    title: Text
    publisher: Text
    kind: Literal["fda-label", "ema-smpc", "uk-smpc", "nhs", "guideline", "review", "other"]
    revised: RevisionDate
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = None
    fda_label: FdaLabelRef | None = None


class Citation(Model):
    """A pointer into a source: which document, which section."""

    source: Slug
    section: Text


Sources = Annotated[list[Citation], Field(min_length=1)]


class Statement(Model):
    """One clinical statement: plain language first, clinician detail beside it."""

    text: Text
    detail: Text | None = None
    sources: Sources


# --------------------------------------------------------------------------- drugs

#: Property tags drive interaction rules. A drug's class is where class membership lives
#: (tnf-inhibitors, biologics); a tag says what the medicine does to the body or to other drugs.
PropertyTag = Literal[
    "anticoagulant",
    "antiplatelet",
    "bile-acid-sequestrant",
    "bradycardia-causing",
    "cyp1a2-substrate",
    "cyp3a4-substrate",
    "estrogen-containing",
    "folate-antagonist",
    "hepatotoxic",
    "immunosuppressant",
    "inactivated-vaccine",
    "live-vaccine",
    "moderate-cyp3a4-inhibitor",
    "myelosuppressive",
    "nephrotoxic",
    "nsaid",
    "qt-prolonging",
    "serotonergic",
    "strong-cyp1a2-inhibitor",
    "strong-cyp2c19-inhibitor",
    "strong-cyp3a4-inducer",
    "strong-cyp3a4-inhibitor",
    "teratogen",
    "vte-risk",
    "xanthine-oxidase-inhibitor",
]

Route = Literal["oral", "subcutaneous", "intravenous", "intramuscular", "topical", "intranasal", "intradermal"]
Frequency = Literal[
    "once-daily",
    "twice-daily",
    "three-times-daily",
    "once-weekly",
    "three-times-weekly",  # e.g. Monday, Wednesday, Friday: at least 48 hours apart
    "every-n-days",
    "every-n-weeks",
    "every-n-months",  # calendar months: "monthly", "every 6 months"
    "single-dose",
]
#: Frequencies that need an `interval` (N).
INTERVAL_FREQUENCIES = ("every-n-days", "every-n-weeks", "every-n-months")
DoseUnit = Literal["mg", "g", "mcg", "mg/kg", "mg/m2", "g/m2", "units", "mL"]


class Brand(Model):
    name: Text
    region: Literal["US", "UK", "EU", "UK/EU", "US/UK/EU", "other"] = "US"
    biosimilar: bool = False


class Band(Model):
    """A numeric range as a label states it, with each end's inclusivity explicit.

    Labels differ: tofacitinib's moderate band is "CLcr >= 30 and <= 50", lenalidomide's
    "30 to 60". The default reads "min to under max"; content says otherwise where the label does.
    """

    min: Annotated[float, Field(ge=0)] | None = None
    max: Annotated[float, Field(gt=0)] | None = None
    min_inclusive: bool = True
    max_inclusive: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and (self.max < self.min or (self.max == self.min and not (self.min_inclusive and self.max_inclusive))):
            raise ValueError("max must be above min (or equal to it, with both ends inclusive)")
        return self

    def contains(self, value: float) -> bool:
        if self.min is not None and (value < self.min or (value == self.min and not self.min_inclusive)):
            return False
        if self.max is not None and (value > self.max or (value == self.max and not self.max_inclusive)):
            return False
        return True

    def text(self, unit: str) -> str:
        """The band in words, e.g. "30 to 50 mL/min", "under 30 mL/min", "over 50 and up to 80 mL/min"."""
        low = None if self.min is None else f"{'' if self.min_inclusive else 'over '}{self.min:g}"
        high = None if self.max is None else f"{'up to ' if self.max_inclusive else 'under '}{self.max:g}"
        if low is None:
            return f"{high} {unit}"
        if high is None:
            return f"{self.min:g} {unit} or more" if self.min_inclusive else f"over {self.min:g} {unit}"
        if self.min_inclusive and self.max_inclusive:
            return f"{self.min:g} to {self.max:g} {unit}"
        return f"{low} and {high} {unit}"


class Dose(Model):
    amount: Annotated[float, Field(gt=0)]
    #: Upper end when the label gives a range (e.g. 1–5 mg/kg).
    amount_max: Annotated[float, Field(gt=0)] | None = None
    unit: DoseUnit
    #: An absolute cap stated by the label for weight- or BSA-based doses.
    max_amount: Annotated[float, Field(gt=0)] | None = None
    max_unit: DoseUnit | None = None

    @model_validator(mode="after")
    def _range(self) -> Dose:
        if self.amount_max is not None and self.amount_max < self.amount:
            raise ValueError("amount_max must not be below amount")
        if (self.max_amount is None) != (self.max_unit is None):
            raise ValueError("max_amount and max_unit go together")
        return self


class Cycle(Model):
    """A treatment cycle such as 21 days on, 7 days off (days_on 21, length_days 28)."""

    days_on: Annotated[int, Field(gt=0)]
    length_days: Annotated[int, Field(gt=0)]

    @model_validator(mode="after")
    def _fits(self) -> Cycle:
        if self.days_on > self.length_days:
            raise ValueError("days_on must not exceed length_days")
        return self


class LoadingDose(Model):
    """One dated starting dose: day 1 is the first day of treatment."""

    day: Annotated[int, Field(ge=1, le=366)]
    amount: Annotated[float, Field(gt=0)]
    unit: DoseUnit


class Companion(Model):
    """A medicine taken alongside (folic acid with methotrexate, dexamethasone with pomalidomide)."""

    name: Text
    text: Text
    #: When it goes on the calendar, if the source fixes it: days of each cycle (dexamethasone on
    #: days 1, 8, 15 and 22), or days after each dose (folic acid the day after methotrexate: [1]).
    cycle_days: list[Annotated[int, Field(ge=1, le=366)]] = []
    days_after_dose: list[Annotated[int, Field(ge=1, le=30)]] = []


class Regimen(Model):
    #: Names the regimen where adjustments or requests must point at it (unique within the drug).
    id: Slug | None = None
    indication: Slug  # a condition slug
    population: Text = "Adults"
    #: Who the regimen is for, structured, so the dose calculator can choose by age and weight.
    age_years: Band | None = None
    weight_kg: Band | None = None
    title: Text  # e.g. "Relapsed multiple myeloma"
    dose: Dose
    route: Route
    frequency: Frequency
    interval: Annotated[int, Field(gt=0)] | None = None  # N for every-n-days / every-n-weeks
    cycle: Cycle | None = None
    loading: Text | None = None  # loading or induction phase, in words
    #: The loading phase as dated doses, and the day the regular doses start (for calendars).
    loading_doses: list[LoadingDose] = []
    maintenance_from_day: Annotated[int, Field(ge=2, le=366)] | None = None
    companions: list[Companion] = []
    text: Text  # plain-language "how to take it"
    detail: Text | None = None
    sources: Sources

    @model_validator(mode="after")
    def _loading(self) -> Regimen:
        if self.loading_doses and self.loading is None:
            raise ValueError("loading_doses need the loading phase described in words (loading)")
        if bool(self.loading_doses) != (self.maintenance_from_day is not None):
            raise ValueError("loading_doses and maintenance_from_day go together")
        if self.loading_doses:
            days = [d.day for d in self.loading_doses]
            if days != sorted(set(days)):
                raise ValueError("loading_doses must be in day order, one entry a day")
            if self.maintenance_from_day is not None and self.maintenance_from_day <= days[-1]:
                raise ValueError("maintenance_from_day must come after the last loading dose")
        return self

    @model_validator(mode="after")
    def _interval(self) -> Regimen:
        needs = self.frequency in INTERVAL_FREQUENCIES
        if needs and self.interval is None:
            raise ValueError(f"interval is required when frequency is {self.frequency}")
        if not needs and self.interval is not None:
            raise ValueError(f"interval only applies to every-n-days / -weeks / -months, not {self.frequency}")
        return self


class Participant(Model):
    """One side of an interaction rule: a drug, a class, or a property tag. Exactly one is set."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    drug: Slug | None = None
    class_: Annotated[Slug | None, Field(alias="class")] = None
    property_: Annotated[Slug | None, Field(alias="property")] = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Participant:
        if sum(x is not None for x in (self.drug, self.class_, self.property_)) != 1:
            raise ValueError("give exactly one of drug, class or property")
        return self

    @property
    def key(self) -> tuple[str, str]:
        if self.drug:
            return ("drug", self.drug)
        if self.class_:
            return ("class", self.class_)
        return ("property", self.property_ or "")

    @property
    def specificity(self) -> int:
        """drug 3 > class 2 > property 1: the most specific rule for a pair wins."""
        return {"drug": 3, "class": 2, "property": 1}[self.key[0]]


class Adjustment(Model):
    """A dose change the label states: for kidneys, liver, another medicine, weight, toxicity."""

    kind: Literal["renal", "hepatic", "interaction", "weight", "age", "toxicity", "genetic", "other"]
    when: Text  # the condition, e.g. "Severe renal impairment requiring dialysis"
    #: no-change: the label says no adjustment is needed; not-studied: the label has no data.
    action: Literal[
        "reduce-dose",
        "increase-dose",
        "cap-dose",
        "avoid",
        "not-recommended",
        "interrupt",
        "no-change",
        "not-studied",
        "monitor",
        "use-with-caution",
        "stop",
    ]
    change: Text  # the result, e.g. "Start at 3 mg once daily; on dialysis days take it after dialysis"
    detail: Text | None = None  # clinician detail: thresholds, label wording
    indication: Slug | None = None  # when the adjustment applies to one indication only
    #: When it applies to some regimens only (their ids), e.g. lenalidomide maintenance.
    regimens: list[Slug] = []
    # -- Structured condition, for the dose calculator. Unset fields do not constrain.
    crcl: Band | None = None  # creatinine clearance, mL/min (Cockcroft-Gault)
    dialysis: bool | None = None
    child_pugh: list[Literal["A", "B", "C"]] = []
    weight_kg: Band | None = None
    #: Other medicines that trigger it: any one of with_any, and every one of with_all.
    with_any: list[Participant] = []
    with_all: list[Participant] = []
    # -- The structured result. new_dose alone keeps the frequency; new_frequency alone keeps
    # the amount; for cap-dose, new_dose is the ceiling; dose_fraction scales the usual dose.
    new_dose: Dose | None = None
    new_frequency: Frequency | None = None
    new_interval: Annotated[int, Field(gt=0)] | None = None
    dose_fraction: Band | None = None
    sources: Sources

    @model_validator(mode="after")
    def _result(self) -> Adjustment:
        if self.action == "cap-dose" and self.new_dose is None:
            raise ValueError("cap-dose needs new_dose (the ceiling)")
        if self.dose_fraction is not None and (self.dose_fraction.min is None or self.dose_fraction.max is None or self.dose_fraction.max > 1):
            raise ValueError("dose_fraction needs min and max, as fractions of the usual dose (at most 1)")
        needs = self.new_frequency in INTERVAL_FREQUENCIES
        if needs != (self.new_interval is not None):
            raise ValueError("new_interval goes with new_frequency every-n-days / -weeks / -months, and only then")
        return self

    @property
    def structured(self) -> bool:
        """Whether the dose calculator can tell from a person's details that it applies."""
        return bool(
            self.crcl or self.dialysis is not None or self.child_pugh or self.weight_kg or self.with_any or self.with_all
        )


class SideEffect(Model):
    name: Text
    frequency: Literal["very-common", "common", "uncommon", "rare", "not-known"]
    text: Text  # what it is like, in plain words
    self_care: Text | None = None  # what helps
    sources: Sources


class RedFlag(Model):
    """A serious effect whose symptoms mean: get help now."""

    name: Text
    symptoms: Text
    action: Text
    urgency: Literal["emergency", "urgent"]  # emergency: call 911/999/112; urgent: same day
    sources: Sources


class MonitoringTest(Model):
    test: Text
    when: Text
    why: Text
    sources: Sources


#: How a medicine stands in pregnancy or breastfeeding (the issue's five statuses; the
#: older content words "caution" and "limited-data" are read as their new names).
ReproStatus = Literal["contraindicated", "avoid", "use-with-caution", "compatible", "insufficient-data"]
_STATUS_ALIASES = {"caution": "use-with-caution", "limited-data": "insufficient-data"}


def _status_alias(data: Any) -> Any:
    if isinstance(data, dict) and data.get("status") in _STATUS_ALIASES:
        return {**data, "status": _STATUS_ALIASES[data["status"]]}
    return data


class Duration(Model):
    """A time in the source's own unit (the label says 6 months; we keep 6 months)."""

    value: Annotated[float, Field(gt=0)]
    unit: Literal["days", "weeks", "months", "years", "menstrual-cycles"]


class GuidelinePosition(Model):
    """What a named guideline says, where it differs from (or adds to) the label."""

    status: ReproStatus
    text: Text
    sources: Sources

    _alias = model_validator(mode="before")(_status_alias)


class ReproInfo(Model):
    """A pregnancy, breastfeeding or paternal entry: the label's status and words, guidelines beside."""

    status: ReproStatus
    text: Text
    detail: Text | None = None
    guidelines: list[GuidelinePosition] = []
    sources: Sources

    _alias = model_validator(mode="before")(_status_alias)


class PregnancyInfo(ReproInfo):
    #: How long before trying to conceive the medicine should be stopped.
    stop_before_conception: Duration | None = None


class BreastfeedingInfo(ReproInfo):
    pass


class PaternalInfo(ReproInfo):
    """For a man taking the medicine whose partner may become pregnant."""

    stop_before_conception: Duration | None = None


class ContraceptionAdvice(Statement):
    """A contraception statement, with its structured parts where the source gives them."""

    required: bool | None = None
    methods: list[Text] = []
    before_start: Duration | None = None
    after_last_dose: Duration | None = None


class Contraception(Model):
    """For both partners: who needs it, which, for how long after the last dose."""

    females: ContraceptionAdvice | None = None
    males: ContraceptionAdvice | None = None
    programme: Statement | None = None  # REMS / pregnancy prevention programme
    #: The programme's name, e.g. "Lenalidomide REMS".
    programme_name: Text | None = None


class KeyInteraction(Model):
    with_: Annotated[Text, Field(alias="with")]
    effect: Text
    advice: Text
    sources: Sources
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


#: Sections every immunomodulator monograph must have (the content lint); a missing one fails the build.
MONOGRAPH_SECTIONS = (
    "brands", "classes", "conditions", "label_source", "what_it_is", "mechanism", "uses", "regimens", "how_to_take",
    "adjustments", "who_should_not_take", "side_effects", "red_flags", "monitoring", "pregnancy", "breastfeeding",
    "contraception", "interactions", "questions_for_your_doctor",
)
#: Sections a monograph should have when its sources say anything; `validate` lists the gaps without failing.
MONOGRAPH_SECTIONS_WHEN_SOURCED = ("missed_dose", "onset", "half_life", "washout", "vaccines", "paternal", "fertility")


class SwitchAdvice(Model):
    """What the label says about moving from this medicine to another."""

    #: Length of the label's accelerated elimination procedure, when it has one (leflunomide: 11 days).
    washout_days: Annotated[int, Field(gt=0, le=365)] | None = None
    #: How long the medicine's effects last after the last dose, when the label gives it.
    lasting_days: Annotated[int, Field(gt=0, le=730)] | None = None
    text: Text
    detail: Text | None = None
    sources: Sources


class Drug(Model):
    slug: Slug
    name: Text
    #: immunomodulator: a full monograph; other: a medicine, vaccine or substance taken beside them.
    category: Literal["immunomodulator", "other"] = "immunomodulator"
    brands: list[Brand] = []
    synonyms: list[Text] = []
    rxnorm: Annotated[str, StringConstraints(pattern=r"^\d+$")] | None = None
    classes: list[Slug] = []
    properties: list[PropertyTag] = []
    conditions: list[Slug] = []
    summary: Text  # one or two plain sentences
    reviewed: dt.date
    reviewer: Text
    label_source: Slug | None = None  # the main label this monograph follows
    #: For `other` medicines: the citations behind their classes and property tags.
    sources: list[Citation] = []

    what_it_is: Statement | None = None
    mechanism: Statement | None = None
    uses: list[Statement] = []
    regimens: list[Regimen] = []
    how_to_take: list[Statement] = []
    missed_dose: Statement | None = None
    adjustments: list[Adjustment] = []
    boxed_warnings: list[Statement] = []
    who_should_not_take: list[Statement] = []
    side_effects: list[SideEffect] = []
    red_flags: list[RedFlag] = []
    monitoring: list[MonitoringTest] = []
    pregnancy: PregnancyInfo | None = None
    breastfeeding: BreastfeedingInfo | None = None
    paternal: PaternalInfo | None = None
    contraception: Contraception | None = None
    fertility: Statement | None = None
    vaccines: list[Statement] = []
    interactions: list[KeyInteraction] = []
    half_life: Statement | None = None
    #: How soon it starts to work, and when its full effect is judged (from trials or guidance).
    onset: Statement | None = None
    washout: Statement | None = None
    switching: SwitchAdvice | None = None
    questions_for_your_doctor: list[Text] = []

    @model_validator(mode="after")
    def _monograph_complete(self) -> Drug:
        if self.category != "immunomodulator":
            if (self.classes or self.properties) and not self.sources:
                raise ValueError("sources must cite where the classes and properties of this medicine come from")
            return self
        missing = [name for name in MONOGRAPH_SECTIONS if not getattr(self, name)]
        if missing:
            raise ValueError("an immunomodulator monograph needs: " + ", ".join(missing))
        return self

    @property
    def match_keys(self) -> frozenset[tuple[str, str]]:
        """What rules can name this medicine by: itself, its classes, its property tags."""
        return frozenset([("drug", self.slug)] + [("class", c) for c in self.classes] + [("property", p) for p in self.properties])


# --------------------------------------------------------------------------- interaction rules

Severity = Literal["contraindicated", "major", "moderate", "minor"]
SEVERITY_RANK: dict[str, int] = {"contraindicated": 4, "major": 3, "moderate": 2, "minor": 1}


class InteractionRule(Model):
    """What happens when two medicines (or a medicine and a vaccine, food or alcohol) meet."""

    id: Slug
    #: interaction: a pharmacological interaction; the others are list alerts shown apart.
    kind: Literal["interaction", "duplicate-therapy", "live-vaccine", "alcohol", "food"] = "interaction"
    between: Annotated[list[Participant], Field(min_length=2, max_length=2)]
    severity: Severity
    action: Literal["avoid", "adjust-dose", "monitor", "separate-doses", "use-with-care"]
    mechanism: Text
    summary: Text  # for the patient: what this means for you
    management: Text  # for the prescriber: what they may do
    sources: Sources


# --------------------------------------------------------------------------- classes, conditions


class DrugClass(Model):
    slug: Slug
    name: Text
    summary: Text
    description: list[Statement]
    reviewed: dt.date


class Condition(Model):
    slug: Slug
    name: Text
    other_names: list[Text] = []
    summary: Text
    description: list[Statement]
    reviewed: dt.date


# --------------------------------------------------------------------------- publication


class Topic(Model):
    """A topic hub: a plain-language introduction (Markdown body) then its articles."""

    slug: Slug
    title: Text
    summary: Text
    reviewed: dt.date
    sources: Sources
    body: Text


class Article(Model):
    slug: Slug
    title: Text
    date: dt.date
    updated: dt.date | None = None
    summary: Text
    drugs: list[Slug] = []
    conditions: list[Slug] = []
    topics: Annotated[list[Slug], Field(min_length=1)]
    sources: Sources
    reviewed: dt.date
    reviewer: Text
    body: Text


def citations_in(obj: Any, path: str = "") -> Iterator[tuple[str, Citation]]:
    """Every citation inside a model, with its field path (e.g. `regimens[0].sources[1]`)."""
    if isinstance(obj, Citation):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from citations_in(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from citations_in(item, f"{path}[{i}]")
