import time

from django.core.management.base import BaseCommand, CommandError

from zhicheng.education.batch import recompute
from zhicheng.education.models import ImportBatch
from zhicheng.education.services import ce_import_resume


class Command(BaseCommand):
    help = (
        "继续教育：`ce recompute --year Y` 以集合运算重新计算全部专业技术人才该年度的学时合规情况（可重复运行）；"
        "`ce resume` 重新运行因处理进程中断而停在「排队中」「导入中」的学时导入（正在运行的不受影响）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["recompute", "resume"])
        parser.add_argument("--year", type=int, help="申报年度（recompute 必填）")

    def handle(self, *args, **options):
        if options["subcommand"] == "resume":
            self._resume()
            return
        if options["year"] is None:
            raise CommandError("recompute 须指定 --year，如 --year 2022")
        started = time.perf_counter()
        written = recompute(options["year"])
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{options['year']}年度继续教育合规已重新计算：{written} 人，用时 {elapsed:.1f} 秒。")

    def _resume(self) -> None:
        batches = ce_import_resume()
        if not batches:
            self.stdout.write("没有未完成的学时导入。")
        for batch in batches:
            if batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING):
                self.stdout.write(f"批次 {batch.pk}（{batch.file_name}）正由其他进程导入，未重复运行。")
            else:
                self.stdout.write(f"批次 {batch.pk}（{batch.file_name}）{batch.get_status_display()}：{batch.message}")
