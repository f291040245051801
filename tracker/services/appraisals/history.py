"""A unit's points per field over the years, and the chart of them (inline SVG with its figures as a table).

Frameworks change from year to year (fields, their maxima), so fields are matched by code and each year's bar
is the share of that year's maximum: a field's bars compare across years even when its maximum moved.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import Agency, Appraisal, FieldScore, Framework
from ..reports.charts import FONT

# One colour per year, oldest lightest: they stay apart in grey too, and each keeps 3:1 against white.
YEAR_COLOURS = ("#5f87b5", "#3d6ea8", "#2a5a93", "#1b4a80", "#0d2a4d")
SHOWN_YEARS = len(YEAR_COLOURS)


@dataclass
class FieldLine:
    code: str
    name: str
    # year -> (score, maximum)
    points: dict[int, tuple[Decimal | None, Decimal]] = field(default_factory=dict)

    def percent(self, year: int) -> float | None:
        score, maximum = self.points.get(year, (None, Decimal(0)))
        return None if score is None or not maximum else float(score / maximum * 100)


@dataclass
class History:
    years: list[int]
    totals: dict[int, tuple[Decimal | None, Decimal]]
    fields: list[FieldLine]


def unit_history(unit: Agency) -> History:
    """The unit's appraisals (the latest per year, up to five years), their totals and field points."""
    appraisals = db.session.scalars(
        sa.select(Appraisal).join(Agency, Agency.id == Appraisal.unit_id).where(Agency.unit_id == unit.id)
        .options(selectinload(Appraisal.scores).selectinload(FieldScore.field),
                 selectinload(Appraisal.framework).selectinload(Framework.fields))
        .order_by(Appraisal.year, Appraisal.id)).all()
    by_year: dict[int, Appraisal] = {}
    for a in appraisals:
        by_year[a.year] = a  # the latest recorded that year wins
    years = sorted(by_year)[-SHOWN_YEARS:]
    lines: dict[str, FieldLine] = {}
    for year in years:
        a = by_year[year]
        scores = {s.field_id: s.score for s in a.scores}
        for f in a.framework.fields:
            line = lines.setdefault(f.code, FieldLine(f.code, f.name))
            line.name = f.name  # the newest wording
            line.points[year] = (scores.get(f.id), f.max_points)
    totals = {y: (by_year[y].total_score, by_year[y].framework.max_total) for y in years}
    return History(years, totals, sorted(lines.values(), key=lambda line: _code_key(line.code)))


def _code_key(code: str):
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 999, code)


def chart(history: History, chart_id: str = "chart-history") -> Markup | None:
    """One row per field, one bar per year (share of that year's maximum), the figure at each bar's end."""
    if not history.years or not history.fields:
        return None
    label_w, bar_w, bar_h, gap = 0, 560, 18, 12
    per_row = 20 + bar_h * len(history.years) + gap
    width = label_w + bar_w + 70
    height = per_row * len(history.fields) + 30
    body = []
    for i, line in enumerate(history.fields):
        y = i * per_row
        body.append(f'<text x="0" y="{y + 14}" font-size="15" fill="#222">{escape(line.code)}. '
                    f'{escape(line.name[:80])}</text>')
        for j, year in enumerate(history.years):
            pct = line.percent(year)
            by = y + 20 + j * bar_h
            score, maximum = line.points.get(year, (None, Decimal(0)))
            if pct is None:
                body.append(f'<text x="2" y="{by + 13}" font-size="13" fill="#444">{year}: '
                            f'{escape(_("chưa có điểm"))}</text>')
                continue
            w = pct / 100 * bar_w
            words = _("%(y)d: %(s)s/%(m)s điểm (%(p)s%%)", y=year, s=format_decimal(score, format="#,##0.00"),
                      m=format_decimal(maximum, format="#,##0.00"), p=format_decimal(round(pct, 1), format="#,##0.#"))
            body.append(f'<rect x="0" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{YEAR_COLOURS[j]}">'
                        f'<title>{escape(line.code)} — {escape(words)}</title></rect>'
                        f'<text x="{w + 4:.1f}" y="{by + 13}" font-size="13" fill="#222">'
                        f'{format_decimal(score, format="#,##0.00")}</text>')
    legend_y = per_row * len(history.fields) + 16
    for j, year in enumerate(history.years):
        x = j * 80
        body.append(f'<rect x="{x}" y="{legend_y - 11}" width="13" height="13" fill="{YEAR_COLOURS[j]}"/>'
                    f'<text x="{x + 18}" y="{legend_y}" font-size="13" fill="#222">{year}</text>')
    title = _("Điểm từng lĩnh vực qua các năm")
    desc = _("Mỗi lĩnh vực một nhóm thanh, mỗi năm một thanh, dài theo tỷ lệ điểm đạt trên điểm tối đa của năm đó; "
             "số liệu ở bảng bên dưới.")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" font-family="{FONT}">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")
