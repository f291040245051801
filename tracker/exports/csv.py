"""One row per task, UTF-8 with a byte-order mark so Excel opens Vietnamese names correctly."""

import csv
import io

from .labels import TASK_COLUMNS, label_words, task_values


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def render(lines) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c) for c in TASK_COLUMNS])
    words = label_words()
    for line in lines:
        writer.writerow([_cell(v) for v in task_values(line, words)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
