"""`events gazetteer download`, and the import both gazetteer commands end with: GeoNames files into the user
gazetteer (the file $EVENTS_GAZETTEER names), with the line that tells the user how to use it."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import Path

import click

from events.cli.index_cache import cache_folder
from events.cli.options import one_line
from events.cli.progress import terminal_progress
from events.errors import shown
from events.version import __version__

DOWNLOADS = "downloads"  # the folder of the cache folder the downloaded files are kept in
DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"  # gazetteer.download's, without importing it
BASE_URL_ENV = "EVENTS_GEONAMES_URL"
_HOW = {"downloaded": "downloaded", "resumed": "downloaded (resumed)", "unchanged": "unchanged on the server, kept",
        "kept": "kept from an earlier download (--refresh asks the server again)"}


def gazetteer_target(out: str | None) -> Path:
    """The gazetteer file an import writes: `out`, or geonames.sqlite in the cache folder."""
    return Path(out).resolve() if out else cache_folder() / "geonames.sqlite"


def import_files(paths: Iterable[str | Path], target: Path, *, create_folder: bool) -> None:
    """Import GeoNames files into `target`; say what, and how to use it."""
    from gazetteer.userdb import import_geonames

    # a GazetteerError reaches the group, like any library error; only our own cache folder is made if missing
    stats = import_geonames(paths, target, create_folder=create_folder)
    click.echo(f"Imported {stats.files} file{'' if stats.files == 1 else 's'}: {stats.places} places, "
               f"{stats.names} names, {stats.codes} codes into {shown(str(target))}")
    use_it(target)


def use_it(target: Path) -> None:
    from gazetteer.userdb import USER_GAZETTEER_ENV

    click.echo(f"Use it with: export {USER_GAZETTEER_ENV}={shlex.quote(str(target))}")


@click.command("download")
@click.argument("countries", nargs=-1, required=True, metavar="CC...")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Gazetteer file to create or add to [default: geonames.sqlite in the cache folder].")
@click.option("--admin-codes/--no-admin-codes", default=True, show_default=True,
              help="Also fetch admin1CodesASCII.txt and admin2Codes.txt (2.5 MB, the whole world): the names of "
                   "the regions and provinces the places are in.")
@click.option("--alternate-names", is_flag=True,
              help="Also fetch alternateNamesV2.zip (about 190 MB, the whole world): names in other languages "
                   "and spellings (the country files already hold the common ones).")
@click.option("--refresh", is_flag=True,
              help="Ask the server again for files downloaded before (a file that has not changed is not sent "
                   "again).")
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True, envvar=BASE_URL_ENV, metavar="URL",
              help=f"Where the GeoNames dump files are (a mirror) [env: {BASE_URL_ENV}].")
def download(countries: tuple[str, ...], out: str | None, admin_codes: bool, alternate_names: bool, refresh: bool,
             base_url: str) -> None:
    """Download the GeoNames files of the countries given by ISO code (ML BF NE ...) into the cache folder, and
    import them as `events gazetteer import` does. Files downloaded before are kept and not fetched again."""
    from gazetteer.countries import read_country_rows
    from gazetteer.download import (
        Downloaded,
        Downloader,
        DownloadError,
        Unreachable,
        country_codes,
        file_names,
        held_by,
        note_imported,
    )
    from gazetteer.download import base_url as checked_base

    codes = country_codes(countries, read_country_rows())  # a wrong code is refused before any request
    base = checked_base(base_url)
    folder = cache_folder() / DOWNLOADS
    fetched: list[Downloaded] = []
    failed = False
    agent = f"conflict-events/{__version__} (GeoNames download)"
    with Downloader.create(base, folder, refresh=refresh, user_agent=agent,
                           progress=lambda name, total: terminal_progress(f"Downloading {name}", total)) as downloader:
        for name in file_names(codes, admin=admin_codes, alternate_names=alternate_names):
            try:
                got = downloader.fetch(name)
            except DownloadError as exc:  # the other files are still fetched and imported
                click.echo(one_line(f"Error: {exc}"), err=True)
                failed = True
                if isinstance(exc, Unreachable):  # offline: the next files would fail the same way
                    break
                continue
            fetched.append(got)
            click.echo(f"{got.name}: {_HOW[got.how]}, {got.size:,} bytes, sha256 {got.sha256}")
    if fetched:
        click.echo(f"Kept in {shown(str(folder))}")
        target = gazetteer_target(out)
        held = held_by(target, folder)
        new = [f for f in fetched if held.get(f.name) != f.sha256]
        if new:
            import_files([f.path for f in new], target, create_folder=out is None)
            note_imported(target, folder, {**held, **{f.name: f.sha256 for f in new}})
        else:  # importing them again would rewrite the gazetteer to the same content
            click.echo(f"Nothing new to import: {shown(str(target))} holds these files already")
            use_it(target)
    if failed:
        click.get_current_context().exit(1)
