"""`events report`: one self-contained HTML file that opens offline (no script, font, style or image is
fetched): the summary tables, a weekly timeline of events and fatalities by type, a map of the events as
points coloured by type, and the claims behind the largest figures. Charts are inline SVG.

The map's basemap ships with the tool: Natural Earth 1:110m country outlines (public domain), in
`events/data/countries-110m.json`, drawn in the same equirectangular projection as the points.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from events.files import open_new, replacing
from events.outputs.stats import STAT_COLUMNS, compute_stats
from events.store.db import Store

MAX_POINTS = 20000  # the map draws the events with the most fatalities first, up to this many
TOP_CLAIMS = 10
BASEMAP = ("data", "countries-110m.json")
MAP_WIDTH, MAP_MIN_HEIGHT, MAP_MAX_HEIGHT = 960, 360, 720
Ring = tuple[tuple[float, float], ...]
_OTHER = "#7f7f7f"
TYPE_COLOURS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c", "Riots": "#bcbd22", "Strategic developments": "#1f77b4",
}
_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:2px 8px;
text-align:left}td.n{text-align:right}h2{margin-top:2em}.legend span{margin-right:1em}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}svg{background:#fafafa;overflow:hidden}
svg.map{background:#dde8f0}.land{fill:#f2efe6;stroke:#a9a293;stroke-width:.6;stroke-linejoin:round}
.grid line{stroke:#c9d7e2;stroke-width:.6}
.grid text{font-size:10px;fill:#5d6d79;paint-order:stroke;stroke:#fff;stroke-width:2px}
.dots circle{fill-opacity:.75;stroke:#fff;stroke-width:.6}.credit{font-size:11px;color:#777;margin-top:0}"""

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


def build_report(store: Store, *, generated: datetime, title: str = "Conflict events",
                 progress: Callable[[int], None] | None = None) -> str:
    """The report as one HTML document; `progress` hears of each of its four queries as it ends."""
    step = progress or (lambda _: None)
    stats = compute_stats(store)
    step(1)
    weekly = store.query(_WEEKLY)[1]
    step(1)
    points = store.query(_POINTS)[1]
    step(1)
    claims_columns, claims = store.query(_CLAIMS)
    step(1)
    types = sorted({row[1] for row in weekly} | {row[2] for row in points})
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p>Generated {escape(generated.strftime('%Y-%m-%d %H:%M UTC'))} from {escape(store.path)}. "
             "News events only: history the articles recall is left out.</p>",
             "<h2>Weekly timeline</h2>", _legend(types),
             _timeline(weekly, types, value=2, label="events"),
             _timeline(weekly, types, value=3, label="fatalities"),
             f"<h2>Map</h2><p>{len(points)} geocoded events"
             f"{' (those with most fatalities)' if len(points) == MAX_POINTS else ''}.</p>",
             _legend(types), map_svg(points),
             "<h2>Claims behind the largest figures</h2>", _html_table(claims_columns, claims),
             "<h2>Summary</h2>", *_stat_tables(stats)]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")


def write_report(store: Store, out: str | Path, *, generated: datetime,
                 progress: Callable[[int], None] | None = None) -> None:
    """Write the report in a private folder beside the target and rename it (events.files.replacing), so a failure
    never leaves half a file and a link planted at a partial file's name is never written through."""
    html = build_report(store, generated=generated, progress=progress)
    with replacing(out) as partial, open_new(partial) as handle:
        handle.write(html)


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
    dated = sorted({row[0] for row in weekly})
    if not dated:
        return "<p>No dated events.</p>"
    # every week from the first to the last, so that quiet weeks keep the time axis even
    weeks = [dated[0] + timedelta(weeks=k) for k in range((dated[-1] - dated[0]).days // 7 + 1)]
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
    # a few dates between the ends, far enough apart for their labels not to touch
    between = range(1, len(weeks) - 1, max(1, math.ceil(len(weeks) / 6)))
    ticks = "".join(f'<line x1="{pad + i * step:.1f}" y1="{height - pad}" x2="{pad + i * step:.1f}" '
                    f'y2="{height - pad + 5}" stroke="#999"/><text x="{pad + i * step:.1f}" y="{height - 12}" '
                    f'text-anchor="middle" fill="#666">{weeks[i].isoformat()}</text>'
                    for i in between if pad + 130 < pad + i * step < width - pad - 130)
    return (f'<svg role="img" aria-label="{escape(label)} per week" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{axis}{ticks}{"".join(lines)}</svg>')


@cache
def basemap() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Country outlines as (name, rings), a ring being (lon, lat) points in degrees."""
    text = resources.files("events").joinpath(*BASEMAP).read_text(encoding="utf-8")
    return tuple((str(f["name"]), tuple(tuple((float(lon), float(lat)) for lon, lat in ring)
                                        for ring in f["rings"]))
                 for f in json.loads(text)["features"])


@dataclass(frozen=True)
class _Frame:
    """An equirectangular view: degrees of longitude shrunk by the cosine of the middle latitude, so that
    shapes near the events keep their proportions."""

    west: float
    north: float
    scale: float  # pixels per degree of latitude
    shrink: float  # cosine of the middle latitude
    width: int
    height: int

    @classmethod
    def around(cls, lons: Sequence[float], lats: Sequence[float]) -> _Frame:
        shrink = max(math.cos(math.radians((min(lats) + max(lats)) / 2)), 0.2)
        # a margin of a tenth of the extent, at least two degrees, so that lone events show their country
        margin = max(2.0, 0.1 * max((max(lons) - min(lons)) * shrink, max(lats) - min(lats)))
        span_x = (max(lons) - min(lons)) * shrink + 2 * margin  # in degrees of latitude
        span_y = max(lats) - min(lats) + 2 * margin
        scale = min(MAP_WIDTH / span_x, MAP_MAX_HEIGHT / span_y)
        height = round(min(MAP_MAX_HEIGHT, max(MAP_MIN_HEIGHT, span_y * scale)))
        middle_x, middle_y = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
        north = min(90.0, max(-90.0 + height / scale, middle_y + height / scale / 2))
        return cls(west=middle_x - MAP_WIDTH / scale / shrink / 2, north=north, scale=scale, shrink=shrink,
                   width=MAP_WIDTH, height=height)

    @property
    def east(self) -> float:
        return self.west + self.width / self.scale / self.shrink

    @property
    def south(self) -> float:
        return self.north - self.height / self.scale

    def x(self, lon: float) -> float:
        return (lon - self.west) * self.shrink * self.scale

    def y(self, lat: float) -> float:
        return (self.north - lat) * self.scale

    def sees(self, ring: Ring) -> bool:
        return (min(p[0] for p in ring) <= self.east and max(p[0] for p in ring) >= self.west
                and min(p[1] for p in ring) <= self.north and max(p[1] for p in ring) >= self.south)


def _land(frame: _Frame) -> list[str]:
    """One path per country seen in the frame; consecutive points that fall on the same pixel are dropped."""
    paths = []
    for name, rings in basemap():
        parts = []
        for ring in rings:
            if not frame.sees(ring):
                continue
            points = [f"{frame.x(lon):.0f},{frame.y(lat):.0f}" for lon, lat in ring]
            kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(kept) > 2:
                parts.append("M" + " ".join(kept) + "Z")
        if parts:
            paths.append(f'<path class="land" d="{"".join(parts)}"><title>{escape(name)}</title></path>')
    return paths


def _graticule(frame: _Frame) -> tuple[list[str], list[str]]:
    """Lines under the land and degree labels over it, along the bottom and left edges."""
    span = frame.north - frame.south
    step = next((s for s in (1, 2, 5, 10, 20) if span / s <= 8), 30)
    lines, labels = [], []
    west, east = max(frame.west, -180.0), min(frame.east, 180.0)
    south, north = max(frame.south, -90.0), min(frame.north, 90.0)
    for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        x = frame.x(lon)
        lines.append(f'<line x1="{x:.0f}" y1="0" x2="{x:.0f}" y2="{frame.height}"/>')
        label = f'{abs(lon)}°{"EW"[lon < 0] if lon else ""}'
        labels.append(f'<text x="{x + 3:.0f}" y="{frame.height - 4}">{label}</text>')
    for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        y = frame.y(lat)
        lines.append(f'<line x1="0" y1="{y:.0f}" x2="{frame.width}" y2="{y:.0f}"/>')
        labels.append(f'<text x="3" y="{y - 3:.0f}">{abs(lat)}°{"NS"[lat < 0] if lat else ""}</text>')
    return lines, labels


def map_svg(points: Sequence[Sequence[Any]]) -> str:
    """The events over the basemap, framed on them with a margin; bigger dots for more fatalities."""
    if not points:
        return "<p>No geocoded events.</p>"
    frame = _Frame.around([float(p[0]) for p in points], [float(p[1]) for p in points])
    lines, labels = _graticule(frame)
    dots = [f'<circle cx="{frame.x(float(lon)):.1f}" cy="{frame.y(float(lat)):.1f}" '
            f'r="{3 + min(int(dead or 0), 100) ** 0.5:.1f}" fill="{_colour(kind)}"><title>'
            f'{escape(str(place or ""))} {day.isoformat() if day else ""}: {escape(kind)}, {dead} killed'
            "</title></circle>"
            for lon, lat, kind, place, day, dead in points]
    return (f'<svg class="map" role="img" aria-label="map of the events" width="{frame.width}" '
            f'height="{frame.height}" viewBox="0 0 {frame.width} {frame.height}">'
            f'<g class="grid">{"".join(lines)}</g>{"".join(_land(frame))}'
            f'<g class="grid">{"".join(labels)}</g><g class="dots">{"".join(dots)}</g></svg>'
            '<p class="credit">Basemap: Natural Earth 1:110m, public domain.</p>')
