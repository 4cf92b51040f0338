"""Reading the label library: one label, full-text search with snippets, names.

Full-text search uses the database's own engine: SQLite FTS5 (porter stemming,
snippets) or PostgreSQL tsvector (ts_headline); the ranking is this module's
own and the same on both (see search_labels). A store without the label tables
(nothing imported yet) answers as an empty library.
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
from .sections import FIELD_CODES, OTHER_CODE, SEARCH_ORDER, SEQUENCE_BITS, SHOWN_LAST, field_code, id_range, section_title

MAX_QUERY = 200
WORD = re.compile(r"[\w'-]+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    set_id: str
    title: str
    field: str
    snippet: str


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


def _fts_query(words: list[str], section: str | None = None, *, phrase: bool = False) -> str:
    """User words as an FTS5 query of quoted terms in the text column (no operators from the user reach FTS5), all
    of them (AND) or as one phrase, and the section as a column filter: a field name is one token in the index."""
    cleaned = [w.replace('"', "") for w in words]
    terms = '"' + " ".join(cleaned) + '"' if phrase else " ".join(f'"{w}"' for w in cleaned)
    query = f"text : ({terms})"
    if section:
        query += ' AND field : "' + re.sub(r"[^a-z_]", "", section) + '"'
    return query


@dataclass(frozen=True)
class _Shown:
    id: int
    set_id: str
    field: str


def _ranked(conn: Any, words: list[str], section: str | None, skip: list[str], need: int) -> list[tuple[int, str, str]]:
    """(section id, set_id, field) of the best matching section of up to `need` labels not in `skip`.

    The id ranges are read in search order (only the asked-for section's range when there is one), and in
    each, the sections holding the words as a phrase come before the others, newest first. Reading stops as
    soon as enough labels are found, so a common word costs little whatever the library's size."""
    if section in FIELD_CODES:
        codes, column = (FIELD_CODES[section],), None  # the range is the filter
    elif section:
        codes, column = (OTHER_CODE,), section  # a field without a range of its own: filter inside the range
    else:
        codes, column = SEARCH_ORDER, None
    sqlite = conn.dialect.name == "sqlite"
    page_of = _sqlite_page if sqlite else _postgres_page
    # On PostgreSQL a phrase test re-reads each candidate row's tsvector: it is made for the labels found only
    # (below), which gives the same order, since a label has one section of each field.
    tiers = [True, False] if len(words) > 1 and sqlite else [False]
    found: list[tuple[int, str, str]] = []
    seen = set(skip)
    page = max(need * 4, 40)
    for code in codes:
        lo, hi = id_range(code)
        for phrase in tiers:
            upper = hi
            while True:
                rows = page_of(conn, words, column, phrase, lo, upper, page)
                for i, s, f in rows:
                    if s not in seen:
                        seen.add(s)
                        found.append((i, s, f))
                if len(found) >= need:
                    return _phrase_first(conn, words, found[:need]) if not sqlite else found[:need]
                if len(rows) < page:
                    break
                upper = rows[-1][0] - 1
    return _phrase_first(conn, words, found) if not sqlite else found


def _phrase_first(conn: Any, words: list[str], found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """PostgreSQL: within each field, the sections holding the words as a phrase move ahead."""
    if len(words) < 2 or not found:
        return found
    as_phrase = {r[0] for r in conn.execute(text(
        "SELECT id FROM label_sections WHERE id = ANY(:ids) AND tsv @@ phraseto_tsquery('english', :q)"
    ), {"ids": [f[0] for f in found], "q": " ".join(words)})}
    return sorted(found, key=lambda f: (f[0] >> SEQUENCE_BITS, f[0] not in as_phrase, -f[0]))


def _sqlite_page(conn: Any, words: list[str], column: str | None, phrase: bool, lo: int, hi: int, k: int) -> list[tuple[int, str, str]]:
    """The newest k matching sections with ids in [lo, hi]: FTS5 walks the rowid range of the index."""
    ids = [r[0] for r in conn.execute(text(
        "SELECT rowid FROM label_fts WHERE label_fts MATCH :q AND rowid BETWEEN :lo AND :hi ORDER BY rowid DESC LIMIT :k"
    ), {"q": _fts_query(words, column, phrase=phrase), "lo": lo, "hi": hi, "k": k})]
    if not ids:
        return []
    return [tuple(r) for r in conn.execute(text(
        "SELECT id, set_id, field FROM label_sections WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id DESC"
    ), {"ids": json.dumps(ids)})]


def _postgres_page(conn: Any, words: list[str], column: str | None, phrase: bool, lo: int, hi: int, k: int) -> list[tuple[int, str, str]]:
    """The newest k matching sections with ids in [lo, hi]: the search column carries each row's field code as a
    lexeme ('fc5'), so the GIN index finds the field's matches alone and only those rows are read."""
    conn.execute(text("SET LOCAL enable_indexscan = off"))  # walking the ids down would read every row's tsvector
    to_query = "phraseto_tsquery" if phrase else "plainto_tsquery"
    return [tuple(r) for r in conn.execute(text(
        f"SELECT id, set_id, field FROM label_sections WHERE tsv @@ ({to_query}('english', :q) && CAST(:code AS tsquery)) AND id <= :hi"
        + (" AND field = :field" if column else "") + " ORDER BY id DESC LIMIT :k"
    ), {"q": " ".join(words), "code": f"fc{lo >> SEQUENCE_BITS}", "hi": hi, "k": k, "field": column})]


def _named_sections(conn: Any, words: list[str], section: str | None, set_ids: list[str]) -> list[tuple[int, str, str]]:
    """The best matching section of each label that carries the searched name (so "warfarin" finds warfarin's own labels first)."""
    if not set_ids:
        return []
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text(
            "SELECT id, set_id, field FROM label_sections WHERE id IN (SELECT rowid FROM label_fts WHERE label_fts MATCH :q "
            "AND rowid IN (SELECT id FROM label_sections WHERE set_id IN (SELECT value FROM json_each(:ids))))"
            + (" AND field = :section" if section else "")
        ), {"q": _fts_query(words), "ids": json.dumps(set_ids), "section": section}).all()
    else:
        rows = conn.execute(text(
            "SELECT id, set_id, field FROM label_sections WHERE set_id = ANY(:ids) AND tsv @@ plainto_tsquery('english', :q)"
            + (" AND field = :section" if section else "")
        ), {"q": " ".join(words), "section": section, "ids": set_ids}).all()
    best: dict[str, tuple[int, str, str]] = {}
    for i, s, f in sorted(rows, key=lambda r: (set_ids.index(r[1]), field_code(r[2]), -r[0])):
        best.setdefault(s, (i, s, f))
    return list(best.values())


@_empty_library([])
def search_labels(engine: Engine, q: str, *, section: str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best matching section of each label holding all the words of `q`, ranked for a reader.

    Ranking: labels named by the query first (brand or generic name); then by where the words sit on the label
    (`sections.FIELD_CODES`: boxed warning, indications, contraindications, warnings...); within one section,
    the words as a phrase first; then the newest. bm25 and ts_rank are not used: both read every match of
    every term across the whole library (bm25 to count how common each term is), which alone took 20-30 ms
    for two common words at 100,000 labels."""
    words = WORD.findall(q[:MAX_QUERY])[:12]
    if not words:
        return []
    named = [x["set_id"] for x in labels_named(engine, " ".join(words), limit=5)]
    with engine.connect() as conn:
        rows = _named_sections(conn, words, section, named)
        if len(rows) < offset + limit:
            rows += _ranked(conn, words, section, [r[1] for r in rows], offset + limit - len(rows))
        shown = [_Shown(*r) for r in rows[offset:offset + limit]]
        if not shown:
            return []
        ids = [c.id for c in shown]
        if conn.dialect.name == "sqlite":
            snippets = dict(conn.execute(text(
                "SELECT rowid, snippet(label_fts, 0, '[', ']', '…', 16) FROM label_fts WHERE label_fts MATCH :q AND rowid IN (SELECT value FROM json_each(:ids))"
            ), {"q": _fts_query(words), "ids": json.dumps(ids)}).all())
            titles = dict(conn.execute(text("SELECT set_id, title FROM labels WHERE set_id IN (SELECT value FROM json_each(:ids))"), {"ids": json.dumps([c.set_id for c in shown])}).all())
        else:
            # ts_headline re-parses the whole text it is given (tens of ms for a long section): give it the
            # 3,000 characters around the first place the first word's stem appears
            extra = conn.execute(text(
                "SELECT s.id, l.title, ts_headline('english', substr(s.text, greatest(1, strpos(lower(s.text), :stem) - 1200), 3000), "
                "plainto_tsquery('english', :q), 'StartSel=[, StopSel=], MaxWords=30, MinWords=12, MaxFragments=1') AS snip "
                "FROM label_sections s JOIN labels l ON l.set_id = s.set_id WHERE s.id = ANY(:ids)"
            ), {"q": " ".join(words), "ids": ids, "stem": words[0].lower()[:max(4, len(words[0]) - 2)]}).all()
            set_of = {c.id: c.set_id for c in shown}
            snippets = {r.id: r.snip for r in extra}
            titles = {set_of[r.id]: r.title for r in extra}
    return [Hit(c.set_id, titles.get(c.set_id, c.set_id), c.field, snippets.get(c.id, "")) for c in shown]


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


#: How many names sharing the first letters are scored for a suggestion (an index range, then rapidfuzz).
SUGGEST_CANDIDATES = 2_000
SUGGEST_FROM = 75.0
_TRGM_SCHEMA: dict[str, str] = {}


@_empty_library([])
def suggest_label_names(engine: Engine, name: str, limit: int = 5) -> list[dict[str, Any]]:
    """Brand and generic names in the label library spelled like `name`: "did you mean" for medicines ImmunoGuide has no page for.

    Candidates are the distinct names sharing the first three letters, read from the (norm, kind) index alone
    (fast at any library size), scored with rapidfuzz. On PostgreSQL, when none of them is close, the names
    sharing the most trigrams (pg_trgm) are scored instead, so a misspelt first letter is found there as well."""
    norm = normalise(name)[:255]
    if len(norm) < 4:
        return []
    with engine.connect() as conn:
        candidates = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT norm FROM label_names WHERE norm >= :start AND norm < :stop AND kind IN ('brand', 'generic') LIMIT :n"
        ), {"start": norm[:3], "stop": norm[:2] + chr(ord(norm[2]) + 1), "n": SUGGEST_CANDIDATES})]
        spelled, found = _scored(norm, candidates, limit * 3)
        if not found and conn.dialect.name == "postgresql":
            spelled, found = _scored(norm, _trigram_candidates(engine, conn, norm), limit * 3)
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


def _scored(norm: str, candidates: list[str], limit: int) -> tuple[dict[str, str], list[tuple[str, float, int]]]:
    """The candidates spelled closest to `norm` (each also read by its first word: "warfarin sodium" as "warfarin"),
    and the map from what was scored back to the full name."""
    from rapidfuzz import fuzz, process

    spelled: dict[str, str] = {}
    for n in candidates:
        spelled.setdefault(n, n)
        spelled.setdefault(n.split(" ")[0], n)
    return spelled, process.extract(norm, list(spelled), scorer=fuzz.ratio, score_cutoff=SUGGEST_FROM, limit=limit)


def _trigram_candidates(engine: Engine, conn: Any, norm: str) -> list[str]:
    key = str(engine.url)
    if key not in _TRGM_SCHEMA:
        _TRGM_SCHEMA[key] = conn.execute(text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )).scalar_one()
    trgm = _TRGM_SCHEMA[key]
    return [r[0] for r in conn.execute(text(
        f"SELECT norm FROM label_names WHERE kind IN ('brand', 'generic') AND norm OPERATOR({trgm}.%) :q "
        f"GROUP BY norm ORDER BY max({trgm}.similarity(norm, :q)) DESC LIMIT 100"
    ), {"q": norm})]


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
