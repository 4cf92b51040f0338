"""The interaction checker: every pair of a medicine list against the interaction rules.

A rule's two participants are each a drug, a class or a property tag. For a
pair of medicines the most specific matching rule wins (drug 3 > class 2 >
property 1, compared side by side), ties going to the more severe; a pair is
reported once. Rules of kind `interaction` are interactions; the other kinds
(duplicate therapy, live vaccines, alcohol, food) are list alerts. A medicine
entered twice under two names (Humira and adalimumab) is an alert of its own.
Two non-immunomodulators with no rule between them (an antidepressant and a blood
thinner) are outside what ImmunoGuide checks, and the answer says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from typing import Any

from ..knowledge.model import SEVERITY_RANK, InteractionRule
from ..knowledge.snapshot import Knowledge
from .names import NameResolver, Resolution

#: The most medicines one check takes; a longer list is a request error, not a slow answer.
MAX_MEDICINES = 200

NO_FINDING = (
    "ImmunoGuide knows of no interaction between these medicines. That is not the same as "
    "knowing they are safe together: ask your pharmacist to check your full list."
)


NOT_COVERED = (
    "ImmunoGuide checks interactions that involve an immunomodulator. It did not check these two "
    "medicines against each other: ask your pharmacist."
)


@dataclass(frozen=True)
class Finding:
    rule: InteractionRule
    between: tuple[str, str]  # medicine slugs, in the rule's participant order

    @property
    def severity_rank(self) -> int:
        return SEVERITY_RANK[self.rule.severity]


@dataclass(frozen=True)
class SameMedicine:
    """One medicine entered under two or more names."""

    slug: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class CheckResult:
    resolutions: tuple[Resolution, ...]
    medicines: tuple[str, ...]  # distinct resolved slugs, in input order
    interactions: tuple[Finding, ...]
    alerts: tuple[Finding, ...]
    same_medicine: tuple[SameMedicine, ...]
    pairs_checked: int
    #: Pairs of two non-immunomodulators with no rule: outside what ImmunoGuide checks.
    not_covered: tuple[tuple[str, str], ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Interactions and alerts together, most severe first."""
        return tuple(sorted(self.interactions + self.alerts, key=lambda f: -f.severity_rank))

    @property
    def unknown(self) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if r.match is None)

    @property
    def worst(self) -> str | None:
        findings = self.interactions + self.alerts
        return max(findings, key=lambda f: f.severity_rank).rule.severity if findings else None

    def _message(self) -> str | None:
        if self.interactions or self.alerts:
            return None
        if self.pairs_checked:
            return NO_FINDING
        if self.not_covered:
            return "None of these medicines is an immunomodulator, so ImmunoGuide could not check them against each other: ask your pharmacist."
        return "There was nothing to check: enter at least two medicines that ImmunoGuide recognises."

    def as_json(self, knowledge: Knowledge) -> dict[str, Any]:
        """The API and CLI answer (one shape for both)."""

        sources = knowledge.cite
        def names(slugs: tuple[str, ...]) -> list[str]:
            return [knowledge.drugs[s].name for s in slugs]

        def finding(f: Finding) -> dict[str, Any]:
            r = f.rule
            return {
                "between": list(f.between),
                "names": names(f.between),
                "rule": r.id,
                "kind": r.kind,
                "severity": r.severity,
                "action": r.action,
                "summary": r.summary,
                "management": r.management,
                "mechanism": r.mechanism,
                "sources": sources(r.sources),
            }

        alerts = [
            {**finding(f), "medicines": list(f.between)} for f in self.alerts
        ] + [
            {
                "kind": "same-medicine",
                "medicines": [s.slug],
                "names": [knowledge.drugs[s.slug].name],
                "severity": "moderate",
                "summary": f"{', '.join(s.inputs)}: these are all {knowledge.drugs[s.slug].name}. Taking it twice under two names would double the dose.",
                "sources": [],
            }
            for s in self.same_medicine
        ]
        unknown = self.unknown
        return {
            "resolved": [
                {"input": r.query, "slug": r.match.slug, "name": r.match.name, "matched_on": r.match.matched_on, "reading": r.reading}
                for r in self.resolutions
                if r.match
            ],
            "unknown": [
                {
                    "input": r.query,
                    "suggestions": [s.as_json() for s in r.suggestions],
                    "message": f"We could not recognise “{r.query.strip()[:120]}”, so it was not checked.",
                }
                for r in unknown
            ],
            "interactions": [finding(f) for f in self.interactions],
            "alerts": alerts,
            "pairs_checked": self.pairs_checked,
            "not_covered": [
                {"medicines": list(pair), "names": names(pair), "message": NOT_COVERED}
                for pair in self.not_covered
            ],
            "message": self._message(),
        }


@dataclass
class InteractionChecker:
    knowledge: Knowledge
    resolver: NameResolver
    _keys: dict[str, frozenset[tuple[str, str]]] = field(init=False)
    _rules_by_key: dict[tuple[str, str], list[InteractionRule]] = field(init=False)
    _pair_cache: dict[tuple[str, str], Finding | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._keys = {d.slug: d.match_keys for d in self.knowledge.drugs.values()}
        by_key: dict[tuple[str, str], list[InteractionRule]] = defaultdict(list)
        for rule in self.knowledge.interactions.values():
            for key in {p.key for p in rule.between}:
                by_key[key].append(rule)
        self._rules_by_key = dict(by_key)

    def rules_for(self, slug: str) -> list[InteractionRule]:
        """Every rule that can apply to this medicine (by itself, its classes or its properties), most severe first."""
        keys = self._keys[slug]
        rules = {r.id: r for key in keys for r in self._rules_by_key.get(key, ())}
        return sorted(rules.values(), key=lambda r: (-SEVERITY_RANK[r.severity], r.id))

    def pair(self, a: str, b: str) -> Finding | None:
        """The one finding for two different medicines, or None. Cached: the knowledge never changes."""
        cache_key = (a, b) if a < b else (b, a)
        if cache_key in self._pair_cache:
            return self._pair_cache[cache_key]
        keys_a, keys_b = self._keys[a], self._keys[b]
        best_rank: tuple[tuple[int, ...], int] | None = None
        finding: Finding | None = None
        for key in keys_a:
            for rule in self._rules_by_key.get(key, ()):
                first, second = rule.between
                if first.key in keys_a and second.key in keys_b:
                    between = (a, b)
                elif first.key in keys_b and second.key in keys_a:
                    between = (b, a)
                else:
                    continue
                specificity = tuple(sorted((first.specificity, second.specificity), reverse=True))
                rank = (specificity, SEVERITY_RANK[rule.severity])
                # Equal rank (e.g. two TNF inhibitors match the TNF rule and the biologics rule):
                # the rule id decides, so the answer never depends on set iteration order.
                if best_rank is None or rank > best_rank or (rank == best_rank and finding and rule.id < finding.rule.id):
                    best_rank, finding = rank, Finding(rule, between)
        self._pair_cache[cache_key] = finding
        return finding

    def check(self, names: list[str]) -> CheckResult:
        resolutions = tuple(self.resolver.resolve(n) for n in names)
        inputs_by_slug: dict[str, list[str]] = {}
        for r in resolutions:
            if r.match:
                inputs_by_slug.setdefault(r.match.slug, []).append(r.query)
        medicines = tuple(inputs_by_slug)
        interactions: list[Finding] = []
        alerts: list[Finding] = []
        not_covered: list[tuple[str, str]] = []
        pairs = 0
        drugs = self.knowledge.drugs
        for a, b in combinations(medicines, 2):
            finding = self.pair(a, b)
            if finding is not None:
                (interactions if finding.rule.kind == "interaction" else alerts).append(finding)
            elif drugs[a].category == "other" and drugs[b].category == "other":
                not_covered.append((a, b))
                continue
            pairs += 1
        order = {slug: i for i, slug in enumerate(medicines)}

        def sort_key(f: Finding) -> tuple[int, int, int]:
            return (-f.severity_rank, min(order[s] for s in f.between), max(order[s] for s in f.between))

        interactions.sort(key=sort_key)
        alerts.sort(key=sort_key)
        same = tuple(
            SameMedicine(slug, tuple(inputs))
            for slug, inputs in inputs_by_slug.items()
            if len({" ".join(i.lower().split()) for i in inputs}) > 1
        )
        return CheckResult(resolutions, medicines, tuple(interactions), tuple(alerts), same, pairs, tuple(not_covered))
