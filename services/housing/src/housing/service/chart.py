"""The targets table drawn as an SVG bar chart for the front-ends (pure: a string out).

One bar per district: its share of new affordable rental units in the year's new housing
supply, coloured by the finding (pass green, fail red, warn amber — not reported —, no numeric
target grey), the tier's target as a dashed line across the bar, district names and the share
in Chinese. Every bar carries `data-*` attributes (code, share, target, outcome) so a client can
read the figures back from the drawing.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from housing.domain.districts import TIER_ZH
from housing.domain.targets import TargetsResult

COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "warn": "#f9a825", "not_applicable": "#9e9e9e"}
OUTCOME_ZH = {"pass": "达标", "fail": "未达标", "warn": "未报送", "not_applicable": "无数值目标"}

WIDTH, HEIGHT = 960, 520
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 70, 110


def _y(percent: Decimal, top: Decimal) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot - float(percent / top) * plot


def targets_svg(result: TargetsResult) -> str:
    rows = result.rows
    shares = [r.share_percent or Decimal(0) for r in rows]
    targets = [r.target_share * 100 for r in rows if r.target_share is not None]
    top = max([Decimal(40), *shares, *targets])
    top = Decimal((int(top) + 9) // 10 * 10)  # the axis runs to the next 10%
    n = max(len(rows), 1)
    slot = (WIDTH - LEFT - RIGHT) / n
    bar = slot * 0.6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" role="img" '
        f'data-year="{result.year}">',
        f"<title>{result.year}年各县（市、区）新增保障性租赁住房供应套（间）数占比</title>",
        f'<text x="{WIDTH / 2}" y="30" text-anchor="middle" font-size="20">'
        f"{result.year}年新增保障性租赁住房占新增住房供应比例（温政办〔2021〕75号 一（三））</text>",
        f'<text x="{WIDTH / 2}" y="52" text-anchor="middle" font-size="13" fill="#555">'
        f"虚线为目标比例；绿色达标，红色未达标，黄色未报送，灰色无数值目标</text>",
    ]
    base = _y(Decimal(0), top)
    for tick in range(0, int(top) + 1, 10):
        y = _y(Decimal(tick), top)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e0e0e0"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{tick}%</text>'
        )
    for i, r in enumerate(rows):
        outcome = r.finding.outcome.value
        share = r.share_percent
        x = LEFT + i * slot + (slot - bar) / 2
        y = _y(share or Decimal(0), top)
        target = r.target_share * 100 if r.target_share is not None else None
        attrs = {
            "class": "bar",
            "data-district": r.district.code,
            "data-name": r.district.name,
            "data-tier": r.district.tier.value,
            "data-share": "" if share is None else str(share),
            "data-target": "" if target is None else f"{target:.2f}",
            "data-outcome": outcome,
        }
        attr_text = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items())
        tooltip = (
            f"{r.district.name}（{TIER_ZH[r.district.tier]}）："
            + (f"{share}%" if share is not None else "未报送")
            + (f"，目标{target:.0f}%" if target is not None else "，无数值目标")
            + f"，{OUTCOME_ZH[outcome]}"
        )
        out.append(
            f'<rect {attr_text} x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
            f'height="{base - y:.1f}" fill="{COLOURS[outcome]}"><title>{escape(tooltip)}</title></rect>'
        )
        if target is not None:
            ty = _y(target, top)
            out.append(
                f'<line class="target" data-district="{r.district.code}" x1="{x - 4:.1f}" '
                f'y1="{ty:.1f}" x2="{x + bar + 4:.1f}" y2="{ty:.1f}" stroke="#212121" '
                'stroke-width="2" stroke-dasharray="6 3"/>'
            )
        label = "—" if share is None else f"{share}%"
        out.append(
            f'<text class="share" x="{x + bar / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
            f'font-size="12">{escape(label)}</text>'
        )
        cx = x + bar / 2
        out.append(
            f'<text class="district" x="{cx:.1f}" y="{base + 18:.1f}" text-anchor="middle" '
            f'font-size="13">{escape(r.district.name)}</text>'
        )
        out.append(
            f'<text class="outcome" x="{cx:.1f}" y="{base + 36:.1f}" text-anchor="middle" '
            f'font-size="11" fill="{COLOURS[outcome]}">{OUTCOME_ZH[outcome]}</text>'
        )
    city = result.city_finding
    out.append(
        f'<text class="city" x="{LEFT}" y="{HEIGHT - 30}" font-size="13" '
        f'data-outcome="{city.outcome.value}">全市“十四五”建设筹集{result.city_raised}套（间）'
        + (f"，目标{result.city_target}套（间）" if result.city_target else "")
        + "</text>"
    )
    out.append(
        f'<line x1="{LEFT}" y1="{base:.1f}" x2="{WIDTH - RIGHT}" y2="{base:.1f}" stroke="#424242"/>'
    )
    out.append("</svg>")
    return "\n".join(out)
