from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhicheng.backups.errors import BackupError
from zhicheng.backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "从备份恢复到空数据库（非空库需 --force），然后校验审计哈希链并与备份清单核对行数；校验不通过时以非零状态退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="zhicheng backup 写出的备份文件")
        parser.add_argument(
            "--database-url", help="恢复到的数据库，如 sqlite:////srv/zc.sqlite3；默认为平台配置的数据库"
        )
        parser.add_argument("--force", action="store_true", help="目标库不是空库时仍然恢复（覆盖其中数据）")

    def handle(self, *args, **options):
        try:
            result = backup_restore(options["file"], url=options["database_url"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已恢复到 {result.target}：{len(result.contents.tables)} 张数据表，共 {result.contents.rows} 行"
        )
        if result.manifest is None:
            self.stdout.write("未找到备份清单，未核对行数与校验值。")
        elif not result.problems:
            self.stdout.write("各数据表行数与审计链末端均与备份清单一致。")
        if result.pending_migrations:
            self.stdout.write(
                f"当前代码还有 {len(result.pending_migrations)} 个迁移未应用到该库：请运行 zhicheng migrate。"
            )
        if result.unknown_migrations:
            self.stdout.write(
                f"该库含 {len(result.unknown_migrations)} 个当前代码没有的迁移（备份来自较新的版本）："
                + "、".join(result.unknown_migrations[:5])
            )
        chain = result.chain
        if chain.ok:
            self.stdout.write(f"审计链完好：共校验 {chain.checked} 条事件。")
        problems = list(result.problems)
        if not chain.ok:
            problems.insert(
                0, f"审计链断裂：事件 #{chain.broken_event_id} {chain.problem}；此前 {chain.checked} 条事件完好"
            )
        if problems:
            raise CommandError("恢复后的数据库未通过校验，不能作为可信数据使用：" + "；".join(problems))
