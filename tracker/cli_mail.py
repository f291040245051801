"""``flask tracker deliver`` and ``flask tracker remind``: the notification jobs (docs/notifications.md)."""

import signal
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
    """Queue the day's reminders, daily summaries and Monday's digest; create due recurring tasks."""
    from .services import deadlines
    from .services.notifications import reminders

    the_day: date = day.date() if day else deadlines.today()
    result = reminders.remind(the_day)
    db.session.commit()
    click.echo(f"{the_day.isoformat()}: {result}")
