from datetime import datetime

from ninja import Schema


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
    detail: str
    message: str = ""
    clause: str = ""
