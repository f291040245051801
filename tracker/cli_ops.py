"""``flask tracker backup | restore | check-evidence``: what an operator runs from cron or by hand.

Exit codes: 0 done; 1 the check found a problem (missing or altered files); 2 refused or failed.
"""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup


def _fail(message: str, code: int = 2):
    click.echo(message, err=True)
    sys.exit(code)


def register_ops(group: AppGroup) -> None:
    group.add_command(backup)
    group.add_command(restore)
    group.add_command(check_evidence)


@click.command("backup")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sao lưu sẽ ghi (.tar.gz).")
def backup(output: Path):
    """Back up the database (a consistent snapshot) and the evidence files into one archive."""
    from .services.operations import backup as ops
    from .services.operations.database import DatabaseToolError

    if output.exists():
        _fail(f"Tệp “{output}” đã có; chọn tên khác để không ghi đè một bản sao lưu.")
    try:
        result = ops.create_backup(output)
    except (DatabaseToolError, OSError) as exc:
        _fail(f"Sao lưu thất bại: {exc}")
    rows = f"{sum(result.tables.values()):,}".replace(",", ".")  # Vietnamese groups thousands with dots
    size = f"{output.stat().st_size:,}".replace(",", ".")
    click.echo(f"Đã sao lưu {len(result.tables)} bảng ({rows} bản ghi) và {result.evidence_count} tệp minh chứng "
               f"vào “{output}” ({size} byte).")
    for name in result.missing:
        click.echo(f"Cảnh báo: tệp minh chứng {name} không có trên đĩa, không sao lưu được.", err=True)
    for name in result.altered:
        click.echo(f"Cảnh báo: tệp minh chứng {name} khác mã kiểm tra lúc tải lên (vẫn sao lưu nguyên trạng).",
                   err=True)


@click.command("restore")
@click.argument("archive_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
def restore(archive_file: Path):
    """Restore a backup into an EMPTY database and an empty evidence folder; refuses a damaged archive."""
    from .services.operations import backup as ops
    from .services.operations.archive import ArchiveError
    from .services.operations.database import DatabaseToolError

    try:
        result = ops.restore_backup(archive_file)
    except ArchiveError as exc:
        _fail(f"Không khôi phục: bản sao lưu hỏng hoặc không đầy đủ — {exc}.")
    except ops.RestoreRefused as exc:
        _fail(f"Không khôi phục: {exc}.")
    except (DatabaseToolError, OSError) as exc:
        _fail(f"Khôi phục thất bại: {exc}")
    rows = f"{sum(result.tables.values()):,}".replace(",", ".")
    click.echo(f"Đã khôi phục {len(result.tables)} bảng ({rows} bản ghi, phiên bản lược đồ {result.revision}) "
               f"và {result.evidence_count} tệp minh chứng; số bản ghi và mã kiểm tra khớp bản kê.")


@click.command("check-evidence")
def check_evidence():
    """Report evidence files that are missing on disk or differ from the checksum stored at upload."""
    from .services.operations.evidence_check import check_evidence as run_check

    report = run_check()
    for row in report.missing:
        click.echo(f"THIẾU  minh chứng #{row.id} “{row.file_name}” (nhiệm vụ #{row.task_id}): "
                   f"không có tệp {row.stored_name}")
    for row in report.altered:
        click.echo(f"SAI    minh chứng #{row.id} “{row.file_name}” (nhiệm vụ #{row.task_id}): "
                   f"tệp {row.stored_name} khác mã SHA-256 lúc tải lên")
    if report.unknown:
        click.echo(f"Có {len(report.unknown)} tệp trong thư mục minh chứng không thuộc minh chứng nào "
                   f"(không ảnh hưởng dữ liệu): {', '.join(report.unknown[:10])}")
    click.echo(f"Đã kiểm tra {report.checked} tệp minh chứng: {len(report.missing)} thiếu, "
               f"{len(report.altered)} bị thay đổi.")
    if not report.ok:
        sys.exit(1)
