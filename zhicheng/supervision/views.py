"""The 5× indicator pages: the employer's own figure and its incomplete staff; the region's tables."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.archive.completeness import evaluation_year
from zhicheng.archive.selectors import staff_list_for, with_completeness
from zhicheng.audit.services import record_export
from zhicheng.lib.xlsx import xlsx_response
from zhicheng.policy.selectors import policy_years
from zhicheng.supervision.breadth import breadth_for, breadth_snapshot
from zhicheng.supervision.charts import cases_chart, pass_rate_chart
from zhicheng.supervision.dashboard import TABLES, dashboard_for, dashboard_table
from zhicheng.supervision.export import breadth_workbook


@login_required
def breadth(request):
    year = evaluation_year(request.GET.get("year") or request.POST.get("year"))
    if request.method == "POST":
        # "重新统计": recompute the shared table now, then show it as a normal page.
        breadth_snapshot(request.user, year=year, recompute=True)
        return redirect(f"{reverse('supervision:breadth')}?year={year}")
    snapshot = breadth_snapshot(request.user, year=year)
    result = snapshot.breadth
    context = {
        "breadth": result,
        "computed_at": snapshot.computed_at,
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
    context["short_employers"] = snapshot.short_employers
    context["short_committees"] = snapshot.short_committees
    return render(request, "supervision/breadth.html", context)


@login_required
def breadth_export(request):
    year = evaluation_year(request.GET.get("year"))
    result = breadth_for(request.user, year=year)
    content = breadth_workbook(result)
    record_export(
        actor=request.user,
        what=f"5倍指标（{year}年度）",
        count=len(result.employers) + len(result.committees),
        query=f"year={year}",
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="breadth-{year}.xlsx"'
    return response


@login_required
def dashboard(request):
    year = evaluation_year(request.GET.get("year"))
    board = dashboard_for(request.user, year=year, today=timezone.localdate())
    context = {
        "board": board,
        "year": year,
        "years": policy_years(),
        "cases_chart": cases_chart(board),
        "pass_rate_chart": pass_rate_chart(board),
        "short_employers": sum(1 for row in board.breadth.employers if row.applicants and not row.meets),
    }
    return render(request, "supervision/dashboard.html", context)


@login_required
def dashboard_export(request):
    year = evaluation_year(request.GET.get("year"))
    name = request.GET.get("table", "")
    if name not in TABLES:
        raise Http404("没有这张表")
    board = dashboard_for(request.user, year=year, today=timezone.localdate())
    title, header, rows = dashboard_table(board, name)
    record_export(
        actor=request.user,
        what=f"监管看板·{title}（{board.region}）",
        count=len(rows),
        query=f"year={year}&table={name}",
    )
    return xlsx_response(f"dashboard-{name}-{year}.xlsx", title, header, rows)
