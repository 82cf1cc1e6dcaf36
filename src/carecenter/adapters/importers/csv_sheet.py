"""CSV exports as branches really send them: any of , ; tab |, in UTF-8 (with or without BOM) or in
Windows-1258, the Vietnamese code page of older Windows accounting tools."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from carecenter.domain.errors import FieldProblem, InvalidInput

_CHUNK = 1 << 20
_SAMPLE = 64 * 1024
_DELIMITERS = ",;\t|"


def detect_encoding(data: BinaryIO) -> tuple[str, int]:
    """("utf-8-sig" | "utf-8" | "cp1258", number of line breaks), reading the stream once.

    UTF-8 is tried over the whole file, not a sample: a Windows-1258 byte may first appear in row 9,000.
    """
    start = data.read(3)
    encoding = "utf-8-sig" if start == codecs.BOM_UTF8 else "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = start.count(b"\n")
    ok = True
    if encoding == "utf-8":
        try:
            decoder.decode(start)
        except UnicodeDecodeError:
            ok = False
    while chunk := data.read(_CHUNK):
        lines += chunk.count(b"\n")
        if ok:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                ok = False
    if ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    return (encoding if ok else "cp1258"), lines


class CsvSheet:
    """Implements app.ports.imports.Sheet over a seekable binary stream."""

    def __init__(self, data: BinaryIO) -> None:
        self._data = data
        self.encoding, lines = detect_encoding(data)
        data.seek(0)
        text = io.TextIOWrapper(data, encoding=self.encoding, newline="")
        sample = text.read(_SAMPLE)
        text.detach()
        self.delimiter = sniff_delimiter(sample)
        reader = self._reader()
        header = next(reader, None)
        reader.close()
        if header is None or not any(h.strip() for h in header[1]):
            raise InvalidInput(FieldProblem("file", "the file is empty: the first row must hold the column headers"))
        self.headers = [_clean(h) for h in header[1]]
        self.estimated_rows = max(lines - 1, 0)

    def _reader(self) -> Iterator[tuple[int, list[str]]]:
        self._data.seek(0)
        text = io.TextIOWrapper(self._data, encoding=self.encoding, newline="")
        try:
            # A quoted cell may span lines; the spreadsheet still shows it as one row, so count records.
            yield from enumerate(csv.reader(text, delimiter=self.delimiter), start=1)
        finally:
            text.detach()  # leave the caller's stream open

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        records = self._reader()
        next(records, None)
        for number, record in records:
            cells = [_clean(c) for c in record]
            if any(cells):
                yield number, cells


def sniff_delimiter(sample: str) -> str:
    """The delimiter of the header line (headers hold no commas or semicolons, addresses do), else
    what csv.Sniffer makes of the sample, else a comma."""
    header = sample.split("\n", 1)[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _clean(text: str) -> str:
    # Windows-1258 writes tones as combining marks, and macOS exports NFD: compose so "Nguyễn" is one
    # spelling everywhere (search, duplicates and the report all compare text).
    return unicodedata.normalize("NFC", text).strip()
