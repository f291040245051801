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
from .links import STAND_IN

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


def _around_id(url: str | None) -> tuple[str, str] | None:
    """An agency's URL as the escaped text before and after its id, from the URL built for the stand-in."""
    if url is None:
        return None
    before, _, after = str(escape(url)).partition(str(STAND_IN))
    return before, after


@bp.app_template_global("report_rows")
def report_rows(rows, links, agency_link: bool = True) -> Markup:
    """Every agency's row of the report table, numbered, each number linked to the tasks behind it.

    One pass in Python for 500 agencies: each column's link and label are escaped once for the table and
    only the agency's id and name change from row to row.
    """
    locale = str(get_locale())
    words, symbols = _words(locale), _symbols(locale)
    columns = [(c, _around_id(links.cell(STAND_IN, c)), escape(words[c]),
                "count-link count-alert" if c == "open_overdue" else "count-link") for c in COLUMNS]
    name_link = _around_id(links.agency(STAND_IN)) if agency_link else None
    out = []
    for n, row in enumerate(rows, 1):
        agency_id, name, counts = row.agency_id, escape(row.agency_name), row.counts
        heading = f'<a href="{name_link[0]}{agency_id}{name_link[1]}">{name}</a>' if name_link else name
        out.append(f'<tr data-agency-id="{agency_id}">\n<td class="num">{n}</td>\n'
                   f'<th scope="row" class="agency-name">{heading}</th>')
        for column, around, word, css in columns:
            value = getattr(counts, column)
            if not value:
                out.append('<td class="num"><span class="count-zero">0</span></td>')
                continue
            shown = str(value) if value < 1000 else number(value, 0, symbols)
            if around is None:
                alert = "count-alert" if column == "open_overdue" else ""
                out.append(f'<td class="num"><span class="{alert}">{shown}</span></td>')
            else:
                out.append(f'<td class="num"><a href="{around[0]}{agency_id}{around[1]}" class="{css}" '
                           f'aria-label="{name}{word}: {shown}">{shown}</a></td>')
        out.append(f'<td class="num">{_rate(counts.completion_rate, symbols)}</td>\n'
                   f'<td class="num">{_rate(counts.on_time_rate, symbols)}</td>\n</tr>')
    return Markup("\n".join(out))


@lru_cache(maxsize=8)
def _words(locale: str) -> dict[str, str]:
    """What each number counts, for screen readers ("Phòng Nội vụ — quá hạn: 3"), once per language."""
    return {"total": " — " + _("tổng số"), "done_on_time": " — " + _("hoàn thành đúng hạn"),
            "done_late": " — " + _("hoàn thành quá hạn"), "open_in_time": " — " + _("chưa hoàn thành, trong hạn"),
            "open_overdue": " — " + _("quá hạn"), "no_deadline": " — " + _("không thời hạn"),
            "postponed": " — " + _("tạm hoãn"), "cancelled": " — " + _("hủy")}
