"""The 5× indicator pages: the employer's own figure and its incomplete staff; the region's tables."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from zhicheng.accounts.models import Role
from zhicheng.archive.completeness import evaluation_year
from zhicheng.archive.selectors import staff_list_for, with_completeness
from zhicheng.policy.selectors import policy_years
from zhicheng.supervision.breadth import breadth_for
from zhicheng.supervision.export import breadth_workbook


@login_required
def breadth(request):
    year = evaluation_year(request.GET.get("year"))
    result = breadth_for(request.user, year=year)
    context = {
        "breadth": result,
        "year": year,
        "years": policy_years(),
    }
    if request.user.role == Role.EMPLOYER:
        context["own"] = result.employers[0] if result.employers else None
        incomplete = staff_list_for(request.user, year=year, status="incomplete")
        context["incomplete"] = with_completeness(incomplete[:20])
        context["incomplete_count"] = incomplete.count()
        return render(request, "supervision/breadth_employer.html", context)
    context["employers"] = Paginator(result.employers, 50).get_page(request.GET.get("page"))
    context["query"] = f"year={year}&"
    context["short_employers"] = sum(1 for row in result.employers if not row.meets)
    context["short_committees"] = sum(1 for row in result.committees if not row.meets)
    return render(request, "supervision/breadth.html", context)


@login_required
def breadth_export(request):
    year = evaluation_year(request.GET.get("year"))
    content = breadth_workbook(breadth_for(request.user, year=year))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="breadth-{year}.xlsx"'
    return response
