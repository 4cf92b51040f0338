"""What the label library knows about openFDA section fields: their titles, their order for readers and for
search, which are not searched, and how a section's id encodes its field.

A section's id is `field code << 40 | sequence`: all sections of one field sit in one id range, so the
search index (keyed by section id) reads a single field's sections, or the fields in order of importance,
as rowid ranges instead of intersecting a field term with every match.
"""

from __future__ import annotations

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
#: Kept and shown but not searched: ingredient lists and carton text (noise for readers), and every `_table` twin.
NOT_INDEXED = SHOWN_LAST

#: Frozen: stored section ids carry these codes. Never renumber; a new field gets a new number below OTHER_CODE.
#: The numbers also give the search order: where on a label the words are found matters most to a reader,
#: a boxed warning before an indication before a contraindication... before everything else.
FIELD_CODES = {
    "boxed_warning": 1, "indications_and_usage": 2, "contraindications": 3, "warnings_and_cautions": 4, "warnings": 5,
    "do_not_use": 6, "stop_use": 7, "drug_interactions": 8, "dosage_and_administration": 9, "use_in_specific_populations": 10,
    "pregnancy": 11, "lactation": 12, "nursing_mothers": 13, "pediatric_use": 14, "geriatric_use": 15, "adverse_reactions": 16,
    "precautions": 17, "ask_doctor": 18, "ask_doctor_or_pharmacist": 19, "overdosage": 20, "purpose": 21, "information_for_patients": 22,
}
#: Every other field (clinical studies, pharmacology, tables, carton text...).
OTHER_CODE = 63
SEQUENCE_BITS = 40
SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1
#: Search order of the id ranges: the ranked fields, then all others.
SEARCH_ORDER = (*sorted(FIELD_CODES.values()), OTHER_CODE)


def section_title(field: str) -> str:
    base = field.removesuffix("_table")
    title = SECTION_TITLES.get(base) or base.replace("_", " ").capitalize()
    return title + (" (table)" if field.endswith("_table") else "")


def field_code(field: str) -> int:
    return FIELD_CODES.get(field, OTHER_CODE)


def section_id(field: str, sequence: int) -> int:
    return (field_code(field) << SEQUENCE_BITS) | sequence


def id_range(code: int) -> tuple[int, int]:
    """The first and last section id of a field code."""
    return code << SEQUENCE_BITS, (code << SEQUENCE_BITS) | SEQUENCE_MASK


def field_code_sql(column: str = "field") -> str:
    """field_code() as an SQL expression (for migrations and queries)."""
    return f"CASE {column} " + " ".join(f"WHEN '{f}' THEN {c}" for f, c in FIELD_CODES.items()) + f" ELSE {OTHER_CODE} END"
