"""Write a free-text answer into a file in that file's own quoting.

One function per kind of file, each exposed to the template as a Jinja filter of the same
name by hooks/extension.py: `{{ cookiecutter.description | toml_str }}`. Answers are single
lines (the pre-generation hook refuses line breaks and control characters), but every
function escapes whatever it is given.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from markupsafe import escape

# The generated project's line length (ruff's `line-length`).
LINE_LENGTH = 100

# TOML basic strings and YAML double-quoted scalars share these escapes (JSON's).
_QUOTED_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_PYTHON_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Characters that can start markup anywhere in Markdown text (GitHub's flavour included).
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>&|~#$")
# A line starting like this would become a list item or a thematic break.
_MARKDOWN_BLOCK_START = re.compile(r"^(?:[-+=]|\d+[.)])")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"}


def _double_quoted(value: str) -> str:
    body = "".join(
        _QUOTED_ESCAPES.get(char) or (f"\\u{ord(char):04x}" if _is_control(char) else char)
        for char in value
    )
    return f'"{body}"'


def toml_str(value: str) -> str:
    """A TOML basic string: `"..."` with backslashes, quotes and controls escaped."""
    return _double_quoted(value)


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar, non-ASCII kept as it is."""
    return _double_quoted(value)


def _python_literal(value: str) -> str:
    """One literal, quoted as ruff's formatter quotes it: double quotes unless the text holds
    more double quotes than single ones.
    """
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = "".join(
        "\\" + char
        if char == quote
        else _PYTHON_ESCAPES.get(char)
        or (char if char.isprintable() or char == " " else _python_escape(char))
        for char in value
    )
    return f"{quote}{body}{quote}"


def _python_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _chunks(value: str, width: int) -> list[str]:
    """Split the text at spaces into pieces whose literals fit `width` columns."""
    pieces: list[str] = []
    current = ""
    for word in value.split(" "):
        candidate = f"{current} {word}" if current else word
        if not current or len(_python_literal(candidate)) <= width:
            current = candidate
            continue
        pieces.append(current + " ")
        current = word
    pieces.append(current)
    # A single word may still be too long: cut it by characters.
    fitted: list[str] = []
    for piece in pieces:
        while len(_python_literal(piece)) > width and len(piece) > 1:
            cut = len(piece) - 1
            while cut > 1 and len(_python_literal(piece[:cut])) > width:
                cut -= 1
            fitted.append(piece[:cut])
            piece = piece[cut:]
        fitted.append(piece)
    return fitted


def py_str(value: str, column: int = 0, indent: int = 0) -> str:
    """A Python string literal laid out as `ruff format` leaves it.

    `column` is where the literal starts when it fits on its line and `indent` the line's
    indentation. A literal that would run past the line length becomes implicitly joined
    pieces inside parentheses, one per line, which ruff keeps as they are.
    """
    literal = _python_literal(value)
    if column + len(literal) <= LINE_LENGTH:
        return literal
    inner = " " * (indent + 4)
    pieces = _chunks(value, LINE_LENGTH - len(inner))
    lines = "".join(f"{inner}{_python_literal(piece)}\n" for piece in pieces)
    return f"(\n{lines}{' ' * indent})"


def py_docstring(value: str, indent: int = 0) -> str:
    """The text of a `\"\"\"` docstring, escaped and wrapped to the line length."""
    escaped = "".join(
        "\\" + char
        if char in '\\"'
        else (char if char.isprintable() or char == " " else _python_escape(char))
        for char in value.strip()
    )
    # Room for the opening quotes on the first line and the closing ones on the last.
    lines = textwrap.wrap(
        escaped, width=LINE_LENGTH - indent - 3, break_long_words=False, break_on_hyphens=False
    )
    if len(lines) > 1:
        lines = textwrap.wrap(
            escaped, width=LINE_LENGTH - indent - 6, break_long_words=False, break_on_hyphens=False
        )
    return ("\n" + " " * indent).join(lines)


def md(value: str) -> str:
    """Markdown text that shows exactly the characters given, never markup."""
    escaped = "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in value)
    escaped = " ".join(escaped.split())  # runs of spaces would read as a line break or code
    if match := _MARKDOWN_BLOCK_START.match(escaped):
        end = match.end()
        escaped = f"{escaped[: end - 1]}\\{escaped[end - 1 :]}"
    return escaped


def dns_label(value: str) -> str:
    """A Kubernetes object name (an RFC 1123 label) from a slug: `my_service` -> `my-service`."""
    return value.replace("_", "-")


def html(value: str) -> str:
    """HTML text with `<`, `>`, `&` and both quotes escaped."""
    return str(escape(value))
