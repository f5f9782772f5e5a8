import time

from django.core.management.base import BaseCommand

from zhicheng.alerts.detectors import DETECTORS
from zhicheng.alerts.tasks import run_all


class Command(BaseCommand):
    help = "跟踪预警：`alerts run [--year Y] [--only 检测项]` 运行全部检测（可重复运行，已排除的预警不会重提）。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["run"])
        parser.add_argument("--year", type=int, help="评审年度，默认今年")
        parser.add_argument("--only", action="append", choices=DETECTORS, help="只运行某项检测，可重复")

    def handle(self, *args, **options):
        started = time.perf_counter()
        figures = run_all(year=options["year"], only=options["only"])
        total = sum(n for n, _ in figures.values())
        detail = "，".join(f"{name} {n}" for name, (n, _) in figures.items())
        self.stdout.write(
            f"跟踪预警检测完成：{total} 条预警（{detail}），用时 {time.perf_counter() - started:.1f} 秒。"
        )
