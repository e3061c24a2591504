"""Bar charts drawn on the server as inline SVG (no script, no style attribute: the CSP
forbids both). The geometry is here, in the units of the SVG's viewBox; `_charts.html`
draws it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
# Columns: their height, room around them for the values and labels; labels under 12
# columns at most, values above 36 at most (any more would overlap).
COLUMNS_HEIGHT = 220
TOP = 18
BOTTOM = 22
SIDE = 20
MAX_COLUMN_LABELS = 12
MAX_COLUMN_VALUES = 36
# Rows: the height of each, the room for their labels on the left and values on the right.
ROW_HEIGHT = 26
LABEL_WIDTH = 310
VALUE_WIDTH = 50


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    # Whether its label, and its value, are drawn (all are in the chart's table).
    labelled: bool
    valued: bool


@dataclass(frozen=True)
class Chart:
    kind: str  # "columns" or "rows"
    width: int
    height: int
    bars: list[Bar]
    # Where the columns stand (their axis).
    baseline: float = 0


def columns(points: Sequence[tuple[str, int]]) -> Chart:
    """Vertical bars side by side (days, hours), labelled often enough to be read."""
    step = (WIDTH - 2 * SIDE) / max(len(points), 1)
    highest = max((value for _, value in points), default=0) or 1
    every = max(1, math.ceil(len(points) / MAX_COLUMN_LABELS))
    room = COLUMNS_HEIGHT - TOP - BOTTOM
    bars = []
    for index, (label, value) in enumerate(points):
        height = room * value / highest
        bars.append(
            Bar(
                label,
                value,
                round(SIDE + index * step + step * 0.1, 1),
                round(TOP + room - height, 1),
                round(step * 0.8, 1),
                round(height, 1),
                index % every == 0,
                len(points) <= MAX_COLUMN_VALUES,
            )
        )
    return Chart("columns", WIDTH, COLUMNS_HEIGHT, bars, baseline=TOP + room)


def rows(points: Sequence[tuple[str, int]]) -> Chart:
    """Horizontal bars one under the other, each with its label (situations, places)."""
    highest = max((value for _, value in points), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(
            label,
            value,
            LABEL_WIDTH,
            index * ROW_HEIGHT + 4,
            round(room * value / highest, 1),
            ROW_HEIGHT - 8,
            True,
            True,
        )
        for index, (label, value) in enumerate(points)
    ]
    return Chart("rows", WIDTH, max(len(points), 1) * ROW_HEIGHT, bars)
