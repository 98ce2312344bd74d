"""Analysing spend: the spend index, filters and locality, summaries and comparisons."""
