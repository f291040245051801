"""A province-scale data set written with PostgreSQL COPY: 500 agencies, 5 appraisals, 100,000 tasks.

Each task gets a history a real one would have: assignment, start, progress notes, submission, sometimes
a return and a resubmission, approval; some are postponed or cancelled; some ask for more time and get
it, are refused, or still wait. The stored columns (status, deadline, completion day) are the end of
that history, so reports from history and lists from the columns agree, as they do in production.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tracker.services import deadlines
from tracker.textutil import fold

SEED = 20220506
ACTIONS = ("Rà soát, chấn chỉnh", "Xây dựng kế hoạch", "Tổ chức tập huấn về", "Kiểm tra, đôn đốc",
           "Cập nhật, công khai", "Bố trí cán bộ theo dõi", "Ban hành quy chế về", "Số hóa hồ sơ")
TOPICS = ("văn bản đi đúng luồng", "gửi báo cáo định kỳ đúng hạn", "trình độ chuyên môn của công chức xã",
          "thủ tục hành chính trên Cổng dịch vụ công", "tiếp nhận hồ sơ một cửa", "chữ ký số", "quản lý tài sản công",
          "kiểm soát thủ tục hành chính", "hồ sơ điện tử đúng hạn")
APPRAISAL_SIZES = (20_000, 25_000, 25_000, 20_000, 10_000)  # the last one is the XLSX benchmark's 10,000
APPRAISAL_AGES = (700, 560, 420, 280, 120)  # days before today each appraisal's tasks were assigned


@dataclass
class Counts:
    agencies: int = 0
    users: int = 0
    tasks: int = 0
    updates: int = 0
    extensions: int = 0
    supporting: int = 0


def _instant(day: date, hour: int, minute: int = 0) -> datetime:
    """A naive UTC datetime (how the columns store instants) for a local day and hour."""
    local = datetime.combine(day, time(hour, minute), tzinfo=deadlines.local_zone())
    return local.astimezone(UTC).replace(tzinfo=None)


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> int:
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def generate(connection, password_hash: str, tasks_total: int = 100_000, agencies_total: int = 500,
             units_total: int = 1) -> Counts:
    """Fill an empty, migrated database through ``connection`` (a psycopg 3 connection).

    One unit (``units_total == 1``) is the district of the everyday benchmarks: every agency in it, the chairman
    ``chutich``. Several units are a province (``bench.organisation``): UBND tỉnh and the Sở Nội vụ above them,
    each unit with its chairman ``chutich.u<N>``, coordinator ``cchc.u<N>``, offices, appraisals and tasks.
    """
    from bench.organisation import district, province

    rnd = random.Random(SEED)
    today = deadlines.today()
    now = datetime.now(UTC).replace(tzinfo=None)
    counts = Counts()
    cur = connection.cursor()
    created = _instant(today - timedelta(days=800), 8)
    org = district(rnd, agencies_total) if units_total == 1 else province(rnd, agencies_total, units_total)
    counts.agencies = _copy(cur, "agency", ("id", "name", "short_name", "kind", "parent_id", "unit_id", "is_active",
                                            "search_name", "created_at"),
                            [(i, n, s, k, p, u, True, fold(f"{n} {s}"), created) for i, n, s, k, p, u in org.agencies])
    counts.users = _copy(cur, "user_account", (
        "id", "username", "full_name", "password_hash", "role", "agency_id", "active", "locale", "session_token",
        "failed_logins", "must_change_password", "created_at"),
        [(i, u, f, password_hash, r, a, True, "vi", secrets.token_urlsafe(32), 0, False, created)
         for i, u, f, r, a in org.users])

    # The framework's eight fields come from the reference data; five appraisals of each unit.
    cur.execute("SELECT id FROM field ORDER BY position")
    fields = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT framework_id FROM field LIMIT 1")
    framework_id = cur.fetchone()[0]
    appraisals, scores, findings, recs = [], [], [], []
    of_unit: dict[int, list[tuple[int, int]]] = {}  # unit id -> its (appraisal id, age) pairs
    for unit in org.units:
        for age in APPRAISAL_AGES:
            k = len(appraisals) + 1
            year = 2019 + APPRAISAL_AGES.index(age) + 1
            total = Decimal(0)
            for f_pos, field_id in enumerate(fields):
                score = Decimal(rnd.randint(500, 1500)) / 100
                total += score
                scores.append((len(scores) + 1, k, field_id, score + 1, score))
                for j in range(2):
                    fid = len(findings) + 1
                    findings.append((fid, k, field_id, f"Tồn tại {j + 1} của lĩnh vực {f_pos + 1} năm {year}",
                                     "", f_pos * 2 + j))
                    recs.append((fid, k, field_id, rnd.choice(unit.agencies),
                                 f"Khắc phục tồn tại {j + 1} của lĩnh vực {f_pos + 1}", "", f_pos * 2 + j))
            appraised = today - timedelta(days=age + 20)
            appraisals.append((k, unit.id, year, framework_id, "Tổ thẩm định Chỉ số CCHC tỉnh", "", appraised,
                               f"{k}/BB-TTĐ", appraised, "", total + 3, total, "final", unit.coordinator, created,
                               created))
            of_unit.setdefault(unit.id, []).append((k, age))
    _copy(cur, "appraisal", ("id", "unit_id", "year", "framework_id", "team", "team_head", "appraised_on",
                             "conclusion_number", "conclusion_date", "conclusion_text", "self_total", "total_score",
                             "status", "created_by_id", "created_at", "updated_at"), appraisals)
    _copy(cur, "field_score", ("id", "appraisal_id", "field_id", "self_score", "score"), scores)
    _copy(cur, "finding", ("id", "appraisal_id", "field_id", "text", "source", "position"), findings)
    _copy(cur, "recommendation", ("id", "appraisal_id", "field_id", "suggested_agency_id", "text", "source",
                                  "position"), recs)
    _copy(cur, "recommendation_finding", ("recommendation_id", "finding_id"), [(r[0], r[0]) for r in recs])
    findings_of: dict[int, list[tuple]] = {}
    for f in findings:
        findings_of.setdefault(f[1], []).append(f)

    tasks, updates, extensions, supporting, task_findings = [], [], [], [], []
    names = {a[0]: a[1] for a in org.agencies}
    # Units differ in size as real ones do (a big department, a small ward): tasks follow the unit's weight.
    for unit, unit_tasks in zip(org.units, _shares(tasks_total, [u.weight for u in org.units]), strict=True):
        for (k, age), size in zip(of_unit[unit.id], _shares(unit_tasks, list(APPRAISAL_SIZES)), strict=True):
            for _ in range(size):
                task_id = len(tasks) + 1
                finding = rnd.choice(findings_of[k])
                lead = rnd.choices(unit.agencies, unit.weights)[0]
                _simulate(rnd, task_id, k, finding, lead, today - timedelta(days=age - rnd.randint(0, 60)), now,
                          org.officer_of, tasks, updates, extensions, names[lead], unit)
                task_findings.append((task_id, finding[0]))
                if rnd.random() < 0.25:
                    # Mostly the unit's own offices; now and then a department of the province helps a commune.
                    pool = org.helpers if org.helpers and rnd.random() < 0.1 else unit.agencies
                    for other in set(rnd.sample(pool, min(2, len(pool)))[: rnd.randint(1, 2)]) - {lead}:
                        supporting.append((task_id, other))
    counts.tasks = _copy(cur, "task", TASK_COLUMNS, tasks)
    counts.updates = _copy(cur, "progress_update", ("id", "task_id", "author_id", "agency_id", "created_at",
                                                    "status_from", "status_to", "progress", "note"), updates)
    counts.extensions = _copy(cur, "extension", (
        "id", "task_id", "requested_by_id", "requested_at", "previous_due_date", "requested_due_date", "reason",
        "status", "decided_by_id", "decided_at", "decided_due_date", "decision_note"), extensions)
    counts.supporting = _copy(cur, "task_supporting_agency", ("task_id", "agency_id"), supporting)
    _copy(cur, "task_finding", ("task_id", "finding_id"), task_findings)
    for table in ("agency", "user_account", "appraisal", "field_score", "finding", "recommendation", "task",
                  "progress_update", "extension"):
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    connection.commit()
    # What autovacuum would have done to a database in use: statistics, hint bits, the visibility map.
    connection.autocommit = True
    cur.execute("VACUUM ANALYZE")
    # And what the checkpointer would have done long before anyone opened a report: the pages COPY dirtied
    # are written out now, not while the pages are being timed.
    cur.execute("CHECKPOINT")
    connection.autocommit = False
    return counts


TASK_COLUMNS = ("id", "title", "description", "expected_output", "evidence_required", "unit_id", "appraisal_id",
                "recommendation_id", "field_id", "lead_agency_id", "lead_agency_name", "owner_id", "priority",
                "start_date", "due_date", "original_due_date", "status", "progress", "completed_on", "submitted_at",
                "assigned_at", "assigned_by_id", "parent_id", "version", "search_text", "created_by_id",
                "created_at", "updated_at")


def _shares(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, summing exactly to ``total``."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    for i in range(total - sum(shares)):
        shares[i % len(shares)] += 1
    return shares


def _simulate(rnd, task_id, appraisal_id, finding, lead, assigned_day, now, officer_of, tasks, updates, extensions,
              lead_name, unit):
    """One task's life from assignment to today, appended as rows of task, progress_update and extension."""
    officer, coordinator = officer_of[lead], unit.coordinator
    assigned = _instant(assigned_day, rnd.randint(8, 16), rnd.randint(0, 59))
    length = None if rnd.random() < 0.08 else rnd.choice((30, 45, 60, 90, 120, 180))
    original = assigned_day + timedelta(days=length) if length else None
    due = original
    moves: list[tuple[datetime, str | None, str | None, int | None, str, int]] = []
    moves.append((assigned, "draft", "not_started", None, "Giao nhiệm vụ", coordinator))
    status, progress, completed, submitted_at = "not_started", 0, None, None
    span = timedelta(days=(length or 90) * rnd.uniform(0.4, 1.5))
    start = assigned + timedelta(days=rnd.expovariate(1 / 8))
    stop = None  # postponed or cancelled at this instant
    touched = assigned  # the last change to the task itself (its updated_at)
    if rnd.random() < 0.07:
        stop = assigned + span * rnd.uniform(0.2, 0.9)
    if original and rnd.random() < 0.15:
        asked = assigned + span * 0.6
        if asked < now:
            wanted = original + timedelta(days=rnd.choice((15, 30, 60)))
            # Decided before the work is handed in (at ``span`` or later), as the workflow requires.
            decided = asked + min(timedelta(days=rnd.randint(1, 6)), span * 0.3)
            outcome = rnd.choices(("approved", "rejected", "pending"), (7, 2, 1))[0]
            if outcome == "pending" or decided >= now:
                extensions.append((len(extensions) + 1, task_id, officer, asked, due, wanted, "Cần thêm thời gian",
                                   "pending", None, None, None, ""))
            else:
                approved = outcome == "approved"
                extensions.append((len(extensions) + 1, task_id, officer, asked, due, wanted, "Cần thêm thời gian",
                                   outcome, unit.leader, decided, wanted if approved else None, ""))
                if approved:
                    due, touched = wanted, decided
    t = start
    if start < now and (stop is None or start < stop):
        status, progress = "in_progress", 10
        moves.append((start, "not_started", "in_progress", 10, "Đã triển khai", officer))
        for _ in range(rnd.randint(0, 3)):
            t = t + (span / 5) * rnd.uniform(0.5, 1.2)
            if t >= now or (stop and t >= stop):
                break
            progress = min(90, progress + rnd.randint(10, 30))
            moves.append((t, None, None, progress, f"Đã thực hiện {progress}%", officer))
        submit = max(assigned + span, t + timedelta(hours=rnd.randint(2, 48)))
        rounds = 2 if rnd.random() < 0.2 else 1
        for r in range(rounds):
            if submit >= now or (stop and submit >= stop):
                break
            moves.append((submit, status, "submitted", 100, "Đề nghị xác nhận hoàn thành", officer))
            status, progress, submitted_at = "submitted", 100, submit
            decided = submit + timedelta(days=rnd.randint(1, 7), hours=rnd.randint(0, 5))
            if decided >= now:
                break
            if r < rounds - 1:
                moves.append((decided, "submitted", "returned", None, "Trả lại: bổ sung minh chứng", coordinator))
                status = "returned"
                submit = decided + timedelta(days=rnd.randint(3, 10))
            else:
                moves.append((decided, "submitted", "done", 100, "Đồng ý kết quả", coordinator))
                status = "done"
                completed = deadlines.local_date(submit.replace(tzinfo=UTC))
    if stop is not None and status != "done":
        stop = max(stop, moves[-1][0] + timedelta(hours=2))
    if stop is not None and stop < now and status != "done":
        final = "cancelled" if rnd.random() < 0.4 else "postponed"
        moves.append((stop, status, final, None, "Theo chỉ đạo của Chủ tịch UBND", coordinator))
        status = final
    for when, s_from, s_to, prog, note, author in moves:
        updates.append((len(updates) + 1, task_id, author, None, when, s_from, s_to, prog, note))
    title = f"{rnd.choice(ACTIONS)} {rnd.choice(TOPICS)} (#{task_id})"
    priority = rnd.choices(("normal", "urgent", "flash"), (85, 12, 3))[0]
    tasks.append((task_id, title, "", "Báo cáo kết quả thực hiện", True, unit.id, appraisal_id, finding[0],
                  finding[2], lead, lead_name, officer, priority, assigned_day, due, original, status, progress,
                  completed, submitted_at, assigned, coordinator, None, 1, fold(title), coordinator, assigned,
                  max(moves[-1][0], touched)))
