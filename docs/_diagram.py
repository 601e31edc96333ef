"""Draw the dossier state diagram as a standalone SVG, with the standard library only.

The docs must show the transition table as a picture, but neither the machine nor CI has
Graphviz, the Mermaid CLI or the network. This module lays the table out itself:

* states are rounded boxes in columns by their shortest distance from the initial state,
  each showing the state's value, its Vietnamese label and its national status code; final
  states have a double border;
* states in a column are ordered by the barycentre of their neighbours in the column before,
  then by swapping neighbours while that removes crossings or shortens arrows in a column;
* every transition is one labelled arrow (a cubic Bézier curve), a transition to the same
  state a small loop; the ``withdraw`` transitions, allowed almost everywhere, are summarised
  by one note, and the picture says so;
* edge labels slide along their curve until they overlap no box and no other label.

Text widths are estimated from the number of characters (no font metrics without a
dependency), on the generous side. The output depends only on the table: the same table
gives a byte-identical file.

Run ``python docs/_diagram.py OUT.svg`` to write the picture somewhere else.

Examples:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first, second = pathlib.Path(tmp, "a.svg"), pathlib.Path(tmp, "b.svg")
    ...     write_state_diagram(first)
    ...     write_state_diagram(second)
    ...     svg = first.read_text(encoding="utf-8")
    ...     same = first.read_bytes() == second.read_bytes()
    >>> same
    True
    >>> svg.count('class="state"') == len(State)
    True
    >>> "Đang xử lý" in svg and "withdraw" in svg
    True
"""

from __future__ import annotations

import html
import math
import pathlib
import sys
import textwrap
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from onestop.dossier import FINAL_STATES, INITIAL_STATE, TRANSITIONS, EventKind, State

__all__ = ["render_state_diagram", "write_state_diagram"]

#: Drawn as one note instead of one arrow from each state that allows it.
SUMMARISED = EventKind.WITHDRAW

_Side = Literal["left", "right", "top", "bottom"]
_Point = tuple[float, float]
_OUTWARD: Mapping[_Side, _Point] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "top": (0.0, -1.0),
    "bottom": (0.0, 1.0),
}

# Sizes in pixels. Character widths are a generous average for a sans-serif font.
_VALUE_SIZE, _LABEL_SIZE, _STATUS_SIZE, _EDGE_SIZE = 13.0, 12.0, 11.0, 11.0
_CHAR_WIDTH, _BOLD_CHAR_WIDTH = 0.54, 0.6
_LINE_GAP = 3.0
_PADDING = 10.0
_COLUMN_GAP_MIN = 150.0
_GAP_PER_ARROW = 22.0
_ROW_GAP = 56.0
_MARGIN = 20.0
_START_LEAD = 60.0
_PORT_SPACING = 16.0
_BOW = 14.0
_LABEL_CLEARANCE = 3.0
_SAMPLES = 64
_LOOP_WIDTH, _LOOP_HEIGHT = 20.0, 24.0
_WRAP_LABEL, _WRAP_STATUS, _WRAP_NOTE = 28, 28, 34
_INK, _MUTED, _PAPER = "#333333", "#666666", "#ffffff"


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre(self) -> _Point:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def contains(self, point: _Point, margin: float = 0.0) -> bool:
        x, y = point
        return self.x - margin <= x <= self.right + margin and (
            self.y - margin <= y <= self.bottom + margin
        )

    def overlaps(self, other: _Rect, margin: float = 0.0) -> bool:
        return not (
            self.right + margin <= other.x
            or other.right + margin <= self.x
            or self.bottom + margin <= other.y
            or other.bottom + margin <= self.y
        )


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool = False
    colour: str = _INK

    @property
    def width(self) -> float:
        return _text_width(self.text, self.size, bold=self.bold)


@dataclass(frozen=True)
class _Label:
    """An arrow's label; the text is anchored at the side of ``rect`` that faces the arrow,
    so that it stays close to it whatever its real width."""

    rect: _Rect
    text: str
    anchor: Literal["start", "middle", "end"]

    def svg(self) -> str:
        x = {"start": self.rect.x + 2, "middle": self.rect.centre[0], "end": self.rect.right - 2}
        line = _Line(self.text, _EDGE_SIZE)
        return _rounded(self.rect, 3, f'fill="{_PAPER}" fill-opacity="0.9" stroke="none"') + _text(
            x[self.anchor], self.rect.bottom - 5, line, anchor=self.anchor
        )


@dataclass(frozen=True)
class _Arrow:
    """One arrow to draw; ``source`` is None for the start dot and for the note."""

    source: State | None
    kind: EventKind
    target: State


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    return len(text) * size * (_BOLD_CHAR_WIDTH if bold else _CHAR_WIDTH)


def _num(value: float) -> str:
    """A coordinate with one decimal, without a useless ``.0``."""
    text = f"{value:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _bezier(points: Sequence[_Point], t: float) -> _Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _bezier_tangent(points: Sequence[_Point], t: float) -> _Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c = 3 * (1 - t) ** 2, 6 * (1 - t) * t, 3 * t**2
    return (
        a * (x1 - x0) + b * (x2 - x1) + c * (x3 - x2),
        a * (y1 - y0) + b * (y2 - y1) + c * (y3 - y2),
    )


# --- Layout: columns and order --------------------------------------------------------------


def _layers(table: Mapping[State, Mapping[EventKind, State]]) -> list[list[State]]:
    """States by shortest distance from the initial state (every state is reachable)."""
    distance = {INITIAL_STATE: 0}
    queue = deque([INITIAL_STATE])
    while queue:
        state = queue.popleft()
        for target in table[state].values():
            if target not in distance:
                distance[target] = distance[state] + 1
                queue.append(target)
    columns: list[list[State]] = [[] for _ in range(max(distance.values()) + 1)]
    for state in State:  # definition order: the starting order, and the tie-breaker
        columns[distance[state]].append(state)
    return columns


def _crossings_and_stretch(columns: Sequence[Sequence[State]], arrows: Sequence[_Arrow]) -> int:
    """What the order of the columns costs: arrows that cross between two neighbouring
    columns, plus twice the boxes an arrow inside one column has to go around."""
    column_of = {state: i for i, column in enumerate(columns) for state in column}
    row_of = {state: j for column in columns for j, state in enumerate(column)}
    spans: list[tuple[int, int, int]] = []  # (left column, row there, row in the next column)
    cost = 0
    for arrow in arrows:
        if arrow.source is None:
            continue
        a, b = arrow.source, arrow.target
        if column_of[a] == column_of[b]:
            cost += 2 * max(0, abs(row_of[a] - row_of[b]) - 1)
        elif abs(column_of[a] - column_of[b]) == 1:
            left, right = (a, b) if column_of[a] < column_of[b] else (b, a)
            spans.append((column_of[left], row_of[left], row_of[right]))
    for i, (column, top, bottom) in enumerate(spans):
        for other_column, other_top, other_bottom in spans[i + 1 :]:
            if column == other_column and (top - other_top) * (bottom - other_bottom) < 0:
                cost += 1
    return cost


def _order(columns: list[list[State]], arrows: Sequence[_Arrow]) -> list[list[State]]:
    """Order each column by the barycentre of its neighbours in the column before, then swap
    neighbours in a column while that lowers the cost."""
    linked: dict[State, list[State]] = {state: [] for column in columns for state in column}
    for arrow in arrows:
        if arrow.source is not None and arrow.source != arrow.target:
            linked[arrow.source].append(arrow.target)
            linked[arrow.target].append(arrow.source)
    ordered = [list(columns[0])]
    for column in columns[1:]:
        row_before = {state: j for j, state in enumerate(ordered[-1])}

        def barycentre(state: State, rows: Mapping[State, int] = row_before) -> float:
            rows_linked = [rows[other] for other in linked[state] if other in rows]
            return sum(rows_linked) / len(rows_linked) if rows_linked else math.inf

        ordered.append(sorted(column, key=barycentre))  # stable: ties keep definition order
    cost = _crossings_and_stretch(ordered, arrows)
    improved = True
    while improved:
        improved = False
        for column in ordered:
            for j in range(len(column) - 1):
                column[j], column[j + 1] = column[j + 1], column[j]
                swapped_cost = _crossings_and_stretch(ordered, arrows)
                if swapped_cost < cost:
                    cost, improved = swapped_cost, True
                else:
                    column[j], column[j + 1] = column[j + 1], column[j]
    return ordered


# --- Layout: boxes ----------------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in as few lines as ``width`` allows, made as even as possible."""
    count = len(textwrap.wrap(text, width))
    while width > 1 and len(textwrap.wrap(text, width - 1)) == count:
        width -= 1
    return textwrap.wrap(text, width)


def _box_lines(state: State) -> list[_Line]:
    status = state.national_status
    lines = [_Line(state.value, _VALUE_SIZE, bold=True)]
    lines += [_Line(text, _LABEL_SIZE) for text in _wrap(state.label_vi, _WRAP_LABEL)]
    status_text = f"{status.value} {status.label_vi}"
    lines += [_Line(text, _STATUS_SIZE, colour=_MUTED) for text in _wrap(status_text, _WRAP_STATUS)]
    return lines


def _lines_height(lines: Sequence[_Line]) -> float:
    return sum(line.size + _LINE_GAP for line in lines) - _LINE_GAP


def _column_gaps(columns: Sequence[Sequence[State]], arrows: Sequence[_Arrow]) -> list[float]:
    """Room between neighbouring columns: enough for the widest label, and more where many
    arrows pass."""
    column_of = {state: i for i, column in enumerate(columns) for state in column}
    label_room = max(_text_width(arrow.kind.value, _EDGE_SIZE) for arrow in arrows) + 40
    passing = [0] * len(columns)
    for arrow in arrows:
        if arrow.source is not None:
            first, last = sorted((column_of[arrow.source], column_of[arrow.target]))
            for i in range(first, last):
                passing[i] += 1
    return [max(_COLUMN_GAP_MIN, label_room, _GAP_PER_ARROW * count) for count in passing]


def _place_boxes(
    columns: Sequence[Sequence[State]],
    lines: Mapping[State, Sequence[_Line]],
    column_gaps: Sequence[float],
) -> dict[State, _Rect]:
    width = max(line.width for state_lines in lines.values() for line in state_lines)
    width += 2 * _PADDING
    heights = {state: _lines_height(lines[state]) + 2 * _PADDING for state in lines}
    column_heights = [
        sum(heights[state] for state in column) + _ROW_GAP * (len(column) - 1) for column in columns
    ]
    tallest = max(column_heights)
    boxes: dict[State, _Rect] = {}
    x = _MARGIN + _START_LEAD
    for column, column_height, gap in zip(columns, column_heights, column_gaps, strict=True):
        y = _MARGIN + _LOOP_HEIGHT + _EDGE_SIZE + (tallest - column_height) / 2
        for state in column:
            boxes[state] = _Rect(x, y, width, heights[state])
            y += heights[state] + _ROW_GAP
        x += width + gap
    return boxes


# --- Layout: arrows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Route:
    arrow: _Arrow
    source_side: _Side
    target_side: _Side


def _routes(arrows: Sequence[_Arrow], columns: Sequence[Sequence[State]]) -> list[_Route]:
    """Which side of each box an arrow leaves and enters by.

    Between columns, arrows leave by the side facing the other column. In one column, an
    arrow between neighbours runs vertically; one that must go around boxes runs as an arc
    on the side where the boxes it passes have fewer other arrows.
    """
    column_of = {state: i for i, column in enumerate(columns) for state in column}
    row_of = {state: j for column in columns for j, state in enumerate(column)}
    routes: list[_Route] = []
    arcs: list[_Arrow] = []
    for arrow in arrows:
        source, target = arrow.source, arrow.target
        if source is None or column_of[source] < column_of[target]:
            routes.append(_Route(arrow, "right", "left"))
        elif column_of[source] > column_of[target]:
            routes.append(_Route(arrow, "left", "right"))
        elif row_of[target] == row_of[source] + 1:
            routes.append(_Route(arrow, "bottom", "top"))
        elif row_of[target] == row_of[source] - 1:
            routes.append(_Route(arrow, "top", "bottom"))
        else:
            arcs.append(arrow)
    for arrow in arcs:
        assert arrow.source is not None
        first, last = sorted((row_of[arrow.source], row_of[arrow.target]))
        spanned = set(columns[column_of[arrow.target]][first : last + 1])
        used = {"left": 0, "right": 0}
        for route in routes:
            for end, end_side in (
                (route.arrow.source, route.source_side),
                (route.arrow.target, route.target_side),
            ):
                if end in spanned and end_side in used:
                    used[end_side] += 1
        side: _Side = "right" if used["right"] <= used["left"] else "left"
        routes.append(_Route(arrow, side, side))
    return routes


def _bows(routes: Sequence[_Route], boxes: Mapping[State, _Rect]) -> list[_Point]:
    """How far each arrow bends sideways: two arrows between the same states in opposite
    directions each bend to their own left, so they and their labels part."""
    pairs = {(route.arrow.source, route.arrow.target) for route in routes}
    bows: list[_Point] = []
    for route in routes:
        source, target = route.arrow.source, route.arrow.target
        if source is None or (target, source) not in pairs:
            bows.append((0.0, 0.0))
            continue
        (x0, y0), (x1, y1) = boxes[source].centre, boxes[target].centre
        if route.source_side in ("left", "right"):  # bend up or down
            bows.append((0.0, -_BOW if x1 > x0 or (x1 == x0 and y1 < y0) else _BOW))
        else:  # bend left or right
            bows.append((_BOW if y1 > y0 else -_BOW, 0.0))
    return bows


def _ports(
    routes: Sequence[_Route],
    bows: Sequence[_Point],
    boxes: Mapping[State, _Rect],
    start: _Point,
    note: _Rect | None,
) -> dict[tuple[int, str], _Point]:
    """Where each route touches its boxes: the ends on one side of a box are spread evenly,
    ordered by the height of the other end (then by the way they bend) so they do not cross."""
    ends: dict[tuple[State, _Side], list[tuple[tuple[int, float, float, int], int, str]]] = {}
    for index, route in enumerate(routes):
        source, target = route.arrow.source, route.arrow.target
        is_arc = route.source_side == route.target_side
        for state, side, other, end in (
            (source, route.source_side, target, "source"),
            (target, route.target_side, source, "target"),
        ):
            if state is None:
                continue
            if other is not None:
                other_y = boxes[other].centre[1]
            elif note is not None and route.arrow.kind is SUMMARISED:
                other_y = note.centre[1]
            else:
                other_y = start[1]
            here_y = boxes[state].centre[1]
            bend = bows[index][0 if side in ("top", "bottom") else 1]
            if is_arc:  # arcs nest: the farther the other end, the farther out the port
                key = (1 if other_y > here_y else -1, -other_y, bend, index)
            else:
                key = (0, other_y, bend, index)
            ends.setdefault((state, side), []).append((key, index, end))
    ports: dict[tuple[int, str], _Point] = {}
    for (state, side), side_ends in ends.items():
        box = boxes[state]
        side_ends.sort()
        count = len(side_ends)
        for k, (_, index, end) in enumerate(side_ends):
            if side in ("left", "right"):
                x = box.x if side == "left" else box.right
                step = min(_PORT_SPACING, box.height / (count + 1))
                ports[index, end] = (x, box.centre[1] + (k - (count - 1) / 2) * step)
            else:
                y = box.y if side == "top" else box.bottom
                ports[index, end] = (box.centre[0] + (k - (count - 1) / 2) * _PORT_SPACING, y)
    return ports


def _curve(
    p0: _Point, side0: _Side, p3: _Point, side3: _Side, *, arc: bool, bow: _Point
) -> list[_Point]:
    """A cubic Bézier leaving ``p0`` and entering ``p3`` square to their sides, its middle
    pushed sideways by ``bow``."""
    if arc:  # the longer the arc, the farther it bulges
        reach = 24 + 0.16 * math.dist(p0, p3)
    else:  # arrows between the same two columns or rows bend alike, so a fan does not cross
        along = 0 if side0 in ("left", "right") else 1
        reach = max(24.0, 0.5 * abs(p3[along] - p0[along]))
    (ox0, oy0), (ox3, oy3) = _OUTWARD[side0], _OUTWARD[side3]
    c1 = (p0[0] + ox0 * reach + bow[0], p0[1] + oy0 * reach + bow[1])
    c2 = (p3[0] + ox3 * reach + bow[0], p3[1] + oy3 * reach + bow[1])
    return [p0, c1, c2, p3]


def _samples(curve: Sequence[_Point]) -> list[_Point]:
    return [_bezier(curve, i / _SAMPLES) for i in range(_SAMPLES + 1)]


def _place_label(
    text: str,
    curve: Sequence[_Point],
    other_curves: Sequence[Sequence[_Point]],
    taken: list[_Rect],
    obstacles: Sequence[_Rect],
) -> _Label:
    """A spot for an arrow's label along its curve, as near its middle as can be: on no box
    and no other label, and if possible on no other arrow (``other_curves``, as points)."""
    width, height = _text_width(text, _EDGE_SIZE) + 4, _EDGE_SIZE + 4
    candidates: list[_Label] = []
    for t in (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86):
        x, y = _bezier(curve, t)
        dx, dy = _bezier_tangent(curve, t)
        if abs(dy) > abs(dx):  # steep: beside the line
            candidates.append(_Label(_Rect(x + 3, y - height / 2, width, height), text, "start"))
            candidates.append(
                _Label(_Rect(x - 3 - width, y - height / 2, width, height), text, "end")
            )
        else:  # flat: on the line, then just above or below it
            for top in (y - height / 2, y - height - 2, y + 2):
                candidates.append(_Label(_Rect(x - width / 2, top, width, height), text, "middle"))
    best, best_crossed = candidates[0], math.inf
    for label in candidates:
        rect = label.rect
        if any(rect.overlaps(other, _LABEL_CLEARANCE) for other in (*taken, *obstacles)):
            continue
        crossed = sum(rect.contains(point, 1.0) for points in other_curves for point in points)
        if crossed < best_crossed:
            best, best_crossed = label, crossed
        if crossed == 0:
            break
    taken.append(best.rect)
    return best


def _loop(box: _Rect, text: str) -> tuple[list[_Point], _Label]:
    """A small loop on the top left of ``box``, and its label, right of it."""
    x0, x1, y = box.x + 14, box.x + 14 + _LOOP_WIDTH, box.y
    top = y - _LOOP_HEIGHT - 4  # a cubic reaches three quarters of the way to its handles
    rect = _Rect(x1 + 6, y - _LOOP_HEIGHT, _text_width(text, _EDGE_SIZE) + 4, _EDGE_SIZE + 4)
    return [(x0, y), (x0 - 6, top), (x1 + 6, top), (x1, y)], _Label(rect, text, "start")


def _from_note(note: _Rect, port: _Point) -> tuple[_Point, _Side]:
    """Where the summary note's arrow starts, to reach ``port``."""
    if note.right < port[0]:
        return (note.right, port[1]), "right"
    return (note.centre[0], note.y), "top"


def _place_note(target: _Rect, boxes: Iterable[_Rect], width: float, height: float) -> _Rect:
    """The summary note: left of its target if there is room, else under everything."""
    left = _Rect(target.x - _COLUMN_GAP_MIN - width, target.centre[1] - height / 2, width, height)
    if left.x >= _MARGIN and not any(left.overlaps(box, _ROW_GAP / 2) for box in boxes):
        return left
    lowest = max(box.bottom for box in boxes)
    return _Rect(target.x, lowest + _ROW_GAP, width, height)


# --- Drawing ----------------------------------------------------------------------------------


def _text(x: float, y: float, line: _Line, anchor: str = "middle") -> str:
    weight = ' font-weight="bold"' if line.bold else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(line.size)}"{weight}'
        f' fill="{line.colour}" text-anchor="{anchor}">{html.escape(line.text)}</text>'
    )


def _rounded(rect: _Rect, radius: float, style: str) -> str:
    return (
        f'<rect x="{_num(rect.x)}" y="{_num(rect.y)}" width="{_num(rect.width)}"'
        f' height="{_num(rect.height)}" rx="{_num(radius)}" {style}/>'
    )


def _path(points: Sequence[_Point], dashed: bool = False) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return (
        f'<path d="M{_num(x0)},{_num(y0)} C{_num(x1)},{_num(y1)} {_num(x2)},{_num(y2)}'
        f' {_num(x3)},{_num(y3)}" fill="none" stroke="{_INK}" stroke-width="1.2"{dash}'
        ' marker-end="url(#arrow)"/>'
    )


def _box(state: State, rect: _Rect, lines: Sequence[_Line]) -> list[str]:
    parts = [f'<g class="state" id="state-{state.value}">']
    parts.append(_rounded(rect, 10, f'fill="#f3f6fa" stroke="{_INK}" stroke-width="1.3"'))
    if state in FINAL_STATES:
        inner = _Rect(rect.x + 3.5, rect.y + 3.5, rect.width - 7, rect.height - 7)
        parts.append(_rounded(inner, 7, f'fill="none" stroke="{_INK}" stroke-width="1.3"'))
    baseline = rect.y + _PADDING
    for line in lines:
        baseline += line.size
        parts.append(_text(rect.centre[0], baseline - 2, line))
        baseline += _LINE_GAP
    parts.append("</g>")
    return parts


def _arrows(table: Mapping[State, Mapping[EventKind, State]]) -> tuple[list[_Arrow], list[State]]:
    """The arrows to draw, and the states the summarised event leaves from."""
    arrows = [_Arrow(None, EventKind.FILE, INITIAL_STATE)]
    summarised_from: list[State] = []
    for source, row in table.items():
        for kind, target in row.items():
            if kind is SUMMARISED:
                summarised_from.append(source)
            else:
                arrows.append(_Arrow(source, kind, target))
    return arrows, summarised_from


def _note_text(sources: Sequence[State]) -> str:
    open_states = [state for state in State if state not in FINAL_STATES]
    missing = [state.value for state in open_states if state not in sources]
    where = "every non-final state"
    if missing:
        where += " except " + ", ".join(missing)
    return f"allowed in {where}; its {len(sources)} arrows are drawn as this one"


def render_state_diagram(
    table: Mapping[State, Mapping[EventKind, State]] = TRANSITIONS,
) -> str:
    """The transition table as a standalone SVG document."""
    arrows, summarised_from = _arrows(table)
    summary_target = table[summarised_from[0]][SUMMARISED] if summarised_from else None
    lines = {state: _box_lines(state) for state in State}
    columns = _order(_layers(table), arrows)
    drawn = [arrow for arrow in arrows if arrow.source != arrow.target]
    loops = [arrow for arrow in arrows if arrow.source == arrow.target]
    boxes = _place_boxes(columns, lines, _column_gaps(columns, arrows))
    obstacles = list(boxes.values())
    start_box = boxes[INITIAL_STATE]
    start = (start_box.x - _START_LEAD, start_box.centre[1])

    note: _Rect | None = None
    note_text: list[_Line] = []
    if summary_target is not None:
        note_text = [_Line(f"{SUMMARISED.value} → {summary_target.value}", _LABEL_SIZE, True)]
        note_text += [
            _Line(text, _STATUS_SIZE) for text in _wrap(_note_text(summarised_from), _WRAP_NOTE)
        ]
        note_width = max(line.width for line in note_text) + 2 * _PADDING
        note_height = _lines_height(note_text) + 2 * _PADDING
        note = _place_note(boxes[summary_target], obstacles, note_width, note_height)
        obstacles.append(note)
        drawn.append(_Arrow(None, SUMMARISED, summary_target))

    routes = _routes(drawn, columns)
    bows = _bows(routes, boxes)
    ports = _ports(routes, bows, boxes, start, note)
    taken: list[_Rect] = []
    edges: list[str] = []
    labels: list[_Label] = []
    extent_x, extent_y = max(box.right for box in obstacles), max(box.bottom for box in obstacles)

    for arrow in loops:
        loop, label = _loop(boxes[arrow.target], arrow.kind.value)
        edges.append(_path(loop))
        taken += [_Rect(loop[0][0] - 4, loop[1][1], _LOOP_WIDTH + 8, _LOOP_HEIGHT), label.rect]
        labels.append(label)

    curves: list[list[_Point]] = []
    for index, route in enumerate(routes):
        arrow = route.arrow
        p3 = ports[index, "target"]
        p0, side0 = (ports.get((index, "source"), start), route.source_side)
        if arrow.kind is SUMMARISED and note is not None:
            p0, side0 = _from_note(note, p3)
        arc = route.source_side == route.target_side
        curve = _curve(p0, side0, p3, route.target_side, arc=arc, bow=bows[index])
        curves.append(curve)
        edges.append(_path(curve, dashed=arrow.kind is SUMMARISED))
        extent_x = max(extent_x, *(x for x, _ in curve))
        extent_y = max(extent_y, *(y for _, y in curve))
    sampled = [_samples(curve) for curve in curves]
    for index, (route, curve) in enumerate(zip(routes, curves, strict=True)):
        others = sampled[:index] + sampled[index + 1 :]
        labels.append(_place_label(route.arrow.kind.value, curve, others, taken, obstacles))

    extent_x = max(extent_x, *(label.rect.right for label in labels))
    extent_y = max(extent_y, *(label.rect.bottom for label in labels))
    legend = [
        "Each box: state, its Vietnamese label, and the national status code it is reported"
        " as (TrangThaiHoSo).",
        "Double border: final state."
        + (" Dashed arrow: one event summarised by its note." if note is not None else ""),
    ]
    legend_top = extent_y + 24
    width = max(extent_x, *(_text_width(text, _STATUS_SIZE) for text in legend)) + _MARGIN
    height = legend_top + len(legend) * (_STATUS_SIZE + 5) + _MARGIN

    svg = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}"'
        f' height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}"'
        ' font-family="sans-serif" role="img">',
        "<title>The states of a dossier and the events between them</title>",
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"'
        f' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"'
        f' fill="{_INK}"/></marker>',
        "</defs>",
        f'<rect width="100%" height="100%" fill="{_PAPER}"/>',
        f'<circle cx="{_num(start[0])}" cy="{_num(start[1])}" r="5" fill="{_INK}"/>',
        *edges,
    ]
    for state in State:
        svg += _box(state, boxes[state], lines[state])
    if note is not None:
        svg.append(_rounded(note, 4, f'fill="#fff8dc" stroke="{_MUTED}" stroke-dasharray="5 4"'))
        baseline = note.y + _PADDING
        for line in note_text:
            baseline += line.size
            svg.append(_text(note.x + _PADDING, baseline - 2, line, anchor="start"))
            baseline += _LINE_GAP
    svg += [label.svg() for label in labels]
    for i, text in enumerate(legend):
        line = _Line(text, _STATUS_SIZE, colour=_MUTED)
        svg.append(_text(_MARGIN, legend_top + i * (_STATUS_SIZE + 5), line, anchor="start"))
    svg.append("</svg>")
    return "\n".join(svg) + "\n"


def write_state_diagram(path: pathlib.Path) -> None:
    """Write the dossier state diagram to ``path`` as a standalone SVG (UTF-8, LF)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_state_diagram().encode("utf-8"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} OUT.svg")
    write_state_diagram(pathlib.Path(sys.argv[1]))
