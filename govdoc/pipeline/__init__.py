"""Pipeline stages: ingest → normalise → segment → documents → store, orchestrated by run."""
