"""Reads about users."""

from django.utils import timezone

from zhicheng.accounts.models import ApiToken


def user_for_api_token(key: str):
    """The active user a bearer token belongs to, or None; marks the token used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
