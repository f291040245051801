"""The report table's number cells, built in Python: a province has 500 agencies, 4,000 linked numbers.

Rendered through Jinja macros with ``url_for`` and Babel per cell, that table took over a second; here
each column's link is built once and each number formatted with the locale's symbols looked up once.
"""

from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from . import bp

COLUMNS = ("total", "done_on_time", "done_late", "open_in_time", "open_overdue", "no_deadline", "postponed",
           "cancelled")


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_decimal_symbol(locale)


def number(value, digits: int = 0, symbols: tuple[str, str] | None = None) -> str:
    """1.234 and 87,88 in Vietnamese, 1,234 and 87.88 in English: the ``number`` filter, faster."""
    group, decimal = symbols or _symbols(str(get_locale()))
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def _count(value: int, url: str | None, alert: bool, label: str, symbols) -> str:
    if not value:
        return '<span class="count-zero">0</span>'
    shown = number(value, 0, symbols)
    css = "count-link count-alert" if alert else "count-link"
    if url:
        return f'<a href="{escape(url)}" class="{css}" aria-label="{escape(label)}: {shown}">{shown}</a>'
    return f'<span class="{"count-alert" if alert else ""}">{shown}</span>'


def _rate(value, symbols) -> str:
    return '<span class="count-zero">—</span>' if value is None else number(value, 2, symbols)


@bp.app_template_global("report_cells")
def report_cells(counts, links, agency_id: int | None, name: str) -> Markup:
    """The eight counts and two rates of one report row, each count linked to the tasks behind it."""
    locale = str(get_locale())
    words, symbols = _words(locale), _symbols(locale)
    cells = []
    for c in COLUMNS:
        link = links.cell(agency_id, c)
        count = _count(getattr(counts, c), link, c == "open_overdue", name + words[c], symbols)
        cells.append(f'<td class="num">{count}</td>')
    cells.append(f'<td class="num">{_rate(counts.completion_rate, symbols)}</td>')
    cells.append(f'<td class="num">{_rate(counts.on_time_rate, symbols)}</td>')
    return Markup("\n".join(cells))


@lru_cache(maxsize=8)
def _words(locale: str) -> dict[str, str]:
    """What each number counts, for screen readers ("Phòng Nội vụ — quá hạn: 3"), once per language."""
    return {"total": " — " + _("tổng số"), "done_on_time": " — " + _("hoàn thành đúng hạn"),
            "done_late": " — " + _("hoàn thành quá hạn"), "open_in_time": " — " + _("chưa hoàn thành, trong hạn"),
            "open_overdue": " — " + _("quá hạn"), "no_deadline": " — " + _("không thời hạn"),
            "postponed": " — " + _("tạm hoãn"), "cancelled": " — " + _("hủy")}
