"""BENCHMARKS.md: the figures of one ``make bench`` run and the machine it ran on."""

import os
import platform
import statistics
from datetime import UTC, datetime


def _machine() -> dict:
    cpu = "unknown"
    memory = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="utf-8") as info:
            kb = next(int(line.split()[1]) for line in info if line.startswith("MemTotal"))
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version()}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def write(r: dict) -> str:
    m = _machine()
    postgres = r.get("postgres") or r.get("province", {}).get("postgres", "?")
    lines = [
        "# Benchmarks",
        "",
        f"One run of `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (data sets: {', '.join(r['sets'])}). "
        "Regenerate with `make bench` (PostgreSQL on 127.0.0.1:5432; several minutes; the databases are created "
        "and dropped by the run).",
        "",
        "## Machine",
        "",
        f"- CPUs (nproc): {m['cpus']} — {m['cpu']}",
        f"- RAM: {m['memory']}",
        f"- PostgreSQL {postgres} (default settings), Python {m['python']}",
        f"- Load average at start / end: {r['load'][0]:.2f} / {r['load'][1]:.2f} (the machine is shared; "
        "other work inflates every figure)",
        "",
        f"Each page is requested {r['runs']} times through the app in process (after 2 warm-up requests), each "
        "request in its own application context as in production. *SQL* is the same page's statements replayed "
        "on a raw connection without Python (the limit). *App CPU* is the CPU time the app's process spent on "
        "one request (Python, templates, the driver): on a busy machine it moves far less than the wall clock.",
        "",
    ]
    if "pages" in r:
        lines += _district(r)
    if r.get("notifications"):
        from bench.notify import lines as notification_lines

        lines += [*notification_lines(r["notifications"], r["counts"].tasks), ""]
    if "province" in r:
        from bench.markdown_province import section

        lines += section(r["province"])
    if "everyday" in r:
        lines += _everyday(r["everyday"])
    lines += ["## Targets", ""]
    lines += [f"- {'✅' if ok else '❌'} {label}" for label, ok in r["verdicts"]]
    lines.append("")
    return "\n".join(lines)


def _district(r: dict) -> list[str]:
    c = r["counts"]
    lines = [
        "## District (one unit)",
        "",
        f"{c.tasks:,} tasks, {c.agencies} agencies, 5 appraisals, {c.users} users, {c.updates:,} timeline entries "
        f"(status moves and progress notes), {c.extensions:,} extension requests, {c.supporting:,} supporting "
        f"assignments; generated with COPY in {r['generation']:.0f} s. Logged in as the chairman; *floor* is "
        f"`/healthz` of the same app (median {_ms(r['floor'].median)} ms, app CPU "
        f"{r['floor'].cpu_median * 1000:.1f} ms).",
        "",
        *_page_table(r["pages"], r["floor"].median),
        "",
        f"For scale: a plain `GROUP BY lead_agency_id, status, due_date < CURRENT_DATE` over the stored columns "
        f"of the same {c.tasks:,} task rows takes "
        f"{_ms(r['plain'].median)} ms on this machine. The report's statement does more per task: it "
        "classifies each task into the seven categories, and as of a past day it first rebuilds, for each task "
        "changed since, its status and deadline on that day from the history (see docs/reports.md).",
    ]
    xlsx = r["xlsx"]
    seconds = statistics.median(x["seconds"] for x in xlsx)
    each = ", ".join(f"{x['seconds']:.2f}" for x in xlsx)
    lines += [
        "",
        "### XLSX export of 10,000 tasks",
        "",
        f"`/bao-cao/xuat?format=xlsx&appraisal=5` (the appraisal with 10,000 tasks), each in a fresh process: "
        f"median {seconds:.2f} s over {len(xlsx)} runs ({each} s), "
        f"file {xlsx[0]['bytes'] / 1024 / 1024:.1f} MB; resident memory before the request "
        f"{xlsx[0]['rss_before_mb']:.0f} MB, peak during the request "
        f"{max(x['peak_rss_mb'] for x in xlsx):.0f} MB.",
        "",
    ]
    return lines


def _page_table(pages: dict, floor: float) -> list[str]:
    lines = ["| Page | Median (ms) | p95 (ms) | App CPU median (ms) | SQL median (ms) | Page ÷ SQL | Page ÷ floor | "
             "Statements |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for item in pages.values():
        page, sql = item["page"], item["sql"]
        lines.append(f"| {item['label']} (`{item['url']}`) | {_ms(page.median)} | {_ms(page.p95)} | "
                     f"{page.cpu_median * 1000:.1f} | {_ms(sql.median)} | {page.median / sql.median:.2f} | "
                     f"{page.median / floor:.0f} | {item['statements']} |")
    return lines


def _everyday(e: dict) -> list[str]:
    c = e["counts"]
    return [
        "## Everyday unit",
        "",
        f"A unit of the usual size: {c.tasks:,} tasks, {c.agencies} agencies, {c.users} users, {c.updates:,} "
        f"timeline entries, {c.extensions:,} extension requests; generated with COPY in {e['generation']:.0f} s. "
        "The same pages as the district's, logged in as the chairman; the overdue list is the page opened most "
        f"often. *Floor*: `/healthz` (median {_ms(e['floor'].median)} ms, app CPU "
        f"{e['floor'].cpu_median * 1000:.1f} ms).",
        "",
        *_page_table(e["pages"], e["floor"].median),
        "",
    ]
