"""govdoc: Chinese government documents → a queryable knowledge base.

Flow: ingest → normalise → segment → extract → resolve → store → check → report;
`govdoc.api` is the library entry point, `govdoc.cli` the command line over it.
"""
__version__ = "0.1.0"
