"""Serve the platform and its background-task worker together; Ctrl-C stops both."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhicheng.lib.webserver import gunicorn_command


class Command(BaseCommand):
    help = "启动网站（gunicorn）与后台任务进程（db_worker），按 Ctrl-C 同时停止两者。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2, help="网站进程数，默认 2")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        python = sys.executable
        children = [
            subprocess.Popen(gunicorn_command(bind=options["bind"], workers=options["workers"], threads=4)),
            subprocess.Popen([python, "-m", "zhicheng.cli", "db_worker"]),
        ]
        self.stdout.write(f"平台已启动：http://{options['bind']}/ （后台任务进程已启动；按 Ctrl-C 停止）")
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child.args[2] for child in children if child.returncode not in (0, -signal.SIGTERM, None)]
        if not stopping and failed:
            raise SystemExit(f"进程意外退出：{', '.join(map(str, failed))}")
        self.stdout.write("平台已停止。")
