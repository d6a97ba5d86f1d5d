from streamlit.testing.v1 import AppTest

from geodata.ui.text import escape_markdown


def show(message: str) -> None:
    from geodata.errors import IngestError
    from geodata.ui.feedback import show_error

    show_error(IngestError(message))


def test_error_text_shows_literally_not_as_markdown():
    hostile = "File [click](javascript:alert(1)) **bold** <b>x</b> $x$ is broken"
    at = AppTest.from_function(show, args=(hostile,)).run()
    assert not at.exception
    # the element's markdown source escapes every construct, so it renders as text
    body = at.error[0].value
    assert "\\[click\\]" in body and "\\*\\*bold\\*\\*" in body and "\\$x\\$" in body


def test_escape_round_trip_keeps_the_characters():
    text = "a_b*c[d](e)#f"
    assert escape_markdown(text).replace("\\", "") == text
