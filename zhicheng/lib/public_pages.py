"""Public lists read by the crowd: the day a publicity or result list goes up, everyone opens the same page."""

from django.conf import settings
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_cookie


def shared_for_a_moment(view):
    """Visitors without a session share one rendering of the page for PUBLIC_PAGE_CACHE_SECONDS.

    The lists change a few times a day, when an office publishes; a list therefore shows up on the public page
    within those seconds of going up, while a surge of readers costs one rendering per process per interval.
    The page shows who is logged in, so it varies on the cookie; that header must be set inside the cached view,
    since the session middleware adds its own only after cache_page has stored the response under a key that
    would then ignore the cookie and serve a visitor's copy to a logged-in user.
    """
    return cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS, cache="public_pages")(vary_on_cookie(view))
