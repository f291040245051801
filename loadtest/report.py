"""The "Load test" section of BENCHMARKS.md, written between markers so ``make bench`` keeps it (and back)."""

import os
import platform
import re
from pathlib import Path

from loadtest import analyse

START, END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"
P95_LIMIT = 500


def replace_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{section.strip()}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def keep_section(old_text: str, new_text: str) -> str:
    """For ``make bench``: carry this section over into a freshly written file."""
    match = re.search(re.escape(START) + r".*?" + re.escape(END), old_text, flags=re.S)
    return new_text.rstrip() + "\n\n" + match.group(0) + "\n" if match else new_text


def outage_figures(entries: list[dict], probe: list[tuple], down: float, up: float) -> dict:
    during = [e for e in entries if down <= e["t"] <= up + 1]
    after_ok = [e["t"] for e in entries if e["t"] > up and 200 <= e["status"] < 400]
    first_ok = min(after_ok) if after_ok else None
    settled = [e for e in entries if first_ok and e["t"] > first_ok + 3]
    probe_down = [p for p in probe if down <= p[0] <= up]
    vietnamese = sum(1 for p in probe_down if p[1] == 503 and "Hệ thống tạm gián đoạn" in p[2])
    return {
        "outage_seconds": round(up - down, 1),
        "during_statuses": _count(e["status"] for e in during),
        "recovered_after": round(first_ok - up, 1) if first_ok else None,
        "errors_after_recovery": sum(1 for e in settled if analyse.is_error(e)),
        "requests_after_recovery": len(settled),
        "probe_statuses": _count(p[1] for p in probe_down),
        "probe_vietnamese_503": vietnamese,
        "probe_retry_after": sorted({p[3] for p in probe_down if p[3]}),
        "probe_sample": next((p[2][:300] for p in probe_down if p[1] >= 500), ""),
    }


def _count(values) -> dict:
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))


def _statuses(counts: dict) -> str:
    return ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items(), key=lambda kv: int(kv[0]))) or "none"


def write(path: Path, r: dict) -> None:
    lines = ["## Load test (`make loadtest`)", "",
             f"One run on {r['started']}: gunicorn with deploy/gunicorn.conf.py (sync workers), PostgreSQL 15 (its own "
             f"cluster, default settings), Redis for rate limits, production settings; locust on the same 2-core "
             f"machine (it takes CPU from the server too). {platform.python_version()}, load average "
             f"{r['load_before']:.2f} at start, {r.get('load_after', 0):.2f} at end (the machine is shared).", "",
             f"Data: the Gia Viễn demo plus {r['sizes']['tasks_per_agency']} tasks per agency; one account per "
             f"simulated person. People: officers (5 of 10) open their list and a task and report progress with a "
             f"40 KB PDF, now and then report completion with a file; leaders (3 of 10) read the dashboard, the "
             f"report, lists and tasks; coordinators (2 of 10) open the waiting list and approve. Each waits 0.3–1.5 s "
             f"between actions. Every account logged in once before the runs ({r['prelogin']['accounts']} logins, 4 at "
             f"a time, took {r['prelogin']['seconds']} s: a login costs a deliberate ~0.4 s of CPU), and the simulated "
             f"people start with those session cookies; figures exclude each run's first 15 s. *Refused* = 409/422, "
             f"the app refusing a stale or no-longer-allowed action (two people on one task), not errors.", "",
             *_contention(r),
             "### One instance, 4 workers", "",
             "| Users | Requests/s | p50 (ms) | p95 (ms) | p99 (ms) | Errors | Refused | Accepted writes |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    best = None
    for step in r["steps"]:
        w = step["window"]
        rps = w["requests"] / w["seconds"] if w["seconds"] else 0
        lines.append(f"| {step['users']} | {rps:.1f} | {w['p50']:.0f} | {w['p95']:.0f} | {w['p99']:.0f} | "
                     f"{w['errors']} | {w['refusals']} | {len(step['writes'])} |")
        if w["p95"] < P95_LIMIT and w["errors"] == 0 and (best is None or rps > best[1]):
            best = (step["users"], rps, w["p95"])
    check = r["single_check"]
    lines += ["", (f"**Sustained: {best[1]:.1f} requests/s with p95 {best[2]:.0f} ms < {P95_LIMIT} ms and 0 errors "
                   f"({best[0]} users).**" if best else f"**No step kept p95 under {P95_LIMIT} ms with 0 errors.**"),
              f"Lost writes: **{len(check['lost'])}** of {sum(check['accepted'].values()):,} accepted "
              f"({_kinds(check['accepted'])}); every accepted progress report and completion has its timeline entry "
              f"and its evidence row. Evidence files: {check['files_missing']} missing, {check['files_altered']} "
              f"altered, {check['files_unclaimed']} without a row.", ""]
    slow = r["steps"][-1]["window"]["slowest"][:5]
    lines += ["Slowest pages at the last step (p95): " + "; ".join(f"{n} {p:.0f} ms" for n, _c, p in slow) + ".", ""]

    p = r["pair"]
    w, c, limit = p["window"], p["check"], p["login_limit"]
    rps = w["requests"] / w["seconds"] if w["seconds"] else 0
    lines += ["### Two instances (two ports, 2 workers each), one PostgreSQL, one Redis", "",
              f"{p['users']} users; every request goes to either instance at random, so a session made on one is "
              f"used on the other, and a form's CSRF token is often posted to the other instance than the page came "
              f"from.", "",
              f"- {rps:.1f} requests/s, p95 {w['p95']:.0f} ms, errors **{w['errors']}** (a request sent back to "
              f"the login page counts as one), refused {w['refusals']}; requests per instance: "
              f"{', '.join(f'{v:,}' for v in w['by_host'].values())}.",
              f"- Accepted writes {sum(c['accepted'].values()):,}, of which {c['cross_instance']:,} were posted to "
              f"the other instance than the page that gave the CSRF token; lost: **{len(c['lost'])}**.",
              *_limit_lines(limit), ""]

    f = r["failure"]
    c = f["check"]
    lines += ["### PostgreSQL stopped mid-load", "",
              f"One instance, 4 workers, {f['users']} users; 25 s in, `pg_ctlcluster ... stop -m fast`, started "
              f"again {f['outage_seconds']} s later.", "",
              f"- During the outage the users' requests got: {_statuses(f['during_statuses'])}.",
              f"- A logged-in leader opening the dashboard twice a second during the outage: "
              f"{_statuses(f['probe_statuses'])}; "
              f"{f['probe_vietnamese_503']} were the Vietnamese 503 page; Retry-After: "
              f"{', '.join(f['probe_retry_after']) or 'absent'}.",
              f"- Recovered by itself {f['recovered_after']} s after PostgreSQL was back; from 3 s later, "
              f"{f['errors_after_recovery']} errors in {f['requests_after_recovery']:,} requests.",
              f"- Accepted writes {sum(c['accepted'].values()):,}; lost **{len(c['lost'])}**; evidence files "
              f"{c['files_missing']} missing, {c['files_altered']} altered, {c['files_unclaimed']} without a row "
              f"(nothing half-written).", ""]
    if f["probe_sample"] and f["probe_vietnamese_503"] == 0:
        sample = " ".join(f["probe_sample"].split())[:200]
        lines += [f"Not the app's own 503 page: during the outage the error page itself needed the database, so "
                  f"gunicorn answered with its bare page (first 200 characters): `{sample}`", ""]
    lines += [f"Regenerate with `make loadtest` (about 8 minutes; root, Redis, `pg_createcluster`; cpu count "
              f"{os.cpu_count()})."]
    replace_section(path, "\n".join(lines))


def _contention(r: dict) -> list[str]:
    cores = os.cpu_count() or 1
    if max(r["load_before"], r.get("load_after", 0)) <= cores:
        return []
    return [f"**Read these figures with the machine's load in mind:** its load average ({r['load_before']:.1f}) was "
            f"far above its {cores} cores all through the run: other work held most of the CPU, so the app had a "
            f"fraction of the machine and the latencies are mostly waiting for a core. On an idle machine rerun "
            f"`make loadtest`; the counts that do not depend on speed (errors, lost writes, sessions and limits "
            f"across instances, the outage) hold as they are.", ""]


def _kinds(accepted: dict) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(accepted.items()))


if __name__ == "__main__":
    # Rewrite the section from a run's results.json: python -m loadtest.report RESULTS [BENCHMARKS.md]
    import json
    import sys

    results = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    write(Path(sys.argv[2] if len(sys.argv) > 2 else "BENCHMARKS.md"), results)


def _limit_lines(limit: dict) -> list[str]:
    """The two login limits, each reached through both instances in turn (loadtest.login_limits_across)."""
    if "address" not in limit:  # results of a run before the two were told apart
        limit = {"name": limit}
    lines = []
    a = limit.get("address")
    if a:
        lines.append(f"- Login limit per address (`RATELIMIT_LOGIN`, counted in Redis; set to "
                     f"\"{limit['address_limit']}\" for this run, below the database's own per-address room of 20 "
                     f"free failures, so that Redis is what refuses; 30 by default): wrong logins from one address, "
                     f"a new unknown name each time, alternating instances, were refused from attempt "
                     f"**{a['refused_at']}** on ({' + '.join(str(v) for v in a['per_host'])} counted before it): "
                     f"one count for both.")
    n = limit["name"]
    lines.append(f"- Waits per name and address (`LOGIN_MAX_FAILURES` = 5 free failures, then doubling waits, "
                 f"counted in the database; both counts emptied first): the same name, alternating instances, was held "
                 f"back from attempt **{n['refused_at']}** on ({' + '.join(str(v) for v in n['per_host'])} failures "
                 f"before it), whichever instance was asked.")
    return lines
