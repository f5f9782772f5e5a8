"""The JSON API at /api/v1/: session auth for the pages, bearer tokens for integrations."""

from django.db import connection
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from zhicheng.accounts.selectors import user_for_api_token
from zhicheng.applications.api import router as applications_router
from zhicheng.applications.schemas import ErrorOut
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


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc):
    return api.create_response(request, {"detail": "请先登录，或在 Authorization 头中提供有效的访问令牌"}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # The only 400 the framework raises by itself is a body it cannot parse; its English text is replaced.
    detail = "请求体不是有效的 JSON" if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


# Chinese for the input errors clients meet most; any other keeps the validator's own words.
INPUT_ERRORS = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "dict_type": "应为对象",
    "list_type": "应为数组",
    "model_attributes_type": "应为对象",
    "greater_than_equal": "超出允许范围",
    "less_than_equal": "超出允许范围",
}


def _field(location) -> str:
    """A field's name as the client wrote it: the query or body key, without the framework's wrapping."""
    parts = [str(part) for part in location[1:] if part != "payload"]
    return ".".join(parts) or str(location[0])


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    # The same shape as every other refusal: a sentence in `detail`, and the messages per field in `errors`
    # as the archive's own checks give them.
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = INPUT_ERRORS.get(error.get("type", "")) or str(error.get("msg", "格式不正确"))
        errors.setdefault(_field(error.get("loc", ("body",))), []).append(message)
    named = "、".join(field[:40] for field in list(errors)[:5]) + ("等" if len(errors) > 5 else "")
    return api.create_response(request, {"detail": f"请求数据不符合接口说明：{named}", "errors": errors}, status=422)


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

# Added last, so it only answers what no operation matched: a JSON 404, not the site's HTML page.
fallback = Router(auth=None)


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", response={404: ErrorOut}, include_in_schema=False
)
def no_such_operation(request, rest: str):
    return 404, {"detail": "没有这个接口，请查阅 /api/v1/docs"}


api.add_router("/", fallback)
