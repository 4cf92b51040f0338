"""Health-IT interop: CDS Hooks services and FHIR R4 views over the clinical core (adapters only)."""
