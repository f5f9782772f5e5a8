"""Bar charts as inline SVG, drawn on the server: no script and no style attribute (the CSP forbids both),
only presentation attributes. Each chart has a <title> and <desc>, a text label on every bar, and a viewBox
so it scales to the width of a phone."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 440
FONT = 16
INK = "#1f2933"
MUTED = "#5f6b7a"
TRACK = "#eceff3"


@dataclass(frozen=True)
class Segment:
    label: str
    value: int | Decimal | None
    colour: str
    text: str = ""  # what the bar says; the value when empty


def text_width(text: str, size: int = FONT) -> float:
    """Rough width of a line: a Chinese character is one em, a Latin one a little over half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def fit(text: str, width: float, size: int = FONT) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _text(x: float, y: float, content: str, *, size: int = FONT, fill: str = INK, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
        f"{escape(content)}</text>"
    )


def _legend(items: Sequence[tuple[str, str]], y: float) -> tuple[list[str], float]:
    parts, x = [], 0.0
    for label, colour in items:
        advance = 18 + text_width(label, FONT - 1) + 14
        if x and x + advance > WIDTH:
            x, y = 0.0, y + 22
        parts.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(x + 17, y, label, size=FONT - 1, fill=MUTED))
        x += advance
    return parts, y + 22


def _svg(chart_id: str, title: str, desc: str, body: list[str], height: float) -> SafeString:
    head = (
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text above is escaped


def stacked_bars(
    chart_id: str, title: str, rows: Sequence[tuple[str, Sequence[Segment]]], *, unit: str = "件"
) -> SafeString:
    """One horizontal bar per row, its segments stacked, the row's name above it and its total after it."""
    legend_items = list(dict.fromkeys((s.label, s.colour) for _, segments in rows for s in segments))
    body, y = _legend(legend_items, 14)
    largest = max((sum(int(s.value or 0) for s in segments) for _, segments in rows), default=0) or 1
    track = WIDTH - 64
    for name, segments in rows:
        total = sum(int(s.value or 0) for s in segments)
        spoken = "，".join(f"{s.label} {s.value}{unit}" for s in segments if s.value)
        body.append(f"<g><title>{escape(name)}：共 {total}{unit}{'，' + escape(spoken) if spoken else ''}</title>")
        body.append(_text(0, y + FONT, fit(name, WIDTH)))
        bar_y, x = y + FONT + 6, 0.0
        for segment in segments:
            if not segment.value:
                continue
            width = track * int(segment.value) / largest
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{bar_y:.1f}" width="{width:.1f}" height="22" '
                f'fill="{segment.colour}">'
                f"<title>{escape(segment.label)} {segment.value}{unit}</title></rect>"
            )
            if width >= text_width(str(segment.value), FONT - 1) + 6:
                body.append(
                    _text(x + width / 2, bar_y + 16, str(segment.value), size=FONT - 1, fill="#fff", anchor="middle")
                )
            x += width
        body.append(_text(x + 6, bar_y + 16, f"{total}{unit}", fill=INK))
        body.append("</g>")
        y = bar_y + 22 + 14
    if not rows:
        body.append(_text(0, y + FONT, "没有数据", fill=MUTED))
        y += FONT + 14
    return _svg(chart_id, title, title, body, y)


def grouped_bars(
    chart_id: str, title: str, groups: Sequence[tuple[str, Sequence[Segment]]], *, scale: int = 100, desc: str = ""
) -> SafeString:
    """One group per row (its name above), a thin bar per series, each bar with its text after it."""
    legend_items = list(dict.fromkeys((s.label, s.colour) for _, series in groups for s in series))
    body, y = _legend(legend_items, 14)
    track = WIDTH - 180
    for name, series in groups:
        spoken = "，".join(s.text or f"{s.label} {s.value}" for s in series)
        body.append(f"<g><title>{escape(name)}：{escape(spoken)}</title>")
        body.append(_text(0, y + FONT, fit(name, WIDTH)))
        y += FONT + 6
        for s in series:
            body.append(f'<rect x="0" y="{y:.1f}" width="{track}" height="16" fill="{TRACK}"/>')
            width = 0.0 if s.value is None else track * float(s.value) / scale
            if width:
                body.append(
                    f'<rect class="bar" x="0" y="{y:.1f}" width="{width:.1f}" height="16" fill="{s.colour}">'
                    f"<title>{escape(s.label)} {escape(s.text or str(s.value))}</title></rect>"
                )
            body.append(_text(track + 6, y + 13, s.text or f"{s.label} {s.value}", size=FONT - 1))
            y += 21
        body.append("</g>")
        y += 10
    if not groups:
        body.append(_text(0, y + FONT, "没有数据", fill=MUTED))
        y += FONT + 14
    return _svg(chart_id, title, desc or title, body, y)


# --- the dashboard's charts ----------------------------------------------------------------------------

MOUNTAIN = "#b71c1c"
GENERAL = "#1456b8"


def cases_chart(dashboard) -> SafeString:
    rows = [
        (row.name, [Segment(label, n, colour) for label, n, colour in row.stages()])
        for row in dashboard.cases
        if row.total
    ]
    return stacked_bars("chart-cases", f"{dashboard.year}年度 各评委会申报案件（按办理阶段）", rows)


def _rate(short: str, rate, passed: int, decided: int) -> str:
    return f"{short} {rate}%（{passed}/{decided}）" if rate is not None else f"{short} 无已评案件"


def pass_rate_chart(dashboard) -> SafeString:
    groups = []
    for row in [dashboard.pool_total, *[p for p in dashboard.pools if p.decided]]:
        mountain = _rate("单列", row.mountain_rate, row.mountain_passed, row.mountain_decided)
        general = _rate("一般", row.general_rate, row.general_passed, row.general_decided)
        groups.append(
            (
                row.name,
                [
                    Segment("山区26县单列", row.mountain_rate, MOUNTAIN, mountain),
                    Segment("一般", row.general_rate, GENERAL, general),
                ],
            )
        )
    return grouped_bars(
        "chart-pass",
        f"{dashboard.year}年度 评审通过率（山区26县单列与一般）",
        groups,
        desc="通过率 = 通过和推荐上报的案件 ÷ 已有评审结果的案件",
    )
