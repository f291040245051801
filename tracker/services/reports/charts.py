"""Charts drawn on the server as inline SVG: no script, no internet resource, and they print.

Each chart carries a <title> and a <desc> (read by screen readers through ``aria-labelledby``) and every
mark a <title> with its exact figure; the pages put the same figures in a table beside the chart.
Colours differ in lightness too, so the four categories stay apart on a black-and-white printout, and
the legend names them in words. Presentation attributes only: the CSP allows no inline styles.
"""

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .counting import Row

# (category, colour): green, amber, blue, red; dark, light, dark-blue, mid in grey.
SERIES = [("done_on_time", "#2e7d32"), ("done_late", "#f0b429"), ("open_in_time", "#1f5fa8"),
          ("open_overdue", "#c62828")]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def _n(value) -> str:
    return format_decimal(value, format="#,##0")


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'font-family="{FONT}">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def agency_bars(rows: list[Row], labels: dict, chart_id: str, title: str, desc: str) -> Markup:
    """One horizontal bar per agency, its name above it, stacked by the four categories, total at its end.

    Names sit above the bars rather than beside them, so the chart stays narrow enough to read on a phone.
    """
    bar_w, row_h, top = 440, 44, 4
    width = bar_w + 56
    legend_rows = [SERIES[:2], SERIES[2:]]
    height = top + row_h * max(len(rows), 1) + 22 * len(legend_rows) + 8
    biggest = max((sum(getattr(r.counts, k) for k, _c in SERIES) for r in rows), default=0) or 1
    body = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        body.append(f'<text x="0" y="{y + 14}" font-size="14" fill="#222">{escape(row.agency_name)}</text>')
        x, shown = 0.0, 0
        for key, colour in SERIES:
            value = getattr(row.counts, key)
            w = value / biggest * bar_w
            if value:
                body.append(f'<rect x="{x:.1f}" y="{y + 20}" width="{w:.1f}" height="18" fill="{colour}">'
                            f'<title>{escape(row.agency_name)} — {escape(labels[key])}: {_n(value)}</title></rect>')
                if w >= 24:
                    ink = "#222" if key == "done_late" else "#fff"
                    body.append(f'<text x="{x + w / 2:.1f}" y="{y + 34}" text-anchor="middle" font-size="12" '
                                f'fill="{ink}">{_n(value)}</text>')
            x += w
            shown += value
        body.append(f'<text x="{x + 6:.1f}" y="{y + 34}" font-size="13" fill="#444">{_n(shown)}</text>')
    legend_y = top + row_h * max(len(rows), 1) + 16
    for line in legend_rows:
        x = 0
        for key, colour in line:
            body.append(f'<rect x="{x}" y="{legend_y - 11}" width="13" height="13" fill="{colour}"/>'
                        f'<text x="{x + 19}" y="{legend_y}" font-size="13" fill="#222">{escape(labels[key])}</text>')
            x += 250
        legend_y += 22
    return _svg(chart_id, width, height, title, desc, body)


def completion_line(points, chart_id: str, title: str, desc: str) -> Markup:
    """Completion rate (done ÷ assigned, cumulative) at each month's end, 0–100 %, labelled per point."""
    left, right, top, plot_h, step = 40, 12, 16, 150, 38
    width = left + right + step * max(len(points) - 1, 1) + 20
    height = top + plot_h + 40
    body = []
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - pct / 100 * plot_h
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5d9de" '
                    f'stroke-width="1"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                    f'fill="#555">{pct}%</text>')
    coords = []
    for i, p in enumerate(points):
        x = left + 10 + i * step
        rate = float(p.rate) if p.rate is not None else None
        label = p.day.strftime("%m/%y")
        body.append(f'<text x="{x}" y="{top + plot_h + 18}" text-anchor="middle" font-size="11" fill="#555">'
                    f'{label}</text>')
        if rate is None:
            continue
        y = top + plot_h - rate / 100 * plot_h
        coords.append(f"{x},{y:.1f}")
        words = _("%(month)s: đã hoàn thành %(done)s/%(assigned)s nhiệm vụ đã giao (%(rate)s%%)", month=label,
                  done=_n(p.done), assigned=_n(p.assigned), rate=format_decimal(p.rate, format="#,##0.00"))
        body.append(f'<circle cx="{x}" cy="{y:.1f}" r="4" fill="#1f5fa8"><title>{escape(words)}</title></circle>'
                    f'<text x="{x}" y="{y - 8:.1f}" text-anchor="middle" font-size="10" fill="#1f3f66">'
                    f'{format_decimal(round(rate), format="#,##0")}%</text>')
    if len(coords) > 1:
        body.insert(5, f'<polyline points="{" ".join(coords)}" fill="none" stroke="#1f5fa8" stroke-width="2.5"/>')
    return _svg(chart_id, width, height, title, desc, body)
