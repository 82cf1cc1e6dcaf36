"""TabularReader: picks the CSV or XLSX reader by the file's content, not by its name."""

from __future__ import annotations

from typing import BinaryIO

from carecenter.adapters.importers.csv_sheet import CsvSheet
from carecenter.adapters.importers.xlsx_sheet import XlsxSheet
from carecenter.app.ports.imports import Sheet
from carecenter.domain.errors import FieldProblem, InvalidInput

_ZIP = b"PK\x03\x04"  # XLSX is a zip archive
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class TabularFiles:
    """Implements app.ports.imports.TabularReader."""

    def open(self, filename: str, data: BinaryIO) -> Sheet:
        head = data.read(4)
        data.seek(0)
        if head == _OLE:
            raise InvalidInput(FieldProblem("file", f"{filename}: old .xls files are not read; save as .xlsx or CSV"))
        if head == _ZIP:
            return XlsxSheet(data)
        if b"\x00" in data.read(4096):
            raise InvalidInput(FieldProblem("file", f"{filename} is neither CSV text nor an XLSX workbook"))
        data.seek(0)
        return CsvSheet(data)
