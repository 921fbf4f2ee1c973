"""provenance: check that published articles carry the disclosures they owe."""
__version__ = "0.1.0"
