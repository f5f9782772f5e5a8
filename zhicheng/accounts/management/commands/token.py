from django.core.management.base import BaseCommand, CommandError

from zhicheng.accounts.models import User
from zhicheng.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建 API 令牌（用于系统对接）：token create 用户名 --name 用途。令牌只显示一次。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="系统对接")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['username']} 的用户")
        key = api_token_create(user, actor=None, name=options["name"])
        self.stdout.write(f"已为 {user.username} 创建令牌（请妥善保存，只显示这一次）：{key}")
