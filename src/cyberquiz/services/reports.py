"""Exam reports as files: where they go and writing them (storage only supplies the result)."""

from __future__ import annotations

from pathlib import Path

from cyberquiz.core.exam import ExamResult
from cyberquiz.services.files import check_output, write_file


def report_paths(path: Path) -> tuple[Path, Path]:
    """The Markdown and JSON files of a report asked for at ``path``.

    ``exam.md`` → (``exam.md``, ``exam.json``); ``exam.json`` → (``exam.md``, ``exam.json``);
    any other name gets both suffixes added (``exam`` → ``exam.md``, ``exam.json``).
    """
    stem = path.with_suffix("") if path.suffix.lower() in (".md", ".json") else path
    return stem.with_name(stem.name + ".md"), stem.with_name(stem.name + ".json")


def default_report_path(result: ExamResult, folder: Path | None = None) -> Path:
    """``./cyberquiz-exam-<profile>-<YYYYmmdd-HHMM>.md`` in ``folder`` (default: current dir)."""
    when = result.finished_at or result.started_at
    stamp = when.strftime("%Y%m%d-%H%M") if when else "exam"
    profile = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in result.profile)
    name = f"cyberquiz-exam-{profile + '-' if profile else ''}{stamp}.md"
    return (folder or Path.cwd()) / name


def check_report_paths(path: Path, *, force: bool = False) -> None:
    """Refuse, before an exam starts, a report path whose files could not be written.

    Raises:
        WriteRefused: see :func:`cyberquiz.services.files.check_output`.
    """
    for target in report_paths(path.expanduser()):
        check_output(target, force=force)


def write_report_files(result: ExamResult, path: Path, *, force: bool = False) -> tuple[Path, Path]:
    """Write the Markdown and JSON reports (see :func:`report_paths`); returns both paths.

    Both files are checked before either is written, so a refusal writes neither.

    Raises:
        WriteRefused: a file exists (without ``force``), is a link, a database or not a file.
        OSError: the folder cannot be written (the message names the file).
    """
    from cyberquiz.core.exam_report import report_json, report_markdown

    md_path, json_path = report_paths(path.expanduser())
    check_report_paths(path, force=force)
    write_file(md_path, report_markdown(result), force=force)
    write_file(json_path, report_json(result), force=force)
    return md_path, json_path
