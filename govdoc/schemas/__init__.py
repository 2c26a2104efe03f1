"""Typed records, the database schema and the catalogues (indicators)."""
