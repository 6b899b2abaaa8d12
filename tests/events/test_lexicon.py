"""Lexicons: the rule files read once per value, kept apart between values, word lists checked on reading."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from events.errors import LexiconError
from events.lexicon import Lexicons, WordList, bundled_folder


def copy_of_bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicons"
    shutil.copytree(str(bundled_folder()), folder)
    return folder


def rows(lexicons: Lexicons) -> int:
    return len(lexicons.csv("triggers.csv"))


def test_the_bundled_lexicons_are_read_from_the_package() -> None:
    lexicons = Lexicons()
    assert lexicons.csv("triggers.csv")[0]["id"].startswith("trg.")
    assert "negation" in lexicons.toml("cues.toml")


def test_a_file_is_read_once_and_what_is_built_from_it_is_kept(tmp_path: Path) -> None:
    folder = copy_of_bundled(tmp_path)
    lexicons = Lexicons(folder)
    first = lexicons.csv("triggers.csv")
    (folder / "triggers.csv").write_text("id,patterns\n", encoding="utf-8")
    assert lexicons.csv("triggers.csv") is first  # read once: an edit reaches only a new value
    assert Lexicons(folder).csv("triggers.csv") == ()
    built: list[int] = []

    def count(lex: Lexicons) -> int:
        built.append(1)
        return rows(lex)

    assert lexicons.compiled(count) == lexicons.compiled(count) == len(first)
    assert built == [1]


def test_two_values_never_share_what_they_built(tmp_path: Path) -> None:
    folder = copy_of_bundled(tmp_path)
    text = (folder / "triggers.csv").read_text(encoding="utf-8")
    (folder / "triggers.csv").write_text("\n".join(text.splitlines()[:-1]) + "\n", encoding="utf-8")
    assert Lexicons(folder).compiled(rows) == Lexicons().compiled(rows) - 1


def test_a_value_pickles_as_its_folder_and_compiles_again_where_it_lands(tmp_path: Path) -> None:
    folder = copy_of_bundled(tmp_path)
    lexicons = Lexicons(folder)
    lexicons.compiled(rows)
    copy = pickle.loads(pickle.dumps(lexicons))
    assert copy.folder == folder
    assert copy._compiled == {}  # nothing compiled travels: a worker builds its own on first use
    assert copy.compiled(rows) == lexicons.compiled(rows)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.toml", None, "lexicon missing.toml: no such file in "),
    ("cues.toml", "negation = [", "lexicon cues.toml: "),
    ("triggers.csv", "id,patterns\ntrg.x,a,b\n", "lexicon triggers.csv: row 2 has the wrong number of fields"),
])
def test_a_bad_file_is_one_error_naming_it(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    lexicons = Lexicons(tmp_path)
    with pytest.raises(LexiconError, match="^" + message.replace("(", r"\(")):
        lexicons.toml(name) if name.endswith(".toml") else lexicons.csv(name)


def test_word_lists_keep_their_ids_and_their_order(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(
        '[[list]]\nid = "x.words"\nwords = ["fired on", "shot", "a.b"]\n\n'
        "[[list]]\nid = \"x.patterns\"\npatterns = ['exchang\\w*\\s+fire', 'gunfight']\n", encoding="utf-8")
    lexicons = Lexicons(tmp_path)
    words = lexicons.word_list("x.toml", "x.words")
    assert words == WordList("x.words", ("fired on", "shot", "a.b"), regex=False)
    assert "shot" in words and list(words) == ["fired on", "shot", "a.b"]
    assert words.alternation() == r"(?:fired\ on|shot|a\.b)"
    assert lexicons.word_list("x.toml", "x.patterns").alternation() == r"(?:exchang\w*\s+fire|gunfight)"


@pytest.mark.parametrize(("content", "message"), [
    ('[[list]]\nwords = ["a"]\n', "lexicon x.toml: list 1 has no id"),
    ('[[list]]\nid = "a"\nwords = ["a"]\n[[list]]\nid = "a"\nwords = ["b"]\n',
     "lexicon x.toml: list id 'a' is used twice"),
    ('[[list]]\nid = "a"\n', "lexicon x.toml: list a needs either words or patterns"),
    ('[[list]]\nid = "a"\nwords = ["a"]\npatterns = ["b"]\n', "lexicon x.toml: list a needs either words or patterns"),
    ('[[list]]\nid = "a"\nwords = []\n', "lexicon x.toml: list a must hold non-empty strings"),
    ('[[list]]\nid = "a"\nwords = ["a", ""]\n', "lexicon x.toml: list a must hold non-empty strings"),
    ("[[list]]\nid = \"a\"\npatterns = ['(?:a']\n", "lexicon x.toml: list a: bad pattern '(?:a': "),
])
def test_a_malformed_word_list_is_one_error_naming_file_and_list(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "x.toml").write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as raised:
        Lexicons(tmp_path).word_lists("x.toml")
    assert str(raised.value).startswith(message)


def test_asking_for_a_list_the_file_lacks_names_both(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text('[[list]]\nid = "a"\nwords = ["a"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"^lexicon x.toml: no list with id 'b'$"):
        Lexicons(tmp_path).word_list("x.toml", "b")
