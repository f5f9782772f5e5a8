"""A fixed-window rate limit per client address, kept in the cache shared by the app processes."""

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # The peer address, not X-Forwarded-For, which any client can write.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count this request against the address's window; False once more than `limit` fell in it."""
    key = f"throttle:{scope}:{client_address(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
