"""Only regular files inside the named directory are read or written, within a size cap."""

from __future__ import annotations

import errno
import os
import resource
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords import _files
from abraham_accords._cli import main
from abraham_accords._export import FORMATS

_SIZE_LIMIT = 64 * 1024
"""A file size limit (bytes) the EFBIG case sets for the length of one write."""


def test_validate_fix_never_writes_through_a_link(data_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("precious\n", encoding="utf-8")
    events = data_dir / "events.json"
    events.write_text(events.read_text(encoding="utf-8").replace("\n  ", "\n "), encoding="utf-8")
    (data_dir / "sources.json").unlink()
    (data_dir / "sources.json").symlink_to(outside)
    problems = aa.validate(data_dir, fix=True)
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert ("sources.json", "cannot be read: it is a symbolic link") in {
        (p.file, p.message) for p in problems
    }
    assert "\n  " in events.read_text(encoding="utf-8")  # the regular file was fixed


def test_export_never_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("precious\n", encoding="utf-8")
    target = tmp_path / "export"
    target.mkdir()
    (target / "events.csv").symlink_to(outside)
    with pytest.raises(aa.FileAccessError, match="it is a symbolic link") as caught:
        aa.export(target, fmt="csv")
    assert isinstance(caught.value, OSError)
    assert outside.read_text(encoding="utf-8") == "precious\n"


def test_a_fifo_is_refused_without_blocking(data_dir: Path) -> None:
    (data_dir / "events.json").unlink()
    os.mkfifo(data_dir / "events.json")
    problems = aa.validate(data_dir)
    assert ("events.json", "cannot be read: not a regular file") in {
        (p.file, p.message) for p in problems
    }


def test_a_device_is_refused() -> None:
    with pytest.raises(aa.FileAccessError, match="not a regular file"):
        _files.read_file(Path("/dev"), "zero")


def test_a_file_over_the_limit_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_bytes(b"[" + b" " * 100 + b"]")
    with pytest.raises(aa.FileAccessError, match="over the 50-byte limit"):
        _files.read_file(tmp_path, "big.json", limit=50)
    assert _files.read_file(tmp_path, "big.json", limit=102) == b"[" + b" " * 100 + b"]"


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "..\\x", "a\0b"])
def test_only_plain_names_inside_the_directory(tmp_path: Path, name: str) -> None:
    with pytest.raises(aa.FileAccessError, match="not a plain file name"):
        _files.read_file(tmp_path, name)
    with pytest.raises(aa.FileAccessError, match="not a plain file name"):
        _files.write_file(tmp_path, name, b"x")


def test_writes_are_atomic_and_keep_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    _files.write_file(tmp_path, "a.json", b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(aa.FileAccessError, match="No space left on device"):
        _files.write_file(tmp_path, "a.json", b"newer")
    assert target.read_bytes() == b"new"  # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no temporary left


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_new_files_get_the_mode_of_the_umask(tmp_path: Path, umask: int) -> None:
    (tmp_path / "kept.json").write_bytes(b"old")
    (tmp_path / "kept.json").chmod(0o604)
    previous = os.umask(umask)  # process-wide: set and restored around the writes only
    try:
        written = [_files.write_file(tmp_path, "new.json", b"x")]
        _files.write_file(tmp_path, "kept.json", b"new")
        for fmt in FORMATS:
            written += aa.export(tmp_path / fmt, fmt=fmt)
    finally:
        os.umask(previous)
    assert {path.name for path in written} >= {"new.json", "datapackage.json", "events.csv"}
    assert {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in written} == {
        path.name: oct(0o666 & ~umask) for path in written
    }
    assert stat.S_IMODE((tmp_path / "kept.json").stat().st_mode) == 0o604  # its own mode


def test_a_temporary_name_in_use_is_never_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / ".a.json.taken.tmp"
    taken.write_bytes(b"someone else's")
    names = iter(["taken", "free"])
    monkeypatch.setattr(_files, "_random_part", lambda: next(names))
    _files.write_file(tmp_path, "a.json", b"new")
    assert (tmp_path / "a.json").read_bytes() == b"new"
    assert taken.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.json.taken.tmp", "a.json"]
    monkeypatch.setattr(_files, "_random_part", lambda: "taken")
    with pytest.raises(aa.FileAccessError, match="no unused temporary name after 100 tries"):
        _files.write_file(tmp_path, "a.json", b"newer")
    assert (tmp_path / "a.json").read_bytes() == b"new"
    assert taken.read_bytes() == b"someone else's"


def _directory_is_a_file(tmp_path: Path) -> tuple[Path, str]:
    """A directory that is a regular file: ENOTDIR."""
    (tmp_path / "data").write_bytes(b"a file, not a folder")
    return tmp_path / "data", "a.json"


def _name_too_long(tmp_path: Path) -> tuple[Path, str]:
    """A name longer than the file system allows: ENAMETOOLONG."""
    return tmp_path, "a" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1)


def _file_size_limit(tmp_path: Path) -> tuple[Path, str]:
    """Writing past the process's file size limit: EFBIG, once the temporary file exists."""
    return tmp_path, "a.json"


@pytest.mark.parametrize(
    ("case", "code"),
    [
        (_directory_is_a_file, errno.ENOTDIR),
        (_name_too_long, errno.ENAMETOOLONG),
        (_file_size_limit, errno.EFBIG),
    ],
    ids=["directory-is-a-file", "name-too-long", "file-size-limit"],
)
def test_a_write_the_system_refuses_is_our_error_and_leaves_nothing(
    tmp_path: Path, case: Callable[[Path], tuple[Path, str]], code: int
) -> None:
    # Refusals that bind root too (CI runs as root), each at a different step of the write.
    directory, name = case(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    data = b"x" * 4 * _SIZE_LIMIT
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if code == errno.EFBIG:
        resource.setrlimit(resource.RLIMIT_FSIZE, (_SIZE_LIMIT, hard))
    try:
        with pytest.raises(aa.FileAccessError, match="cannot write") as caught:
            _files.write_file(directory, name, data)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert caught.value.reason == os.strerror(code)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary left


def test_a_read_only_directory_is_our_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        try:
            (tmp_path / "probe").touch()
        except PermissionError:
            pass
        else:
            pytest.skip(
                "this process writes into read-only directories (root or CAP_DAC_OVERRIDE); "
                "the refusals above bind it too"
            )
        with pytest.raises(aa.FileAccessError, match="cannot write") as caught:
            _files.write_file(tmp_path, "a.json", b"x")
        assert caught.value.reason == os.strerror(errno.EACCES)
        assert list(tmp_path.iterdir()) == []
    finally:
        tmp_path.chmod(0o700)


def test_an_os_error_on_write_exits_1_on_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources.csv").mkdir()
    assert main(["export", "--format", "csv", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err
    assert "not a regular file" in err
    assert "Traceback" not in err


def test_a_missing_file_is_named_and_a_long_path_shortened(tmp_path: Path) -> None:
    with pytest.raises(aa.FileAccessError) as caught:
        _files.read_file(tmp_path, "missing.json")
    path = str(tmp_path / "missing.json")
    assert str(caught.value) == f"cannot read {path!r}: No such file or directory"
    deep = tmp_path / ("a" * 100) / ("b" * 100)
    deep.mkdir(parents=True)
    with pytest.raises(aa.FileAccessError) as caught:
        _files.read_file(deep, "missing.json")
    shortened = str(deep / "missing.json")[:200]
    assert str(caught.value) == f"cannot read {shortened!r}: No such file or directory"


def test_each_file_that_cannot_be_written_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    cases = {
        "folder": "it is not a regular file",
        "link": "it is a symbolic link",
        "n" * 300: "File name too long",  # the OS refuses to look the name up
    }
    for name, reason in cases.items():
        with pytest.raises(aa.FileAccessError) as caught:
            _files.write_file(tmp_path, name, b"x")
        assert str(caught.value) == f"cannot write {str(tmp_path / name)[:200]!r}: {reason}"
        assert caught.value.reason == reason
    missing = tmp_path / "missing"
    with pytest.raises(aa.FileAccessError) as caught:
        _files.write_file(missing, "a.json", b"x")
    assert str(caught.value) == (
        f"cannot write {str(missing / 'a.json')!r}: No such file or directory"
    )
    assert not (tmp_path / "elsewhere").exists()


def _refused(directory: Path, name: str, **limit: int) -> aa.FileAccessError:
    with pytest.raises(aa.FileAccessError) as caught:
        _files.read_file(directory, name, **limit)
    return caught.value


def test_each_file_that_cannot_be_read_is_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_bytes(b"x" * 101)
    cases = [
        (_refused(Path("/dev"), "zero"), "/dev/zero", "not a regular file"),
        (
            _refused(tmp_path, "big.json", limit=50),
            str(tmp_path / "big.json"),
            "101 bytes, over the 50-byte limit",
        ),
    ]
    status = Path("/proc/self/status")  # a regular file whose size says 0: it grows as read
    if status.exists():  # pragma: no branch  (Linux)
        refused = _refused(status.parent, status.name, limit=10)
        cases.append((refused, str(status), "over the 10-byte limit"))
    for error, path, reason in cases:
        assert str(error) == f"cannot read {path!r}: {reason}"
        assert error.reason == reason


def test_an_os_error_while_reading_is_named_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.json").write_bytes(b"[]")

    class FailingDisk:
        """The os module as _files sees it, with a disk that fails on fstat."""

        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def fstat(_: int) -> os.stat_result:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(_files, "os", FailingDisk())
    error = _refused(tmp_path, "a.json")
    assert str(error) == f"cannot read {str(tmp_path / 'a.json')!r}: Input/output error"
    assert error.reason == "Input/output error"


def test_a_name_that_is_not_plain_is_quoted_short() -> None:
    name = "a/" + "b" * 100
    with pytest.raises(aa.FileAccessError) as caught:
        _files.read_file(Path(), name)
    assert str(caught.value) == f"not a plain file name: {name[:80]!r}"
    assert caught.value.reason == "not a plain file name"
