"""One reader's e-mail, written when it is sent: what they may see then, in their language, with absolute links.

Returns None with the reason when there is nothing to send (the reader left, may no longer see the task, or
a summary has nothing in it). A message is HTML and plain text, built from the same ``Mail`` by two templates.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import sqlalchemy as sa
from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _

from ...extensions import db
from ...models import (
    MailFrequency,
    MailPreference,
    Notification,
    NotificationKind,
    OutboxMessage,
    Role,
    Task,
    TaskStatus,
    User,
    counted_tasks,
)
from ...permissions import Action, can, unit_scope, visible_tasks_clause
from .. import deadlines
from ..reports.counting import ReportFilter, agency_report
from .wording import day, describe

K = NotificationKind
OLDEST = 10  # overdue tasks listed in the weekly digest
SUMMARY_LIMIT = 50


@dataclass
class Line:
    text: str
    url: str | None = None
    note: str = ""


@dataclass
class Mail:
    subject: str
    headline: str
    details: list[str] = field(default_factory=list)
    link: str | None = None
    sections: list[tuple[str, list[Line]]] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    link_label: str = ""  # "Xem chi tiết" when empty


class Skip(Exception):
    """Nothing to send to this reader (the reason is kept on the outbox row)."""


def _task_url(task_id: int) -> str:
    return url_for("tasks.detail", task_id=task_id, _external=True)


def compose(message: OutboxMessage) -> EmailMessage:
    """The e-mail for ``message``'s reader, or Skip saying why there is none."""
    user = message.recipient
    if user is None or not user.active:
        raise Skip("reader inactive")
    if not user.email:
        raise Skip("no e-mail address")
    config = current_app.config
    with current_app.test_request_context(base_url=config["BASE_URL"]), force_locale(user.locale or "vi"):
        if message.kind == K.DAILY_SUMMARY:
            mail = _daily_summary(user, message)
        elif message.kind == K.WEEKLY_DIGEST:
            mail = _weekly_digest(user, message)
        else:
            mail = _event(user, message)
        context = {"mail": mail, "user": user, "preferences_url": url_for("notifications.preferences", _external=True)}
        text, html = render_template("mail/message.txt", **context), render_template("mail/message.html", **context)
    email = EmailMessage()
    email["Subject"] = mail.subject
    email["From"] = config["MAIL_SENDER"]
    email["To"] = formataddr((user.display_name, user.email))
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email["X-Tracker-Outbox"] = str(message.id)
    email.set_content(text)
    email.add_alternative(html, subtype="html")
    return email


def _subject(text: str) -> str:
    return f"[{_('Theo dõi khắc phục')}] {text}"[:250]


def _event(user: User, message: OutboxMessage) -> Mail:
    task, data = message.task, message.data or {}
    wording = describe(message.kind, data)
    if data.get("sees_task", True):
        if task is None or not can(user, Action.VIEW, task):
            raise Skip("reader may no longer see the task")
        link = _task_url(task.id)
    else:
        # A former lead agency: still one of its officers, told only the title it was given.
        if user.agency_id != data.get("old_lead_agency_id"):
            raise Skip("reader left the former lead agency")
        link = None
    return Mail(subject=_subject(wording.headline), headline=wording.headline, details=wording.details, link=link)


def _window(message: OutboxMessage) -> tuple[datetime, datetime]:
    """The local day before the summary's day, as UTC instants: the notifications it gathers."""
    until = date.fromisoformat(message.data["day"])
    zone = deadlines.local_zone()
    start = datetime.combine(until - timedelta(days=1), time.min, zone)
    return start, datetime.combine(until, time.min, zone)


def _daily_summary(user: User, message: OutboxMessage) -> Mail:
    today = date.fromisoformat(message.data["day"])
    start, end = _window(message)
    gathered = (sa.select(MailPreference.kind).where(MailPreference.user_id == user.id,
                                                     MailPreference.frequency == MailFrequency.DAILY))
    visible = sa.or_(Notification.task_id.is_(None),
                     Notification.task_id.in_(sa.select(Task.id).where(visible_tasks_clause(user))))
    notes = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id, Notification.kind.in_(gathered),
                                      Notification.created_at >= start, Notification.created_at < end, visible)
        .order_by(Notification.created_at).limit(SUMMARY_LIMIT)).all()
    sections = []
    if notes:
        sections.append((_("Việc mới trong ngày hôm qua"), [
            Line(describe(n.kind, n.data).headline, _task_url(n.task_id) if n.task_id else None) for n in notes]))
    if user.role == Role.OFFICER and user.agency_id is not None:
        horizon = today + timedelta(days=max(current_app.config["REMIND_DAYS"] or (7,)))
        tasks = db.session.scalars(
            sa.select(Task).where(visible_tasks_clause(user), counted_tasks(), Task.lead_agency_id == user.agency_id,
                                  Task.status.in_(TaskStatus.open_statuses()), Task.due_date <= horizon)
            .order_by(Task.due_date, Task.id).limit(SUMMARY_LIMIT)).all()
        late = [t for t in tasks if t.due_date < today]
        soon = [t for t in tasks if t.due_date >= today]
        if late:
            sections.append((_("Nhiệm vụ quá hạn"), [
                Line(t.title, _task_url(t.id), _("quá hạn %(n)d ngày", n=(today - t.due_date).days)) for t in late]))
        if soon:
            sections.append((_("Nhiệm vụ sắp đến hạn"), [
                Line(t.title, _task_url(t.id), _("hạn %(d)s", d=day(t.due_date))) for t in soon]))
    if not sections:
        raise Skip("nothing to summarise")
    headline = _("Tóm tắt ngày %(d)s", d=day(today))
    return Mail(subject=_subject(headline), headline=headline, sections=sections)


def _numbers(counts) -> list[str]:
    return [str(n) for n in (counts.total, counts.done, counts.open_in_time, counts.open_overdue)]


def _weekly_digest(user: User, message: OutboxMessage) -> Mail:
    """The report page's per-agency numbers as of the digest's day, and the oldest overdue tasks."""
    today = date.fromisoformat(message.data["day"])
    scope = unit_scope(user)
    if user.role not in (*Role.unit_roles(), *Role.province_roles()) or scope == -1:
        raise Skip("reader no longer follows a unit")
    report = agency_report(ReportFilter(as_of=today, unit_id=scope))
    headers = [_("Cơ quan chủ trì"), _("Tổng số"), _("Đã hoàn thành"), _("Đang thực hiện trong hạn"),
               _("Quá hạn"), _("Tỷ lệ hoàn thành")]

    def rate(counts) -> str:
        value = counts.completion_rate
        # 87,50% in Vietnamese, as on the report page.
        return "—" if value is None else f"{format_decimal(value, format='#,##0.00')}%"

    rows = [[r.agency_name, *_numbers(r.counts), rate(r.counts)] for r in report.rows]
    rows.append([_("Tổng cộng"), *_numbers(report.totals), rate(report.totals)])
    oldest = db.session.scalars(
        sa.select(Task).where(visible_tasks_clause(user), counted_tasks(), Task.status.in_(TaskStatus.open_statuses()),
                              Task.due_date < today).order_by(Task.due_date, Task.id).limit(OLDEST)).all()
    lines = [Line(t.title, _task_url(t.id), _("%(a)s · quá hạn %(n)d ngày", a=t.lead_agency_name,
                                             n=(today - t.due_date).days)) for t in oldest]
    headline = _("Bản tin tuần: tình hình thực hiện nhiệm vụ đến ngày %(d)s", d=day(today))
    report_url = url_for("reports.index", as_of=today.isoformat(), _external=True)
    return Mail(subject=_subject(headline), headline=headline, link=report_url, table=(headers, rows),
                link_label=_("Mở trang báo cáo"),
                sections=[(_("Nhiệm vụ quá hạn lâu nhất"), lines)] if lines else [])
