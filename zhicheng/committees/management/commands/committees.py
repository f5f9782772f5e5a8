from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.committees.services import filing_reminders_send
from zhicheng.policy.models import Policy


class Command(BaseCommand):
    help = "评委会：`committees remind [--year Y]` 提醒自主评聘单位即将到期的规划、方案和总结（每项只提醒一次）。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["remind"])
        parser.add_argument("--year", type=int, help="报备年度，默认今年")

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = filing_reminders_send(today=today, year=options["year"] or today.year)
        # Last year's summary falls due early this year: look back one year too, when that year has a policy.
        if not options["year"] and Policy.objects.filter(year__lte=today.year - 1).exists():
            sent += filing_reminders_send(today=today, year=today.year - 1)
        self.stdout.write(f"已发送 {sent} 条报备提醒。")
