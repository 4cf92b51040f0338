"""The immutable in-memory knowledge snapshot and its indexes.

A `Knowledge` is what one content build compiles to. It is built once (from
`content/` or from a published build in the store) and never changed, so any
number of requests can read it at the same time.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Article, Citation, Condition, Drug, DrugClass, InteractionRule, Source, Topic

#: The kinds of document a build holds, with their model; the order is the publishing order.
KINDS: dict[str, type] = {
    "source": Source,
    "class": DrugClass,
    "condition": Condition,
    "drug": Drug,
    "interaction": InteractionRule,
    "topic": Topic,
    "article": Article,
}


@dataclass(frozen=True)
class Knowledge:
    drugs: dict[str, Drug]
    classes: dict[str, DrugClass]
    conditions: dict[str, Condition]
    topics: dict[str, Topic]
    articles: dict[str, Article]
    sources: dict[str, Source]
    interactions: dict[str, InteractionRule] = field(default_factory=dict)
    # derived indexes
    drugs_by_class: dict[str, list[Drug]] = field(init=False)
    drugs_by_condition: dict[str, list[Drug]] = field(init=False)
    articles_newest_first: list[Article] = field(init=False)
    articles_by_drug: dict[str, list[Article]] = field(init=False)
    articles_by_condition: dict[str, list[Article]] = field(init=False)
    articles_by_topic: dict[str, list[Article]] = field(init=False)

    def __post_init__(self) -> None:
        by_class: dict[str, list[Drug]] = defaultdict(list)
        by_condition: dict[str, list[Drug]] = defaultdict(list)
        for drug in sorted(self.drugs.values(), key=lambda d: d.name.lower()):
            for c in drug.classes:
                by_class[c].append(drug)
            for c in drug.conditions:
                by_condition[c].append(drug)
        newest = sorted(self.articles.values(), key=lambda a: (a.date, a.title), reverse=True)
        a_drug: dict[str, list[Article]] = defaultdict(list)
        a_cond: dict[str, list[Article]] = defaultdict(list)
        a_topic: dict[str, list[Article]] = defaultdict(list)
        for a in newest:
            for s in a.drugs:
                a_drug[s].append(a)
            for s in a.conditions:
                a_cond[s].append(a)
            for s in a.topics:
                a_topic[s].append(a)
        set_ = object.__setattr__
        set_(self, "drugs_by_class", dict(by_class))
        set_(self, "drugs_by_condition", dict(by_condition))
        set_(self, "articles_newest_first", newest)
        set_(self, "articles_by_drug", dict(a_drug))
        set_(self, "articles_by_condition", dict(a_cond))
        set_(self, "articles_by_topic", dict(a_topic))

    # ------------------------------------------------------------------ lookup

    def cite(self, citations: Iterable[Citation]) -> list[dict[str, Any]]:
        """Citations as the API and pages give them: document, section, revision date, link."""
        out = []
        for c in citations:
            src = self.sources[c.source]
            out.append({"id": src.id, "title": src.title, "section": c.section, "date": src.revised, "url": src.url})
        return out

    def collection(self, kind: str) -> dict[str, Any]:
        return {
            "source": self.sources,
            "class": self.classes,
            "condition": self.conditions,
            "drug": self.drugs,
            "interaction": self.interactions,
            "topic": self.topics,
            "article": self.articles,
        }[kind]

    def drugs_sorted(self, category: str | None = None) -> list[Drug]:
        drugs = (d for d in self.drugs.values() if category is None or d.category == category)
        return sorted(drugs, key=lambda d: d.name.lower())

    def counts(self) -> dict[str, int]:
        return {
            "drugs": len(self.drugs),
            "classes": len(self.classes),
            "conditions": len(self.conditions),
            "topics": len(self.topics),
            "articles": len(self.articles),
            "interactions": len(self.interactions),
            "sources": len(self.sources),
        }

    # ------------------------------------------------------------------ (de)serialisation

    def documents(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(kind, key, JSON-able payload) for every item, in publishing order."""
        out = []
        for kind in KINDS:
            for key, item in sorted(self.collection(kind).items()):
                out.append((kind, key, item.model_dump(mode="json", by_alias=True)))
        return out

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for kind, key, payload in self.documents():
            digest.update(json.dumps([kind, key, payload], sort_keys=True).encode())
        return digest.hexdigest()

    @classmethod
    def from_documents(cls, docs: list[tuple[str, str, dict[str, Any]]]) -> Knowledge:
        parts: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        for kind, key, payload in docs:
            parts[kind][key] = KINDS[kind].model_validate(payload)
        return cls(
            sources=parts["source"],
            classes=parts["class"],
            conditions=parts["condition"],
            drugs=parts["drug"],
            interactions=parts["interaction"],
            topics=parts["topic"],
            articles=parts["article"],
        )
