from datetime import date, datetime

from ninja import Schema


class ProfileOut(Schema):
    id: int
    name: str
    id_number_masked: str
    birth_date: date
    sex: str
    employer: str | None
    phone: str
    email: str
    address: str
    mountain_county_years: float
    updated_at: datetime | None


class ProfileIn(Schema):
    phone: str = ""
    email: str = ""
    address: str = ""


class AchievementIn(Schema):
    kind: str
    title: str
    achieved_on: date
    role: str
    identifier: str = ""
    description: str = ""


class EvidenceOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    sha256: str
    url: str


class AchievementOut(Schema):
    id: int
    professional_id: int
    kind: str
    kind_label: str
    title: str
    achieved_on: date
    role: str
    identifier: str
    description: str
    status: str
    status_label: str
    return_reason: str
    needs_review: bool
    verified_at: datetime | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_evidence(obj) -> list[dict]:
        return [
            {
                "id": e.pk,
                "name": e.name,
                "file_type": e.file_type,
                "size": e.size,
                "sha256": e.sha256,
                "url": f"/api/v1/archive/evidence/{e.pk}",
            }
            for e in obj.evidence.all()
        ]


class ReturnIn(Schema):
    reason: str


class ChecklistItemOut(Schema):
    label: str
    done: bool
    detail: str


class CompletenessOut(Schema):
    professional_id: int
    year: int
    complete: bool
    items: list[ChecklistItemOut]
