"""Horizontal bar charts of the rate per 1,000 of each group at a stage, as SVG geometry (no
JavaScript, no inline styles: the content security policy allows neither). The table below each
chart holds the same numbers; a hidden (suppressed) figure has no bar."""

from dataclasses import dataclass

from conduct.fairness import rates

WIDTH, ROW, LABEL, VALUE_SPACE, TOP = 640, 26, 120, 150, 4


@dataclass(frozen=True)
class Geometry:
    width: int = WIDTH
    label_x: int = LABEL - 8
    bar_x: int = LABEL


GEOMETRY = Geometry()


@dataclass(frozen=True)
class Bar:
    cell: object
    y: float
    length: float
    text: str

    @property
    def text_x(self) -> float:
        return LABEL + self.length + 6

    @property
    def middle(self) -> float:
        return self.y + (ROW - 8) / 2 + 4


@dataclass(frozen=True)
class Chart:
    bars: list
    height: int


def bars(cells) -> Chart:
    usable = WIDTH - LABEL - VALUE_SPACE
    top = max((c.per_thousand or 0 for c in cells), default=0) or 1
    laid = []
    for i, cell in enumerate(cells):
        value = cell.per_thousand
        if cell.hidden:
            text = f"fewer than {rates.SUPPRESSION_THRESHOLD}: not shown"
        elif value is None:
            text = "no workforce recorded"
        else:
            text = f"{value:.1f} per 1,000 ({cell.count})"
        laid.append(Bar(cell, TOP + i * ROW, usable * (value or 0) / top, text))
    return Chart(laid, TOP + len(cells) * ROW + 4)
