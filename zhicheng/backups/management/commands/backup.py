from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.backups.errors import BackupError
from zhicheng.backups.manifest import manifest_path
from zhicheng.backups.services import backup_create


def size_text(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


class Command(BaseCommand):
    help = (
        "备份数据库：SQLite 用在线备份接口（平台运行时亦可），PostgreSQL 用 pg_dump -Fc；"
        "旁边写一份清单（数据库类型、时间、迁移状态、审计事件数与最后哈希），并记入审计日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="备份文件名，或放备份的文件夹；默认 var/backups/ 下以日期命名的文件"
        )

    def handle(self, *args, **options):
        try:
            path, manifest = backup_create(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        contents = manifest.contents
        self.stdout.write(f"已备份到 {path}")
        self.stdout.write(f"大小：{size_text(manifest.size)}（{manifest.size} 字节）")
        self.stdout.write(f"SHA-256：{manifest.sha256}")
        self.stdout.write(
            f"内容：{len(contents.tables)} 张数据表，共 {contents.rows} 行；审计事件 {contents.audit_events} 条，"
            f"最后哈希 {contents.audit_last_hash or '（无）'}"
        )
        self.stdout.write(f"清单：{manifest_path(path)}")
