import argparse

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhicheng.demo.loader import load_demo
from zhicheng.demo.scenario import DEMO_PASSWORD
from zhicheng.lib.errors import RuleViolation


class Command(BaseCommand):
    help = (
        "载入2022年丽水市/莲都区演示数据（莲人社〔2022〕55号情景）；可重复运行，已有数据不变。"
        "加 --scale city|province 在其上生成全省合成数据（仅限 PostgreSQL）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["city", "province"], help="合成数据规模：city 10万人，province 300万人")
        parser.add_argument("--replace", action="store_true", help="先清空整个数据库，再生成合成数据")
        parser.add_argument("--seed", type=int, default=2022, help="随机种子（同一种子生成同样的数据）")
        # Hidden: a custom number of professionals, for tests that need a tiny set.
        parser.add_argument("--professionals", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if not options["scale"] and not options["professionals"]:
            result = load_demo()
            self.stdout.write(
                f"演示数据就绪：{result['users']} 个账号，{result['committees']} 个评委会，"
                f"本次新建 {result['new_cases']} 件申报；演示密码 {DEMO_PASSWORD}"
            )
            return
        self._scale(options)

    def _scale(self, options) -> None:
        from django.db import connection

        from zhicheng.demo.scale import SCALES, Size
        from zhicheng.demo.scale.generate import already_loaded, generate

        size = Size(options["professionals"]) if options["professionals"] else SCALES[options["scale"]]
        if options["replace"] and connection.vendor == "postgresql" and already_loaded():
            self.stdout.write("清空数据库……")
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(
            f"生成合成数据：{size.professionals:,} 名专业技术人才，{size.employers:,} 家用人单位，"
            f"约 {size.cases:,} 件申报（种子 {options['seed']}）"
        )
        try:
            counts = generate(size, seed=options["seed"], write=self.stdout.write)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        summary = "，".join(f"{name} {value:,}" for name, value in counts.items())
        self.stdout.write(f"合成数据就绪：{summary}；账号密码均为 {DEMO_PASSWORD}")
