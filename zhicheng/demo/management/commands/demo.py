from django.core.management.base import BaseCommand

from zhicheng.demo.loader import load_demo
from zhicheng.demo.scenario import DEMO_PASSWORD


class Command(BaseCommand):
    help = "载入2022年丽水市/莲都区演示数据（莲人社〔2022〕55号情景）；可重复运行，已有数据不变。"

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            f"演示数据就绪：{result['users']} 个账号，{result['committees']} 个评委会，"
            f"本次新建 {result['new_cases']} 件申报；演示密码 {DEMO_PASSWORD}"
        )
