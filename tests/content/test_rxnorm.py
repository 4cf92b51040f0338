"""RxNorm ingredient codes: the curated ones, and FHIR codings resolved by them.

Expected codes are RxNorm IN (ingredient) concepts as listed in NLM's RxNorm
prescribable content (an alphabetical export with term types); where the
product's salt form has its own precise-ingredient (PIN) code, the IN is the one
kept (glatiramer 214582, not glatiramer acetate 84375).
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.names import NameResolver
from immunoguide.interop.fhir import RXNORM, MedicationResolver
from immunoguide.knowledge.snapshot import Knowledge

#: slug → RxNorm IN code (NLM RxNorm prescribable list; CPIC's drug table agrees for cisplatin, mycophenolic acid, probenecid, sirolimus).
INGREDIENT_CODES = {
    "methotrexate": "6851", "adalimumab": "327361", "belimumab": "1092437", "cladribine": "44157", "deucravacitinib": "2612087",
    "dimethyl-fumarate": "1373478", "diroximel-fumarate": "2261783", "everolimus": "141704", "fingolimod": "1012892",
    "glatiramer-acetate": "214582", "golimumab": "819300", "interferon-beta-1a": "75917", "ixekizumab": "1745099",
    "leflunomide": "27169", "mycophenolic-acid": "7145", "ocrelizumab": "1876366", "ofatumumab": "712566", "ozanimod": "2288236",
    "ponesimod": "2532300", "sarilumab": "1923319", "secukinumab": "1599788", "siponimod": "2121085", "sirolimus": "35302",
    "teriflunomide": "1310520", "tofacitinib": "1357536", "upadacitinib": "2196092", "ustekinumab": "847083",
    "vedolizumab": "1538097", "voclosporin": "2475166", "cholestyramine": "2447", "cisplatin": "2555", "febuxostat": "73689",
    "probenecid": "8698", "rifabutin": "55672", "selegiline": "9639",
}
#: Immunomodulators whose ingredient code could not be confirmed yet; they resolve by name.
NOT_CONFIRMED = {"anifrolumab", "apremilast"}


@pytest.mark.parametrize(("slug", "code"), sorted(INGREDIENT_CODES.items()))
def test_curated_ingredient_code(knowledge: Knowledge, slug: str, code: str) -> None:
    assert knowledge.drugs[slug].rxnorm == code


def test_every_immunomodulator_has_its_code_or_is_listed(knowledge: Knowledge) -> None:
    missing = {d.slug for d in knowledge.drugs.values() if d.category == "immunomodulator" and not d.rxnorm}
    assert missing == NOT_CONFIRMED


@pytest.mark.parametrize(("slug", "code"), sorted(INGREDIENT_CODES.items()))
def test_a_fhir_coding_resolves_by_code_alone(knowledge: Knowledge, slug: str, code: str) -> None:
    resolver = MedicationResolver(knowledge, NameResolver(knowledge), None)
    found = resolver.resolve({"coding": [{"system": RXNORM, "code": code}]}, {"resourceType": "MedicationRequest"}, draft=True)
    assert (found.slug, found.via) == (slug, "rxnorm")
