"""Pictures drawn on the server as SVG, so a page shows them without a script library:
the evidence timeline (a drug's references by date, one row per design, each dot sized by
its participants)."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from kg.query.entity import EvidenceRow
from kg.web.site import page_path

PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#994f00", "#000000")
"""Okabe–Ito colours, told apart with colour-blind eyes; the last is for designs past seven."""
LEFT, RIGHT, TOP, ROW, WIDTH = 300, 20, 30, 34, 1000
UNSTATED = "design not stated"


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    radius: float
    colour: str
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    y: float
    colour: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """What the template draws: the canvas, a row per design, year ticks and the dots."""

    width: int
    height: int
    left: int
    lanes: tuple[Lane, ...]
    ticks: tuple[tuple[float, str], ...]
    dots: tuple[Dot, ...]
    dated: int


def evidence_timeline(rows: tuple[EvidenceRow, ...]) -> Timeline:
    """The drug's references by date, a row per (first) design, largest designs first."""
    dated = [(row, day) for row in rows if (day := _day(row.date)) is not None]
    designs = Counter(_design(row) for row, _ in dated)
    order = sorted(designs, key=lambda design: (design == UNSTATED, -designs[design], design))
    lanes = tuple(Lane(design, TOP + ROW * index + ROW / 2, PALETTE[min(index, len(PALETTE) - 1)],
                       designs[design]) for index, design in enumerate(order))
    by_design = {lane.label: lane for lane in lanes}
    days = [day.toordinal() for _, day in dated] or [date.today().toordinal()]
    first, last = date.fromordinal(min(days)).replace(month=1, day=1), date.fromordinal(max(days))
    last = date(last.year + 1, 1, 1)
    span = max(last.toordinal() - first.toordinal(), 1)

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day.toordinal() - first.toordinal()) / span, 1)

    dots = []
    for row, day in sorted(dated, key=lambda item: -(item[0].participants or 0)):  # small dots on top
        lane = by_design[_design(row)]
        people = f"{row.participants:,} participants" if row.participants is not None else "participants not stated"
        dots.append(Dot(x(day), lane.y, round(3 + 2.2 * math.sqrt(row.participants or 0) ** 0.8, 1), lane.colour,
                        page_path(row.publication), f"{row.title} ({row.date}; {lane.label}; {people})"))
    ticks = tuple((x(date(year, 1, 1)), str(year)) for year in range(first.year, last.year + 1))
    return Timeline(WIDTH, int(TOP + ROW * len(lanes) + 30), LEFT, lanes, ticks, tuple(dots), len(dated))


def _design(row: EvidenceRow) -> str:
    return row.design[0] if row.design else UNSTATED


def _day(text: str) -> date | None:
    """A date as written (YYYY, YYYY-MM or YYYY-MM-DD), at the start of what it names."""
    parts = text.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
