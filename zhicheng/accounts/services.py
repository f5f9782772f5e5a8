"""Changes to accounts."""

from django.db import transaction

from zhicheng.accounts.models import ApiToken, User
from zhicheng.audit.services import record_event


@transaction.atomic
def api_token_create(user: User, *, actor, name: str) -> str:
    """Issue a bearer token for `user`; only its hash is kept, so the returned key is shown once."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key))
    record_event(actor=actor, action="api_token.create", obj=token, reason=name, data={"user": user.username})
    return key
