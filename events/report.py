"""`events report`: one self-contained HTML file that opens offline (no script, font, style or image is
fetched): the summary tables, a weekly timeline of events and fatalities by type, a map of the events as
points coloured by type, and the claims behind the largest figures. Charts are inline SVG.

The map has a graticule but no coastlines yet: no basemap ships with the tool.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from events.errors import EventsError
from events.stats import STAT_COLUMNS, compute_stats
from events.store import Store

MAX_POINTS = 20000  # the map draws the events with the most fatalities first, up to this many
TOP_CLAIMS = 10
_OTHER = "#7f7f7f"
TYPE_COLOURS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c", "Riots": "#bcbd22", "Strategic developments": "#1f77b4",
}
_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:2px 8px;
text-align:left}td.n{text-align:right}h2{margin-top:2em}.legend span{margin-right:1em}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}svg{background:#fafafa}"""

_WEEKLY = """
SELECT date_trunc('week', event_date)::DATE AS week, event_type, count(*) AS events,
       coalesce(sum(fatalities), 0) AS fatalities
FROM events_acled WHERE event_date IS NOT NULL GROUP BY ALL ORDER BY week, event_type
"""
_POINTS = f"""
SELECT longitude, latitude, event_type, location, event_date, fatalities FROM events_acled
WHERE latitude IS NOT NULL AND longitude IS NOT NULL
ORDER BY fatalities DESC, event_date, event_id_cnty LIMIT {MAX_POINTS}
"""
_CLAIMS = f"""
SELECT coded, kind, victim, claimant, hedged, evidence, event_type, location, event_date, source
FROM event_claims WHERE coded IS NOT NULL
ORDER BY coded DESC, claim_id LIMIT {TOP_CLAIMS}
"""


def build_report(store: Store, *, generated: datetime, title: str = "Conflict events") -> str:
    """The report as one HTML document."""
    stats = compute_stats(store)
    weekly = store.query(_WEEKLY)[1]
    points = store.query(_POINTS)[1]
    claims_columns, claims = store.query(_CLAIMS)
    types = sorted({row[1] for row in weekly} | {row[2] for row in points})
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p>Generated {escape(generated.strftime('%Y-%m-%d %H:%M UTC'))} from {escape(store.path)}. "
             "News events only: history the articles recall is left out.</p>",
             "<h2>Weekly timeline</h2>", _legend(types),
             _timeline(weekly, types, value=2, label="events"),
             _timeline(weekly, types, value=3, label="fatalities"),
             f"<h2>Map</h2><p>{len(points)} geocoded events"
             f"{' (those with most fatalities)' if len(points) == MAX_POINTS else ''}.</p>",
             _legend(types), _map(points),
             "<h2>Claims behind the largest figures</h2>", _html_table(claims_columns, claims),
             "<h2>Summary</h2>", *_stat_tables(stats)]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")


def write_report(store: Store, out: str | Path, *, generated: datetime) -> None:
    """Write the report beside the target and rename it, so a failure never leaves half a file."""
    target = Path(out)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(build_report(store, generated=generated), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        raise EventsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)


def _colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, _OTHER)


def _legend(types: Sequence[str]) -> str:
    items = "".join(f'<span><i style="background:{_colour(t)}"></i>{escape(t)}</span>' for t in types)
    return f'<p class="legend">{items}</p>'


def _cell(value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | float):
        return f'<td class="n">{value:,}</td>' if isinstance(value, int) else f'<td class="n">{value:.2%}</td>'
    if isinstance(value, date):
        return f"<td>{value.isoformat()}</td>"
    return f"<td>{escape(str(value))}</td>"


def _html_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _stat_tables(rows: Sequence[Sequence[Any]]) -> list[str]:
    out = []
    for section in dict.fromkeys(row[0] for row in rows):
        out.append(f"<h3>{escape('All news events' if section == 'total' else 'By ' + section.replace('_', ' '))}"
                   "</h3>")
        out.append(_html_table(STAT_COLUMNS[1:], [row[1:] for row in rows if row[0] == section]))
    return out


def _timeline(weekly: Sequence[Sequence[Any]], types: Sequence[str], *, value: int, label: str) -> str:
    """One line per event type over the weeks; weeks without events of a type count 0."""
    width, height, pad = 960, 220, 40
    weeks = sorted({row[0] for row in weekly})
    if not weeks:
        return "<p>No dated events.</p>"
    counts = {(row[0], row[1]): int(row[value]) for row in weekly}
    top = max([1, *counts.values()])
    step = (width - 2 * pad) / max(len(weeks) - 1, 1)

    def xy(i: int, n: int) -> str:
        return f"{pad + i * step:.1f},{height - pad - n / top * (height - 2 * pad):.1f}"

    lines = []
    for t in types:
        points = " ".join(xy(i, counts.get((w, t), 0)) for i, w in enumerate(weeks))
        lines.append(f'<polyline fill="none" stroke="{_colour(t)}" stroke-width="2" points="{points}">'
                     f"<title>{escape(t)}</title></polyline>")
    axis = (f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#999"/>'
            f'<text x="{pad}" y="{height - 12}">{weeks[0].isoformat()}</text>'
            f'<text x="{width - pad}" y="{height - 12}" text-anchor="end">{weeks[-1].isoformat()}</text>'
            f'<text x="{pad}" y="{pad - 12}">{escape(label)} per week (max {top:,})</text>')
    return (f'<svg role="img" aria-label="{escape(label)} per week" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{axis}{"".join(lines)}</svg>')


def _map(points: Sequence[Sequence[Any]]) -> str:
    """Equirectangular points, framed on the events with a margin, over a 10-degree graticule."""
    if not points:
        return "<p>No geocoded events.</p>"
    lons, lats = [float(p[0]) for p in points], [float(p[1]) for p in points]
    margin = 2.0
    west, east = max(min(lons) - margin, -180.0), min(max(lons) + margin, 180.0)
    south, north = max(min(lats) - margin, -90.0), min(max(lats) + margin, 90.0)
    width = 960
    height = max(200, min(720, round(width * (north - south) / (east - west))))

    def x(lon: float) -> float:
        return (lon - west) / (east - west) * width

    def y(lat: float) -> float:
        return (north - lat) / (north - south) * height

    grid = [f'<line x1="{x(lon):.1f}" y1="0" x2="{x(lon):.1f}" y2="{height}" stroke="#e4e4e4"/>'
            for lon in range(-180, 181, 10) if west <= lon <= east]
    grid += [f'<line x1="0" y1="{y(lat):.1f}" x2="{width}" y2="{y(lat):.1f}" stroke="#e4e4e4"/>'
             for lat in range(-90, 91, 10) if south <= lat <= north]
    dots = [f'<circle cx="{x(lon):.1f}" cy="{y(lat):.1f}" r="{3 + min(int(dead or 0), 100) ** 0.5:.1f}" '
            f'fill="{_colour(kind)}" fill-opacity="0.7"><title>{escape(str(place or ""))} '
            f'{day.isoformat() if day else ""}: {escape(kind)}, {dead} killed</title></circle>'
            for lon, lat, kind, place, day, dead in points]
    return (f'<svg role="img" aria-label="map of the events" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(grid)}{"".join(dots)}</svg>')
