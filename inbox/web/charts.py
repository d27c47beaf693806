"""Server-rendered SVG bar charts (no JavaScript, no inline styles: colours come from inbox.css classes)."""
from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(title: str, rows: list[tuple[str, float]], *, chart_id: str, unit: str = "",
              width: int = 640, bar_height: int = 22, label_width: int = 200) -> Markup:
    """A horizontal bar chart of (label, value) rows with its values printed next to each bar.

    The SVG carries role="img" with a <title>/<desc>; the page shows the same figures as a table too.
    """
    rows = [(str(lbl), float(val or 0)) for lbl, val in rows]
    gap = 8
    top = 8
    height = top + max(1, len(rows)) * (bar_height + gap) + 4
    max_val = max([v for _, v in rows] + [0.0]) or 1.0
    plot_w = width - label_width - 70
    desc = "; ".join(f"{lbl}: {_fmt(v)}{unit}" for lbl, v in rows) or "Geen gegevens"
    parts = [
        f'<svg class="grafiek" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-t '
        f'{escape(chart_id)}-d" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{top + 14}" class="grafiek-tekst">Geen gegevens in deze periode</text>')
    for i, (lbl, val) in enumerate(rows):
        y = top + i * (bar_height + gap)
        w = 0 if val <= 0 else max(2.0, plot_w * val / max_val)
        short = lbl if len(lbl) <= 30 else lbl[:29] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
                     f'class="grafiek-tekst">{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                     f'class="grafiek-balk grafiek-balk-{i % 2}"/>')
        parts.append(f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
                     f'class="grafiek-tekst grafiek-waarde">{escape(_fmt(val))}{escape(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")
