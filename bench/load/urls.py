"""The platform's URLs plus the floor view, for the bench server only (selected by bench.load.settings)."""

from django.urls import path

from bench.load.floor import bare, bare_signed_in
from zhicheng.urls import handler403, handler404, handler500
from zhicheng.urls import urlpatterns as platform_urls

urlpatterns = [
    path("bench/bare", bare, name="bench_bare"),
    path("bench/bare-signed-in", bare_signed_in, name="bench_bare_signed_in"),
    *platform_urls,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
