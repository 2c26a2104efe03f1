"""Errors a user can act on: each names the file and says what is wrong with it."""
from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be ingested. Its message is shown to the user as is."""

    reason = "unreadable"

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


class EmptyFile(IngestError):
    reason = "empty"


class UndecodableText(IngestError):
    reason = "encoding"


class UnreadablePdf(IngestError):
    reason = "unreadable_pdf"


class ScannedPdf(IngestError):
    reason = "scanned_pdf"


class NotGovDocument(IngestError):
    reason = "not_gov_document"


class UnsupportedFile(IngestError):
    reason = "unsupported"
