"""The JSON API (`/api/v1`). Every clinical payload includes the sources it cites."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, HTTPException, Path, Query, Request
import orjson
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..clinical.dosing import DoseError, DoseRequest, calculate
from ..clinical.switching import SwitchError, plan_switch
from ..labels.query import annotate_unknown, get_label, search_labels
from ..labels.sections import section_title
from ..clinical.calculators import BodySizeInput, ChildPughInput, CrClInput, body_size, child_pugh, creatinine_clearance
from ..clinical.compare import CompareError, compare
from ..clinical.interactions import MAX_MEDICINES
from ..clinical.schedule import Schedule, ScheduleError, pick_regimen, to_ical
from ..clinical.schedule import build as build_schedule
from ..clinical.names import MAX_NAME_LENGTH
from ..clinical.pregnancy import InvalidQuestion, Patient, Situation, assess

from ..knowledge.model import Article, Drug, citations_in
from .app import Live
from .render import source_json

router = APIRouter()


class FastJSON(JSONResponse):
    """JSON encoded with orjson: the tool answers are large and hot."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


api = APIRouter(prefix="/api/v1", tags=["ImmunoGuide"])


def live_or_503(request: Request) -> Live:
    live = request.app.state.live.current
    if live is None:
        raise HTTPException(503, {"detail": "no content build is published yet", "hint": "run `immunoguide build`"})
    return live


def not_found(live: Live, what: str, slug: str) -> HTTPException:
    suggestions = [
        {"type": h.entry.type, "slug": h.entry.slug, "title": h.entry.title, "url": h.entry.url}
        for h in live.search.search(slug.replace("-", " "), limit=5)
    ]
    return HTTPException(404, {"detail": f"unknown {what}: {slug}", "suggestions": suggestions})


def cited_sources(live: Live, item: Any) -> list[dict[str, Any]]:
    ids = dict.fromkeys(c.source for _, c in citations_in(item))
    if isinstance(item, Drug) and item.label_source:
        ids.setdefault(item.label_source)
    return [source_json(live.knowledge.sources[i]) for i in ids]


def drug_summary(drug: Drug) -> dict[str, Any]:
    return {
        "slug": drug.slug,
        "name": drug.name,
        "category": drug.category,
        "brands": [b.name for b in drug.brands],
        "classes": drug.classes,
        "conditions": drug.conditions,
        "summary": drug.summary,
        "reviewed": drug.reviewed.isoformat(),
        "url": f"/drugs/{drug.slug}",
    }


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat(),
        "summary": article.summary,
        "drugs": article.drugs,
        "conditions": article.conditions,
        "topics": article.topics,
        "url": f"/articles/{article.slug}",
    }


@router.get("/healthz", tags=["ImmunoGuide"])
def healthz(request: Request) -> JSONResponse:
    live: Live | None = request.app.state.live.current
    if live is None:
        return JSONResponse({"status": "no-build", "build": None}, status_code=503)
    info = live.info
    return JSONResponse(
        {
            "status": "ok",
            "build": {
                "id": info.id,
                "built_at": info.built_at.isoformat(),
                "content_hash": info.content_hash,
                **info.counts,
            },
        }
    )


@api.get("/drugs")
def list_drugs(request: Request) -> dict[str, Any]:
    live = live_or_503(request)
    return {"drugs": [drug_summary(d) for d in live.knowledge.drugs_sorted()]}


@api.get("/drugs/{slug}")
def get_drug(request: Request, slug: str) -> dict[str, Any]:
    live = live_or_503(request)
    drug = live.knowledge.drugs.get(slug)
    if drug is None:
        raise not_found(live, "drug", slug)
    return {
        **drug.model_dump(mode="json", by_alias=True),
        "url": f"/drugs/{slug}",
        "articles": [article_summary(a) for a in live.knowledge.articles_by_drug.get(slug, [])],
        "sources": cited_sources(live, drug),
    }


def _group_list(request: Request, kind: str, url_base: str) -> list[dict[str, Any]]:
    items = live_or_503(request).knowledge.collection(kind).values()
    return [{"slug": c.slug, "name": c.name, "summary": c.summary, "url": f"/{url_base}/{c.slug}"} for c in sorted(items, key=lambda c: c.name)]


def _group(request: Request, kind: str, slug: str) -> dict[str, Any]:
    """A class or condition with its drugs (and its articles: conditions have them)."""
    live = live_or_503(request)
    k = live.knowledge
    item = k.collection(kind).get(slug)
    if item is None:
        raise not_found(live, kind, slug)
    drugs = (k.drugs_by_class if kind == "class" else k.drugs_by_condition).get(slug, [])
    articles = k.articles_by_condition.get(slug, []) if kind == "condition" else []
    return {
        **item.model_dump(mode="json"),
        "drugs": [drug_summary(d) for d in drugs],
        "articles": [article_summary(a) for a in articles],
        "sources": cited_sources(live, item),
    }


@api.get("/classes")
def list_classes(request: Request) -> dict[str, Any]:
    return {"classes": _group_list(request, "class", "classes")}


@api.get("/classes/{slug}")
def get_class(request: Request, slug: str) -> dict[str, Any]:
    return _group(request, "class", slug)


@api.get("/conditions")
def list_conditions(request: Request) -> dict[str, Any]:
    return {"conditions": _group_list(request, "condition", "conditions")}


@api.get("/conditions/{slug}")
def get_condition(request: Request, slug: str) -> dict[str, Any]:
    return _group(request, "condition", slug)


@api.get("/articles")
def list_articles(request: Request) -> dict[str, Any]:
    live = live_or_503(request)
    return {"articles": [article_summary(a) for a in live.knowledge.articles_newest_first]}


@api.get("/articles/{slug}")
def get_article(request: Request, slug: str) -> dict[str, Any]:
    live = live_or_503(request)
    article = live.knowledge.articles.get(slug)
    if article is None:
        raise not_found(live, "article", slug)
    return {**article.model_dump(mode="json"), "url": f"/articles/{slug}", "sources": cited_sources(live, article)}


@api.get("/topics/{slug}")
def get_topic(request: Request, slug: str, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> dict[str, Any]:
    from .pages import paginate  # noqa: PLC0415

    live = live_or_503(request)
    topic = live.knowledge.topics.get(slug)
    if topic is None:
        raise not_found(live, "topic", slug)
    shown, page, pages = paginate(live.knowledge.articles_by_topic.get(slug, []), str(page))
    return {
        **topic.model_dump(mode="json"),
        "url": f"/topics/{slug}",
        "page": page,
        "pages": pages,
        "articles": [article_summary(a) for a in shown],
        "sources": cited_sources(live, topic),
    }


@api.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="What to look for: a medicine, brand, condition or question")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> dict[str, Any]:
    live = live_or_503(request)
    return {"query": q, "results": [h.as_json() for h in live.search.search(q, limit=limit)]}


MedicineName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_LENGTH)]


class InteractionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    medicines: Annotated[
        list[MedicineName],
        Field(min_length=1, max_length=MAX_MEDICINES, description="Medicine names as people type them: generic, brand or other names."),
    ]


@api.get("/resolve")
def resolve(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_NAME_LENGTH, description="A medicine name as typed: generic, brand, abbreviation or misspelling")],
) -> FastJSON:
    """How ImmunoGuide reads one medicine name: the match (if clear) and suggestions."""
    return FastJSON(live_or_503(request).resolver.resolve(q).as_json())


@api.post("/interactions")
def check_interactions(request: Request, body: InteractionRequest) -> FastJSON:
    """Check every pair of a medicine list. Names that cannot be read come back in `unknown`, never dropped."""
    live = live_or_503(request)
    answer = live.checker.check(body.medicines).as_json(live.knowledge)
    annotate_unknown(request.app.state.live.engine, answer["unknown"])
    return FastJSON(answer)


class PregnancyRequest(InteractionRequest):
    patient: Patient = Field(description="female: the person taking the medicines could become pregnant; male: his partner could")
    situation: Situation = Field(description="planning a pregnancy, pregnant now, or breastfeeding")


@api.post("/pregnancy")
def pregnancy(request: Request, body: PregnancyRequest) -> FastJSON:
    """Pregnancy, breastfeeding and contraception for each medicine, for the person taking it or her partner."""
    live = live_or_503(request)
    try:
        answer = assess(live.knowledge, live.resolver, body.medicines, body.patient, body.situation)
    except InvalidQuestion as exc:
        return JSONResponse({"detail": "invalid request", "errors": [{"field": "situation", "reason": str(exc)}]}, status_code=422)
    return FastJSON(answer.as_json())


@api.post("/calculators/crcl")
def calculate_crcl(body: CrClInput) -> FastJSON:
    """Creatinine clearance by Cockcroft–Gault (serum creatinine in mg/dL or µmol/L)."""
    return FastJSON(creatinine_clearance(body))


@api.post("/calculators/child-pugh")
def calculate_child_pugh(body: ChildPughInput) -> FastJSON:
    """Child–Pugh score and class from bilirubin, albumin, INR, ascites and encephalopathy."""
    return FastJSON(child_pugh(body))


@api.post("/calculators/bsa")
def calculate_bsa(body: BodySizeInput) -> FastJSON:
    """Body surface area (Mosteller, with DuBois beside it); ideal and adjusted body weight when sex is given."""
    return FastJSON(body_size(body))


@api.post("/dose")
def dose(request: Request, body: DoseRequest) -> FastJSON:
    """The standard dose of a regimen and the dose the label gives for this person, with every adjustment and its source.

    `recommended` is null when the label says to avoid the medicine, gives no dose for the
    situation, or describes the change in a way ImmunoGuide does not calculate."""
    live = live_or_503(request)
    try:
        answer = calculate(live.knowledge, live.checker, body)
    except DoseError as exc:
        return _invalid(exc.field, exc.reason, **exc.extra)
    return FastJSON(answer.as_json(live.knowledge))


class SwitchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Annotated[str, Field(alias="from", min_length=1, max_length=MAX_NAME_LENGTH, description="The medicine being stopped")]
    to: Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH, description="The medicine being started")]
    last_dose_date: dt.date = Field(description="Date of the last dose of the old medicine (YYYY-MM-DD)")
    indication: Annotated[str, Field(max_length=80)] | None = None


@api.post("/switch")
def switch(request: Request, body: SwitchRequest) -> FastJSON:
    """A dated plan for moving from one immunomodulator to another: when to start, washout, what to watch for."""
    live = live_or_503(request)
    try:
        plan = plan_switch(live.knowledge, live.checker, body.from_, body.to, body.last_dose_date, body.indication)
    except SwitchError as exc:
        return _invalid(exc.field, exc.reason, **exc.extra)
    return FastJSON(plan.as_json(live.knowledge))


@api.get("/labels")
def list_labels(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find in label text, e.g. 'CYP1A2 inhibitors'")],
    section: Annotated[str | None, Query(pattern=r"^[a-z_]{3,80}$", description="Only this section field, e.g. drug_interactions or boxed_warning")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> FastJSON:
    """Full-text search of the FDA label library: the best matching section of each label, ranked, with a snippet."""
    hits = search_labels(request.app.state.live.engine, q, section=section, limit=limit, offset=offset)
    return FastJSON({
        "query": q, "section": section,
        "results": [{"set_id": h.set_id, "title": h.title, "section": h.field, "section_title": section_title(h.field), "snippet": h.snippet, "url": f"/labels/{h.set_id}#{h.field}"} for h in hits],
    })


@api.get("/labels/{set_id}")
def one_label(request: Request, set_id: Annotated[str, Path(max_length=64)]) -> FastJSON:
    """One FDA label: its newest imported version, every section in label order with its tables, and its names."""
    label = get_label(request.app.state.live.engine, set_id)
    if label is None:
        return FastJSON({"detail": f"no FDA label with set id '{set_id}' has been imported"}, status_code=404)
    return FastJSON(label)


def _invalid(field: str, reason: str, **extra: Any) -> FastJSON:
    return FastJSON({"detail": "invalid request", "errors": [{"field": field, "reason": reason}], **extra}, status_code=422)


def _schedule(live: Live, drug: str, indication: str | None, regimen: int | None, start: dt.date, cycles: int, weeks: int, weekday: str | None) -> Schedule | FastJSON:
    resolution = live.resolver.resolve(drug)
    if resolution.match is None:
        return _invalid("drug", f"unknown medicine '{drug}'", suggestions=[s.as_json() for s in resolution.suggestions])
    medicine = live.knowledge.drugs[resolution.match.slug]
    if not medicine.regimens:
        return _invalid("drug", f"ImmunoGuide has no regimens for {medicine.name}")
    try:
        index, chosen = pick_regimen(medicine, indication, regimen)
        return build_schedule(medicine, index, chosen, start, cycles=cycles, weeks=weeks, weekday=weekday)
    except ScheduleError as exc:
        return _invalid(exc.field, exc.reason)


ScheduleDrug = Annotated[str, Query(min_length=1, max_length=MAX_NAME_LENGTH, description="The medicine, as typed")]
ScheduleStart = Annotated[dt.date, Query(description="First day of treatment (YYYY-MM-DD)")]
Indication = Annotated[str | None, Query(max_length=80, description="Condition slug, e.g. multiple-myeloma")]
RegimenIndex = Annotated[int | None, Query(ge=0, le=50, description="Which regimen of the monograph, when an indication has several")]
Cycles = Annotated[int, Query(ge=1, le=24, description="Cycles to lay out, for cycle regimens")]
Weeks = Annotated[int, Query(ge=1, le=104, description="Weeks to lay out, for other regimens")]
Weekday = Annotated[str | None, Query(pattern="^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", description="For weekly doses: the day of the week")]


@api.get("/schedule")
def schedule(
    request: Request, drug: ScheduleDrug, start: ScheduleStart, indication: Indication = None, regimen: RegimenIndex = None,
    cycles: Cycles = 3, weeks: Weeks = 12, weekday: Weekday = None,
) -> FastJSON:
    """Dated dose days and rest days for a regimen (e.g. pomalidomide: days 1–21 of each 28-day cycle)."""
    result = _schedule(live_or_503(request), drug, indication, regimen, start, cycles, weeks, weekday)
    return result if isinstance(result, FastJSON) else FastJSON(result.as_json())


@api.get("/schedule.ics")
def schedule_ics(
    request: Request, drug: ScheduleDrug, start: ScheduleStart, indication: Indication = None, regimen: RegimenIndex = None,
    cycles: Cycles = 3, weeks: Weeks = 12, weekday: Weekday = None,
    time: Annotated[str, Query(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Time of day for the dose, HH:MM")] = "08:00",
    tz: Annotated[str, Query(max_length=64, description="IANA time zone, e.g. Europe/London")] = "UTC",
    reminder: Annotated[int | None, Query(ge=0, le=1440, description="Reminder this many minutes before")] = None,
) -> Response:
    """The same schedule as an RFC 5545 calendar to import into Google, Apple or Outlook calendars."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return _invalid("tz", f"unknown time zone '{tz}'; use an IANA name such as Europe/London")
    result = _schedule(live_or_503(request), drug, indication, regimen, start, cycles, weeks, weekday)
    if isinstance(result, FastJSON):
        return result
    hour, minute = (int(x) for x in time.split(":"))
    body = to_ical(result, at=dt.time(hour, minute), tz=tz, reminder_minutes=reminder)
    filename = f"{result.drug.slug}-schedule.ics"
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@api.get("/compare")
def compare_drugs(
    request: Request,
    drugs: Annotated[str, Query(min_length=1, max_length=600, description="2 to 6 medicines, comma-separated, e.g. adalimumab,infliximab,etanercept")],
) -> FastJSON:
    """Immunomodulators side by side, each cell from the monograph with its sources."""
    live = live_or_503(request)
    names = [n.strip() for n in drugs.split(",") if n.strip()]
    try:
        result = compare(live.knowledge, live.resolver, names)
    except CompareError as exc:
        unknown = [{"input": r.query, "suggestions": [s.as_json() for s in r.suggestions]} for r in map(live.resolver.resolve, names) if r.match is None]
        return _invalid("drugs", str(exc), unknown=unknown)
    return FastJSON(result.as_json(live.knowledge))


router.include_router(api)
