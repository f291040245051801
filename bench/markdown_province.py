"""The province set's part of BENCHMARKS.md, and its targets (issue 10, "Speed at province scale")."""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def verdicts(p: dict) -> list[tuple[str, bool]]:
    pages, found = p["pages"], []
    if p["province_built"]:
        view, bare = pages["province"]["page"].median, p["bare_sql"].median
        found.append((f"Province view: median < 300 ms ({_ms(view)} ms)", view < 0.3))
        found.append((f"Province view: within 3 × its bare SQL ({view / bare:.2f} ×)", view <= 3 * bare))
    else:
        found.append(("Province view: not built on this branch (its bare SQL is timed; the page is timed by "
                      "endpoint as soon as it exists, bench/province.py)", True))
    from bench.province import unit_pages

    for key, _label, _path in unit_pages():
        median = pages[key]["page"].median
        found.append((f"{pages[key]['label']}, whole province in the database: median < 100 ms "
                      f"({_ms(median)} ms)", median < 0.1))
    small = p["small_statements"]
    same = all(small.get(key) == item["statements"] for key, item in pages.items())
    found.append((f"Statements per page the same with {p['small_units']} and {p['units']} units", same))
    return found


def section(p: dict) -> list[str]:
    c, small = p["counts"], p["small_counts"]
    floor = p["floor"].median
    lines = [
        "## Province",
        "",
        f"{p['units']} units (a tenth of them departments, the rest communes and wards, each with its chairman, "
        f"coordinator and offices) under UBND tỉnh and the Sở Nội vụ: {c.tasks:,} tasks, {c.agencies:,} agencies, "
        f"{p['units'] * 5} appraisals (five per unit), {c.users:,} users, {c.updates:,} timeline entries, "
        f"{c.extensions:,} extension requests, {c.supporting:,} supporting assignments (a tenth of them a "
        f"department helping a commune); generated with COPY in {p['generation']:.0f} s.",
        "",
        f"A unit's pages are those of `{p['leader']}`, the chairman of the unit with the most tasks "
        f"({p['unit_tasks']:,}), with the other units' data in the same tables. The province view is the province "
        "leader's. *Statements (small)* are the same page's statements on a province of "
        f"{p['small_units']} units, {small.agencies} agencies and {small.tasks:,} tasks. *Floor*: `/healthz` "
        f"(median {_ms(floor)} ms).",
        "",
        "| Page | Median (ms) | p95 (ms) | App CPU median (ms) | SQL median (ms) | Page ÷ SQL | Statements | "
        "Statements (small) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, item in p["pages"].items():
        page, sql = item["page"], item["sql"]
        lines.append(f"| {item['label']} (`{item['url']}`) | {_ms(page.median)} | {_ms(page.p95)} | "
                     f"{page.cpu_median * 1000:.1f} | {_ms(sql.median)} | {page.median / sql.median:.2f} | "
                     f"{item['statements']} | {p['small_statements'].get(key, '—')} |")
    if not p["province_built"]:
        lines.append("| The province's follow-up view | not built | | | | | | |")
    lines += [
        "",
        f"The province view's bare SQL (bench/province.py `PROVINCE_SQL`: one row per unit with the seven "
        f"categories of today's report and its latest PAR score) takes {_ms(p['bare_sql'].median)} ms at the "
        "median (p95 " + _ms(p["bare_sql"].p95) + " ms). Plans of a unit's pages: docs/plans.md, explained in "
        "docs/performance.md.",
        "",
    ]
    return lines
