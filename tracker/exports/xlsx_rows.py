"""Many plain rows added to a worksheet of a workbook openpyxl has already laid out and saved.

openpyxl spends 10–30 µs on each cell it writes; a 10,000-task sheet has 170,000 cells. openpyxl still
builds the workbook (styles, header, frozen panes, filters, page setup) and writes the first data row, so
the styles the bulk rows need exist; this module then writes the other rows straight into that sheet's
XML, in the same form Excel and LibreOffice read from any spreadsheet: numbers, inline strings, and
each cell carrying the style of the cell openpyxl wrote above it (wrap, border, a date's dd/mm/yyyy).
"""

import io
import re
import zipfile
from datetime import date, datetime
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system, as openpyxl writes dates
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0 at all


def _text(value: str) -> str:
    return escape(ILLEGAL.sub("", value)).replace("\r", "&#13;")


def _row(number: int, values: list, columns: list[str], styles: dict[str, str], date_style: str | None,
         height: float | None = None) -> str:
    cells = []
    for column, value in zip(columns, values, strict=True):
        ref = f"{column}{number}"
        style = f' s="{styles[column]}"' if column in styles else ""
        if not style and isinstance(value, date) and date_style:
            style = f' s="{date_style}"'
        if value is None or value == "":
            if style:  # an empty cell keeps its border
                cells.append(f'<c r="{ref}"{style}/>')
            continue
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            cells.append(f'<c r="{ref}"{style}><v>{(value - EPOCH).days}</v></c>')
        elif isinstance(value, bool | int | float):
            cells.append(f'<c r="{ref}"{style}><v>{int(value) if isinstance(value, bool) else value}</v></c>')
        else:
            cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t>'
                         f'</is></c>')
    tall = f' ht="{height}" customHeight="1"' if height else ""
    return f'<row r="{number}"{tall}>{"".join(cells)}</row>'


def append_rows(workbook: bytes, sheet: str, rows: list, first: int, width: int, date_column: str,
                heights: list[float] | None = None) -> bytes:
    """``rows`` (lists of values) added from row ``first`` of ``sheet`` (its path in the package), each
    ``heights[i]`` points tall when given (for wrapped text).

    Each new cell takes the style of its column's cell in row ``first - 1`` (written by openpyxl); a column
    whose cell there is missing or unstyled falls back to ``date_column``'s style for dates, none otherwise.
    """
    if not rows:
        return workbook
    source = zipfile.ZipFile(io.BytesIO(workbook))
    xml = source.read(sheet).decode("utf-8")
    columns = [get_column_letter(i) for i in range(1, width + 1)]
    above = dict(re.findall(rf'<c r="([A-Z]+){first - 1}"[^>]*?\ss="(\d+)"', xml))
    styles = {c: above[c] for c in columns if c in above}
    # The used range openpyxl recorded ends at the rows it wrote itself.
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{columns[-1]}{first + len(rows) - 1}"/>', xml,
                 count=1)
    head, tail = xml.split("</sheetData>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != sheet:
                target.writestr(item, source.read(item.filename))
                continue
            info = zipfile.ZipInfo(sheet, date_time=item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo of our own would otherwise be stored as is
            with target.open(info, "w") as part:
                part.write(head.encode("utf-8"))
                date_style = above.get(date_column)
                for i, values in enumerate(rows):
                    height = heights[i] if heights else None
                    part.write(_row(first + i, values, columns, styles, date_style, height).encode("utf-8"))
                part.write(("</sheetData>" + tail).encode("utf-8"))
    return out.getvalue()
