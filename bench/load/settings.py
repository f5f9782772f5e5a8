"""The production settings with one addition for the load test: the bare floor view's URL.

Only the bench server selects this module (DJANGO_SETTINGS_MODULE=bench.load.settings); production keeps
zhicheng.settings, whose URLs know nothing of /bench/.
"""

from zhicheng.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
