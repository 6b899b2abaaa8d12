"""Feed import throughput: a feed of N articles served on 127.0.0.1, each item fetched, its main text
extracted, then extracted into events and stored; then the same feed again (answered 304).

    .venv/bin/python scripts/bench_feed_import.py [N]     (default 1000)

The articles are generated sentences (no real text); the politeness delay is off, as every request goes
to the same loopback host.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from events.ingest.sources import Source, run_sources

PLACES = ("Gao", "Mopti", "Kidal", "Aleppo", "Homs", "Idlib", "Goma", "Bunia", "Maiduguri", "Kharkiv")
ACTS = ("Gunmen attacked a village near {p} on Monday, killing {n} civilians, local officials said.",
        "Soldiers clashed with militants outside {p} overnight; {n} fighters were killed, the army said.",
        "Hundreds of students protested in {p} on Tuesday against rising fuel prices.",
        "A roadside bomb exploded near {p}, wounding {n} people, police said.")


def article(i: int) -> bytes:
    p, n = PLACES[i % len(PLACES)], 2 + i % 17
    body = " ".join(f"<p>{ACTS[(i + k) % len(ACTS)].format(p=p, n=n + k)}</p>" for k in range(4))
    return (f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>{body}"
            f"</article></body></html>").encode()


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body in two writes wait 40 ms for a delayed ACK

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/rss":
                items = "".join(f"<item><title>Report {i}</title><link>{base}/a/{i}</link></item>"
                                for i in range(count))
                body = f'<rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'.encode()
            else:
                body = article(int(self.path.rsplit("/", 1)[1]))
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from events.pipeline import Pipeline

    pipeline = Pipeline.default()
    feed = Source("bench", "feed", (base + "/rss",), options={"politeness": 0.0, "max_items": count})
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("first run", "again (304)"):
            t0 = time.perf_counter()
            run, = run_sources(Path(tmp) / "bench.duckdb", [feed], now=lambda: datetime.now(timezone.utc),
                               pipeline=pipeline)
            elapsed = time.perf_counter() - t0
            print(f"{label}: {run.seen} articles ({run.new} new, {run.failed} failed) in {elapsed:.2f} s: "
                  f"{run.seen / elapsed if run.seen else 0:,.0f} articles/s")
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
