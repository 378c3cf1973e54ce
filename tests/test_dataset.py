"""A Dataset is an immutable container: no stale answers through any public path."""

from __future__ import annotations

import pytest

import abraham_accords as aa


def test_a_changed_copy_answers_from_its_own_records() -> None:
    base = aa.dataset()
    kz = base.get_party("KZ")
    renamed_kz = kz.model_copy(update={"aliases": ("Qazaqstan Republic",)})
    parties = [renamed_kz if p.code == "KZ" else p for p in base.party_records]
    copy = base.replace(parties=parties)
    assert copy.get_party("Qazaqstan Republic").code == "KZ"
    assert base.find_party("Qazaqstan Republic") is None  # the original is untouched
    assert copy.members_as_of("2026-01-01")[-1] is renamed_kz
    assert base.members_as_of("2026-01-01")[-1] is kz


def test_attributes_cannot_be_set_or_deleted() -> None:
    ds = aa.dataset()
    with pytest.raises(AttributeError, match="immutable"):
        ds.party_records = ()
    with pytest.raises(AttributeError, match="immutable"):
        setattr(ds, "event_records", ())  # noqa: B010  (a read-only property, for mypy)
    with pytest.raises(AttributeError, match="immutable"):
        del ds.metadata
    with pytest.raises(AttributeError):
        ds.__dict__  # noqa: B018  (slots: there is no instance dict to edit)


@pytest.mark.parametrize(
    "name", ["validate", "dict", "json", "copy", "parse_obj", "model_copy", "model_construct"]
)
def test_no_pydantic_methods_to_confuse_with_ours(name: str) -> None:
    assert not hasattr(aa.Dataset, name)


def test_the_constructor_checks_types_and_references() -> None:
    base = aa.dataset()
    with pytest.raises(aa.ArgumentTypeError, match="metadata must be a Metadata"):
        aa.Dataset({}, (), (), (), ())  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError, match="events must hold Event records"):
        base.replace(events=base.source_records)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError, match="parties must be an iterable"):
        base.replace(parties="AE")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.DataIntegrityError, match="unknown source"):
        base.replace(sources=base.source_records[1:])


def test_equality_hash_and_repr() -> None:
    ds = aa.dataset()
    same = ds.replace()
    assert same == ds
    assert hash(same) == hash(ds)
    assert same is not ds
    assert ds != "a dataset"
    assert repr(ds).startswith(f"<Dataset {ds.data_version}: ")


def test_a_changed_copy_says_it_is_not_the_release() -> None:
    release = aa.load(aa.available_versions()[0])
    first = release.event_records[0]
    edited = release.replace(
        events=(first.model_copy(update={"summary": "Changed."}), *release.event_records[1:])
    )
    assert edited.data_version == f"{release.data_version}+dev"
    assert release.replace().data_version == release.data_version  # nothing changed
    again = edited.replace(metadata=edited.metadata.model_copy(update={"title": "T"}))
    assert again.data_version == edited.data_version  # +dev once
    named = release.replace(
        metadata=release.metadata.model_copy(update={"data_version": "2030.01.01"})
    )
    assert named.data_version == "2030.01.01"  # a version given anew is kept
