"""XLSX exports, read with openpyxl in read-only mode (rows stream; memory stays flat on large files)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any, BinaryIO

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from carecenter.domain.errors import FieldProblem, InvalidInput


def cell_text(value: Any) -> str:
    """A cell as the text a person reads in it: 912345678.0 -> "912345678", a date -> "2025-05-31"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class XlsxSheet:
    """Implements app.ports.imports.Sheet over the workbook's first (active) sheet."""

    def __init__(self, data: BinaryIO) -> None:
        try:
            self._book = openpyxl.load_workbook(data, read_only=True, data_only=True)
        except (InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise InvalidInput(FieldProblem("file", f"not a readable XLSX workbook: {exc}")) from None
        sheet = self._book.active
        if sheet is None:
            raise InvalidInput(FieldProblem("file", "the workbook has no sheet"))
        self._sheet = sheet
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)  # type: ignore[call-arg]
        if first is None or not any(cell_text(v) for v in first):
            raise InvalidInput(FieldProblem("file", "the first row of the first sheet must hold the column headers"))
        self.headers = [cell_text(v) for v in first]
        self.estimated_rows = max((sheet.max_row or 1) - 1, 0)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        values = self._sheet.iter_rows(min_row=2, values_only=True)  # type: ignore[call-arg]
        for number, row in enumerate(values, start=2):
            cells = [cell_text(v) for v in row]
            if any(cells):
                yield number, cells
        self._book.close()
