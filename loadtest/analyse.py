"""Figures from a load run's request log, and the check that every accepted write is in the database."""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

# Answers that are the app doing its job under concurrency, not failures: 409 (someone changed the task since
# the page was loaded), 422 (the move is no longer allowed, e.g. approved by another coordinator first).
EXPECTED_REFUSALS = {409, 422}


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


@dataclass
class Window:
    requests: int = 0
    seconds: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    refusals: int = 0
    statuses: dict = field(default_factory=dict)
    by_host: dict = field(default_factory=dict)
    slowest: list = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def is_error(entry: dict) -> bool:
    """No answer, a 4xx/5xx other than the expected refusals, or a logged-in page sending to the login form."""
    status = entry["status"]
    if status in EXPECTED_REFUSALS:
        return False
    return status == 0 or status >= 400 or bool(entry.get("to_login"))


def window(entries: list[dict], start: float, end: float) -> Window:
    inside = [e for e in entries if start <= e["t"] <= end]
    result = Window(requests=len(inside), seconds=max(end - start, 0.001))
    times = [e["ms"] for e in inside]
    result.p50, result.p95, result.p99 = (percentile(times, p) for p in (50, 95, 99))
    for e in inside:
        result.statuses[e["status"]] = result.statuses.get(e["status"], 0) + 1
        result.by_host[e["host"]] = result.by_host.get(e["host"], 0) + 1
        if e["status"] in EXPECTED_REFUSALS:
            result.refusals += 1
        elif is_error(e):
            result.errors += 1
    names: dict[str, list[float]] = {}
    for e in inside:
        names.setdefault(e["name"], []).append(e["ms"])
    result.slowest = sorted(((n, len(v), percentile(v, 95)) for n, v in names.items()), key=lambda x: -x[2])
    return result


@dataclass
class WriteCheck:
    accepted: dict = field(default_factory=dict)
    lost: list = field(default_factory=list)
    files_missing: int = 0
    files_altered: int = 0
    files_unclaimed: int = 0
    cross_instance: int = 0


def check_writes(db_url: str, writes: list[dict], upload_folder: Path) -> WriteCheck:
    """Every accepted write is a timeline entry with its marker; a write with a file has its evidence row and
    the file, byte for byte; and no evidence file lies around without a row (nothing half-written)."""
    from tracker.services.operations.archive import sha256_of

    check = WriteCheck()
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        for w in writes:
            check.accepted[w["kind"]] = check.accepted.get(w["kind"], 0) + 1
            if w["host"] != w["token_host"]:
                check.cross_instance += 1
            row = conn.execute(sa.text("SELECT id FROM progress_update WHERE task_id = :t AND note LIKE :m"),
                               {"t": w["task"], "m": f"%{w['marker']}%"}).first()
            if row is None:
                check.lost.append(w)
                continue
            if w["kind"] in ("progress", "submit"):
                files = conn.execute(sa.text("SELECT count(*) FROM evidence WHERE progress_update_id = :p"),
                                     {"p": row[0]}).scalar_one()
                if files != 1:
                    check.lost.append({**w, "why": f"{files} evidence rows"})
        stored = conn.execute(sa.text("SELECT stored_name, sha256 FROM evidence")).all()
    engine.dispose()
    names = set()
    for stored_name, sha in stored:
        names.add(stored_name)
        path = upload_folder / stored_name
        if not path.exists():
            check.files_missing += 1
        elif sha256_of(path) != sha:
            check.files_altered += 1
    if upload_folder.exists():
        check.files_unclaimed = sum(1 for p in upload_folder.iterdir() if p.name not in names)
    return check
