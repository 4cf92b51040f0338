"""Reading the label library: one label, full-text search with snippets, names.

Full-text search uses the database's own engine: SQLite FTS5 (bm25 ranking,
porter stemming) or PostgreSQL tsvector (ts_rank, ts_headline). A store without
the label tables (nothing imported yet) answers as an empty library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..store.schema import Label, LabelName, LabelSection, LabelVersion
from .importer import normalise

MAX_QUERY = 200
#: At most this many matching sections are ranked (the newest imported); see search_labels.
RANK_WINDOW = 3_000
WORD = re.compile(r"[\w'-]+", re.UNICODE)
#: Label section fields people filter on, in the words of the page.
SECTION_TITLES = {
    "boxed_warning": "Boxed warning", "indications_and_usage": "Indications and usage", "dosage_and_administration": "Dosage and administration",
    "dosage_forms_and_strengths": "Dosage forms and strengths", "contraindications": "Contraindications", "warnings_and_cautions": "Warnings and precautions",
    "warnings": "Warnings", "precautions": "Precautions", "adverse_reactions": "Adverse reactions", "drug_interactions": "Drug interactions",
    "use_in_specific_populations": "Use in specific populations", "pregnancy": "Pregnancy", "nursing_mothers": "Nursing mothers",
    "pediatric_use": "Pediatric use", "geriatric_use": "Geriatric use", "overdosage": "Overdosage", "description": "Description",
    "clinical_pharmacology": "Clinical pharmacology", "mechanism_of_action": "Mechanism of action", "pharmacokinetics": "Pharmacokinetics",
    "clinical_studies": "Clinical studies", "how_supplied": "How supplied", "information_for_patients": "Patient counseling information",
    "spl_medguide": "Medication Guide", "spl_patient_package_insert": "Patient information",
    "spl_product_data_elements": "Product ingredients", "package_label_principal_display_panel": "Package label",
    "recent_major_changes": "Recent major changes", "spl_unclassified_section": "Other information",
}
#: Shown last: the carton text and ingredient lists come first in the records but matter least to readers.
SHOWN_LAST = ("spl_product_data_elements", "package_label_principal_display_panel")


def section_title(field: str) -> str:
    base = field.removesuffix("_table")
    title = SECTION_TITLES.get(base) or base.replace("_", " ").capitalize()
    return title + (" (table)" if field.endswith("_table") else "")


@dataclass(frozen=True)
class Hit:
    set_id: str
    title: str
    field: str
    snippet: str
    rank: float


def _empty_library(empty: Any):  # noqa: ANN202
    """A store without the label tables (nothing imported yet) answers as an empty library."""

    def wrap(fn):  # noqa: ANN001, ANN202
        def wrapper(engine: Engine, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(engine, *args, **kwargs)
            except (OperationalError, ProgrammingError) as exc:
                if "label" not in str(exc).lower():
                    raise
                return empty

        wrapper.__name__, wrapper.__doc__ = fn.__name__, fn.__doc__
        return wrapper

    return wrap


@_empty_library(None)
def get_label(engine: Engine, set_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        label = conn.execute(select(Label.__table__).where(Label.set_id == set_id)).mappings().first()
        if label is None:
            return None
        sections = conn.execute(select(LabelSection.field, LabelSection.text).where(LabelSection.set_id == set_id).order_by(LabelSection.position)).all()
        names = conn.execute(select(LabelName.kind, LabelName.value).where(LabelName.set_id == set_id).order_by(LabelName.kind, LabelName.value)).all()
        versions = conn.execute(select(LabelVersion.version, LabelVersion.effective_time).where(LabelVersion.set_id == set_id).order_by(LabelVersion.version.desc())).all()
    sections = sorted(sections, key=lambda s: s[0].removesuffix("_table") in SHOWN_LAST)  # stable: label order otherwise
    tables = {f.removesuffix("_table"): t for f, t in sections if f.endswith("_table")}
    grouped = [
        {"field": f, "title": section_title(f), "text": t, "tables": tables.get(f)}
        for f, t in sections if not f.endswith("_table")
    ] + [{"field": f, "title": section_title(f), "text": "", "tables": t} for f, t in sections if f.endswith("_table") and f.removesuffix("_table") not in {s[0] for s in sections}]
    by_kind: dict[str, list[str]] = {}
    for kind, value in names:
        by_kind.setdefault(kind, []).append(value)
    return {
        "set_id": label["set_id"], "id": label["label_id"], "version": label["version"], "effective_time": label["effective_time"],
        "effective_date": "{}-{}-{}".format(label["effective_time"][:4], label["effective_time"][4:6], label["effective_time"][6:]),
        "title": label["title"], "generic_names": label["generic_names"], "manufacturer": label["manufacturer"],
        "names": by_kind, "sections": grouped,
        "versions_seen": [{"version": v, "effective_time": e} for v, e in versions],
    }


def _fts_query(q: str, section: str | None = None) -> str:
    """User words as an FTS5 query of quoted terms in the text column (no operators from the user reach FTS5),
    and the section as a column filter: a field name is one token in the index (letters and underscores)."""
    words = " ".join('"' + w.replace('"', "") + '"' for w in WORD.findall(q)[:12])
    query = f"text : ({words})"
    if section:
        query += ' AND field : "' + re.sub(r"[^a-z_]", "", section) + '"'
    return query


@_empty_library([])
def search_labels(engine: Engine, q: str, *, section: str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Ranked label sections matching the words of `q`, the best section of each label once."""
    words = WORD.findall(q[:MAX_QUERY])
    if not words:
        return []
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # bm25 costs about 1.5 µs a matching section, so a very common word would be ranked over tens of
            # thousands of rows: rank only the newest RANK_WINDOW matches (FTS5 walks rowids cheaply), read
            # set_id and field (from the sections table) for the best rows only, then make snippets for the rows shown.
            # The section is a column filter in the index: one token, so "warnings" is not "warnings_and_cautions".
            params = {"q": _fts_query(q, section), "n": (limit + offset) * 4, "window": RANK_WINDOW}
            edge = conn.execute(text("SELECT rowid FROM label_fts WHERE label_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :window"), params).scalar()
            params["edge"] = edge or 0
            ranked = conn.execute(text("SELECT rowid, rank FROM label_fts WHERE label_fts MATCH :q AND rowid > :edge ORDER BY rank LIMIT :n"), params).all()
            if not ranked:
                return []
            where = {
                row.id: row for row in conn.execute(
                    text("SELECT id, set_id, field FROM label_sections WHERE id IN (SELECT value FROM json_each(:ids))"),
                    {"ids": json.dumps([r.rowid for r in ranked])},
                )
            }
            best: dict[str, tuple[int, str, float]] = {}
            for r in ranked:
                best.setdefault(where[r.rowid].set_id, (r.rowid, where[r.rowid].field, r.rank))
            shown = list(best.items())[offset:offset + limit]
            if not shown:
                return []
            snippets = dict(conn.execute(
                text("SELECT rowid, snippet(label_fts, 0, '[', ']', '…', 16) FROM label_fts WHERE label_fts MATCH :q AND rowid IN (SELECT value FROM json_each(:ids))"),
                {"q": params["q"], "ids": json.dumps([rowid for _, (rowid, _, _) in shown])},
            ).all())
            titles = dict(conn.execute(text("SELECT set_id, title FROM labels WHERE set_id IN (SELECT value FROM json_each(:ids))"), {"ids": json.dumps([s for s, _ in shown])}).all())
            return [Hit(set_id, titles.get(set_id, set_id), field, snippets.get(rowid, ""), -rank) for set_id, (rowid, field, rank) in shown]
        else:
            # The same bound as SQLite's: ts_rank reads each match's whole tsvector, so only the newest
            # RANK_WINDOW matches are ranked; headlines are made for the rows shown.
            params = {"q": " ".join(words), "section": section, "n": (limit + offset) * 4, "window": RANK_WINDOW}
            ranked = conn.execute(text(
                "SELECT s.id, s.set_id, s.field, ts_rank(s.tsv, query) AS rank FROM (SELECT id FROM label_sections, plainto_tsquery('english', :q) query "
                "WHERE tsv @@ query" + (" AND field = :section" if section else "") + " ORDER BY id DESC LIMIT :window) recent "
                "JOIN label_sections s USING (id), plainto_tsquery('english', :q) query ORDER BY rank DESC LIMIT :n"
            ), params).all()
            best: dict[str, Any] = {}
            for r in ranked:
                best.setdefault(r.set_id, r)
            shown = list(best.values())[offset:offset + limit]
            if not shown:
                return []
            shown_ids = [r.id for r in shown]
            extra = {
                row.id: row for row in conn.execute(text(
                    "SELECT s.id, l.title, ts_headline('english', s.text, plainto_tsquery('english', :q), "
                    "'StartSel=[, StopSel=], MaxWords=30, MinWords=12, MaxFragments=1') AS snip "
                    "FROM label_sections s JOIN labels l ON l.set_id = s.set_id WHERE s.id = ANY(:ids)"
                ), {"q": params["q"], "ids": shown_ids})
            }
            return [Hit(r.set_id, extra[r.id].title, r.field, extra[r.id].snip, float(r.rank)) for r in shown]


@_empty_library([])
def labels_named(engine: Engine, name: str, limit: int = 10) -> list[dict[str, Any]]:
    """Labels whose brand, generic or substance name is exactly this name (any case and spacing)."""
    norm = normalise(name)[:255]
    if not norm:
        return []
    with engine.connect() as conn:
        rows = conn.execute(
            select(Label.set_id, Label.title, Label.effective_time, LabelName.kind)
            .join(LabelName, LabelName.set_id == Label.set_id)
            .where(LabelName.norm == norm, LabelName.kind.in_(("brand", "generic", "substance")))
            .order_by(Label.effective_time.desc())
            .limit(limit * 3)
        ).all()
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r.set_id, {"set_id": r.set_id, "title": r.title, "effective_time": r.effective_time, "matched_on": r.kind})
    return list(seen.values())[:limit]


#: How many names sharing the first letters are scored for a suggestion (SQLite: an index range, then rapidfuzz).
SUGGEST_CANDIDATES = 2_000
SUGGEST_FROM = 75.0
_TRGM_SCHEMA: dict[str, str] = {}


@_empty_library([])
def suggest_label_names(engine: Engine, name: str, limit: int = 5) -> list[dict[str, Any]]:
    """Brand and generic names in the label library spelled like `name`: "did you mean" for medicines ImmunoGuide has no page for.

    PostgreSQL: the names sharing the most trigrams, from the pg_trgm index (a misspelling anywhere is found).
    SQLite: the distinct names that share the first three letters, read from the (norm, kind) index alone
    (fast at any library size; a misspelling in the first letters is not found). Both are then scored
    alike with rapidfuzz."""
    from rapidfuzz import fuzz, process

    norm = normalise(name)[:255]
    if len(norm) < 4:
        return []
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            key = str(engine.url)
            if key not in _TRGM_SCHEMA:
                _TRGM_SCHEMA[key] = conn.execute(text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
                )).scalar_one()
            trgm = _TRGM_SCHEMA[key]
            candidates = [r[0] for r in conn.execute(text(
                f"SELECT norm FROM label_names WHERE kind IN ('brand', 'generic') AND norm OPERATOR({trgm}.%) :q "
                f"GROUP BY norm ORDER BY max({trgm}.similarity(norm, :q)) DESC LIMIT 100"
            ), {"q": norm})]
        else:
            candidates = [r[0] for r in conn.execute(text(
                "SELECT DISTINCT norm FROM label_names WHERE norm >= :start AND norm < :stop AND kind IN ('brand', 'generic') LIMIT :n"
            ), {"start": norm[:3], "stop": norm[:2] + chr(ord(norm[2]) + 1), "n": SUGGEST_CANDIDATES})]
        spelled: dict[str, str] = {}
        for n in candidates:
            spelled.setdefault(n, n)
            spelled.setdefault(n.split(" ")[0], n)  # "warfarin sodium" is also read as "warfarin"
        found = process.extract(norm, list(spelled), scorer=fuzz.ratio, score_cutoff=SUGGEST_FROM, limit=limit * 3)
        if not found:
            return []
        best = [spelled[n] for n, _, _ in found]
        rows = {r.norm: r for r in conn.execute(
            select(LabelName.norm, LabelName.value, LabelName.set_id).where(LabelName.norm.in_(best), LabelName.kind.in_(("brand", "generic")))
        )}
    out: dict[str, dict[str, Any]] = {}
    for (_, score, _), full in zip(found, best):
        row = rows.get(full)
        if row is not None:
            out.setdefault(row.value.lower(), {"name": row.value, "set_id": row.set_id, "score": round(score, 1), "url": f"/labels/{row.set_id}"})
    return list(out.values())[:limit]


def annotate_unknown(engine: Engine, unknown: list[dict[str, Any]]) -> None:
    """Tell a medicine the label library knows (but ImmunoGuide has no rules for) from a name that is no medicine."""
    for u in unknown:
        found = labels_named(engine, u["input"], limit=1)
        if found:
            label = found[0]
            u["label"] = {**label, "url": f"/labels/{label['set_id']}"}
            u["message"] = (
                f"“{u['input'].strip()[:120]}” is a medicine with an FDA label ({label['title']}), but ImmunoGuide has no "
                "rules for it, so it was not checked against your other medicines: ask your pharmacist."
            )
        elif not u.get("suggestions"):
            close = suggest_label_names(engine, u["input"])
            if close:
                u["label_suggestions"] = close
