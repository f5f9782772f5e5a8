"""The 5× indicator over JSON."""

from decimal import Decimal

from ninja import Router, Schema

from zhicheng.applications.schemas import ERRORS
from zhicheng.archive.completeness import evaluation_year
from zhicheng.supervision.breadth import breadth_for

router = Router(tags=["supervision"])


class BreadthRowOut(Schema):
    id: int
    name: str
    region: str
    complete: int
    applicants: int
    ratio: Decimal | None
    required: int
    shortfall: int
    meets: bool

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk


class BreadthOut(Schema):
    year: int
    ratio_min: Decimal
    clause: str = "55号 §1"
    employers: list[BreadthRowOut]
    committees: list[BreadthRowOut]


@router.get("/supervision/breadth", response={200: BreadthOut, **ERRORS})
def breadth(request, year: int | None = None):
    """Complete archives ÷ applicants of the year, per employer and committee in the user's scope, worst first."""
    return breadth_for(request.auth, year=evaluation_year(year))
