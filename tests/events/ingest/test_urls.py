"""Which import arguments are URLs, and the order in which a mixed import reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.ingest.readers import ReadFailure
from events.ingest.urls import FetchedUrls, looks_like_url


@pytest.mark.parametrize(("argument", "url"), [
    ("https://example.org/rss", True),
    ("HTTP://example.org/", True),
    ("ftp://example.org/feed.xml", True),  # a URL, refused when fetched: never looked for as a file
    ("file:///etc/passwd", True),
    ("news/https://example.org", False),  # a path that holds a URL further on
    ("notes.jsonl", False),
    ("./http:/example.org", False),
    ("C:/news/a.txt", False),
    (Path("https://example.org"), False),  # a Path is a file by the caller's choice
])
def test_an_argument_is_a_url_when_it_starts_with_a_scheme_and_two_slashes(argument: str | Path, url: bool) -> None:
    assert looks_like_url(argument) is url


def test_documents_come_in_the_arguments_order_and_a_url_given_twice_once() -> None:
    fetched = FetchedUrls(found={"https://a.example/": [ReadFailure("https://a.example/", "HTTP 404 Not Found")]})
    read: list[list[str | Path]] = []

    def files(paths: list[str | Path]) -> list[ReadFailure]:
        read.append(paths)
        return [ReadFailure(str(p), "no such file or directory") for p in paths]

    found = fetched.documents(["x.txt", "y.txt", "https://a.example/", "z.txt", "https://a.example/"], files)
    assert [d.document for d in found if isinstance(d, ReadFailure)] == ["x.txt", "y.txt", "https://a.example/",
                                                                        "z.txt"]
    assert read == [["x.txt", "y.txt"], ["z.txt"]]
