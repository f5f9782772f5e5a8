from django.core.management.base import BaseCommand, CommandError

from zhicheng.audit.chain import verify_chain
from zhicheng.audit.models import Event


class Command(BaseCommand):
    help = "审计日志：`audit verify` 逐条校验哈希链，发现被改动的事件时指出第一条并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["verify"], help="verify：校验哈希链")

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"审计链完好：共校验 {result.checked} 条事件。")
            return
        event = Event.objects.filter(pk=result.broken_event_id).first()
        described = f"#{result.broken_event_id}"
        if event is not None:
            described += (
                f"（{event.action} {event.object_type}:{event.object_id}，{event.created_at:%Y-%m-%d %H:%M:%S}）"
            )
        raise CommandError(f"审计链断裂：事件 {described} {result.problem}；此前 {result.checked} 条事件完好。")
