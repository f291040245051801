"""``flask tracker deliver``, ``remind`` and ``purge-notifications``: the notification jobs (docs/notifications.md)."""

import signal
import sys
from datetime import date

import click

from .cli import tracker_cli
from .extensions import db


@tracker_cli.command("deliver")
@click.option("--once", is_flag=True, help="Gửi hết thư đến lượt rồi dừng (không chạy thường trực).")
def deliver(once: bool):
    """Send the queued notifications; without --once, keep polling as a worker."""
    from .services.notifications import delivery

    if once:
        click.echo(str(delivery.deliver_once()))
        return
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    click.echo("Đang gửi thông báo (Ctrl+C để dừng)...")
    try:
        delivery.work(stop=lambda: bool(stopping))
    except KeyboardInterrupt:
        pass


@tracker_cli.command("remind")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay theo giờ địa phương.")
def remind(day):
    """Queue the day's reminders, daily summaries and Monday's digest; create due recurring tasks; then purge
    the messages and notifications past their keeping time."""
    from .services import deadlines
    from .services.notifications import reminders, retention

    today = deadlines.today()
    the_day: date = day.date() if day else today
    oldest = retention.oldest_remind_day(today)
    if the_day < oldest:
        # Older days' messages may have been purged: their keys would no longer stop a second sending.
        click.echo(f"Không chạy nhắc hạn cho ngày {the_day:%d/%m/%Y}: thư của những ngày trước "
                   f"{oldest:%d/%m/%Y} có thể đã được xoá (OUTBOX_KEEP_DAYS), chạy lại sẽ gửi trùng.", err=True)
        sys.exit(2)
    result = reminders.remind(the_day)
    db.session.commit()
    click.echo(f"Ngày {the_day:%d/%m/%Y}: {result}")
    click.echo(str(retention.purge()))


@tracker_cli.command("purge-notifications")
@click.option("--dry-run", is_flag=True, help="Chỉ đếm, không xoá.")
def purge_notifications(dry_run: bool):
    """Delete sent outbox messages and read notifications older than OUTBOX_KEEP_DAYS / NOTIFICATIONS_KEEP_DAYS."""
    from .services.notifications import retention

    click.echo(str(retention.purge(dry_run=dry_run)))
