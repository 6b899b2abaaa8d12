"""Render an `events report` HTML file in headless Chromium and save a PNG, to check it draws offline.

    .venv/bin/python scripts/screenshot_report.py REPORT.html OUT.png [--width 1400] [--height 2000]

Chromium runs with a throwaway profile and its background networking switched off; the report fetches
nothing, so the screenshot shows what an analyst sees with no connection. Needs Chromium:
`apt-get install chromium` (Debian, Ubuntu) or set CHROMIUM to the browser's path.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("Chromium is not installed. Install it with `apt-get install chromium` (Debian/Ubuntu; "
                "`chromium-browser` on older Ubuntu), or set CHROMIUM=/path/to/chromium.")
TIMEOUT_S = 120


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def chromium_command(browser: str, report: Path, out: Path, profile: str, *,
                     width: int, height: int) -> list[str]:
    return [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={out}",
            f"--window-size={width},{height}", report.resolve().as_uri()]


def screenshot(report: Path, out: Path, *, width: int = 1400, height: int = 2000) -> None:
    """Write `out`; raises RuntimeError with a readable reason when it cannot."""
    if not report.is_file():
        raise RuntimeError(f"no such report: {report}")
    browser = find_chromium()
    if browser is None:
        raise RuntimeError(INSTALL_HINT)
    out = out.resolve()
    out.unlink(missing_ok=True)  # so that a stale picture is never mistaken for this run's
    with tempfile.TemporaryDirectory(prefix="report-shot-") as profile:
        try:
            done = subprocess.run(chromium_command(browser, report, out, profile, width=width, height=height),
                                  capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"Chromium did not finish within {TIMEOUT_S} s") from exc
    if not out.is_file() or out.stat().st_size == 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"Chromium wrote no screenshot (exit {done.returncode}):\n{tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("report", type=Path, help="the HTML file `events report` wrote")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)
    try:
        screenshot(args.report, args.out, width=args.width, height=args.height)
    except RuntimeError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
