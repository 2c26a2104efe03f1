"""Extractors: one module per kind of thing read out of a document."""
