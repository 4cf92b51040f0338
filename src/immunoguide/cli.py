"""The `immunoguide` command line: every tool of the web is also a command."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from .config import Settings
from .knowledge.load import ContentInvalid, load_content
from .knowledge.search import SearchIndex
from .knowledge.snapshot import Knowledge

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)  # one message a line, never wrapped, for grep and logs


@app.callback()
def main() -> None:
    """ImmunoGuide: sourced medicines information about immunomodulatory drugs."""


def _settings() -> Settings:
    return Settings()


ContentOpt = typer.Option(None, "--content", help="The content folder (default: IMMUNOGUIDE_CONTENT_DIR or ./content).")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of text.")


def _load(content: Optional[Path]) -> Knowledge:
    folder = content or _settings().content_dir
    try:
        return load_content(folder)
    except ContentInvalid as exc:
        for e in exc.errors:
            typer.echo(str(e), err=True)  # one error a line, never wrapped, for grep and editors
        typer.echo(f"{len(exc.errors)} content error(s); nothing was published.", err=True)
        raise typer.Exit(1) from None


def _engine():  # noqa: ANN202
    from .store.db import make_engine, migrate

    engine = make_engine(_settings().resolved_database_url())
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        err.print(f"[bold red]cannot open the store[/] ({engine.url.render_as_string(hide_password=True)}): {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}")
        raise typer.Exit(1) from None
    return engine


def _published() -> Knowledge:
    """The published build if there is one, else the content folder compiled in memory."""
    from .store.publish import load_published

    loaded = load_published(_engine())
    if loaded is None:
        return _load(None)
    return loaded[1]


@app.command()
def validate(content: Optional[Path] = ContentOpt) -> None:
    """Check content/ and list every error as file: field: reason."""
    knowledge = _load(content)
    typer.echo("content is valid: " + ", ".join(f"{n} {k}" for k, n in knowledge.counts().items()))
    from .knowledge.model import MONOGRAPH_SECTIONS_WHEN_SOURCED

    for drug in knowledge.drugs_sorted("immunomodulator"):
        gaps = [name for name in MONOGRAPH_SECTIONS_WHEN_SOURCED if not getattr(drug, name)]
        if gaps:
            typer.echo(f"note: content/drugs/{drug.slug}.yaml has no {', '.join(gaps)} (fine only if the sources say nothing)")


@app.command()
def build(content: Optional[Path] = ContentOpt, as_json: bool = JsonOpt) -> None:
    """Validate, compile and publish content/ to the store (atomically)."""
    from .store.publish import publish

    started = time.perf_counter()
    knowledge = _load(content)
    engine = _engine()
    try:
        info = publish(engine, knowledge)
    except SQLAlchemyError as exc:
        err.print(f"[bold red]publishing failed[/]; the previous build is still published: {exc}")
        raise typer.Exit(1) from None
    seconds = time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps({**info.as_json(), "built_at": info.built_at.isoformat(), "seconds": round(seconds, 3)}))
    else:
        counts = ", ".join(f"{n} {k}" for k, n in info.counts.items())
        typer.echo(f"published build {info.id} ({counts}) in {seconds:.2f} s")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the published build over HTTP."""
    import uvicorn

    log_config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO"},
            "immunoguide": {"handlers": ["stderr"], "level": "INFO"},
        },
    }
    # uvicorn's access log prints whole URLs, and the tools' URLs hold medicine names: the app logs
    # method, path and status instead (immunoguide.access).
    uvicorn.run(
        "immunoguide.web.main:app", host=host, port=port, workers=workers, proxy_headers=True,
        access_log=False, log_config=log_config,
    )


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
def search(query: str = typer.Argument(..., help="A medicine, brand, condition or question."), limit: int = typer.Option(10, min=1, max=50), as_json: bool = JsonOpt) -> None:
    """Search medicines, brands, conditions and articles (typo-tolerant)."""
    hits = SearchIndex(_published()).search(query, limit=limit)
    if as_json:
        _echo_json({"query": query, "results": [h.as_json() for h in hits]})
        return
    if not hits:
        typer.echo(f"nothing matched '{query}'")
        raise typer.Exit(1)
    for h in hits:
        typer.echo(f"{h.score:5.1f}  {h.entry.type:<9} {h.entry.title}  ({h.entry.url})")


@app.command()
def show(slug: str = typer.Argument(..., help="A drug, class, condition, topic or article slug."), as_json: bool = JsonOpt) -> None:
    """Show what the published build holds for one slug."""
    knowledge = _published()
    for kind in ("drug", "class", "condition", "topic", "article"):
        item = knowledge.collection(kind).get(slug)
        if item is not None:
            break
    else:
        hits = SearchIndex(knowledge).search(slug.replace("-", " "), limit=5)
        err.print(f"unknown slug '{slug}'" + (": did you mean " + ", ".join(h.entry.slug for h in hits) + "?" if hits else ""))
        raise typer.Exit(1)
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    if as_json:
        _echo_json({"type": kind, **data})
        return
    typer.echo(f"{kind}: {getattr(item, 'name', None) or item.title} ({slug})")
    typer.echo(f"  {item.summary}")
    if kind == "drug":
        from .knowledge.wording import dose_text, frequency_text

        for r in item.regimens:
            typer.echo(f"  - {r.title}: {dose_text(r.dose)} {r.route}, {frequency_text(r)}")
        typer.echo(f"  reviewed {item.reviewed} by {item.reviewer}")


@app.command()
def check(
    medicines: list[str] = typer.Argument(..., help="Medicine names as you would type them, e.g. revlimid warfarin sertraline."),
    as_json: bool = JsonOpt,
) -> None:
    """Check a list of medicines for interactions.

    Exit code: 0 no finding, 1 a finding of major severity or above, 2 a name that could not be read.
    """
    from .clinical.interactions import MAX_MEDICINES, InteractionChecker
    from .clinical.names import NameResolver

    if len(medicines) > MAX_MEDICINES:
        err.print(f"medicines: at most {MAX_MEDICINES} names in one check, got {len(medicines)}")
        raise typer.Exit(2)
    knowledge = _published()
    result = InteractionChecker(knowledge, NameResolver(knowledge)).check(medicines)
    answer = result.as_json(knowledge)
    if as_json:
        _echo_json(answer)
    else:
        for r in answer["resolved"]:
            if r["reading"]:
                typer.echo(f"  {r['reading']}")
        for u in answer["unknown"]:
            hint = ", ".join(s["name"] for s in u["suggestions"])
            typer.echo(f"UNKNOWN  {u['message']}" + (f" Did you mean: {hint}?" if hint else ""))
        ranks = ["contraindicated", "major", "moderate", "minor"]
        for f in sorted(answer["interactions"] + answer["alerts"], key=lambda f: ranks.index(f["severity"])):
            typer.echo(f"{f['severity'].upper():<15} {' + '.join(f['names'])}  ({f.get('action') or f['kind']})")
            typer.echo(f"    {f['summary']}")
            if f.get("management"):
                typer.echo(f"    Prescriber: {f['management']}")
            for src in f["sources"]:
                typer.echo(f"    Source: {src['title']}, {src['section']} ({src['date']})")
        for n in answer["not_covered"]:
            typer.echo(f"NOT CHECKED  {' + '.join(n['names'])}: {n['message']}")
        if answer["message"]:
            typer.echo(answer["message"])
        typer.echo(f"{answer['pairs_checked']} pair(s) checked.")
    if result.unknown:
        raise typer.Exit(2)
    if result.worst in ("major", "contraindicated"):
        raise typer.Exit(1)


@app.command("import-openfda")
def import_openfda(
    paths: list[Path] = typer.Argument(..., help="openFDA drug-label bulk parts (.json.zip or .json), or folders holding them."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar; errors only."),
    as_json: bool = JsonOpt,
) -> None:
    """Import FDA labels from openFDA bulk files, streaming, one transaction per part.

    Exit code: 0 all parts imported, 1 a part could not be read (it was left out whole), 130 interrupted.
    """
    from .labels.importer import ImportFailed, import_part, paths_of
    from .store.db import migrate

    parts = paths_of(paths)
    missing = [p for p in parts if not p.is_file()]
    if missing or not parts:
        err.print("paths: " + (f"no such file: {', '.join(map(str, missing))}" if missing else "no .json or .json.zip files found"))
        raise typer.Exit(2)
    engine = _engine()
    migrate(engine)
    results, failures = [], []
    show = not quiet and not as_json and sys.stderr.isatty()
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=err, disable=not show) as bar:
        for path in parts:
            task = bar.add_task(path.name, total=path.stat().st_size if path.suffix == ".json" else None, status="")
            started = time.perf_counter()

            def progress(r, task=task, started=started, path=path):  # noqa: ANN001, ANN202
                rate = r.read / max(time.perf_counter() - started, 1e-6)
                bar.update(task, completed=r.json_bytes if path.suffix == ".json" else None, status=f"{r.read:,} labels, {rate:,.0f}/s")

            try:
                results.append(import_part(engine, path, progress))
            except ImportFailed as exc:
                failures.append({"path": str(path), "error": exc.reason})
                err.print(f"{path}: {exc.reason}")
            except KeyboardInterrupt:
                err.print(f"interrupted: {path.name} was rolled back; the parts before it are imported. Run the same command again to continue.")
                raise typer.Exit(130) from None
    if as_json:
        _echo_json({"parts": [r.as_json() for r in results], "failed": failures})
    elif not quiet:
        for r in results:
            typer.echo(f"{Path(r.path).name}: read {r.read:,}, inserted {r.inserted:,}, updated {r.updated:,}, unchanged {r.unchanged:,}, rejected {r.rejected:,} "
                       f"({r.read / max(r.seconds, 1e-6):,.0f} labels/s, {r.json_bytes / 1e6 / max(r.seconds, 1e-6):,.1f} MB/s of JSON)")
            for rej in r.rejections[:20]:
                typer.echo(f"  rejected record {rej['position']}: {rej['reason']}")
    if failures:
        raise typer.Exit(1)


@app.command("review-status")
def review_status_command(
    show_all: bool = typer.Option(False, "--all", help="List every cited label, not only those with a newer import."),
    as_json: bool = JsonOpt,
) -> None:
    """Curated pages whose cited FDA label has a newer imported version, with the sections that changed.

    Exit code: 0 nothing to review, 1 at least one cited label is newer in the label library.
    """
    from .labels.review import review_status

    items = review_status(_published(), _engine())
    due = [i for i in items if i.status == "newer"]
    shown = items if show_all else due
    if as_json:
        _echo_json({"to_review": len(due), "labels": [i.as_json() for i in shown]})
    else:
        for i in shown:
            current = f"v{i.current_version} ({i.current_effective})" if i.current_version else "not imported"
            typer.echo(f"{i.status.upper():<13} {i.source_id}: cited v{i.cited_version} ({i.cited_effective}), library {current}; cited by {', '.join(i.cited_by) or 'no drug page'}")
            if i.status == "newer":
                if i.changed is None:
                    typer.echo("              the cited version was never imported, so its sections cannot be compared")
                else:
                    for label, fields in (("changed", i.changed), ("added", i.added), ("removed", i.removed)):
                        if fields:
                            typer.echo(f"              {label}: {', '.join(fields)}")
        typer.echo(f"{len(due)} cited label(s) to review, of {len(items)} cited with an openFDA version.")
    if due:
        raise typer.Exit(1)


AgeOpt = typer.Option(None, "--age", help="Age in years.")
SexOpt = typer.Option(None, "--sex", help="female or male.")
WeightOpt = typer.Option(None, "--weight", help="Weight in kg.")
HeightOpt = typer.Option(None, "--height", help="Height in cm.")
CreatinineOpt = typer.Option(None, "--creatinine", help="Serum creatinine with its unit, e.g. '1.2 mg/dL' or '106 umol/L'.")
CrclOpt = typer.Option(None, "--crcl", help="Creatinine clearance in mL/min, if known.")
DialysisOpt = typer.Option(False, "--dialysis", help="On haemodialysis.")
ChildPughOpt = typer.Option(None, "--child-pugh", help="Child-Pugh class: A, B or C.")


def _patient_fields(age, sex, weight, height, creatinine, crcl, dialysis, child_pugh) -> tuple[dict[str, Any], list[str]]:  # noqa: ANN001
    """The person's details from the command line as the dose API's patient object, and what is wrong with them."""
    patient: dict[str, Any] = {"age_years": age, "sex": sex, "weight_kg": weight, "height_cm": height, "crcl_ml_min": crcl, "child_pugh": child_pugh}
    problems = []
    if dialysis:
        patient["dialysis"] = True
    if creatinine is not None:
        value, _, unit = creatinine.strip().partition(" ")
        try:
            patient["serum_creatinine"] = {"value": float(value), "unit": unit.strip() or "mg/dL"}
        except ValueError:
            problems.append(f"creatinine: '{creatinine}' is not a number with a unit, e.g. '1.2 mg/dL'")
    return {k: v for k, v in patient.items() if v is not None}, problems


def _validation_problems(exc: Any) -> list[str]:
    """pydantic errors as `field: reason` lines, with the validators' own names left out of the field path."""
    return [
        ".".join(str(p) for p in e["loc"] if not str(p).startswith(("function-after", "literal", "ChildPugh"))) + ": " + e["msg"].removeprefix("Value error, ")
        for e in exc.errors()
    ]


@app.command()
def dose(
    drug: str = typer.Argument(..., help="The medicine, e.g. pomalyst."),
    indication: Optional[str] = typer.Option(None, help="Condition slug, e.g. multiple-myeloma."),
    regimen: Optional[str] = typer.Option(None, help="Regimen id, when an indication has several (e.g. mm-maintenance)."),
    age: Optional[float] = AgeOpt,
    sex: Optional[str] = SexOpt,
    weight: Optional[float] = WeightOpt,
    height: Optional[float] = HeightOpt,
    creatinine: Optional[str] = CreatinineOpt,
    crcl: Optional[float] = CrclOpt,
    dialysis: bool = DialysisOpt,
    child_pugh: Optional[str] = ChildPughOpt,
    medicine: list[str] = typer.Option([], "--with", help="Another medicine taken (repeat for each)."),
    as_json: bool = JsonOpt,
) -> None:
    """The dose the label gives for one person: kidney and liver function, weight, other medicines.

    Exit code: 0 a dose, 1 no dose can be given (the label says avoid, or gives none), 2 bad input.
    """
    from pydantic import ValidationError

    from .clinical.dosing import DoseError, DoseRequest, calculate
    from .clinical.interactions import InteractionChecker
    from .clinical.names import NameResolver

    patient, problems = _patient_fields(age, sex, weight, height, creatinine, crcl, dialysis, child_pugh)
    request = None
    if not problems:
        try:
            request = DoseRequest(drug=drug, indication=indication, regimen=regimen, medicines=medicine, patient=patient)
        except ValidationError as exc:
            problems = _validation_problems(exc)
    if request is None:
        for p in problems:
            err.print(p)
        raise typer.Exit(2)
    knowledge = _published()
    try:
        answer = calculate(knowledge, InteractionChecker(knowledge, NameResolver(knowledge)), request)
    except DoseError as exc:
        hint = ", ".join(s["name"] for s in exc.extra.get("suggestions", []))
        err.print(f"{exc.field}: {exc.reason}" + (f"; did you mean {hint}?" if hint else ""))
        raise typer.Exit(2) from None
    result = answer.as_json(knowledge)
    if as_json:
        _echo_json(result)
    else:
        _print_dose(result)
    if answer.regimen is None or answer.recommended is None:
        raise typer.Exit(1)


def _print_dose(d: dict[str, Any]) -> None:
    typer.echo(d["name"] + (f": {d['regimen']['title']}" if d["regimen"] else ""))
    if d["standard"]:
        typer.echo(f"  Standard:    {d['standard']['schedule']}")
    typer.echo(f"  Recommended: {d['recommended']['schedule'] if d['recommended'] else 'no dose can be given here (see below)'}")
    for a in d["adjustments_applied"]:
        typer.echo(f"  - {a['reason']}: {a['change']}")
        for src in a["sources"]:
            typer.echo(f"      Source: {src['title']}, {src['section']} ({src['date']})")
    for n in d["notes"]:
        typer.echo(f"  Note: {n['reason']}: {n['change']}")
    for w in d["warnings"]:
        typer.echo(f"  ! {w}")
    for i in d["interactions"]:
        typer.echo(f"  Interaction ({i['severity']}) with {i['with']}: {i['summary']}")
    for u in d["unknown"]:
        typer.echo(f"  UNKNOWN {u['input']}" + (f" (did you mean {', '.join(s['name'] for s in u['suggestions'])}?)" if u["suggestions"] else ""))
    calc = {k: v for k, v in d["calculated"].items() if v is not None}
    if calc:
        typer.echo("  Calculated: " + ", ".join(f"{k} {v}" for k, v in calc.items()))


@app.command()
def switch(
    from_drug: str = typer.Argument(..., metavar="FROM", help="The medicine being stopped."),
    to_drug: str = typer.Argument(..., metavar="TO", help="The medicine being started."),
    last_dose: str = typer.Option(..., "--last-dose", help="Date of the last dose of FROM, YYYY-MM-DD."),
    indication: Optional[str] = typer.Option(None, help="Condition slug, e.g. rheumatoid-arthritis."),
    as_json: bool = JsonOpt,
) -> None:
    """A dated plan for switching from one immunomodulator to another. Exit 2 on bad input."""
    import datetime as dt

    from .clinical.interactions import InteractionChecker
    from .clinical.names import NameResolver
    from .clinical.switching import SwitchError, plan_switch

    try:
        last = dt.date.fromisoformat(last_dose)
    except ValueError:
        err.print(f"last-dose: '{last_dose}' is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    knowledge = _published()
    try:
        plan = plan_switch(knowledge, InteractionChecker(knowledge, NameResolver(knowledge)), from_drug, to_drug, last, indication)
    except SwitchError as exc:
        hint = ", ".join(s["name"] for s in exc.extra.get("suggestions", []))
        err.print(f"{exc.field}: {exc.reason}" + (f"; did you mean {hint}?" if hint else ""))
        raise typer.Exit(2) from None
    result = plan.as_json(knowledge)
    if as_json:
        _echo_json(result)
        return
    typer.echo(f"From {result['from']['name']} to {result['to']['name']} ({result['basis']} plan)")
    if result["overlap_warning"]:
        typer.echo(f"  ! {result['overlap_warning']}")
    for e in result["plan"]:
        typer.echo(f"  {e['date']}  {e['event']}")
        typer.echo(f"              {e['detail']}")
    for n in result["notes"]:
        typer.echo(f"  {n}")
    for src in result["sources"]:
        typer.echo(f"  Source: {src['title']}, {src['section']} ({src['date']})")


@app.command()
def report(
    medicines: list[str] = typer.Argument(..., help="Everything you take, e.g. humira methotrexate ibuprofen."),
    patient: Optional[str] = typer.Option(None, help="Pregnancy notes for: female (could become pregnant or breastfeeding) or male (partner could)."),
    situation: Optional[str] = typer.Option(None, help="planning, pregnant or breastfeeding."),
    age: Optional[float] = AgeOpt,
    sex: Optional[str] = SexOpt,
    weight: Optional[float] = WeightOpt,
    height: Optional[float] = HeightOpt,
    creatinine: Optional[str] = CreatinineOpt,
    crcl: Optional[float] = CrclOpt,
    dialysis: bool = DialysisOpt,
    child_pugh: Optional[str] = ChildPughOpt,
    fmt: str = typer.Option("markdown", "--format", help="markdown or html."),
    out: Optional[Path] = typer.Option(None, help="Write the report here instead of printing it."),
) -> None:
    """One report for a medicine list: interactions, dose notes, tests, vaccines, warning signs, pregnancy, questions."""
    from markdown_it import MarkdownIt
    from pydantic import ValidationError

    from .clinical.dosing import DosePatient
    from .clinical.interactions import MAX_MEDICINES, InteractionChecker
    from .clinical.names import NameResolver
    from .clinical.report import as_markdown, build_report

    problems = []
    if fmt not in ("markdown", "html"):
        problems.append(f"format: must be markdown or html, not '{fmt}'")
    if patient not in (None, "female", "male"):
        problems.append(f"patient: must be female or male, not '{patient}'")
    if situation not in (None, "planning", "pregnant", "breastfeeding"):
        problems.append(f"situation: must be planning, pregnant or breastfeeding, not '{situation}'")
    if bool(patient) != bool(situation):
        problems.append("patient and situation go together")
    if len(medicines) > MAX_MEDICINES:
        problems.append(f"medicines: at most {MAX_MEDICINES}")
    fields, bad = _patient_fields(age, sex, weight, height, creatinine, crcl, dialysis, child_pugh)
    problems += bad
    body = None
    try:
        body = DosePatient(**fields)
    except ValidationError as exc:
        problems += _validation_problems(exc)
    if problems:
        for p in problems:
            err.print(p)
        raise typer.Exit(2)
    knowledge = _published()
    checker = InteractionChecker(knowledge, NameResolver(knowledge))
    built = build_report(knowledge, checker, medicines, patient, situation, body)  # type: ignore[arg-type]
    text = as_markdown(built, knowledge)
    if fmt == "html":
        text = REPORT_HTML.format(body=MarkdownIt("commonmark", {"html": False}).render(text))
    if out is not None:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text, nl=False)
    if built.check.unknown:
        raise typer.Exit(2)


#: A stand-alone, printable page for `immunoguide report --format html`.
REPORT_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>My medicines report</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}}h1,h2{{line-height:1.2}}h2{{border-top:2px solid #d0d5dc;padding-top:.6rem}}@media print{{body{{margin:0;font-size:11pt}}h2{{break-after:avoid}}li{{break-inside:avoid}}}}</style>
</head><body><main>
{body}</main></body></html>
"""


@app.command()
def calendar(
    drug: str = typer.Argument(..., help="The medicine, e.g. pomalyst."),
    start: str = typer.Option(..., help="First day of treatment, YYYY-MM-DD."),
    indication: Optional[str] = typer.Option(None, help="Condition slug, e.g. multiple-myeloma."),
    regimen: Optional[int] = typer.Option(None, min=0, help="Which regimen, when the indication has several."),
    cycles: int = typer.Option(3, help="Cycles to lay out (cycle regimens)."),
    weeks: int = typer.Option(12, help="Weeks to lay out (other regimens)."),
    weekday: Optional[str] = typer.Option(None, help="Weekly doses: the day of the week, e.g. friday."),
    time_of_day: str = typer.Option("08:00", "--time", help="Time of the dose, HH:MM."),
    tz: str = typer.Option("UTC", help="IANA time zone, e.g. Europe/London."),
    reminder: Optional[int] = typer.Option(None, min=0, max=1440, help="Reminder minutes before each dose."),
    out: Optional[Path] = typer.Option(None, help="Write the .ics here (default: print the JSON schedule)."),
    as_json: bool = JsonOpt,
) -> None:
    """A dated dose schedule, as JSON or as an iCalendar file for your calendar app."""
    import datetime as dt
    import re
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from .clinical.names import NameResolver
    from .clinical.schedule import ScheduleError, build, pick_regimen, to_ical

    def fail(field: str, reason: str) -> None:
        typer.echo(f"{field}: {reason}", err=True)
        raise typer.Exit(2)

    try:
        first_day = dt.date.fromisoformat(start)
    except ValueError:
        fail("start", f"'{start}' is not a date (YYYY-MM-DD)")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time_of_day):
        fail("time", f"'{time_of_day}' is not a time (HH:MM)")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        fail("tz", f"unknown time zone '{tz}'")
    knowledge = _published()
    resolution = NameResolver(knowledge).resolve(drug)
    if resolution.match is None:
        hint = ", ".join(s.name for s in resolution.suggestions)
        fail("drug", f"unknown medicine '{drug}'" + (f"; did you mean {hint}?" if hint else ""))
    medicine = knowledge.drugs[resolution.match.slug]
    try:
        index, chosen = pick_regimen(medicine, indication, regimen)
        schedule = build(medicine, index, chosen, first_day, cycles=cycles, weeks=weeks, weekday=weekday)
    except ScheduleError as exc:
        fail(exc.field, exc.reason)
    if out is not None:
        hour, minute = (int(x) for x in time_of_day.split(":"))
        out.write_bytes(to_ical(schedule, at=dt.time(hour, minute), tz=tz, reminder_minutes=reminder))
        typer.echo(f"wrote {len(schedule.days)} dose days to {out}")
        return
    data = schedule.as_json()
    if as_json:
        _echo_json(data)
        return
    for day in data["days"]:
        where = f"cycle {day['cycle']} day {day['day_of_cycle']}" if day["cycle"] else ""
        typer.echo(f"{day['date']}  {schedule.dose_label()} x{len(day['doses'])}  {where}")
    if data["rest_days"]:
        typer.echo(f"rest days: {len(data['rest_days'])}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
