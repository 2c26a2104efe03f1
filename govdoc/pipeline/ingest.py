"""Stage 1, ingest: a file on disk → `SourceText` (decoded text, pages, tables).

Government text files come as UTF-8 (with or without BOM), UTF-16 with BOM, or
GB18030/GBK; PDFs are read by `pipeline.pdf`. Anything else is refused with a
reason a user can act on.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from govdoc.errors import EmptyFile, UndecodableText, UnsupportedFile
from govdoc.schemas.records import SourceText

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def discover(paths: list[str]) -> list[str]:
    """Expand folders into the supported files below them, sorted, keeping paths as given."""
    found: list[str] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found.extend(
                str(f) for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(".")
                and f.name not in {"SOURCES.md", "README.md"}
            )
        else:
            found.append(given)
    return found


def decode_text(path: str, data: bytes) -> tuple[str, str]:
    """Decode strictly: a wrong guess must fail loudly, never produce mojibake."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data:
        raise UndecodableText(path, "binary file (contains NUL bytes), not text or PDF")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UndecodableText(path, "text is neither UTF-8 nor GB18030/GBK; re-save it as UTF-8")


def read_source(path: str) -> SourceText:
    """Read one file into a SourceText, or raise an IngestError naming the problem."""
    p = Path(path)
    if not p.is_file():
        raise UnsupportedFile(path, "no such file")
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFile(path, f"unsupported file type '{suffix}' (expected .pdf or .txt)")
    data = p.read_bytes()
    if not data.strip():
        raise EmptyFile(path, "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        from govdoc.pipeline.pdf import read_pdf  # lazy: pdf libraries are slow to import

        return read_pdf(path, data, sha)
    text, encoding = decode_text(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFile(path, "file contains only white space")
    return SourceText(path=path, text=text, kind="text", encoding=encoding, sha256=sha)
