"""Server-rendered pages (Jinja2). They work without JavaScript and print cleanly."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import hashlib
import math
from pathlib import Path
from urllib.parse import urlencode
from typing import Any
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from ..clinical.compare import CompareError, compare
from ..clinical.dosing import DoseError, DosePatient, DoseRequest, calculate
from ..clinical.switching import SwitchError, plan_switch
from ..clinical.interactions import MAX_MEDICINES
from ..clinical.names import MAX_NAME_LENGTH
from ..clinical.pregnancy import InvalidQuestion, assess
from ..clinical.report import build_report, dose_lines
from ..clinical.schedule import Schedule, pick_regimen
from ..clinical.schedule import build as build_schedule
from ..knowledge.model import Article, Drug
from ..labels.query import annotate_unknown, get_label, search_labels
from ..labels.sections import section_title
from ..labels.review import label_update_for
from .app import Live
from ..knowledge.wording import cycle_text, dose_text, frequency_text
from .render import Citer, json_ld, label_html, long_date, markdown

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters.update(long_date=long_date, markdown=markdown, dose=dose_text)
templates.env.globals.update(frequency_text=frequency_text, cycle_text=cycle_text)

PAGE_SIZE = 20
ADJUSTMENT_HEADINGS = {
    "renal": "Kidney problems",
    "hepatic": "Liver problems",
    "interaction": "Other medicines",
    "weight": "Body weight",
    "age": "Age",
    "genetic": "Genetic test results",
    "toxicity": "Side effects and blood counts",
    "other": "Other situations",
}


def get_live(request: Request) -> Live:
    live = request.app.state.live.current
    if live is None:
        raise HTTPException(503, "No content build has been published yet. Run `immunoguide build`, then reload.")
    return live


def _etag(live: Live, request: Request, variant: str = "") -> str:
    digest = hashlib.sha1(f"{live.info.content_hash}|{request.url}|{variant}".encode()).hexdigest()
    return f'W/"{digest[:20]}"'


def page(request: Request, template: str, status: int = 200, personal: bool = False, variant: str = "", **context: Any) -> Response:
    """Render a page. Content pages get an ETag (304 when the reader has it) and are kept per build.

    `personal` pages (the tools, search) hold someone's medicine list or query in their address:
    they are never kept, here or in a shared cache, and may depend on today's date. `variant`
    names anything else a content page depends on (e.g. the imported label version it warns about).
    """
    live = get_live(request)
    context.setdefault("citer", Citer(live.knowledge.sources))
    if personal:
        return templates.TemplateResponse(
            request, template, {"k": live.knowledge, "build": live.info, **context}, status_code=status,
            headers={"Cache-Control": "private, no-store"},
        )
    etag = _etag(live, request, variant)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
    if status == 200 and etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if status == 200 and (body := live.pages.get(etag)) is not None:
        return HTMLResponse(body, headers=headers)
    response = templates.TemplateResponse(
        request, template, {"k": live.knowledge, "build": live.info, **context}, status_code=status, headers=headers
    )
    if status == 200:
        live.pages.put(etag, response.body)
    return response


def not_found(what: str, slug: str) -> HTTPException:
    return HTTPException(404, f"We have no {what} called “{slug}”.")


def error_page(request: Request, status: int, detail: Any) -> Response:
    live: Live | None = request.app.state.live.current
    suggestions = []
    if live is not None and status == 404:
        last = request.url.path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        suggestions = live.search.search(last, limit=5)
    titles = {404: "Page not found", 422: "We could not read that request", 503: "Not ready yet", 500: "Something went wrong"}
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "title": titles.get(status, "Error"),
            "detail": detail if isinstance(detail, str) else "",
            "suggestions": suggestions,
            "k": live.knowledge if live else None,
        },
        status_code=status,
    )


# --------------------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    live = get_live(request)
    return page(request, "home.html", latest=live.knowledge.articles_newest_first[:6])


@router.get("/drugs", response_class=HTMLResponse)
def drugs_index(request: Request) -> Response:
    k = get_live(request).knowledge
    letters: dict[str, list[Drug]] = {}
    for drug in k.drugs_sorted("immunomodulator"):
        letters.setdefault(drug.name[0].upper(), []).append(drug)
    return page(request, "drugs.html", letters=letters, others=k.drugs_sorted("other"))


def _drug_json_ld(request: Request, drug: Drug, live: Live) -> dict[str, Any]:
    k = live.knowledge
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Drug",
        "name": drug.name,
        "nonProprietaryName": drug.name,
        "url": str(request.url_for("drug_page", slug=drug.slug)),
        "description": drug.summary,
        "alternateName": [b.name for b in drug.brands] + list(drug.synonyms),
        "drugClass": [{"@type": "DrugClass", "name": k.classes[c].name} for c in drug.classes],
        "lastReviewed": drug.reviewed.isoformat(),
    }
    if drug.pregnancy:
        data["pregnancyWarning"] = drug.pregnancy.text
    if drug.breastfeeding:
        data["breastfeedingWarning"] = drug.breastfeeding.text
    if drug.boxed_warnings:
        data["warning"] = [w.text for w in drug.boxed_warnings]
    if drug.conditions:
        data["indication"] = [{"@type": "MedicalCondition", "name": k.conditions[c].name} for c in drug.conditions]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


@router.get("/drugs/{slug}", response_class=HTMLResponse, name="drug_page")
def drug_page(request: Request, slug: str) -> Response:
    live = get_live(request)
    drug = live.knowledge.drugs.get(slug)
    if drug is None:
        raise not_found("medicine", slug)
    if drug.category == "other":
        return page(request, "other_drug.html", drug=drug, rules=live.checker.rules_for(slug), jsonld=json_ld(_drug_json_ld(request, drug, live)))
    adjustments: dict[str, list] = {}
    for adj in drug.adjustments:
        adjustments.setdefault(adj.kind, []).append(adj)
    label_update = label_update_for(live.knowledge, request.app.state.live.engine, slug)
    return page(
        request,
        "drug.html",
        variant=str(label_update),
        drug=drug,
        label_update=label_update,
        adjustments=[(ADJUSTMENT_HEADINGS[kind], items) for kind, items in adjustments.items()],
        articles=live.knowledge.articles_by_drug.get(slug, []),
        jsonld=json_ld(_drug_json_ld(request, drug, live)),
    )


def _group_page(request: Request, kind: str, slug: str) -> Response:
    k = get_live(request).knowledge
    item = k.collection(kind).get(slug)
    if item is None:
        raise not_found("drug class" if kind == "class" else kind, slug)
    if kind == "class":
        return page(request, "group.html", item=item, kind="Drug class", drugs=k.drugs_by_class.get(slug, []), articles=[])
    return page(request, "group.html", item=item, kind="Condition", drugs=k.drugs_by_condition.get(slug, []), articles=k.articles_by_condition.get(slug, []))


def _listing(request: Request, kind: str, title: str, base: str) -> Response:
    items = sorted(get_live(request).knowledge.collection(kind).values(), key=lambda c: getattr(c, "name", None) or c.title)
    return page(request, "listing.html", title=title, items=items, base=base)


@router.get("/classes", response_class=HTMLResponse)
def classes_index(request: Request) -> Response:
    return _listing(request, "class", "Drug classes", "/classes")


@router.get("/classes/{slug}", response_class=HTMLResponse)
def class_page(request: Request, slug: str) -> Response:
    return _group_page(request, "class", slug)


@router.get("/conditions", response_class=HTMLResponse)
def conditions_index(request: Request) -> Response:
    return _listing(request, "condition", "Conditions", "/conditions")


@router.get("/conditions/{slug}", response_class=HTMLResponse)
def condition_page(request: Request, slug: str) -> Response:
    return _group_page(request, "condition", slug)


@router.get("/topics", response_class=HTMLResponse)
def topics_index(request: Request) -> Response:
    return _listing(request, "topic", "Topics", "/topics")


def paginate(items: list[Article], page_number: str | None) -> tuple[list[Article], int, int]:
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))
    try:
        number = int(page_number or 1)
    except ValueError:
        raise HTTPException(422, f"page must be a whole number from 1 to {pages}") from None
    if not 1 <= number <= pages:
        raise HTTPException(404 if number > pages else 422, f"page must be a whole number from 1 to {pages}")
    return items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], number, pages


@router.get("/topics/{slug}", response_class=HTMLResponse)
def topic_page(request: Request, slug: str, page_number: str | None = None) -> Response:
    k = get_live(request).knowledge
    topic = k.topics.get(slug)
    if topic is None:
        raise not_found("topic", slug)
    shown, number, pages = paginate(k.articles_by_topic.get(slug, []), request.query_params.get("page"))
    return page(request, "topic.html", topic=topic, articles=shown, page_number=number, pages=pages)


@router.get("/articles", response_class=HTMLResponse)
def articles_index(request: Request) -> Response:
    k = get_live(request).knowledge
    shown, number, pages = paginate(k.articles_newest_first, request.query_params.get("page"))
    return page(request, "articles.html", articles=shown, page_number=number, pages=pages)


def _article_json_ld(request: Request, article: Article) -> dict[str, Any]:
    url = str(request.url_for("article_page", slug=article.slug))
    return {
        "@context": "https://schema.org",
        "@type": ["Article", "MedicalWebPage"],
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "lastReviewed": article.reviewed.isoformat(),
        "reviewedBy": {"@type": "Organization", "name": article.reviewer},
        "publisher": {"@type": "Organization", "name": "ImmunoGuide"},
        "inLanguage": "en",
    }


@router.get("/articles/{slug}", response_class=HTMLResponse, name="article_page")
def article_page(request: Request, slug: str) -> Response:
    k = get_live(request).knowledge
    article = k.articles.get(slug)
    if article is None:
        raise not_found("article", slug)
    return page(request, "article.html", article=article, jsonld=json_ld(_article_json_ld(request, article)))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    q = request.query_params.get("q", "").strip()[:200]
    live = get_live(request)
    hits = live.search.search(q, limit=30) if q else []
    # Second tier: the FDA label library, after the curated pages.
    label_hits = search_labels(request.app.state.live.engine, q, limit=10) if q else []
    return page(request, "search.html", personal=True, q=q, hits=hits, label_hits=label_hits, section_title=section_title)


@router.get("/labels/{set_id}", response_class=HTMLResponse)
def label_page(request: Request, set_id: str) -> Response:
    live = get_live(request)
    label = get_label(request.app.state.live.engine, set_id[:64])
    if label is None:
        raise not_found("FDA label", set_id[:64])
    curated = [d for d in live.knowledge.drugs_sorted() if any(n.lower() in {d.name.lower(), *(b.name.lower() for b in d.brands)} for k in ("brand", "generic", "substance") for n in label["names"].get(k, []))]
    # Labels change with imports, not with content builds: never kept in the per-build page cache.
    return page(request, "label.html", personal=True, label=label, curated=curated, label_html=label_html)


@router.get("/tools", response_class=HTMLResponse)
def tools_index(request: Request) -> Response:
    return page(request, "tools.html")


def _medicine_names(request: Request) -> list[str]:
    """The `m` parameters of a tool page: blanks dropped, each and their number capped."""
    return [m.strip()[:MAX_NAME_LENGTH] for m in request.query_params.getlist("m") if m.strip()][:MAX_MEDICINES]


@router.get("/tools/interactions", response_class=HTMLResponse)
def interactions_tool(request: Request) -> Response:
    live = get_live(request)
    names = _medicine_names(request)
    try:
        wanted = int(request.query_params.get("rows") or 0)
    except ValueError:
        wanted = 0
    rows = names + [""] * max(3 - len(names), min(max(wanted, 0), 30) - len(names), 1 if names else 0)
    result = live.checker.check(names) if names else None

    def swap_url(old: str, new: str) -> str:
        return "/tools/interactions?" + urlencode([("m", new if n == old.strip()[:MAX_NAME_LENGTH] else n) for n in names])

    answer = result.as_json(live.knowledge) if result else None
    if answer:
        annotate_unknown(request.app.state.live.engine, answer["unknown"])
    return page(
        request,
        "interactions.html",
        personal=True,
        rows=rows,
        result=result,
        answer=answer,
        checker=live.checker,
        name_options=live.resolver.display_names(),
        swap_url=swap_url,
    )


@router.get("/tools/pregnancy", response_class=HTMLResponse)
def pregnancy_tool(request: Request) -> Response:
    live = get_live(request)
    q = request.query_params
    names = _medicine_names(request)
    patient = q.get("patient") if q.get("patient") in ("female", "male") else "female"
    situation = q.get("situation") if q.get("situation") in ("planning", "pregnant", "breastfeeding") else "planning"
    answer, problem = None, None
    if names:
        try:
            answer = assess(live.knowledge, live.resolver, names, patient, situation).as_json()
        except InvalidQuestion:
            problem = "Breastfeeding advice is for the person taking the medicines: choose “planning a pregnancy” or “pregnant now” for a partner's pregnancy."
    rows = names + [""] * max(3 - len(names), 1 if names else 0)
    return page(
        request, "pregnancy.html", personal=True, rows=rows, patient=patient, situation=situation, answer=answer, problem=problem,
        name_options=live.resolver.display_names(),
    )




PATIENT_FIELDS = ("age", "sex", "weight", "height", "scr", "scr_unit", "crcl", "dialysis", "child_pugh")


def patient_fields(form: dict[str, str]) -> dict[str, Any]:
    """The 'about you' part of a tool form as the dose API's patient object (validation happens there)."""

    def number(key: str) -> float | str | None:
        value = form.get(key, "")
        try:
            return float(value) if value else None
        except ValueError:
            return value  # let validation say what is wrong with it

    patient: dict[str, Any] = {
        "age_years": number("age"), "sex": form.get("sex") or None, "weight_kg": number("weight"), "height_cm": number("height"),
        "crcl_ml_min": number("crcl"), "child_pugh": form.get("child_pugh") or None,
        "dialysis": {"yes": True, "no": False}.get(form.get("dialysis", "")),
    }
    if form.get("scr"):
        patient["serum_creatinine"] = {"value": number("scr"), "unit": form.get("scr_unit") or "mg/dL"}
    return {key: value for key, value in patient.items() if value is not None}


DOSE_FIELDS = ("drug", "indication", "regimen", *PATIENT_FIELDS)


def dose_request(form: dict[str, str], medicines: list[str]) -> DoseRequest:
    """The dose form as an API request; raises ValidationError naming the API's fields."""
    return DoseRequest(
        drug=form["drug"], indication=form["indication"] or None, regimen=form["regimen"] or None, medicines=medicines,
        patient=patient_fields(form),
    )


@router.get("/tools/dose", response_class=HTMLResponse)
def dose_tool(request: Request) -> Response:
    live = get_live(request)
    q = request.query_params
    form = {key: (q.get(key) or "").strip()[:MAX_NAME_LENGTH] for key in DOSE_FIELDS}
    names = _medicine_names(request)
    answer, problems, regimens = None, [], []
    if form["drug"]:
        try:
            result = calculate(live.knowledge, live.checker, dose_request(form, names))
            answer = result.as_json(live.knowledge)
            regimens = [r for r in result.drug.regimens if r.id]
        except ValidationError as exc:
            problems = [f"{_field_label(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
        except DoseError as exc:
            hint = ", ".join(s["name"] for s in exc.extra.get("suggestions", []))
            problems = [f"{exc.reason}" + (f". Did you mean {hint}?" if hint else "")]
    rows = names + [""] * max(2 - len(names), 1 if names else 0)
    return page(
        request, "dose.html", status=422 if problems else 200, personal=True, form=form, rows=rows, answer=answer, problems=problems,
        regimens=regimens, conditions=sorted(live.knowledge.conditions.values(), key=lambda c: c.name), name_options=live.resolver.display_names(),
    )


@router.get("/tools/switch", response_class=HTMLResponse)
def switch_tool(request: Request) -> Response:
    live = get_live(request)
    q = request.query_params
    form = {key: (q.get(key) or "").strip()[:MAX_NAME_LENGTH] for key in ("from", "to", "last")}
    plan, problem = None, None
    if form["from"] and form["to"]:
        try:
            last = dt.date.fromisoformat(form["last"]) if form["last"] else dt.date.today()
            plan = plan_switch(live.knowledge, live.checker, form["from"], form["to"], last).as_json(live.knowledge)
        except SwitchError as exc:
            hint = ", ".join(s["name"] for s in exc.extra.get("suggestions", []))
            problem = exc.reason + (f". Did you mean {hint}?" if hint else "")
        except ValueError:
            problem = "Please give the date of the last dose as YYYY-MM-DD."
    return page(request, "switch.html", status=422 if problem else 200, personal=True, form=form, plan=plan, problem=problem, name_options=[d.name for d in live.knowledge.drugs_sorted("immunomodulator")])


_FIELD_LABELS = {
    "age_years": "Age", "sex": "Sex", "weight_kg": "Weight", "height_cm": "Height", "serum_creatinine": "Creatinine",
    "crcl_ml_min": "Creatinine clearance", "child_pugh": "Child-Pugh class", "drug": "Medicine", "medicines": "Other medicines",
}


def _field_label(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if str(p) in _FIELD_LABELS]
    return _FIELD_LABELS[names[-1]] if names else ".".join(str(p) for p in loc)


@router.get("/tools/calendar", response_class=HTMLResponse)
def calendar_tool(request: Request) -> Response:
    live = get_live(request)
    q = request.query_params
    form = {key: (q.get(key) or "").strip()[:MAX_NAME_LENGTH] for key in ("drug", "indication", "regimen", "start", "cycles", "weekday")}
    schedule, problem, choices = None, None, []
    if form["drug"]:
        resolution = live.resolver.resolve(form["drug"])
        if resolution.match is None:
            hint = ", ".join(s.name for s in resolution.suggestions)
            problem = f"We could not recognise “{form['drug']}”." + (f" Did you mean {hint}?" if hint else "")
        else:
            drug = live.knowledge.drugs[resolution.match.slug]
            choices = [(i, r) for i, r in enumerate(drug.regimens)]
            try:
                start = dt.date.fromisoformat(form["start"]) if form["start"] else dt.date.today()
                regimen = int(form["regimen"]) if form["regimen"] else None
                if regimen is None:  # the page shows every regimen in a list: start from the first that fits
                    fitting = [i for i, r in enumerate(drug.regimens) if form["indication"] in ("", r.indication)]
                    regimen = fitting[0] if fitting else None
                cycles = int(form["cycles"]) if form["cycles"] else 3
                index, chosen = pick_regimen(drug, form["indication"] or None, regimen)
                schedule = build_schedule(drug, index, chosen, start, cycles=cycles, weeks=12, weekday=form["weekday"] or None)
            except ValueError as exc:  # a bad date or number, or a ScheduleError
                problem = getattr(exc, "reason", None) or "Please check the start date (YYYY-MM-DD) and the number of cycles."
            if not drug.regimens:
                problem = f"ImmunoGuide has no regimens for {drug.name}."
    months = month_grids(schedule) if schedule else []
    return page(request, "calendar.html", personal=True, form=form, schedule=schedule, problem=problem, choices=choices, months=months,
                ics_query=urlencode({k: v for k, v in form.items() if v} | ({"regimen": schedule.regimen_index} if schedule else {})))


def month_grids(schedule: Schedule) -> list[dict[str, Any]]:
    """Month grids (weeks of 7 cells, Monday first) covering the schedule, each cell marked dose, rest or none."""
    doses = {d.date: d for d in schedule.days}
    rest = set(schedule.rest_days)
    dates = sorted([*doses, *rest, *(c.date for c in schedule.companion_days)])
    first, last = dates[0], dates[-1]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([
                {"date": d, "in_month": d.month == month, "dose": doses.get(d), "rest": d in rest, "today": d == dt.date.today(),
                 "with": schedule.companions_on(d)}
                for d in week
            ])
        months.append({"title": dt.date(year, month, 1).strftime("%B %Y"), "weeks": weeks})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> Response:
    live = get_live(request)
    raw = (request.query_params.get("drugs") or "")[:600]
    names = [n.strip() for n in raw.split(",") if n.strip()]
    result, problem = None, None
    if names:
        try:
            result = compare(live.knowledge, live.resolver, names)
        except CompareError as exc:
            problem = str(exc)
    unknown = [r for r in map(live.resolver.resolve, names) if r.match is None]
    return page(request, "compare.html", raw=raw, result=result, problem=problem, unknown=unknown)


@router.get("/my-medicines", response_class=HTMLResponse)
def my_medicines(request: Request) -> Response:
    live = get_live(request)
    q = request.query_params
    names = _medicine_names(request)
    patient = q.get("patient") if q.get("patient") in ("female", "male") else None
    situation = q.get("situation") if q.get("situation") in ("planning", "pregnant", "breastfeeding") else None
    form = {key: (q.get(key) or "").strip()[:MAX_NAME_LENGTH] for key in PATIENT_FIELDS}
    report, problems = None, []
    try:
        body = DosePatient(**patient_fields(form))
    except ValidationError as exc:
        body = None
        problems = [f"{_field_label(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()]
    if names and body is not None:
        report = build_report(live.knowledge, live.checker, names, patient, situation, body)
    rows = names + [""] * max(4 - len(names), 1 if names else 0)
    return page(
        request, "report.html", status=422 if problems else 200, personal=True, rows=rows, report=report,
        answer=report.check.as_json(live.knowledge) if report else None, problems=problems, form=form,
        patient=patient, situation=situation, name_options=live.resolver.display_names(), dose_lines=dose_lines,
    )


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    k = get_live(request).knowledge
    return page(request, "sources.html", sources=sorted(k.sources.values(), key=lambda s: s.title.lower()))


@router.get("/about", response_class=HTMLResponse)
def about_page(request: Request) -> Response:
    return page(request, "about.html")


# --------------------------------------------------------------------------- feeds and metadata


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/feed.atom")
def atom_feed(request: Request) -> Response:
    live = get_live(request)
    base = _base(request)
    articles = live.knowledge.articles_newest_first[:50]
    updated = max((a.updated or a.date for a in articles), default=live.info.built_at.date())
    entries = []
    for a in articles:
        url = f"{base}/articles/{a.slug}"
        entries.append(
            "<entry>"
            f"<title>{escape(a.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>'
            f"<id>{escape(url)}</id>"
            f"<published>{a.date.isoformat()}T00:00:00Z</published>"
            f"<updated>{(a.updated or a.date).isoformat()}T00:00:00Z</updated>"
            f"<summary>{escape(a.summary)}</summary>"
            "<author><name>ImmunoGuide</name></author>"
            "</entry>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>ImmunoGuide articles</title>"
        f'<link rel="self" type="application/atom+xml" href="{escape(base)}/feed.atom"/>'
        f'<link rel="alternate" type="text/html" href="{escape(base)}/articles"/>'
        f"<id>{escape(base)}/feed.atom</id>"
        f"<updated>{updated.isoformat()}T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    )
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


@router.get("/sitemap.xml")
def sitemap(request: Request) -> Response:
    k = get_live(request).knowledge
    base = _base(request)
    urls: list[tuple[str, str | None]] = [(f"{base}/", None), (f"{base}/drugs", None), (f"{base}/articles", None)]
    urls += [(f"{base}/drugs/{d.slug}", d.reviewed.isoformat()) for d in k.drugs_sorted()]
    urls += [(f"{base}/classes/{s}", c.reviewed.isoformat()) for s, c in sorted(k.classes.items())]
    urls += [(f"{base}/conditions/{s}", c.reviewed.isoformat()) for s, c in sorted(k.conditions.items())]
    urls += [(f"{base}/topics/{s}", t.reviewed.isoformat()) for s, t in sorted(k.topics.items())]
    urls += [(f"{base}/articles/{a.slug}", (a.updated or a.reviewed).isoformat()) for a in k.articles_newest_first]
    body = "".join(
        f"<url><loc>{escape(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>" for u, m in urls
    )
    xml = '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + body + "</urlset>"
    return Response(xml, media_type="application/xml")


@router.get("/robots.txt")
def robots(request: Request) -> Response:
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {_base(request)}/sitemap.xml\n")
