"""The JSON API at /api/v1/: session auth for the pages, bearer tokens for integrations."""

from django.db import connection
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer, SessionAuth

from zhicheng.accounts.selectors import user_for_api_token
from zhicheng.applications.api import router as applications_router
from zhicheng.archive.api import router as archive_router
from zhicheng.committees.api import router as committees_router
from zhicheng.education.api import router as education_router
from zhicheng.lib.errors import DomainError
from zhicheng.supervision.api import router as supervision_router


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return user_for_api_token(token)


class ActiveSessionAuth(SessionAuth):
    """Session login, with CSRF checked on writes as on the pages."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_active else None


api = NinjaAPI(
    title="职称评审管理服务平台 API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), ActiveSessionAuth()],
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "未找到"}, status=404)


class HealthOut(Schema):
    status: str
    database: str
    time: str


def health() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "database": connection.vendor, "time": timezone.now().isoformat()}


@api.get("/healthz", auth=None, response=HealthOut, tags=["health"])
def healthz(request):
    return health()


api.add_router("/", applications_router)
api.add_router("/", education_router)
api.add_router("/", committees_router)
api.add_router("/", archive_router)
api.add_router("/", supervision_router)
