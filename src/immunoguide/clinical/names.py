"""Name resolution: medicine names as people type them → knowledge-base slugs.

Exact matches on generic names, brands and other names (any case, stray
whitespace and punctuation) resolve directly. A misspelling resolves only when
one medicine is a clear, unambiguous fuzzy match; otherwise the name stays
unknown and comes back with suggestions. Nothing here drops a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..knowledge.search import normalise
from ..knowledge.snapshot import Knowledge

#: A misspelling is read as a medicine only at or above this score ...
FUZZY_ACCEPT = 85.0
#: ... and only when the next different medicine scores at least this much lower.
FUZZY_MARGIN = 8.0
#: Suggestions are offered down to this score.
SUGGEST_FROM = 60.0
#: Longer inputs are not names; they are reported unknown without fuzzy work.
MAX_NAME_LENGTH = 120

_PRIORITY = {"generic": 0, "brand": 1, "synonym": 2}


@dataclass(frozen=True)
class NameMatch:
    slug: str
    name: str
    matched_on: str  # generic | brand | synonym | fuzzy
    score: float
    matched_text: str  # the name it matched (a brand, a synonym, or the closest spelling)

    def as_json(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "matched_on": self.matched_on, "score": round(self.score, 1)}


@dataclass(frozen=True)
class Suggestion:
    slug: str
    name: str
    score: float

    def as_json(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "score": round(self.score, 1)}


@dataclass(frozen=True)
class Resolution:
    query: str
    match: NameMatch | None
    suggestions: tuple[Suggestion, ...]

    @property
    def reading(self) -> str | None:
        """How the name was read, when that is not obvious: 'sertarline: read as sertraline'."""
        if self.match is None:
            return None
        if self.match.matched_on == "fuzzy":
            return f"{self.query.strip()}: read as {self.match.name}"
        if self.match.matched_on in ("brand", "synonym"):
            return f"{self.query.strip()}: {self.match.matched_on} of {self.match.name}"
        return None

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "match": self.match.as_json() if self.match else None,
            "suggestions": [s.as_json() for s in self.suggestions],
        }


class NameResolver:
    def __init__(self, knowledge: Knowledge):
        self._names: dict[str, str] = {d.slug: d.name for d in knowledge.drugs.values()}
        self._display = sorted({d.name for d in knowledge.drugs.values()} | {b.name for d in knowledge.drugs.values() for b in d.brands}, key=str.lower)
        exact: dict[str, tuple[str, str, str]] = {}  # normalised → (slug, matched_on, text)
        ambiguous: set[str] = set()
        choices: list[str] = []
        owners: list[str] = []
        for drug in knowledge.drugs_sorted():
            entries = [(drug.name, "generic"), (drug.slug.replace("-", " "), "generic")]
            entries += [(b.name, "brand") for b in drug.brands]
            entries += [(s, "synonym") for s in drug.synonyms]
            for text, kind in entries:
                key = normalise(text)
                if not key:
                    continue
                held = exact.get(key)
                if held and held[0] != drug.slug:
                    # Two medicines share this name: keep the stronger claim, or neither if equal.
                    if _PRIORITY[kind] < _PRIORITY[held[1]]:
                        exact[key] = (drug.slug, kind, text)
                    elif _PRIORITY[kind] == _PRIORITY[held[1]]:
                        ambiguous.add(key)
                    continue
                if held is None or _PRIORITY[kind] < _PRIORITY[held[1]]:
                    exact[key] = (drug.slug, kind, text)
                choices.append(key)
                owners.append(drug.slug)
        for key in ambiguous:
            exact.pop(key, None)
        self._exact = exact
        self._choices = choices
        self._owners = owners
        # The same names come again and again (per build, the answer never changes).
        self.resolve = lru_cache(maxsize=16_384)(self._resolve)  # type: ignore[method-assign]

    def display_names(self) -> list[str]:
        """Generic and brand names, for typeahead lists."""
        return self._display

    def resolve(self, text: str) -> Resolution:
        """How `text` reads: an exact or clear fuzzy match, or unknown with suggestions."""
        return self._resolve(text)

    def _resolve(self, text: str) -> Resolution:
        key = normalise(text) if len(text) <= MAX_NAME_LENGTH else ""
        if not key:
            return Resolution(text, None, ())
        held = self._exact.get(key)
        if held:
            slug, kind, matched = held
            return Resolution(text, NameMatch(slug, self._names[slug], kind, 100.0, matched), ())

        best: dict[str, tuple[float, str]] = {}
        for choice, score, pos in process.extract(key, self._choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_FROM, limit=25):
            slug = self._owners[pos]
            if score > best.get(slug, (0.0, ""))[0]:
                best[slug] = (score, choice)
        if len(key) >= 3:  # typeahead: a beginning of a name is a suggestion, never a match
            for choice, slug in zip(self._choices, self._owners):
                if choice.startswith(key):
                    score = 70.0 + 20.0 * len(key) / len(choice)
                    if score > best.get(slug, (0.0, ""))[0]:
                        best[slug] = (score, choice)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        match = None
        if ranked:
            slug, (score, choice) = ranked[0]
            runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
            if score >= FUZZY_ACCEPT and score - runner_up >= FUZZY_MARGIN:
                match = NameMatch(slug, self._names[slug], "fuzzy", score, choice)
        suggestions = tuple(
            Suggestion(slug, self._names[slug], score) for slug, (score, _) in ranked[:6] if match is None or slug != match.slug
        )[:5]
        return Resolution(text, match, suggestions)
