"""The feed for apps: the members on one day, as one JSON document a web widget reads as is.

Each member carries its names in every language the data holds, the stages it held on the
day with the event that reached each one, and the sources behind that event; the document
names the dataset version, the package version and the cut-off. Its JSON Schema is
``feed.schema.json`` (``export(fmt="schema")``, and ``docs/schema`` in the repository).
"""

# No `from __future__ import annotations`: pydantic reads the fields' annotations (as in
# _models).

__all__ = ["Feed", "FeedMember", "FeedSource", "FeedStage", "FeedStages", "feed"]

import datetime as dt
from typing import Any, Final, Literal, get_args

from pydantic import Field

from ._dataset import Dataset
from ._dates import DateLike, Precision, to_date
from ._errors import ArgumentTypeError
from ._loading import bundled_dataset
from ._membership import STAGES, stage_openers
from ._models import (
    Alpha3,
    CalVer,
    Event,
    HttpsUrl,
    LocalNames,
    Party,
    PartyCode,
    RecordId,
    Source,
    SourceKind,
    Stage,
    Text,
    _Record,
)
from ._version import package_version

MembershipKind = Literal["announced", "signed", "ratified", "entered_into_force"]
"""The event kinds that reach a stage."""

_KINDS: Final[dict[str, MembershipKind]] = {kind: kind for kind in get_args(MembershipKind)}


class FeedSource(_Record):
    """A source behind a stage: what a widget needs to cite and link it."""

    id: RecordId = Field(description="The source's id in the dataset.")
    title: Text = Field(description="The page's own headline, exactly as the page shows it.")
    publisher: Text = Field(description="Who published the page (outlet, agency or government).")
    published: dt.date | None = Field(
        description="Publication date as the page shows it, or null when it shows none."
    )
    url: HttpsUrl = Field(description="The https address of the page.")
    archived_url: HttpsUrl | None = Field(
        description="An https address of an archived copy, or null where none is known."
    )
    kind: SourceKind = Field(
        description="official, news, scholarly, reference, or mirror (a copy on another host)."
    )
    host: Text | None = Field(
        description=(
            "For a mirror: the site that carries the copy (publisher names the original "
            "publisher); null for any other kind."
        )
    )


class FeedStage(_Record):
    """A stage a member held on the feed's day, and the event that reached it.

    A stage is reached by an event of that stage or of a later one (a signature with no
    announcement before it reaches ``announced`` too); ``kind`` says which.
    """

    since: dt.date = Field(
        description=(
            "The day from which the stage counts: the event's date, or the last day of "
            "its month or year when only that is known."
        )
    )
    event: RecordId = Field(description="Id of the event that reached the stage.")
    kind: MembershipKind = Field(description="The kind of that event.")
    date: dt.date = Field(
        description=(
            "The event's date as recorded: the first day of its month or year when "
            "precision is month or year."
        )
    )
    precision: Precision = Field(description="day, month or year: how precisely it is known.")
    summary: Text = Field(description="One sentence on the event, in the project's own words.")
    sources: tuple[FeedSource, ...] = Field(
        min_length=1, description="The sources that state the event, in the order it cites them."
    )


class FeedStages(_Record):
    """Each membership stage, earliest first: how the member reached it, or null if it has not.

    Only the stages held on the feed's day; after a withdrawal and a return, those of the
    membership in force.
    """

    announced: FeedStage = Field(description="Announced: when the member joined.")
    signed: FeedStage | None = Field(description="Signed, or null.")
    ratified: FeedStage | None = Field(description="Ratified, or null.")
    in_force: FeedStage | None = Field(description="Entered into force, or null.")


class FeedMember(_Record):
    """A party that was a member on the feed's day (it had announced, and not withdrawn)."""

    code: PartyCode = Field(
        description="ISO 3166-1 alpha-2 code, or a documented user-assigned code (iso false)."
    )
    iso: bool = Field(description="False for an entity without an ISO 3166-1 code.")
    alpha3: Alpha3 | None = Field(
        description="ISO 3166-1 alpha-3 code (null for non-ISO entities)."
    )
    ccode: int | None = Field(
        ge=1,
        le=999,
        description="Correlates of War state number, or null outside the COW state system.",
    )
    name: Text = Field(description="English short name.")
    names: LocalNames = Field(
        description=(
            "The short name in other languages, by ISO 639-1 code (ar, he, fr, ...); a "
            "language missing here falls back to name."
        )
    )
    stage: Stage = Field(description="The highest stage held on the day.")
    stages: FeedStages = Field(description="How and when it reached each stage it held.")


class Feed(_Record):
    """The members of the Abraham Accords on one day, for apps (``abraham_accords.feed``).

    Members are ordered by the day they joined (announced), then by code. A day after the
    cut-off is answered from what was known by the cut-off (``after_cutoff`` is true).
    """

    data_version: CalVer = Field(description="The dataset version (CalVer YYYY.MM.DD).")
    package_version: str = Field(
        description="Version of the abraham-accords package that wrote the feed."
    )
    cutoff: dt.date = Field(
        description="Last day up to which the data was checked against sources."
    )
    date: dt.date = Field(description="The day the feed describes.")
    after_cutoff: bool = Field(
        description=(
            "True when date is after cutoff: days that were never checked, so a stage "
            "reached in them may be missing."
        )
    )
    license: Literal["CC-BY-4.0"] = Field(
        description="Licence of the data: credit the abraham-accords dataset where it is shown."
    )
    members: tuple[FeedMember, ...] = Field(
        description="The members on the day (empty before the first announcement)."
    )


def _source(source: Source) -> FeedSource:
    return FeedSource(
        id=source.id,
        title=source.title,
        publisher=source.publisher,
        published=source.published,
        url=source.url,
        archived_url=source.archived_url,
        kind=source.kind,
        host=source.host,
    )


def _stage(ds: Dataset, since: dt.date, event: Event) -> FeedStage:
    return FeedStage(
        since=since,
        event=event.id,
        kind=_KINDS[event.kind],
        date=event.date,
        precision=event.precision,
        summary=event.summary,
        sources=tuple(_source(s) for s in ds.sources_for(event)),
    )


def _member(ds: Dataset, party: Party, day: dt.date) -> FeedMember:
    openers = stage_openers(ds.events(party=party, actor_only=True))
    held = {
        stage: next(
            (_stage(ds, span.start, event) for span, event in openers[stage] if day in span), None
        )
        for stage in STAGES
    }
    return FeedMember(
        code=party.code,
        iso=party.iso,
        alpha3=party.alpha3,
        ccode=party.ccode,
        name=party.name,
        names=party.names,
        stage=[stage for stage in STAGES if held[stage] is not None][-1],
        stages=FeedStages.model_validate(held),
    )


def feed(date: DateLike | None = None, *, dataset: Dataset | None = None) -> dict[str, Any]:
    """Return the feed for apps: the members on *date*, ready to serve as JSON.

    One document a web widget reads as it is: the dataset version, the package version,
    the cut-off and the day; then each member (as :func:`members_as_of` orders them) with
    its codes, its names in each language, the highest stage it held and, for each stage
    held, the day it counts from and the event that reached it, with that event's sources
    (title, publisher, date, URL). ``feed.schema.json`` (written by
    ``export(fmt="schema")``) is its JSON Schema; docs/guide.md shows a widget reading it.

    Args:
        date: the day (a ``date``, a ``datetime`` or an ISO ``YYYY-MM-DD`` string);
            default today. Before the first announcement the feed has no members; after
            the cut-off it is answered from what was known and ``after_cutoff`` is true.
        dataset: the dataset to read (default: the bundled one), e.g. a pinned release
            from :func:`load`.

    Returns:
        A dict of JSON values only (text, numbers, booleans, null, lists and dicts; dates
        as ``YYYY-MM-DD`` text): ``json.dumps`` writes it as it is.

    Raises:
        InvalidDateError: *date* is a malformed date string.
        ArgumentTypeError: *date* is not a date or a string, or *dataset* not a Dataset.

    Examples:
        >>> import abraham_accords as aa
        >>> document = aa.feed("2021-01-01")
        >>> document["date"], document["data_version"] == aa.DATA_VERSION
        ('2021-01-01', True)
        >>> [m["code"] for m in document["members"]]
        ['AE', 'IL', 'BH', 'SD', 'MA']
        >>> morocco = document["members"][-1]
        >>> morocco["names"]["fr"], morocco["stages"]["signed"]["since"]
        ('Maroc', '2020-12-22')
        >>> aa.feed("2019-12-31")["members"]
        []
    """
    if dataset is not None and not isinstance(dataset, Dataset):
        msg = f"dataset must be a Dataset, not {type(dataset).__name__}"
        raise ArgumentTypeError(msg)
    ds = bundled_dataset() if dataset is None else dataset
    day = dt.date.today() if date is None else to_date(date)  # noqa: DTZ011  (a calendar date)
    document = Feed(
        data_version=ds.data_version,
        package_version=package_version(),
        cutoff=ds.cutoff,
        date=day,
        after_cutoff=day > ds.cutoff,
        license=ds.metadata.license,
        members=tuple(_member(ds, party, day) for party in ds.members_as_of(day)),
    )
    return document.model_dump(mode="json")
