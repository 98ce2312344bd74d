"""Spend Geography analysis package: sources, embedded store, spend ingestion, geocoding, summaries."""
