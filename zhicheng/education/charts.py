"""A server-rendered SVG bar chart of CE hours per year by category against the thresholds."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhicheng.education.compliance import Thresholds, YearTrace, fmt

COLOURS = {
    "professional": "#1456b8",
    "general_public": "#1b7f3b",
    "industry_public": "#9a5b00",
    "other_public": "#7a4fa8",
}
LABELS = {
    "professional": "专业科目",
    "general_public": "一般公需",
    "industry_public": "行业公需",
    "other_public": "其他公需",
}
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 44, 40, 16


def ce_chart(traces: list[YearTrace], thresholds: Thresholds) -> SafeString:
    """Stacked bars per year; a dashed line at the total threshold; each year marked 合格 or 不合格."""
    if not traces:
        return mark_safe("")
    peak = max([thresholds.total * Decimal("1.3"), *(t.hours.total for t in traces)])
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - 10) / len(traces)
    bar = min(48.0, slot * 0.6)

    def y_of(hours: Decimal) -> float:
        return TOP + plot_h - float(hours / peak) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="各年度继续教育学时" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
    ]
    line_y = y_of(thresholds.total)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - 6}" y1="{line_y:.1f}" y2="{line_y:.1f}" '
        f'stroke="#b3261e" stroke-dasharray="5 4"/>'
        f'<text x="{LEFT - 4}" y="{line_y + 4:.1f}" text-anchor="end" fill="#b3261e">{fmt(thresholds.total)}</text>'
    )
    for index, trace in enumerate(traces):
        x = LEFT + slot * index + (slot - bar) / 2
        base = Decimal(0)
        for category, colour in COLOURS.items():
            hours = getattr(trace.hours, category)
            if hours > 0:
                top, bottom = y_of(base + hours), y_of(base)
                parts.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{bottom - top:.1f}" fill="{colour}">'
                    f"<title>{trace.year}年 {LABELS[category]} {fmt(hours)} 学时</title></rect>"
                )
                base += hours
        mark = "视同合格" if trace.grandfathered else ("合格" if trace.compliant else "不合格")
        colour = "#1b7f3b" if trace.compliant else "#b3261e"
        centre = x + bar / 2
        parts.append(
            f'<text x="{centre:.1f}" y="{y_of(base) - 4:.1f}" text-anchor="middle">{fmt(base)}</text>'
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{trace.year}</text>'
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 32}" text-anchor="middle" '
            f'fill="{colour}">{escape(mark)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated value is a number or escaped text
