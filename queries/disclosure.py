"""Statistical disclosure control (diskretionering) for figures outside a viewer's scope.

The design, in three rules:

1. Data outside the viewer's scope is only ever read as fixed coarse *cells*
   (municipality x quarter, and for group data also x organisation x method),
   never per group or per free date range.
2. Within a cell, a count of people between 1 and threshold-1 is hidden, and so
   is any count that a visible sibling would reveal by subtraction (a part of a
   total, or a later stage of a funnel).
3. Every figure built from several cells is a function of the *visible* cells
   only: hidden cells are left out and the figure is marked as a lower bound
   (`AtLeast`). So no combination of views, filters or totals can recover a
   hidden value: nothing hidden ever enters a published figure.

Figures inside the viewer's scope are exact and never hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5


class Hidden:
    """A figure withheld by disclosure control. `cells` > 1 when several hidden cells combine."""

    __slots__ = ("threshold", "cells")

    def __init__(self, threshold: int = DEFAULT_THRESHOLD, cells: int = 1) -> None:
        self.threshold = threshold
        self.cells = cells

    def __repr__(self) -> str:
        return f"Hidden(<{self.threshold}, cells={self.cells})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hidden) and other.threshold == self.threshold

    def __hash__(self) -> int:
        return hash(("Hidden", self.threshold))


class AtLeast(int):
    """A total that leaves out hidden cells: the true value is this or more."""

    def __repr__(self) -> str:
        return f"AtLeast({int(self)})"


Figure = int | float | Hidden | None


def is_small(value: float, threshold: int) -> bool:
    return 0 < value < threshold


def hide_small(values: dict[str, float], threshold: int) -> dict[str, Figure]:
    """Hide each count between 1 and threshold-1."""
    return {k: Hidden(threshold) if is_small(v, threshold) else v for k, v in values.items()}


def hide_chain(values: dict[str, float], chain: Sequence[str], threshold: int) -> dict[str, Figure]:
    """Hide small counts in a funnel-like chain, and any stage whose gap to an earlier one is small.

    In a chain such as completed >= offered >= attended >= engaged, the gap between
    two visible stages is itself a count of people (those who dropped out), so a
    small gap hides the later stage. Repeated until nothing changes.
    """
    out: dict[str, Figure] = hide_small(values, threshold)
    changed = True
    while changed:
        changed = False
        visible = [k for k in chain if not isinstance(out[k], Hidden)]
        for i, early in enumerate(visible):
            for late in visible[i + 1 :]:
                if isinstance(out[late], Hidden):
                    continue
                if is_small(values[early] - values[late], threshold):
                    out[late] = Hidden(threshold)
                    changed = True
    return out


def hide_parts(
    values: dict[str, float], total: str, parts: Sequence[str], threshold: int
) -> dict[str, Figure]:
    """Hide small counts, and a second part when exactly one part of a visible total is hidden."""
    out: dict[str, Figure] = hide_small(values, threshold)
    hidden = [p for p in parts if isinstance(out[p], Hidden)]
    if len(hidden) == 1 and not isinstance(out[total], Hidden):
        candidates = [p for p in parts if not isinstance(out[p], Hidden) and values[p] > 0]
        if candidates:
            out[min(candidates, key=lambda p: values[p])] = Hidden(threshold)
        else:  # the other parts are zero, so the total is the hidden part itself
            out[total] = Hidden(threshold)
    return out


@dataclass
class Cell:
    """One row of cell data: its dimensions, whether it lies in scope, its counts."""

    dims: dict[str, Hashable]
    in_scope: bool
    values: dict[str, float]


def fold(
    cells: Iterable[Cell],
    key: Callable[[Cell], Hashable],
    protect: Callable[[dict[str, float]], dict[str, Figure]],
    fields: Sequence[str],
    ratios: dict[str, tuple[str, str]] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[Hashable, dict[str, Figure]]:
    """Sum cells into output rows by `key`, applying `protect` to each out-of-scope cell first.

    A field whose sum left out a hidden cell becomes `AtLeast` (or `Hidden` when no
    visible cell contributed). A ratio is computed over the cells where both of its
    counts are visible, and is None when there are none or the denominator is 0.
    """
    ratios = ratios or {}
    sums: dict[Hashable, dict[str, float]] = {}
    hidden: dict[Hashable, dict[str, int]] = {}
    seen: dict[Hashable, dict[str, int]] = {}
    ratio_parts: dict[Hashable, dict[str, list[float]]] = {}
    for cell in cells:
        k = key(cell)
        shown: dict[str, Figure] = dict(cell.values) if cell.in_scope else protect(cell.values)
        acc = sums.setdefault(k, dict.fromkeys(fields, 0.0))
        hid = hidden.setdefault(k, dict.fromkeys(fields, 0))
        cnt = seen.setdefault(k, dict.fromkeys(fields, 0))
        for f in fields:
            v = shown[f]
            if isinstance(v, Hidden):
                hid[f] += 1
            else:
                acc[f] += v or 0
                cnt[f] += 1
        rp = ratio_parts.setdefault(k, {name: [0.0, 0.0] for name in ratios})
        for name, (num, den) in ratios.items():
            if not isinstance(shown[num], Hidden) and not isinstance(shown[den], Hidden):
                rp[name][0] += shown[num] or 0
                rp[name][1] += shown[den] or 0
    out: dict[Hashable, dict[str, Figure]] = {}
    for k, acc in sums.items():
        row: dict[str, Figure] = {}
        for f in fields:
            total = acc[f]
            if hidden[k][f] == 0:
                row[f] = total
            elif seen[k][f] == 0 and hidden[k][f] == 1:
                row[f] = Hidden(threshold)
            elif total == 0:
                row[f] = Hidden(threshold, cells=hidden[k][f])
            else:
                row[f] = AtLeast(round(total))
        for name in ratios:
            num, den = ratio_parts[k][name]
            row[name] = num / den if den else None
        out[k] = row
    return out
