import time

from django.core.management.base import BaseCommand

from zhicheng.education.batch import recompute


class Command(BaseCommand):
    help = "继续教育：`ce recompute --year Y` 以集合运算重新计算全部专业技术人才该年度的学时合规情况（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["recompute"])
        parser.add_argument("--year", type=int, required=True, help="申报年度")

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = recompute(options["year"])
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{options['year']}年度继续教育合规已重新计算：{written} 人，用时 {elapsed:.1f} 秒。")
