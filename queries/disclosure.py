"""Statistical disclosure control (diskretionering) for figures about others.

A restricted viewer sees their own data exactly. What they see of everybody else comes
from two rules, applied here and only here (docs/metrics.md explains them for a
data-protection officer):

1. **Rounded running totals.** Every count of people about others is kept as a *series*
   (one municipality's completions not offered aftercare, its newcomers to groups, ...)
   and published only through its running total since the first quarter, rounded into
   buckets of 2 or 3 whose boundaries come from a secret kept in the database. The
   figure for any period is the difference of two rounded running totals, so
   (a) it is within 2 of the truth, (b) the same figure always reads the same, (c) every
   figure of every period, filter and sum is a function of the rounded totals alone, so
   no subtraction, overlap or average can learn more than they say, and (d) they never
   pin down a count: every count from 1 to 4 has a neighbour (one more or one less) that
   gives exactly the same rounded totals (`tests/test_disclosure.py` checks it).
2. **At least three contributors.** Group, volunteer and hours figures about others are
   published only where they rest on at least `MIN_UNITS` groups, volunteers or paid
   coordinators in every quarter; where a municipality's cell rests on fewer, the next
   smallest cell of its region is withheld too, so the region's total minus the
   published municipalities still rests on three or more.

Published counts from 1 to threshold-1 read «<5» (`Hidden`); figures withheld by rule 2
read «..» (`Withheld`). Zero is shown only where nothing was reported at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

DEFAULT_THRESHOLD = 5
MIN_UNITS = 3
_BLOCK = 6  # running totals 1..6, 7..12, ... are cut into buckets as 2+2+2 or 3+3


class Hidden:
    """A published count about others from 1 to threshold-1: shown as «<5», never exact."""

    __slots__ = ("threshold",)

    def __init__(self, threshold: int = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold

    def __repr__(self) -> str:
        return f"Hidden(<{self.threshold})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hidden) and other.threshold == self.threshold

    def __hash__(self) -> int:
        return hash(("Hidden", self.threshold))


class Withheld:
    """A figure about others not published: it rests on fewer than three groups, volunteers
    or coordinators, or would reveal one that does. Shown as «..» with a legend."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Withheld()"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Withheld)

    def __hash__(self) -> int:
        return hash("Withheld")


WITHHELD = Withheld()
Figure = int | float | Hidden | Withheld | None


def is_marker(value: object) -> bool:
    """True for a figure that is not a number to draw or compute with."""
    return isinstance(value, Hidden | Withheld)


# ---------------------------------------------------------------- rounding


@lru_cache(maxsize=1 << 16)
def _digest(secret: bytes, series: Hashable, block: int) -> bytes:
    """A keyed hash (BLAKE2b as a MAC) of a series and a block of running totals."""
    return hashlib.blake2b(repr((series, block)).encode(), key=secret[:64],
                           digest_size=8).digest()


def bucket(secret: bytes, series: Hashable, total: int) -> tuple[int, int]:
    """The bucket (first value, width) that holds a running total; 0 is a bucket of its own.

    Buckets have width 2 or 3, so every total above 0 shares its bucket with a neighbour:
    that is what makes a count impossible to pin down from rounded totals.
    """
    if total <= 0:
        return 0, 1
    block, offset = divmod(total - 1, _BLOCK)
    first = block * _BLOCK + 1
    widths = (2, 2, 2) if _digest(secret, series, block)[0] & 1 else (3, 3)
    for width in widths:
        if offset < width:
            return first, width
        offset -= width
        first += width
    raise AssertionError("unreachable: widths add up to the block")


def rounded(secret: bytes, series: Hashable, total: int) -> int:
    """A running total as published: a value inside its bucket chosen by the secret."""
    first, width = bucket(secret, series, total)
    if width == 1:
        return first
    if width == 3:
        return first + 1
    block = (first - 1) // _BLOCK
    return first + (_digest(secret, series, block)[1 + (first - 1) % _BLOCK // 2] & 1)


def published_steps(secret: bytes, series: Hashable, values: Sequence[int],
                    before: int = 0) -> list[int]:
    """Each quarter's published count: the step between consecutive rounded running totals.

    `values` are the true counts of consecutive quarters, in order, and `before` the series'
    running total up to the first of them (0 when they start the series). The steps add
    up, over any run of quarters, to that run's published count. A period's steps need the
    quarters before it only through that total, not one rounding each.

    The same numbers as `rounded` on each running total (a test holds them equal), worked
    out inline, and only for the period: a restricted viewer's overview change rounded
    some 37,000 totals of years of history to publish a few quarters (issue 15: 60 % of
    the change for `esbjerg`).
    """
    out: list[int] = []
    append = out.append
    total = before
    shown = rounded(secret, series, before)
    block_seen = -1
    digest = b""
    for v in values:
        total += v
        if total <= 0:
            now = 0
        else:
            block, offset = divmod(total - 1, _BLOCK)
            if block != block_seen:
                digest, block_seen = _digest(secret, series, block), block
            if digest[0] & 1:  # buckets of 2, 2, 2: the secret picks one of the two values
                k = offset >> 1
                now = block * _BLOCK + 1 + 2 * k + (digest[1 + k] & 1)
            else:  # buckets of 3, 3: the middle value
                now = block * _BLOCK + (5 if offset >= 3 else 2)
        append(now - shown)
        shown = now
    return out


def rounded_stock(secret: bytes, series: Hashable, value: int) -> int:
    """A count that is not added up over time (people active on a day), as published."""
    return rounded(secret, ("stock", series), value)


# ---------------------------------------------------------------- cells and rows


@dataclass(slots=True)  # a change builds a few thousand: 30 % faster to make than with a dict
class Cell:
    """One row of cell data: its dimensions, whether it lies in the viewer's scope, and its
    values (exact inside the scope, already published outside it).

    `units` counts the groups, volunteers or coordinators behind an out-of-scope cell, for
    rule 2; None where the rule does not apply (aftercare is counted per citizen).
    `withheld` is set by `suppress`.
    """

    dims: dict[str, Hashable]
    in_scope: bool
    values: dict[str, float]
    units: int | None = None
    withheld: bool = field(default=False)


def suppress(cells: list[Cell], region_of: Callable[[int], int],
             min_units: int = MIN_UNITS) -> set[tuple[int, int]]:
    """Mark out-of-scope cells that rest on too few contributors, and their complements.

    Primary: a municipality x quarter cell with 1 to min_units-1 units. Secondary: where the
    withheld units of a region and quarter add up to fewer than min_units, the published
    cell of that region and quarter with the fewest units is withheld too, so that the
    region's total less its published municipalities still rests on enough. Returns the
    (region, quarter) pairs where no such cell exists: their totals must be withheld.
    """
    others = [c for c in cells if not c.in_scope and c.units is not None]
    for c in others:
        c.withheld = 0 < (c.units or 0) < min_units
    groups: dict[tuple[int, int], list[Cell]] = {}
    for c in others:
        key = (region_of(int(c.dims["municipality"])), int(c.dims.get("quarter", 0)))
        groups.setdefault(key, []).append(c)
    open_regions: set[tuple[int, int]] = set()
    for key, members in groups.items():
        held = sum(c.units or 0 for c in members if c.withheld)
        if 0 < held < min_units:
            candidates = [c for c in members if not c.withheld and (c.units or 0) > 0]
            if candidates:
                pick = min(candidates, key=lambda c: (c.units, c.dims["municipality"]))
                for c in members:  # the same municipality's other cells of that quarter
                    if c.dims["municipality"] == pick.dims["municipality"]:
                        c.withheld = True
            else:
                open_regions.add(key)
    return open_regions


def fold(
    cells: Iterable[Cell],
    key: Callable[[Cell], Hashable],
    fields: Sequence[str],
    ratios: dict[str, tuple[str, str]] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    complete: Callable[[Hashable, list[Cell]], bool] | None = None,
) -> dict[Hashable, dict[str, Figure]]:
    """Sum cells into output rows by `key` and mark what a viewer may not read exactly.

    A row that contains others' data shows counts from 1 to threshold-1 as `Hidden`, and
    0 only when others reported nothing at all. A row is `Withheld` when it holds a
    withheld cell and `complete(key, cells)` says it does not hold the whole complement
    (a single municipality never does; a region or the country does). Ratios are computed
    from the published sums; None when the denominator is below the threshold for others'
    data, or zero, or when the numerator reads as `Hidden`.
    """
    ratios = ratios or {}
    rows: dict[Hashable, list[Cell]] = {}
    for cell in cells:
        k = key(cell)
        members = rows.get(k)
        if members is None:
            rows[k] = [cell]
        else:
            members.append(cell)
    # Every page folds a few thousand cells a dozen times per change: the loops below
    # are written for the interpreter (locals, one field at a time).
    withheld_row = {**dict.fromkeys(fields, WITHHELD), **dict.fromkeys(ratios, WITHHELD)}
    out: dict[Hashable, dict[str, Figure]] = {}
    for k, members in rows.items():
        others = [c for c in members if not c.in_scope]
        if (others and any(c.withheld for c in others)
                and not (complete and complete(k, members))):
            out[k] = dict(withheld_row)
            continue
        sums: dict[str, float] = {}
        row: dict[str, Figure] = {}
        for f in fields:
            total = 0.0
            for c in members:
                v = c.values.get(f)
                if v:
                    total += float(v)
            sums[f] = total
            shown = int(total) if total.is_integer() else total
            if others and 0 <= shown < threshold and (shown or _reported(others, f)):
                row[f] = Hidden(threshold)
            else:
                row[f] = shown
        for name, (num, den) in ratios.items():
            floor = threshold if others else 1
            # A rate over a count that reads «<5» would print that count's rounding as if
            # exact («0,0 %» where the truth is 1 of 23): it reads «–» instead.
            small = isinstance(row.get(num), Hidden)
            row[name] = sums[num] / sums[den] if sums[den] >= floor and not small else None
        out[k] = row
    return out


def _reported(cells: list[Cell], field_name: str) -> bool:
    """Whether any of these out-of-scope cells carries a reported value for the field."""
    return any(field_name in c.values for c in cells)
