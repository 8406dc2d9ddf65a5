"""Atomic file output: a reader never sees a half-written file or folder."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import numbers
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from datetime import date
from pathlib import Path

# The longest file name most file systems take, in bytes, and what a staging copy's name
# (`atomic_folder`, `atomic_file`: `.NAME.xxxxxxxx.tmp`) adds to its folder's or file's.
NAME_MAX = 255
STAGING_EXTRA = len("..xxxxxxxx.tmp")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _publish(path: Path, directory: bool = False) -> None:
    """Give a temporary file or folder the permissions a plain open() would have:
    mkstemp and mkdtemp make them private to their owner."""
    path.chmod((0o777 if directory else 0o666) & ~_umask())


def output_problem(path: Path, *, folder: bool) -> str | None:
    """Why `path` cannot be written as a folder (`folder`) or a file by `atomic_folder` or
    `atomic_file`, or None. Asked before the work that makes the output, so that a long
    solve does not end in an error. Writing is tried, not judged from permissions, which
    say yes to root where the kernel says no (/proc, a read-only mount)."""
    # Its staging copy, `.NAME.xxxxxxxx.tmp`, is longer: a name within the file system's
    # limit but not by that much had failed once the work was done.
    if (size := len(os.fsencode(path.name))) + STAGING_EXTRA > NAME_MAX:
        return f"a name of {size} bytes: at most {NAME_MAX - STAGING_EXTRA} can be written here"
    if folder and path.exists() and not path.is_dir():
        return "an existing file, where a folder is to be written"
    if not folder and path.is_dir():
        return "an existing folder, where a file is to be written"
    # Where the staging folder goes: the nearest existing folder above `path`.
    above = path.absolute().parent
    while not above.exists():
        above = above.parent
    places = [above, path] if folder and path.is_dir() else [above]
    for place in places:
        if not place.is_dir():
            return f"{place} is a file, so no folder can be made in it"
        try:
            Path(tempfile.mkdtemp(prefix=".forcegen-probe.", dir=place)).rmdir()
        except FileNotFoundError:
            # Said of a folder that is there (/proc, whose kernel makes every entry):
            # "No such file or directory" had belied the sentence it ended.
            return f"nothing can be written in {place}: the folder takes no new files or folders"
        except OSError as exc:  # a permission, a read-only mount, a full disk: said as such
            return f"nothing can be written in {place}: {exc.strerror}"
    return None


def open_elsewhere(workbook: Path) -> str | None:
    """A warning's words where a spreadsheet has the workbook at `workbook` open, or None:
    what the planner has not saved there yet is not in the file read."""
    if (found := spreadsheet_lock(workbook)) is None:
        return None
    return (
        f"open in a spreadsheet ({found} beside it): what is not saved there yet is not "
        "read; save it and run this again"
    )


def spreadsheet_lock(workbook: Path) -> str | None:
    """The lock file a spreadsheet keeps beside the workbook at `workbook` while it has
    it open (Excel's `~$NAME`, a long name's first two letters replaced by it, or
    LibreOffice's `.~lock.NAME#`), or None."""
    name = workbook.name
    # Excel's owner file takes the place of a name's first two letters where its stem is
    # 8 letters or more, of its first at 7, and comes before a shorter one.
    stem = len(workbook.stem)
    excel = f"~${name[2:]}" if stem >= 8 else f"~${name[1:]}" if stem == 7 else f"~${name}"
    locks = (excel, f".~lock.{name}#")
    return next((lock for lock in locks if (workbook.parent / lock).is_file()), None)


def holds(path: Path, markers: tuple[str, ...]) -> bool:
    """Whether a path one of `markers` matches is in the folder `path`."""
    return any(next(path.glob(marker), None) for marker in markers)


def foreign_folder(path: Path, markers: tuple[str, ...], what: str) -> str | None:
    """Why `path` is no place to write a `what` folder (which holds a path one of
    `markers` matches), or None: it is a folder of other files, which writing one there
    would mix its files with, and replace any of theirs that bear the name of one it
    writes (a report.html, a scenario/ folder)."""
    # A hidden file (.DS_Store, .gitkeep) makes no folder the planner's own.
    seen = [p for p in path.iterdir() if not p.name.startswith(".")] if path.is_dir() else []
    if not seen or holds(path, markers):
        return None
    return (
        f"holds files other than a {what} folder's: writing one here would mix its files "
        f"with them and could replace some; write to a new or empty folder, or over an "
        f"earlier {what} folder"
    )


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _publish(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextmanager
def atomic_folder(path: Path, replaces: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a staging folder; on success its files move into `path` one atomic rename each.

    Nothing in `path` changes if the block fails. On success the files and folders named
    in `replaces` (what an earlier write of the same kind left, such as an older plan's
    report) go first, written anew or not; anything else already in `path` stays.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    _STAGING.add(staging)
    try:
        yield staging
        _STAGING.discard(staging)
        for item in staging.rglob("*"):
            _publish(item, item.is_dir())
        if not path.exists():
            _publish(staging, directory=True)
            os.replace(staging, path)
            return
        # Into another's staging folder (a re-plan's run), nothing is put in place yet.
        staged = any(folder == path or folder in path.parents for folder in _STAGING)
        with nullcontext() if staged else _stops_held_back(path):
            _put_in_place(staging, path, replaces)
    finally:
        _STAGING.discard(staging)
        shutil.rmtree(staging, ignore_errors=True)


def _put_in_place(staging: Path, path: Path, replaces: Iterable[str]) -> None:
    """The staged files moved into `path`, what they and `replaces` replace moved aside
    first; any step that fails (a file another program holds, on Windows a workbook
    open in Excel) moves every one back, so `path` is as it was. Deleted first, an
    earlier run had lost its tables to a workbook that could not be."""
    staged = sorted(staging.rglob("*"))
    replaced = [name for name in dict.fromkeys(replaces) if _there(path / name)]
    # A file `replaces` names, or one in a folder it names, is moved aside once.
    replaced += [
        str(relative)
        for item in staged
        if not item.is_dir()
        and str(relative := item.relative_to(staging)) not in replaced
        and relative.parts[0] not in replaced
        and _there(path / relative)
    ]
    if not replaced:
        _moved_in(staged, staging, path, [])
        return
    # Not named as staging (`.NAME.*.tmp`), which a sweep's next start takes away: where
    # a file cannot be moved back, this holds its only copy. As long a name as staging's.
    aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
    moved: list[tuple[Path, Path]] = []  # (from, to), undone last first
    try:
        for name in replaced:
            (aside / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path / name, aside / name)
            moved.append((path / name, aside / name))
        _moved_in(staged, staging, path, moved)
    except BaseException as failed:
        for source, target in reversed(moved):
            with suppress(OSError):  # what stays is said below, from where it is
                if target.is_dir() and not target.is_symlink() and source.is_dir():
                    target.rmdir()  # a folder it made, emptied already
                else:
                    os.replace(target, source)
        kept = sorted(str(p.relative_to(aside)) for p in aside.rglob("*") if not p.is_dir())
        # A new file moved back is in the staging again; one still in `path` is not.
        new = [
            str(t.relative_to(path))
            for s, t in moved
            if s.is_relative_to(staging) and not _there(s)
        ]
        if not kept:
            shutil.rmtree(aside, ignore_errors=True)
        if (kept or new) and isinstance(failed, Exception):  # a Ctrl-C stays one
            raise PartlyRestored(path, aside, failed, kept, new) from failed
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _moved_in(
    staged: list[Path], staging: Path, path: Path, moved: list[tuple[Path, Path]]
) -> None:
    """The staged files and folders moved into `path`, each move kept in `moved`."""
    for item in staged:
        target = path / item.relative_to(staging)
        if item.is_dir():
            if not target.is_dir():
                target.mkdir(parents=True)
                moved.append((item, target))
        else:
            os.replace(item, target)
            moved.append((item, target))


class PartlyRestored(OSError):
    """A folder's write that failed, and whose earlier files could not all be moved back
    (`kept` aside, named, not lost), or whose new ones could not all be taken out (`new`)."""

    def __init__(
        self, path: Path, aside: Path, failed: BaseException, kept: list[str], new: list[str]
    ) -> None:
        said = [f"{failed}"]
        if kept:
            said.append(
                f"the earlier {', '.join(kept)} could not be moved back: they are in {aside}"
            )
        if new:
            said.append(f"the new {', '.join(new)} could not be taken out of {path}")
        super().__init__("; ".join(said))
        self.path, self.aside = path, aside


def _there(path: Path) -> bool:
    return path.exists() or path.is_symlink()


# The staging folders of the folders being written (`atomic_folder`).
_STAGING: set[Path] = set()
# Folders put in place whole as a Ctrl-C or SIGTERM came, which was held back until then.
PUT_IN_PLACE_AS_STOPPED: list[Path] = []


@contextmanager
def _stops_held_back(path: Path) -> Iterator[None]:
    """Hold a Ctrl-C or SIGTERM back while the block replaces `path`'s files one by one,
    and raise it once they are all in (`path` kept in PUT_IN_PLACE_AS_STOPPED): stopped
    between the steps, an earlier run's folder had lost its old files without all of the
    new ones in. In the main thread only, where Python handles signals."""
    held = [signal.SIGINT, signal.SIGTERM]
    if threading.current_thread() is not threading.main_thread():
        held = []
    before = {number: signal.getsignal(number) for number in held}
    held = [number for number, handler in before.items() if handler != signal.SIG_IGN]
    came: list[int] = []
    for number in held:
        signal.signal(number, lambda number, _: came.append(number))
    try:
        yield
    finally:
        for number in held:
            handler = before[number]
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
    if came:
        PUT_IN_PLACE_AS_STOPPED.append(path)
        signal.raise_signal(came[0])


def safe_name(name: str) -> str:
    """`name` as a file or folder name anywhere: any character but ASCII letters, digits
    and `_.=-` written `-`."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "_.=-" else "-" for c in name)


def stamp_of(path: Path) -> Path:
    """The hidden file beside `path` that keeps the digest of `path` as forcegen wrote it."""
    return path.with_name(f".{path.name}.sha256")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(path: Path, coming: Path | None = None) -> None:
    """Record `path` as forcegen has just written it (`changed_since_written`). With
    `coming`, the file about to replace it is recorded beside the one in place: a write
    stopped between the two leaves neither taken for a planner's edit."""
    files = [path] if coming is None else [coming, path]
    digests = [_as_written(file) for file in files if file.is_file()]
    write_text_atomic(stamp_of(path), "".join(f"{digest}\n" for digest in digests))


def _as_written(path: Path) -> str:
    """The digest a stamp keeps of `path`: a CSV file's of its cells' values, so that one
    opened and saved again with the same values (CRLF line endings from a checkout,
    Excel's byte-order mark or quotes around every cell) is no edit."""
    if path.suffix.lower() != ".csv":
        return file_digest(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return values_digest(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error):
        # Not forcegen's text, or a quote never closed running a cell past the csv
        # module's limit (which raised, a traceback where a re-plan asked): an edit.
        return file_digest(path)


def changed_since_written(path: Path) -> bool:
    """Whether the file forcegen stamped at `path` was changed since (a planner's edits
    to a workbook, which a rewrite would lose). A file with no stamp, written before
    stamps were, is taken as forcegen's."""
    written = stamp_of(path)
    if not path.is_file() or not written.is_file():
        return False
    return _as_written(path) not in written.read_text().split()


def values_digest(rows: Iterable[Iterable[object]]) -> str:
    """A digest of a sheet's cell values, for telling which sheets of a workbook a
    planner changed: a whole number and a float of it alike (read back, `1.0` is `1`), a
    blank cell and an empty text alike, and the blanks closing a row or a sheet left out.
    A number is taken exactly: written to 15 significant figures, as a spreadsheet holds
    them (`excel_figure`), it reads back the same whoever saved it."""
    lines = []
    for row in rows:
        cells = [_as_kept(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(json.dumps(cells))
    while lines and lines[-1] == "[]":
        lines.pop()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _as_kept(value: object) -> str:
    if value is None or isinstance(value, bool | str):
        return "" if value is None else str(value)
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return value.isoformat() if isinstance(value, date) else str(value)


def excel_figure(value: object) -> object:
    """A number as a spreadsheet holds it, to 15 significant figures (anything else as it
    is): openpyxl saves 16 and LibreOffice 15, so a figure with more reads back otherwise
    after a save, and its sheet would seem changed."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.15g}")
    return value
