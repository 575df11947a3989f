"""A drug-evidence knowledge graph."""
