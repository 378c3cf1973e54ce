# pyright: strict
"""A user's script, type-checked with mypy --strict and pyright to prove the public types.

Nothing here is asserted at run time: the point is that every line type-checks in an
editor without casts or ignores.
"""

from __future__ import annotations

import datetime as dt

import abraham_accords as aa


def summary() -> list[str]:
    """Use every part of the public API the way a user would, with precise types."""
    members: tuple[aa.Party, ...] = aa.members_as_of(dt.date(2021, 1, 1), stage="signed")
    codes: list[str] = [p.code for p in members]
    joined: dt.date | None = aa.join_date("Morocco")
    member: bool = aa.is_member("AE", "2020-09-15")
    party: aa.Party | None = aa.find_party("UAE")
    events: tuple[aa.Event, ...] = aa.events(party="SD", kind="signed")
    first: aa.Event = events[0]
    sources: tuple[aa.Source, ...] = aa.sources_for(first)
    urls: list[str] = [str(s.url) for s in sources]
    pinned: aa.Dataset = aa.load(aa.available_versions()[0])
    change: aa.DatasetDiff = aa.diff(pinned, aa.dataset())
    added: tuple[str, ...] = change.events.added
    rows: tuple[aa.PanelRow, ...] = aa.panel("2020-01-01", "2021-12-31", rule="end")
    stage: str | None = rows[0].stage
    keys: tuple[str | None, int | None, int, bool] = (
        rows[0].iso3,
        rows[0].ccode,
        rows[0].year,
        rows[0].in_force,
    )
    years: tuple[aa.PanelRow, ...] = aa.panel(2020, "2021-06", candidates=True)
    memberships: tuple[aa.MembershipRow, ...] = aa.memberships()
    signature: str | None = memberships[0].StateSignature
    many_id: str = memberships[0].manyID
    arabic: str | None = aa.get_party("المغرب").names.get("ar")
    citation: str = aa.cite("apa")
    problems: tuple[aa.Problem, ...] = aa.validate()
    try:
        aa.get_party("Atlantis")
    except aa.UnknownPartyError as error:
        suggestions: tuple[str, ...] = error.suggestions
        codes.extend(suggestions)
    return [
        *codes,
        str(joined),
        str(member),
        party.name if party else "",
        *urls,
        *added,
        str(stage),
        str(keys),
        str(len(years)),
        str(signature),
        many_id,
        str(arabic),
        citation,
        str(len(problems)),
        aa.DATA_VERSION,
        aa.__version__,
    ]
