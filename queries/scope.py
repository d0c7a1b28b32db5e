"""Who may see what: the user's scope, as SQL predicates that every query must take.

A `Scope` is a required argument of every public query function. Data inside
the scope is shown in full; data outside it only as coarse cells under
disclosure control (see queries.disclosure). Example::

    scope = Scope.municipal({561})
    rows = metrics.municipality_table(session, scope, Filters.for_year(2024))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, true

from queries.models import Group, Volunteer


@dataclass(frozen=True)
class Scope:
    """A viewer's scope: the role and, for restricted roles, what they own."""

    role: str
    municipalities: frozenset[int] = field(default_factory=frozenset)
    organisation_id: int | None = None
    # Counts of people from 1 to threshold-1 outside the scope are hidden (a setting).
    threshold: int = 5

    @classmethod
    def national(cls, threshold: int = 5) -> Scope:
        return cls(role="national", threshold=threshold)

    @classmethod
    def municipal(cls, codes: set[int] | frozenset[int], threshold: int = 5) -> Scope:
        return cls(role="municipal", municipalities=frozenset(codes), threshold=threshold)

    @classmethod
    def ngo(cls, organisation_id: int, threshold: int = 5,
            municipalities: set[int] | frozenset[int] | None = None) -> Scope:
        """An NGO coordinator; with `municipalities`, only the organisation's work there (the
        two-axis scope: organisation AND municipality). It never owns municipal data."""
        return cls(role="ngo", organisation_id=organisation_id,
                   municipalities=frozenset(municipalities or ()), threshold=threshold)

    @property
    def unrestricted(self) -> bool:
        """True for national managers and administrators, who see everything unsuppressed."""
        return self.role in ("national", "admin")

    @property
    def key(self) -> str:
        """A stable text form, for cache keys and audit lines."""
        codes = ",".join(str(c) for c in sorted(self.municipalities))
        return f"{self.role}:{codes}:{self.organisation_id or ''}:{self.threshold}"

    def groups(self) -> ColumnElement[bool]:
        """SQL predicate: the groups this viewer sees in full."""
        return self.work(Group.municipality_code, Group.organisation_id)

    def volunteers(self) -> ColumnElement[bool]:
        """SQL predicate: the volunteers this viewer sees in full."""
        return self.work(Volunteer.municipality_code, Volunteer.organisation_id)

    def work(self, municipality: ColumnElement[int], organisation: ColumnElement[int]
             ) -> ColumnElement[bool]:
        """SQL predicate on any rows of an organisation's work in a municipality (groups,
        volunteers, or their summaries): the ones this viewer sees in full."""
        if self.unrestricted:
            return true()
        if self.role == "municipal":
            return municipality.in_(sorted(self.municipalities))
        if self.role == "ngo" and self.organisation_id is not None:
            own = organisation == self.organisation_id
            if self.municipalities:
                return and_(own, municipality.in_(sorted(self.municipalities)))
            return own
        return false()

    def owns_municipality(self, code: int) -> bool:
        """True when the municipality's own (municipal) data, such as aftercare, is in scope."""
        return self.unrestricted or (self.role == "municipal" and code in self.municipalities)

    def aftercare_codes(self) -> frozenset[int] | None:
        """Municipalities whose aftercare counts are in scope; None means all of them."""
        if self.unrestricted:
            return None
        return self.municipalities if self.role == "municipal" else frozenset()

    @property
    def whole_organisation(self) -> bool:
        """True for an NGO coordinator of the whole organisation (not one inside municipalities):
        only they deliver the organisation's files, which replace its rows everywhere."""
        return self.role == "ngo" and not self.municipalities
