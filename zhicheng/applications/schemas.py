from datetime import datetime

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class ApplicationOut(Schema):
    id: int
    year: int
    applicant: str
    employer: str
    series: str
    specialty: str
    title: str
    committee: str
    routing_reason: str
    state: str
    state_label: str
    outcome: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None

    @staticmethod
    def resolve_applicant(obj) -> str:
        return obj.applicant.name

    @staticmethod
    def resolve_employer(obj) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_series(obj) -> str:
        return obj.series.name

    @staticmethod
    def resolve_specialty(obj) -> str:
        return obj.specialty.name

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.title.name

    @staticmethod
    def resolve_committee(obj) -> str:
        return obj.committee.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class ApplicationIn(Schema):
    year: int
    specialty_id: int
    title_id: int
    statement: str = ""


class TransitionIn(Schema):
    reason: str = ""
    outcome: str = ""
    checklist: dict[str, bool] = {}
    comments: dict[str, str] = {}

    def extras(self, action: str) -> dict:
        """The fields this action takes besides the reason."""
        extras: dict[str, dict] = {
            "record_evaluation": {"outcome": self.outcome},
            "accept": {"checklist": self.checklist},
            "qualify": {"checklist": self.checklist},
            "return": {"comments": self.comments},
        }
        return extras.get(action, {})


class EventOut(Schema):
    id: int
    created_at: datetime
    actor_name: str
    actor_role: str
    action: str
    before: str
    after: str
    reason: str


class ErrorOut(Schema):
    """Every refusal of the API: `detail` is the Chinese sentence to show; a rule's refusal adds the
    clause, a refused input gives the messages per field in `errors`."""

    detail: str
    message: str = ""
    clause: str = ""
    errors: dict[str, list[str]] = {}


# What an operation behind a login can answer besides success: a body that is not JSON (400), no or a bad
# login (401), a role or region without the right (403), no such object (404), a state that forbids the
# move (409), input or a rule that is not met (422).
ERRORS: dict[int, type[Schema]] = {status: ErrorOut for status in (400, 401, 403, 404, 409, 422)}
# The same for the public operations, which need no login and change no state.
PUBLIC_ERRORS: dict[int, type[Schema]] = {status: ErrorOut for status in (400, 404, 422)}

# Far beyond any list of the platform, and small enough that the offset stays a database integer.
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """Page-number pagination with a bounded page: an unbounded one overflowed the database's OFFSET and
    came back as a server error instead of a refused input."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
