"""The ``aims-docs publish`` and ``aims-docs verify`` commands.

``publish`` exits 0 when the release is published, 1 when it is rejected because
of findings or a failed build, and 130 when interrupted. It exits 2 on usage
errors, such as a version that is already published without ``--force`` or
uncommitted changes without ``--allow-dirty``. In every case
but 0 the site is unchanged.
``verify`` exits 0 when every file of a release matches its manifest and the
manifest matches its recorded digests, 1 when any file was changed, added or
removed or a digest differs, and 2 when the manifest or ``versions.json`` cannot
be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from pathlib import Path
from typing import Any

from aims_docs import manifest
from aims_docs.cli import UsageError
from aims_docs.model import parse_date
from aims_docs.project import ProjectError, find_project, newest_tag
from aims_docs.publish import EXIT_USAGE, PublishError, PublishRequest, publish
from aims_docs.site import VERSION_PATTERN, SiteError, verify_release
from aims_docs.text import plural

#: Exit status after Ctrl+C, as shells report a process ended by SIGINT.
EXIT_INTERRUPTED = 130


def register(subparsers: Any) -> None:
    """Add the ``publish`` and ``verify`` subcommands."""
    parser = subparsers.add_parser(
        "publish",
        help="build a release of the manual into its own folder of the site",
        description="Build the manual as release VERSION into the folder VERSION "
        "of the site, with its PDF and manifest, and update versions.json and "
        "index.html of the site. Exit status: 0 published, 1 rejected (findings or "
        "a failed build), 2 usage error (such as uncommitted changes without "
        "--allow-dirty), 130 interrupted; the site is unchanged "
        "unless the status is 0.",
    )
    parser.add_argument(
        "--version",
        dest="release_version",
        metavar="VERSION",
        help="release version, such as 1.0 (default: the newest git tag on the "
        "current commit)",
    )
    parser.add_argument(
        "--project",
        metavar="DIR",
        type=Path,
        default=Path("."),
        help="folder of conf.py (default: the current folder)",
    )
    parser.add_argument(
        "--site",
        metavar="DIR",
        type=Path,
        default=Path("site"),
        help="folder that contains every release (default: site)",
    )
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="date review status is computed against, as YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--allow-findings",
        action="store_true",
        help="publish even with gate findings, listing them on the start page",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the release VERSION if it is already published",
    )
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="publish even with uncommitted changes in the working tree, marking "
        "the release as built from uncommitted changes",
    )
    parser.add_argument(
        "--no-pdf", dest="pdf", action="store_false", help="skip the PDF"
    )
    parser.set_defaults(handler=run_publish)

    verify_parser = subparsers.add_parser(
        "verify",
        help="check a published release against its SHA256SUMS",
        description="Compare every file of a release folder with its SHA256SUMS, "
        "and the SHA-256 of SHA256SUMS with the digest in the site's versions.json "
        "and with --expected-digest. Exit status: 0 all match, 1 a file was "
        "changed, added or removed, or a digest differs, 2 the folder has no "
        "readable manifest or versions.json is invalid.",
    )
    verify_parser.add_argument(
        "release", type=Path, help="release folder, such as site/1.0"
    )
    verify_parser.add_argument(
        "--expected-digest",
        metavar="HEX",
        type=_sha256_hex,
        help="SHA-256 of the release's SHA256SUMS as printed by 'aims-docs "
        "publish', kept outside the site; SHA256SUMS must match it",
    )
    verify_parser.set_defaults(handler=run_verify)


_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def _sha256_hex(value: str) -> str:
    if not _SHA256_HEX.match(value):
        raise argparse.ArgumentTypeError(
            f"invalid SHA-256 digest {value!r}: expected 64 hexadecimal digits"
        )
    return value.lower()


def _request(args: argparse.Namespace) -> PublishRequest:
    try:
        project = find_project(args.project)
        version = args.release_version or newest_tag(project.confdir)
    except ProjectError as error:
        raise UsageError(str(error)) from None
    if not VERSION_PATTERN.match(version):
        raise UsageError(
            f"invalid version {version!r}: it names a folder and URL, so use letters, "
            "digits, '.', '_', '+' and '-' only, such as 1.0 (pass --version)"
        )
    as_of = dt.date.today()
    if args.as_of:
        parsed = parse_date(args.as_of)
        if parsed is None:
            raise UsageError(
                f"--as-of: invalid date {args.as_of!r}; write it as YYYY-MM-DD"
            )
        as_of = parsed
    site = args.site.resolve()
    if site.is_relative_to(project.srcdir):
        raise UsageError(
            f"the site folder {site} is inside the source folder {project.srcdir}, "
            "where Sphinx reads pages; choose another --site"
        )
    if site.exists() and not site.is_dir():
        raise UsageError(f"the site folder {site} is a file; choose another --site")
    return PublishRequest(
        project,
        site,
        version,
        as_of,
        allow_findings=args.allow_findings,
        force=args.force,
        pdf=args.pdf,
        allow_dirty=args.allow_dirty,
    )


def run_publish(args: argparse.Namespace) -> int:
    """Publish one release and print where it went."""
    logging.basicConfig(format="aims-docs publish: %(message)s", level=logging.INFO)
    request = _request(args)
    try:
        result = publish(request)
    except PublishError as error:
        if error.status == EXIT_USAGE:
            raise UsageError(str(error)) from None
        print(f"aims-docs publish: rejected: {error}", file=sys.stderr)
        return error.status
    except OSError as error:
        print(f"aims-docs publish: failed: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("aims-docs publish: interrupted; the site is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    record = result.release
    action = "replaced" if result.replaced else "published"
    print(
        f"{action} release {record['version']} in {result.folder} "
        f"(as of {record['as_of']}, {plural(record['objects'], 'object')}, "
        f"{plural(record['findings'], 'finding')})"
    )
    print(
        f"SHA-256 of {result.folder / manifest.SUMS_FILE}: {result.manifest_digest}\n"
        "Keep this digest outside the site, such as in the message of an annotated "
        "git tag or in the CI log, and check the release against it with:\n"
        f"  aims-docs verify {result.folder} --expected-digest {result.manifest_digest}"
    )
    return 0


def _print_digest_check(folder: Path, check: manifest.DigestCheck) -> None:
    sums = folder / manifest.SUMS_FILE
    if check.expected is None:
        print(f"{sums}: {check.source} records no SHA-256 for {folder.name}")
    elif check.ok:
        print(f"{sums}: SHA-256 matches {check.source}")
    else:
        print(
            f"mismatch: {sums} has SHA-256 {check.actual}, but {check.source} "
            f"records {check.expected}; SHA256SUMS was changed after publishing, "
            f"or {check.source} was"
        )


def run_verify(args: argparse.Namespace) -> int:
    """Check one release folder against its manifest and name each difference."""
    folder: Path = args.release
    try:
        result = verify_release(folder, args.expected_digest)
    except (manifest.ManifestError, SiteError) as error:
        raise UsageError(str(error)) from None
    for label, names in (
        ("changed", result.changed),
        ("added", result.added),
        ("removed", result.removed),
    ):
        for name in names:
            print(f"{label}: {folder / name}")
    if result.files_ok:
        print(
            f"{folder}: {plural(result.checked, 'file')} checked, all match "
            f"{manifest.SUMS_FILE}"
        )
    else:
        problems = len(result.changed) + len(result.added) + len(result.removed)
        differ = plural(problems, "file differs", "files differ")
        print(f"{folder}: {differ} from {manifest.SUMS_FILE}")
    for check in result.digests:
        _print_digest_check(folder, check)
    if not any(check.expected for check in result.digests):
        print(
            f"note: {manifest.SUMS_FILE} itself was compared with no recorded "
            "digest, so a file changed together with its line in it goes "
            "unnoticed; pass --expected-digest"
        )
    return 0 if result.ok else 1
