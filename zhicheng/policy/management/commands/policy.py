from django.core.management.base import BaseCommand, CommandError

from zhicheng.lib.errors import DomainError
from zhicheng.policy.services import policy_start_year


class Command(BaseCommand):
    help = "政策参数：`policy start-year Y` 以上一年度为底稿建立 Y 年度政策参数（已存在时报错，不作改动）。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["start-year"])
        parser.add_argument("year", type=int)

    def handle(self, *args, **options):
        try:
            policy = policy_start_year(options["year"], actor=None)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已建立{policy.year}年度政策参数（复制自上一年度），可在管理后台修改。")
