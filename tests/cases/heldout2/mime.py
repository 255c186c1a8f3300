"""Small, deterministic helpers to assemble raw RFC 5322 / MIME messages and render simple
documents (paragraphs, runs, tables) as plain text or as the HTML of several mail clients."""

from __future__ import annotations

import base64
import html
import quopri
import textwrap
from dataclasses import dataclass, field
from email.header import Header
from typing import Any

# ---------------------------------------------------------------------------------------------
# document model
# ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    color: str | None = None
    small: bool = False


@dataclass
class P:
    runs: list[Run] = field(default_factory=list)
    kind: str = "p"          # "p", "spacer", "sigsep"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def para(*parts: Any, **kw: Any) -> P:
    runs = [Run(x) if isinstance(x, str) else x for x in parts]
    return P(runs, **kw)


SPACER = P([], "spacer")


@dataclass
class Table:
    rows: list[list[list[P]]]        # row -> cells -> paragraphs
    header: bool = False


def is_spacer(b: Any) -> bool:
    return isinstance(b, P) and b.kind == "spacer"


# ---------------------------------------------------------------------------------------------
# plain-text rendering
# ---------------------------------------------------------------------------------------------

def run_text(r: Run, mode: str) -> str:
    t = r.text
    if r.href and mode == "outlook":
        target = r.href
        if target.startswith("mailto:"):
            t = f"{t}<{target}>"
        else:
            t = f"{t}<{target}>"
    elif r.href and mode == "outlook_sp":
        t = f"{t} <{r.href}>"
    if r.bold and mode == "star" and t.strip():
        lead = t[: len(t) - len(t.lstrip())]
        trail = t[len(t.rstrip()):]
        t = f"{lead}*{t.strip()}*{trail}"
    return t


def to_text(blocks: Any, mode: str = "plain") -> str:
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    for p in cell:
                        lines.append("".join(run_text(r, mode) for r in p.runs))
                lines.append("")
            continue
        if b.kind == "spacer":
            lines.append("")
        elif b.kind == "sigsep":
            lines.append("-- ")
        else:
            lines.append("".join(run_text(r, mode) for r in b.runs))
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# HTML rendering for several clients
# ---------------------------------------------------------------------------------------------

def esc(t: str) -> str:
    return html.escape(t, quote=False)


def run_html(r: Run, flavor: str) -> str:
    t = esc(r.text)
    if flavor == "outlook":
        t = t.replace("  ", " &nbsp;")
    if r.href:
        if flavor == "outlook":
            t = f'<a href="{esc(r.href)}">{t}</a>'
        else:
            t = f'<a href="{esc(r.href)}" target="_blank">{t}</a>'
    if r.italic:
        t = f"<i>{t}</i>"
    if r.bold:
        t = f"<b>{t}</b>"
    if r.color:
        t = f'<span style="color:{r.color}">{t}</span>'
    if r.small:
        t = f'<span style="font-size:8.0pt">{t}</span>'
    return t


def _p_html(p: P, flavor: str) -> str:
    inner = "".join(run_html(r, flavor) for r in p.runs)
    if flavor == "outlook":
        if p.kind == "spacer":
            return "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        if p.kind == "sigsep":
            return "<p class=MsoNormal>-- <o:p></o:p></p>"
        return f"<p class=MsoNormal><span lang=EN-GB>{inner}<o:p></o:p></span></p>"
    if flavor == "owa":
        style = ('class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, '
                 'Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);"')
        if p.kind == "spacer":
            return f"<div {style}><br></div>"
        if p.kind == "sigsep":
            return f"<div {style}>-- </div>"
        return f"<div {style}>{inner}</div>"
    if flavor in ("gmail", "apple", "iphone"):
        if p.kind == "spacer":
            return "<div><br></div>"
        if p.kind == "sigsep":
            return "<div>-- </div>"
        return f"<div>{inner}</div>"
    # generic
    if p.kind == "spacer":
        return "<p><br></p>" if flavor == "generic" else "<br>"
    if p.kind == "sigsep":
        return "<p>-- </p>"
    return f"<p>{inner}</p>"


def _table_html(t: Table, flavor: str) -> str:
    out = []
    if flavor == "outlook":
        out.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
                   "style='border-collapse:collapse;border:none'>")
    else:
        out.append('<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">')
    for ri, row in enumerate(t.rows):
        out.append("<tr>")
        for ci, cell in enumerate(row):
            width = 200 if ci == 0 else 420
            cell_html = "".join(_p_html(p, flavor) for p in cell) or (
                "<p class=MsoNormal><o:p>&nbsp;</o:p></p>" if flavor == "outlook" else "")
            if flavor == "outlook":
                style = "border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"
                if t.header and ri == 0:
                    style += ";background:#D9E2F3"
                out.append(f"<td width={width} valign=top style='width:{width * 0.75:.1f}pt;{style}'>"
                           f"{cell_html}</td>")
            else:
                tag = "th" if (t.header and ri == 0) else "td"
                out.append(f'<{tag} valign="top">{cell_html}</{tag}>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


OUTLOOK_HEAD = (
    '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w="urn:schemas-microsoft-com:office:word" '
    'xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n'
    """<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
\t{{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}}
@font-face
\t{{font-family:Aptos;}}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{margin:0cm;
\tfont-size:12.0pt;
\tfont-family:"Aptos",sans-serif;
\tmso-ligatures:standardcontextual;
\tmso-fareast-language:EN-US;}}
a:link, span.MsoHyperlink
\t{{mso-style-priority:99;
\tcolor:#467886;
\ttext-decoration:underline;}}
span.EmailStyle18
\t{{mso-style-type:personal-compose;
\tfont-family:"Aptos",sans-serif;
\tcolor:windowtext;}}
.MsoChpDefault
\t{{mso-style-type:export-only;
\tfont-size:10.0pt;
\tmso-ligatures:none;}}
@page WordSection1
\t{{size:612.0pt 792.0pt;
\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}}
div.WordSection1
\t{{page:WordSection1;}}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>
<body lang=EN-GB link="#467886" vlink="#96607D" style='word-wrap:break-word'>
<div class=WordSection1>
"""
)


def to_html(blocks: Any, flavor: str, charset: str = "utf-8", extra_after: str = "") -> str:
    """extra_after: raw HTML appended inside the body (quoted originals etc.)."""
    body = []
    for b in blocks:
        if isinstance(b, Table):
            body.append(_table_html(b, flavor))
        else:
            body.append(_p_html(b, flavor))
    inner = "\n".join(body)
    if flavor == "outlook":
        return (
            OUTLOOK_HEAD.format(charset=charset) + inner + "\n" + extra_after + "\n</div>\n</body>\n</html>\n"
        )
    if flavor == "gmail":
        return f'<div dir="ltr">{inner}</div>{extra_after}\n'
    if flavor == "apple":
        return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
                '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: '
                f'after-white-space;">{inner}{extra_after}</body></html>\n')
    if flavor == "owa":
        return ('<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\n'
                f'</head>\n<body dir="ltr">\n{inner}\n{extra_after}</body>\n</html>\n')
    if flavor == "iphone":
        return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
                f'<body dir="auto">{inner}{extra_after}</body></html>\n')
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
            f"{inner}\n{extra_after}</body></html>\n")


# ---------------------------------------------------------------------------------------------
# MIME assembly
# ---------------------------------------------------------------------------------------------

@dataclass
class Ent:
    headers: list[tuple[str, str]]
    body: bytes

    def to_bytes(self) -> bytes:
        head = "".join(f"{k}: {v}\n" for k, v in self.headers)
        return head.encode("ascii") + b"\n" + self.body


def qp(data: bytes) -> bytes:
    out = quopri.encodestring(data)
    return out


def b64(data: bytes) -> bytes:
    enc = base64.b64encode(data).decode("ascii")
    return ("\n".join(enc[i:i + 76] for i in range(0, len(enc), 76)) + "\n").encode("ascii")


_TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-"})


def encode_text(text: str, charset: str, cte: str) -> bytes:
    if charset in ("iso-8859-1", "us-ascii") and "<html" not in text[:200].lower():
        text = text.translate(_TYPO)   # a Latin-1 client types straight quotes and hyphens
        data = text.encode(charset)    # must be representable: the generator picks such content
    else:
        data = text.encode(charset, "xmlcharrefreplace" if charset != "utf-8" else "strict")
    if cte == "quoted-printable":
        return qp(data)
    if cte == "base64":
        return b64(data)
    return data


def text_ent(text: str, subtype: str = "plain", charset: str = "utf-8", cte: str = "quoted-printable",
             params: str = "", extra: list[tuple[str, str]] | None = None) -> Ent:
    cs = f'"{charset}"' if charset in ("us-ascii",) else charset
    ctype = f"text/{subtype}; charset={cs}{params}"
    hdrs = [("Content-Type", ctype), ("Content-Transfer-Encoding", cte)] + list(extra or [])
    return Ent(hdrs, encode_text(text, charset, cte))


def file_ent(data: bytes, ctype: str, filename: str, disposition: str = "attachment",
             extra: list[tuple[str, str]] | None = None) -> Ent:
    fn = encode_filename(filename)
    hdrs = [("Content-Type", f"{ctype}; {fn[0]}"),
            ("Content-Disposition", f"{disposition}; {fn[1]}"),
            ("Content-Transfer-Encoding", "base64")] + list(extra or [])
    return Ent(hdrs, b64(data))


def encode_filename(name: str) -> tuple[str, str]:
    try:
        name.encode("ascii")
        return f'name="{name}"', f'filename="{name}"'
    except UnicodeEncodeError:
        from urllib.parse import quote
        q = quote(name.encode("utf-8"))
        enc = Header(name, "utf-8").encode()
        return f'name="{enc}"', f"filename*=utf-8''{q}"


def mp_ent(subtype: str, parts: list[Ent], boundary: str, params: str = "",
           preamble: str = "") -> Ent:
    chunks = []
    if preamble:
        chunks.append(preamble.encode("ascii") + b"\n")
    for p in parts:
        chunks.append(f"--{boundary}\n".encode("ascii"))
        body = p.to_bytes()
        if not body.endswith(b"\n"):
            body += b"\n"
        chunks.append(body)
        chunks.append(b"\n")
    chunks.append(f"--{boundary}--\n".encode("ascii"))
    return Ent([("Content-Type", f'multipart/{subtype}; boundary="{boundary}"{params}')], b"".join(chunks))


def rfc822_ent(msg: bytes, extra: list[tuple[str, str]] | None = None) -> Ent:
    return Ent([("Content-Type", "message/rfc822")] + list(extra or []), msg)


def message(top: list[tuple[str, str]], ent: Ent) -> bytes:
    return Ent(top + ent.headers, ent.body).to_bytes()


def hdr_text(s: str) -> str:
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return Header(s, "utf-8", maxlinelen=998).encode()


def addr(name: str | None, email: str) -> str:
    if not name:
        return email
    try:
        name.encode("ascii")
        if any(c in name for c in ',.;:()<>@"\'[]'):
            return '"' + name.replace('"', '\\"') + f'" <{email}>'
        return f"{name} <{email}>"
    except UnicodeEncodeError:
        return Header(name, "utf-8", maxlinelen=998).encode() + f" <{email}>"


# ---------------------------------------------------------------------------------------------
# text wrapping
# ---------------------------------------------------------------------------------------------

def _stuff(line: str) -> str:
    return " " + line if line.startswith((" ", ">", "From ")) else line


def flowed(text: str, width: int = 72) -> str:
    """RFC 3676 format=flowed (delsp=no): soft breaks leave a trailing space."""
    out = []
    for line in text.split("\n"):
        if line == "-- ":
            out.append(line)
            continue
        prefix = ""
        rest = line
        if line.startswith(">"):
            i = 0
            while i < len(line) and line[i] == ">":
                i += 1
            prefix = line[:i]
            rest = line[i:]
            if rest.startswith(" "):
                prefix += " "
                rest = rest[1:]
        rest = rest.rstrip(" ")
        avail = width - len(prefix)
        if len(rest) <= avail:
            out.append(prefix + rest if prefix else _stuff(rest))
            continue
        words = rest.split(" ")
        cur = ""
        segs = []
        for w in words:
            if cur and len(cur) + 1 + len(w) > avail:
                segs.append(cur + " ")
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        segs.append(cur)
        for s in segs:
            out.append(prefix + s if prefix else _stuff(s))
    return "\n".join(out)


def hardwrap(text: str, width: int = 72) -> str:
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)
