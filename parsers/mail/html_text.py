"""HTML bodies to text: :func:`html_to_text` renders an HTML body with inscriptis after marking
blockquotes (quoted text, rendered as ``> `` lines), bold lines and two-column tables (rendered as
``label | answer`` pairs). The only module importing inscriptis.

The marks it leaves in the text are those :mod:`parsers.mail.body_blocks` reads.
"""

from __future__ import annotations

import html as htmllib
import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from parsers.mail.body_blocks import (
    BOLD_CLOSE,
    BOLD_OPEN,
    EMPHASIS,
    PARA_SEP,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    clean_text,
    row_line,
)

# An XHTML page's "<?xml version=... encoding=...?>" prolog (LibreOffice's XHTML export): lxml refuses
# a str that declares an encoding, and the str is already decoded, so the prolog only goes.
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml\b[^>]*\?>")


def html_to_text(html: str, max_chars: int = 2_000_000) -> str:
    """Render ``html`` as plain text; quoted blocks become ``> `` lines and form tables become
    ``label | answer`` pair markers understood by :func:`text_to_blocks`. ``""`` for empty input."""
    from inscriptis import Inscriptis
    from inscriptis.model.config import ParserConfig

    html = _XML_DECLARATION.sub("", html[:max_chars].strip())
    if not html:
        return ""
    parser = HTMLParser()  # a parser of its own: its error log tells whether it read everything
    try:
        tree = document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return _words_of(html)
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        # Elements nested deeper than libxml2 goes (256): it stops there, and whatever follows
        # (the form typed below a long quoted thread, or below markup nested by a bad editor)
        # would be lost. The words of the whole body are read instead.
        return _words_of(html)
    try:
        for bad in tree.xpath(_NOT_TEXT_PATH):
            bad.drop_tree()
        _mark_tables(tree)
        _mark_blockquotes(tree)
        _mark_bold(tree)
        text = Inscriptis(tree, ParserConfig(display_links=False, display_images=False)).get_text()
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError):
        # inscriptis or lxml choked on this markup: plain tag stripping still gives the words.
        return _words_of(html)
    return _apply_bold_marks(_apply_quote_marks(text))


_BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|div|tr|li|h[1-6]|table|blockquote|hr|pre|ul|ol|dl|dt|dd))\b[^>]*>",
                        re.I)
_CELL_TAG = re.compile(r"</?t[dh]\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_NOT_TEXT = ("script", "style", "head", "title")
"""Elements whose contents are never the sender's words: dropped from the tree, and from the
markup :func:`_words_of` reads."""
_NOT_TEXT_PATH = "|".join(f"//{name}" for name in _NOT_TEXT)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
"""Tag names' letters in lower case and nothing else (``str.lower`` lengthens some letters, "İ")."""


def _words_of(html: str) -> str:
    """The words of markup the parser could not read whole: a line break for each block element
    (a paragraph, a row, a line break; one blank line at most between them), a space between table
    cells, no other tags, the contents of script, style and head dropped, character references
    read. Linear in the length, whatever the markup."""
    kept = _without_elements(html, _NOT_TEXT)
    text = _TAG.sub("", _CELL_TAG.sub(" ", _BLOCK_TAG.sub("\n", kept)))
    lines = (" ".join(line.split()) for line in htmllib.unescape(text).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _without_elements(html: str, names: tuple[str, ...]) -> str:
    """``html`` without the elements ``names`` and their contents (one left open: to the end),
    found with ``str.find`` (a pattern with a lazy run to the closing tag read to the end once for
    each opening tag left unclosed)."""
    for name in names:
        low, out, pos = html.translate(_ASCII_LOWER), [], 0  # the same length: its places are html's
        while (start := low.find(f"<{name}", pos)) >= 0:
            after = start + len(name) + 1
            if after < len(low) and (low[after].isalnum() or low[after] in "-_:"):
                out.append(html[pos:after])  # a longer name ("<header>", "<titles>"): kept
                pos = after
                continue
            out.append(html[pos:start])
            end = low.find(f"</{name}", after)
            if end < 0:
                pos = len(html)
                break
            close = low.find(">", end)
            pos = len(html) if close < 0 else close + 1
        out.append(html[pos:])
        html = "".join(out)
    return html


def _mark_bold(tree: HtmlElement) -> None:
    """Mark short bold runs, so that a bold label followed by its answer with no separator
    ("<b>Name</b> Jo Bloggs") can be split where the bold ends."""
    for el in tree.xpath("//b|//strong"):
        text = el.text_content()
        if not text.strip() or len(text.split()) > 16:
            continue
        el.text = BOLD_OPEN + (el.text or "")
        # The closing mark ends the element's last text, not in an element of its own (which the
        # renderer would set off with spaces).
        if len(el):
            el[-1].tail = (el[-1].tail or "") + BOLD_CLOSE
        else:
            el.text += BOLD_CLOSE


_BOLD_LEAD = re.compile(f"^(\\s*{BOLD_OPEN}[^{BOLD_CLOSE}{BOLD_OPEN}]*){BOLD_CLOSE}\\s*(?=\\S)")
_NOT_MARK = f"[^{BOLD_CLOSE}{BOLD_OPEN}]"
_BOLD_LINE = re.compile(f"^\\s*{BOLD_OPEN}({_NOT_MARK}*\\S{_NOT_MARK}*){BOLD_CLOSE}"
                        "([\\s:?\\-\u2013\u2014]*)$")


def _apply_bold_marks(text: str) -> str:
    """A line that is all bold is marked as emphasised (a label's look, for
    :func:`text_to_blocks`); a bold run that starts a line and is followed by more text ends with a
    tab (a separator for label matching); every other bold mark is removed."""
    out = []
    for line in text.split("\n"):
        body = line.lstrip("> ")
        prefix = line[: len(line) - len(body)]
        whole = _BOLD_LINE.match(body)
        if whole:
            out.append(prefix + EMPHASIS + (whole.group(1) + whole.group(2)).strip())
            continue
        body = _BOLD_LEAD.sub(lambda m: m.group(1).rstrip() + "\t", body, count=1)
        out.append(prefix + body.replace(BOLD_OPEN, "").replace(BOLD_CLOSE, ""))
    return "\n".join(out)


def _mark_blockquotes(tree: HtmlElement) -> None:
    for bq in tree.iter("blockquote"):
        opening = etree.SubElement(bq, "p")
        opening.text = QUOTE_OPEN
        bq.remove(opening)
        bq.insert(0, opening)
        # Text before the blockquote's first element ("<blockquote>Hi,<br>...", as Gmail quotes)
        # would be rendered above the mark, outside the quote: it follows the mark instead.
        opening.tail, bq.text = bq.text, None
        closing = etree.SubElement(bq, "p")
        closing.text = QUOTE_CLOSE


def _apply_quote_marks(text: str) -> str:
    depth = 0
    out: list[str] = []
    for line in text.split("\n"):
        opens, closes = line.count(QUOTE_OPEN), line.count(QUOTE_CLOSE)
        stripped = line.replace(QUOTE_OPEN, "").replace(QUOTE_CLOSE, "").strip()
        if opens or closes:
            depth = max(0, depth + opens - closes)
            if stripped:
                out.append("> " * depth + stripped)
            continue
        out.append(("> " * depth + stripped) if depth and stripped else (">" * depth if depth else stripped))
    return "\n".join(out)


def _cell_text(cell: HtmlElement) -> str:
    from inscriptis import Inscriptis
    from inscriptis.model.config import ParserConfig

    text = Inscriptis(cell, ParserConfig(display_links=False)).get_text()
    paras = [p for p in re.split(r"\n\s*\n", clean_text(text).strip())]
    lines = [" ".join(ln.strip() for ln in p.split("\n") if ln.strip()) for p in paras]
    return PARA_SEP.join(p for p in lines if p)


#: Table cells one body may have rendered one by one to find a form's ``label | answer`` rows. A
#: form has a few dozen. A table that would take the count past this is not a form: each of its rows
#: becomes a paragraph of its cells' words (a data table of 200,000 cells cost 5 s of CPU rendered
#: an engine per cell, and 7 s laid out as a table).
MAX_FORM_CELLS = 2000


def _mark_tables(tree: HtmlElement) -> None:
    """Replace each innermost table whose rows hold a label cell and an answer cell by one
    pair-marked paragraph per row; other rows become plain paragraphs. Tables past
    :data:`MAX_FORM_CELLS` cells in all become plain paragraphs, a row each."""
    budget = MAX_FORM_CELLS
    for table in list(tree.iter("table")):
        if table.xpath(".//table"):
            continue
        rows = [row.xpath("./td|./th") for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]
        cells = sum(len(row) for row in rows)
        if cells > budget:
            _flatten(table, rows)
            continue
        budget -= cells
        # Each cell is rendered once: the texts decide whether the table is a form and are its pairs.
        cells_per_row = [[_cell_text(c) for c in row] for row in rows]
        if not any(sum(1 for t in cells if t) >= 2 for cells in cells_per_row):
            continue
        _replace(table, [row_line(cells) for cells in cells_per_row])


def _flatten(table: HtmlElement, rows: list[list[HtmlElement]]) -> None:
    """Replace ``table`` by one paragraph per row holding its cells' words, without laying it out."""
    lines = (" ".join(" ".join(cell.text_content().split()) for cell in row).strip() for row in rows)
    _replace(table, [line for line in lines if line])


def _replace(table: HtmlElement, paragraphs: list[str]) -> None:
    """Put a ``div`` of one ``p`` per text of ``paragraphs`` where ``table`` was."""
    replacement = etree.Element("div")
    for text in paragraphs:
        etree.SubElement(replacement, "p").text = text
    parent = table.getparent()
    if parent is not None:
        replacement.tail = table.tail
        parent.replace(table, replacement)
