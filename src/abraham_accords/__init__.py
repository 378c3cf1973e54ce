"""A typed, versioned and fully sourced dataset of the Abraham Accords.

Examples:
    >>> import abraham_accords as aa
    >>> [p.code for p in aa.members_as_of("2021-01-01")]
    ['AE', 'IL', 'BH', 'SD', 'MA']

Importing the package is cheap: the models, the data and pycountry load on first use.
"""

from __future__ import annotations

__all__ = [
    "BASES",
    "DATA_VERSION",
    "EVENT_KINDS",
    "IMPLEMENTATION_STATUSES",
    "LEVELS",
    "PROVISION_KINDS",
    "STAGES",
    "STRENGTHS",
    "AbrahamAccordsError",
    "ArgumentTypeError",
    "Basis",
    "Bound",
    "DataIntegrityError",
    "Dataset",
    "DatasetDiff",
    "DateLike",
    "DyadRow",
    "DyadRule",
    "Event",
    "EventKind",
    "FileAccessError",
    "Frequency",
    "ImplementationRow",
    "ImplementationStatus",
    "Instrument",
    "InvalidArgumentError",
    "InvalidDateError",
    "Level",
    "MembershipRow",
    "Metadata",
    "MissingDependencyError",
    "PanelRow",
    "Party",
    "Problem",
    "Provision",
    "ProvisionKind",
    "Representation",
    "Role",
    "Rule",
    "Source",
    "SourceKind",
    "Stage",
    "Strength",
    "UnknownPartyError",
    "UnknownRecordError",
    "UnknownVersionError",
    "__version__",
    "available_versions",
    "cite",
    "dataset",
    "diff",
    "dyads",
    "events",
    "export",
    "feed",
    "find_party",
    "get_party",
    "get_record",
    "implementation",
    "instruments",
    "is_member",
    "join_date",
    "load",
    "members_as_of",
    "memberships",
    "panel",
    "parties",
    "provisions",
    "representation",
    "sources",
    "sources_for",
    "to_frame",
    "validate",
    "write_parquet",
    "write_stata",
]

import importlib

# Not `from typing import TYPE_CHECKING`: importing typing would double the cost of a bare
# `import abraham_accords`. Type checkers treat this name specially all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from ._api import (
        dataset,
        dyads,
        events,
        find_party,
        get_party,
        get_record,
        implementation,
        instruments,
        is_member,
        join_date,
        members_as_of,
        memberships,
        panel,
        parties,
        provisions,
        representation,
        sources,
        sources_for,
    )
    from ._cite import cite
    from ._dataset import Dataset
    from ._dates import Bound, DateLike
    from ._diff import DatasetDiff, diff
    from ._dyads import BASES, LEVELS, Basis, DyadRow, DyadRule, Level, Representation
    from ._errors import (
        AbrahamAccordsError,
        ArgumentTypeError,
        DataIntegrityError,
        FileAccessError,
        InvalidArgumentError,
        InvalidDateError,
        MissingDependencyError,
        Problem,
        UnknownPartyError,
        UnknownRecordError,
        UnknownVersionError,
    )
    from ._export import export
    from ._feed import feed
    from ._implementation import IMPLEMENTATION_STATUSES, ImplementationRow, ImplementationStatus
    from ._manydata import MembershipRow
    from ._membership import STAGES
    from ._models import (
        EVENT_KINDS,
        PROVISION_KINDS,
        STRENGTHS,
        Event,
        EventKind,
        Instrument,
        Metadata,
        Party,
        Provision,
        ProvisionKind,
        Role,
        Source,
        SourceKind,
        Stage,
        Strength,
    )
    from ._pandas import to_frame
    from ._panel import Frequency, PanelRow, Rule
    from ._parquet import write_parquet
    from ._releases import available_versions, load
    from ._stata import write_stata
    from ._validate import validate

    __version__: str
    DATA_VERSION: str

# Where each public name lives; imported on first access (PEP 562) so that
# ``import abraham_accords`` builds no pydantic model and reads no data.
_LAZY: Final[dict[str, str]] = {
    "AbrahamAccordsError": "._errors",
    "ArgumentTypeError": "._errors",
    "DataIntegrityError": "._errors",
    "FileAccessError": "._errors",
    "InvalidArgumentError": "._errors",
    "InvalidDateError": "._errors",
    "MissingDependencyError": "._errors",
    "Problem": "._errors",
    "UnknownPartyError": "._errors",
    "UnknownRecordError": "._errors",
    "UnknownVersionError": "._errors",
    "EVENT_KINDS": "._models",
    "PROVISION_KINDS": "._models",
    "STRENGTHS": "._models",
    "Provision": "._models",
    "ProvisionKind": "._models",
    "Strength": "._models",
    "Event": "._models",
    "Instrument": "._models",
    "Metadata": "._models",
    "Party": "._models",
    "Source": "._models",
    "EventKind": "._models",
    "Role": "._models",
    "SourceKind": "._models",
    "Stage": "._models",
    "Bound": "._dates",
    "DateLike": "._dates",
    "Frequency": "._panel",
    "Rule": "._panel",
    "DyadRule": "._dyads",
    "Level": "._dyads",
    "Basis": "._dyads",
    "STAGES": "._membership",
    "Dataset": "._dataset",
    "DatasetDiff": "._diff",
    "diff": "._diff",
    "available_versions": "._releases",
    "load": "._releases",
    "cite": "._cite",
    "validate": "._validate",
    "export": "._export",
    "feed": "._feed",
    "to_frame": "._pandas",
    "write_stata": "._stata",
    "write_parquet": "._parquet",
    "dataset": "._api",
    "events": "._api",
    "find_party": "._api",
    "get_party": "._api",
    "get_record": "._api",
    "implementation": "._api",
    "ImplementationRow": "._implementation",
    "ImplementationStatus": "._implementation",
    "IMPLEMENTATION_STATUSES": "._implementation",
    "instruments": "._api",
    "is_member": "._api",
    "join_date": "._api",
    "members_as_of": "._api",
    "memberships": "._api",
    "MembershipRow": "._manydata",
    "panel": "._api",
    "PanelRow": "._panel",
    "DyadRow": "._dyads",
    "LEVELS": "._dyads",
    "BASES": "._dyads",
    "Representation": "._dyads",
    "dyads": "._api",
    "representation": "._api",
    "parties": "._api",
    "provisions": "._api",
    "sources": "._api",
    "sources_for": "._api",
}


def __getattr__(name: str) -> object:
    if name == "__version__":
        from ._version import package_version  # noqa: PLC0415  (metadata is read on demand)

        value: object = package_version()
    elif name == "DATA_VERSION":
        from ._fingerprint import bundled_version  # noqa: PLC0415  (read on first access)

        value = bundled_version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
