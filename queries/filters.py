"""The filters a viewer chooses: period, region, municipality, organisation, method.

Filters come from a URL's query string, so parsing is strict: a bad value gets
a `FilterError` that names the parameter and the value, never a silent default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from queries.models import METHODS, quarter_of

MAX_PEERS = 30  # comparison municipalities in a URL; more is no longer a peer group


class FilterError(ValueError):
    """A filter value that cannot be used: a code for translated messages, the text in Danish."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def quarter_start(q: int) -> dt.date:
    return dt.date(q // 10, (q % 10 - 1) * 3 + 1, 1)


def quarter_end(q: int) -> dt.date:
    year, n = divmod(q, 10)
    if n == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, n * 3 + 1, 1) - dt.timedelta(days=1)


def next_quarter(q: int) -> int:
    year, n = divmod(q, 10)
    return (year + 1) * 10 + 1 if n == 4 else q + 1


def quarters_between(q_from: int, q_to: int) -> list[int]:
    """Every quarter key from q_from to q_to inclusive."""
    out = []
    q = q_from
    while q <= q_to:
        out.append(q)
        q = next_quarter(q)
    return out


def quarter_label(q: int) -> str:
    return f"{q // 10} K{q % 10}"


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The four most recent complete quarters: partners report a quarter after it ends."""
    today = today or dt.date.today()
    current = quarter_of(today)
    last = current - 1 if current % 10 != 1 else (current // 10 - 1) * 10 + 4
    first = last
    for _ in range(3):
        first = first - 1 if first % 10 != 1 else (first // 10 - 1) * 10 + 4
    return quarter_start(first), quarter_end(last)


@dataclass(frozen=True)
class Filters:
    date_from: dt.date
    date_to: dt.date
    region: int | None = None
    municipality: int | None = None
    organisation: str | None = None
    method: str | None = None
    peers: tuple[int, ...] = ()  # the municipalities a manager compares with, if chosen

    @classmethod
    def default(cls) -> Filters:
        start, end = default_period()
        return cls(start, end)

    @classmethod
    def for_year(cls, year: int, **kw: object) -> Filters:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), **kw)  # type: ignore[arg-type]

    @classmethod
    def from_query(cls, query: Mapping[str, object]) -> Filters:
        """Parse URL parameters (`from`, `to`, `region`, `municipality`, `organisation`, `method`).

        Empty or missing values mean "no filter" (or the default period).
        Raises FilterError naming the parameter for anything it cannot use.
        """
        start, end = default_period()

        def text(name: str) -> str | None:
            value = query.get(name)
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            if value is None:
                return None
            value = str(value).strip()
            return value or None

        def date(name: str, default: dt.date) -> dt.date:
            raw = text(name)
            if raw is None:
                return default
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise FilterError("bad_date", f"{name}: '{raw}' er ikke en dato (ÅÅÅÅ-MM-DD)",
                                  param=name, value=raw[:40]) from None

        def code(name: str) -> int | None:
            raw = text(name)
            if raw is None:
                return None
            # ASCII digits only: "²" passes str.isdigit but not int().
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
                raise FilterError("bad_code", f"{name}: '{raw}' er ikke en gyldig kode",
                                  param=name, value=raw[:40])
            return int(raw)

        date_from, date_to = date("from", start), date("to", end)
        if date_from > date_to:
            raise FilterError("order", f"from: {date_from} ligger efter to: {date_to}",
                              value=date_from.isoformat())
        if date_from.year < 2000 or date_to.year > 2100:
            raise FilterError("range", "from/to: perioden skal ligge mellem år 2000 og 2100")
        method = text("method")
        if method is not None and method not in METHODS:
            raise FilterError("bad_method",
                              f"method: '{method[:40]}' er ikke en metode ({', '.join(METHODS)})",
                              value=method[:40])
        organisation = text("organisation")
        if organisation is not None and (
            len(organisation) > 60
            # ASCII: a short name goes into the file name of a download, an HTTP header.
            or not all((c.isascii() and c.isalnum()) or c == "-" for c in organisation)
        ):
            raise FilterError("bad_organisation",
                              f"organisation: '{organisation[:60]}' er ikke en organisation",
                              value=organisation[:60])
        peers: list[int] = []
        for raw in (text("peers") or "").split(","):
            raw = raw.strip()
            if not raw:
                continue
            if not (raw.isascii() and raw.isdigit()) or len(raw) > 4 or len(peers) >= MAX_PEERS:
                raise FilterError("bad_code", f"peers: '{raw[:40]}' er ikke en gyldig kode "
                                  f"(højst {MAX_PEERS} kommunekoder adskilt af komma)",
                                  param="peers", value=raw[:40])
            if int(raw) not in peers:
                peers.append(int(raw))
        return cls(
            date_from=date_from,
            date_to=date_to,
            region=code("region"),
            municipality=code("municipality"),
            organisation=organisation,
            method=method,
            peers=tuple(sorted(peers)),
        )

    def to_query(self) -> dict[str, str]:
        """The URL form of these filters (only the ones that are set)."""
        out = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        for key, value in asdict(self).items():
            if key == "peers":
                if value:
                    out[key] = ",".join(str(c) for c in value)
            elif key not in ("date_from", "date_to") and value is not None:
                out[key] = str(value)
        return out

    @property
    def quarter_from(self) -> int:
        return quarter_of(self.date_from)

    @property
    def quarter_to(self) -> int:
        return quarter_of(self.date_to)

    def quarters(self) -> list[int]:
        """The quarters the period touches: the coarse cells for data outside one's scope."""
        return quarters_between(self.quarter_from, self.quarter_to)
