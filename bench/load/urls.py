"""The platform's URLs plus the floor view, for the bench server only (selected by bench.load.settings)."""

from django.urls import path

from bench.load.floor import bare
from zhicheng.urls import handler403, handler404, handler500
from zhicheng.urls import urlpatterns as platform_urls

urlpatterns = [path("bench/bare", bare, name="bench_bare"), *platform_urls]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
