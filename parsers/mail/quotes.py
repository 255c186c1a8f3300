"""Where a message's own words end: reply and forward headers, banners and signatures, as data.

The one home for what mail programs write above a quoted or forwarded message, in the languages
Outlook, Gmail and Apple Mail write it: the tables below are data (one row per language), the
regular expressions are built from them once. :mod:`parsers.mail.replies` reads them in ``split_body``
(the body reader of every submission), and :func:`read_parts` presents that same reader's result
as the parts ``intake extract --parts`` prints.

* ``WROTE_VERBS``: the verb of "On <date>, <name> wrote:" ("a écrit", "schrieb", "napisał", ...).
* ``ATTRIBUTION_OPENERS``: the word such a line starts with ("On", "Le", "Am", "W dniu", ...).
* ``REPLY_BANNERS`` / ``FORWARD_BANNERS``: dashed banners ("-----Original Message-----",
  "---------- Forwarded message ----------") in each language.
* ``HEADER_NAMES``: the header names of an Outlook block ("From:/Sent:/To:/Subject:") per role.
* ``MOBILE_SIGNATURES``: what phones and mail apps append ("Sent from my iPhone", "Get Outlook for iOS").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers.schema import Limits

if TYPE_CHECKING:
    from parsers.mail.mime import ParsedMessage

# language: verbs of an attribution line ("<name> wrote:").
WROTE_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("wrote", "sent", "writes"),
    "cy": ("ysgrifennodd",),
    "fr": ("a écrit", "a ecrit", "écrit"),
    "de": ("schrieb", "geschrieben", "hat geschrieben"),
    "es": ("escribió", "escribio", "escribieron"),
    "ca": ("ha escrit", "va escriure"),
    "it": ("ha scritto", "scritto"),
    "nl": ("schreef", "het volgende geschreven", "geschreven"),
    "pt": ("escreveu",),
    "da/no": ("skrev", "skreiv"),
    "sv": ("skrev",),
    "fi": ("kirjoitti",),
    "pl": ("napisał", "napisała", "napisał\\(a\\)", "pisze"),
    "cs/sk": ("napsal", "napsala", "napsal\\(a\\)", "napísal", "napísal\\(a\\)"),
    "hu": ("írta", "irta", "ezt írta"),
    "ro": ("a scris",),
    "tr": ("yazdı",),
    "id/ms": ("menulis",),
    "th": ("เขียนว่า",),
    "el": ("έγραψε",),
    "ru/uk": ("написал", "написала", "пишет", "написав", "написала\\(ла\\)", "пише"),
    "vi": ("đã viết",),
    "zh": ("写道", "寫道"),
    "ja": ("のメッセージ", "は書きました"),
    "ko": ("작성",),
    "ar": ("كتب",),
}
# language: how an attribution line begins ("On Tue, ..., Jo wrote:").
ATTRIBUTION_OPENERS: dict[str, tuple[str, ...]] = {
    "en": ("On",), "cy": ("Ar",), "fr": ("Le",), "de": ("Am",), "es": ("El",), "it": ("Il",),
    "nl": ("Op",), "pt": ("Em", "No dia"), "da/no": ("Den", "På", "D."), "sv": ("Den",),
    "fi": ("", ), "pl": ("W dniu", "Dnia"), "cs/sk": ("Dne",), "vi": ("Vào",), "zh": ("在",),
    "ar": ("في",),
}
# language: an attribution that names the writer first and ends with the date, no verb at its end
# (Apple Mail: "Wiadomość napisana przez Jo w dniu 17.01.2023, o godz. 11:09:").
ATTRIBUTION_LEADS: dict[str, tuple[str, ...]] = {
    "pl": ("Wiadomość napisana przez", "Wiadomosc napisana przez"),
}
# language: the dashed banner above a quoted original in a reply.
REPLY_BANNERS: dict[str, tuple[str, ...]] = {
    "en": ("Original Message", "Reply Message", "Original"),
    "cy": ("Neges Wreiddiol",),
    "fr": ("Message d'origine", "Message original"),
    "de": ("Ursprüngliche Nachricht", "Urspr\\u00fcngliche Nachricht", "Ursprungliche Nachricht",
           "Originalnachricht", "Antwort Nachricht"),
    "es": ("Mensaje original",),
    "it": ("Messaggio originale",),
    "nl": ("Oorspronkelijk bericht", "Origineel bericht"),
    "pt": ("Mensagem original",),
    "da": ("Oprindelig meddelelse", "Original meddelelse", "Oprindelig besked"),
    "no": ("Opprinnelig melding", "Originalmelding"),
    "sv": ("Ursprungligt meddelande", "Originalmeddelande"),
    "fi": ("Alkuperäinen viesti",),
    "pl": ("Wiadomość oryginalna", "Oryginalna wiadomość"),
    "ru": ("Исходное сообщение", "Оригинальное сообщение"),
    "cs": ("Původní zpráva",), "hu": ("Eredeti üzenet",), "tr": ("Orijinal Mesaj",),
    "el": ("Αρχικό μήνυμα",), "ja": ("元のメッセージ",), "zh": ("原始邮件", "原始郵件"),
    "ko": ("원본 메시지",),
}
# language: the banner above an inline-forwarded message.
FORWARD_BANNERS: dict[str, tuple[str, ...]] = {
    "en": ("Forwarded message", "Forwarded Message", "Begin forwarded message"),
    "cy": ("Neges wedi'i hanfon ymlaen", "Neges a anfonwyd ymlaen"),
    "fr": ("Message transféré", "Message transfere", "Début du message réexpédié"),
    "de": ("Weitergeleitete Nachricht", "Anfang der weitergeleiteten Nachricht"),
    "es": ("Mensaje reenviado", "Inicio del mensaje reenviado"),
    "it": ("Messaggio inoltrato", "Inizio messaggio inoltrato"),
    "nl": ("Doorgestuurd bericht", "Begin doorgestuurd bericht"),
    "pt": ("Mensagem encaminhada", "Início da mensagem reencaminhada"),
    "da/no": ("Videresendt meddelelse", "Videresendt melding", "Videresendt besked"),
    "sv": ("Vidarebefordrat meddelande",),
    "fi": ("Välitetty viesti",),
    "pl": ("Przekazana wiadomość", "Wiadomość przekazana dalej"),
    "ru": ("Пересылаемое сообщение", "Пересланное сообщение"),
}
# role -> header names in an Outlook/Apple header block, all languages.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "from": ("From", "Von", "De", "Da", "Van", "Fra", "Från", "Od", "Lähettäjä", "Oddi wrth", "Gan",
             "Remetente", "Afsender", "Avsändare", "Nadawca", "От", "От кого", "Від", "Từ", "Kimden",
             "Feladó", "Από", "De la", "差出人", "发件人", "寄件者", "보낸 사람", "من"),
    "date": ("Sent", "Date", "Gesendet", "Datum", "Envoyé", "Envoye", "Envoyé le", "Enviado el", "Dato",
             "Enviado em", "Enviado", "Enviada", "Inviato", "Data",
             "Verzonden", "Sendt", "Skickat", "Wysłano", "Wysłane", "Lähetetty", "Anfonwyd", "Dyddiad",
             "Fecha", "Päivämäärä", "Отправлено", "Дата", "Надіслано", "Odesláno", "Gönderildi", "Tarih",
             "Elküldve", "Dátum", "Στάλθηκε", "Ημερομηνία", "Trimis", "送信日時", "日付", "发送时间", "日期",
             "寄件日期", "보낸 날짜", "Message du", "تم الإرسال", "التاريخ"),
    "to": ("To", "An", "À", "A", "Para", "Aan", "Til", "Till", "Do", "Vastaanottaja", "At", "Kime",
           "Кому", "Adresat", "Pour", "Komu", "Címzett", "Προς", "Către", "宛先", "收件人", "收件者",
           "받는 사람", "إلى"),
    "cc": ("Cc", "Bcc", "Kopie", "CC", "Kopio", "Kopia", "Copia", "Копия", "Reply-To", "Copie à", "نسخة"),
    "subject": ("Subject", "Betreff", "Objet", "Asunto", "Oggetto", "Onderwerp", "Assunto", "Emne",
                "Ämne", "Temat", "Aihe", "Pwnc", "Testun", "Тема", "Předmět", "Konu", "Tárgy", "Θέμα",
                "Subiect", "件名", "主题", "主旨", "제목", "Sujet", "الموضوع"),
}
# What phones and mail apps append below the text (matched from the start of a line).
MOBILE_SIGNATURES: tuple[str, ...] = (
    # "Sent from my iPhone", "Sent with Sparrow (...)", "Sent wirelessly from my BlackBerry device",
    # never a sentence ("Sent from my desk, is much easier", "Sent from a magnificent torch of pixels").
    r"sent (?:from|wirelessly from) my (?!.*,)\S+(?:\s\S+){0,7}$",
    r"sent (?:from|with|via|using) (?:the )?(?:(?:outlook|mail|mailbox|mobile|samsung|yahoo|gmail|proton|"
    r"aol|sparrow|airmail|spark|blackberry|android|ios|iphone|ipad|windows|huawei|protonmail|my)\b)(?!.*,)",
    r"(?:get|download) outlook for ",
    # Carriers' and makers' lines hold commas: "Sent from my Verizon, Samsung Galaxy smartphone".
    r"sent (?:from|via) (?:my |the )?(?:verizon|samsung|t-mobile|at&t|sprint|galaxy)\b",
    r"anfonwyd o(?:'r| fy) ",  # cy
    r"envoyé (?:de|depuis|avec|sans fil par|à partir de) ",  # fr
    r"(?:obtenir|t[ée]l[ée]charger) outlook pour ",  # fr
    r"von meinem .* gesendet", r"gesendet (?:von|mit) ", r"outlook für .* (?:herunterladen|beziehen)",  # de
    r"enviado (?:desde|con|do|de) ", r"obt(?:é|e)n outlook para ", r"obtener outlook para ",  # es/pt
    r"inviato da(?:l mio)? ", r"scarica outlook per ",  # it
    r"verzonden (?:vanaf|vanuit|met|van) ", r"verstuurd vanaf ", r"outlook voor .* downloaden",  # nl
    r"baixe o outlook para ", r"enviado do meu ",  # pt
    r"sendt fra ", r"hent outlook (?:til|for) ", r"skickat från ", r"skaffa outlook för ",  # nordic
    r"lähetetty .*(?:iphone|android|puhelimesta|laitteesta)", r"hanki outlook ",  # fi
    r"wysłane z ", r"pobierz (?:aplikację )?outlook ",  # pl
    r"отправлено (?:с|из) ", r"надіслано з ", r"odesláno z ",  # ru/uk/cs
    r".{1,30}(?:dan|den) gönderildi$",  # tr
    r"(?:az? )?\S{1,30}(?:ról|ről|rol) küldve$", r"trimis de pe ", r"أُ?رسلت من ",  # hu, ro, ar
    r".{1,30}から送信$", r"outlook for \S+ を入手", r"发自我的", r"从我的.{1,20}发送$",  # ja/zh
    r"(?:sent )?(?:via|from) (?:my )?mobile$",
    # "Sent from TypeApp<http://...>", "Sent from Mail for Windows": an app's name, alone on its line.
    r"sent (?:from|with|via|using) (?-i:[A-Z][\w.+-]*)"
    r"(?:\s(?-i:[A-Z][\w.+-]*)|\s(?:for|on)\s(?-i:[A-Z]\S*)){0,3}"
    r"\s*(?:<\S+>)?$",
)


def _alternatives(table: dict[str, tuple[str, ...]]) -> str:
    words = sorted({w for row in table.values() for w in row if w}, key=len, reverse=True)
    return "|".join(w.replace(" ", r"\s+") for w in words)


_VERBS = _alternatives(WROTE_VERBS)
_OPENERS = _alternatives(ATTRIBUTION_OPENERS)
_BANNER_DASHES = r"[-_=*~\s]*"

_BANNER_OPENING = r"[-_=*]{2}[-_=*~\s]*+"
"""Two dashes or more, then dashes and spaces, taken possessively: a banner's words start with a
letter, so giving any back finds nothing, and on a line of nothing but dashes each split of the
run tried (two patterns of dashes one after the other, both of any length) made the match
quadratic (8,000 dashes: 8 s)."""
REPLY_BANNER = re.compile(rf"^{_BANNER_OPENING}(?:{_alternatives(REPLY_BANNERS)})"
                          rf"{_BANNER_DASHES}$", re.I)
"""A dashed banner above a quoted original ("-----Original Message-----",
"-----Oprindelig meddelelse-----")."""
FORWARD_BANNER = re.compile(rf"^(?:{_BANNER_OPENING})?(?:{_alternatives(FORWARD_BANNERS)})"
                            rf"(?:{_BANNER_DASHES}|\s*:\s*)$", re.I)
"""A banner above an inline-forwarded message ("---------- Forwarded message ----------",
"Begin forwarded message:")."""
_COLON = "[:\uff1a]"  # and the full-width colon of Chinese and Japanese mail
_VERB_AT_END = re.compile(rf"(?:{_VERBS})\s*$", re.I)
_AFTER_VERB = r"(?:\s+[^:]{1,80}(?:(?<=\d):(?=\d)[^:]{1,40}){0,2}|\s*\([^()]{1,80}\))?"
"""What may follow the verb before the colon: words ("wrote the following"), a date with its time
("a scris în mar., 4 mar. 2025 la 09:15:"), or a parenthesis ("ezt írta (időpont: 2025. márc. 4.):")."""
ATTRIBUTION = re.compile(
    rf"^(?:-{{2,}}\s*)?(?:(?:{_OPENERS})\s.{{2,400}}?|.{{0,400}}?(?:\d|@|\)|>|\]).{{0,400}}?|\S.{{0,120}}?)"
    rf"[\s>]?(?:{_VERBS}){_AFTER_VERB}\s*{_COLON}?\s*-*\s*$", re.I | re.S)
"""An attribution line ("On Tue, 3 Mar 2026, Jo <jo@x.org> wrote:", "Le 3 mars, Jo a écrit :",
"Op 13-02-2014 3:18 schreef Julius <j@r.com>:"), possibly joined from the lines a client wrapped."""
_ATTRIBUTION_END = re.compile(rf"(?:{_VERBS}){_AFTER_VERB}\s*{_COLON}?\s*-*\s*$", re.I | re.S)
"""The end every :data:`ATTRIBUTION` has (a verb near the end of the text), searched first: the
full pattern tries every split of a line before its verb, and on the many lines without one that
cost most of the body reader's time."""
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The letters a case-blind pattern matches to an ASCII letter ("yazdı" matches "yazdi")."""
_FOLDED_VERBS = [w.translate(_ASCII_FOLDS).lower() for row in WROTE_VERBS.values() for w in row]
_ASCII_VERB_WORDS = tuple(sorted({w.split()[-1] for w in _FOLDED_VERBS
                                  if w.isascii() and w.split()[-1].isalpha()}))
"""The last word of every verb that ASCII text can match ("wrote", "schrieb", "ecrit", "yazdi"):
a line of ASCII text holds one of them (in any case) when it holds a verb at all. Looked for as
plain substrings (one pattern of literal words), which costs a twentieth of searching for the
verbs' pattern."""
_ASCII_VERB_WORD = re.compile("|".join(map(re.escape, _ASCII_VERB_WORDS)))


def _may_hold_verb(text: str) -> bool:
    """False when ``text`` holds no verb of :data:`WROTE_VERBS` (known for ASCII text only)."""
    if not text.isascii():
        return True
    return _ASCII_VERB_WORD.search(text.lower()) is not None


def is_attribution_line(text: str) -> bool:
    """True when ``text`` is an attribution line as :data:`ATTRIBUTION` matches it."""
    if not _may_hold_verb(text):
        return False
    return _ATTRIBUTION_END.search(text) is not None and ATTRIBUTION.match(text) is not None


def _ends_with_verb(text: str) -> bool:
    """True when ``text`` ends with a verb of :data:`WROTE_VERBS` (then blanks)."""
    return _may_hold_verb(text) and _VERB_AT_END.search(text) is not None


_DATE_ADDRESS = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}.{0,200}[<(\[]?\S+@\S+[>)\]]?.{0,40}:\s*$"
                           r"|^\d{4}-\d{2}-\d{2}\s.{0,200}<\s*$")
"""Gmail's bare attribution "2014-10-17 11:28 GMT+03:00 Postmaster <pm@x.org>:" (no verb)."""
_BARE_ATTRIBUTION = re.compile(r"^(?=.*\d).{4,200}<[^<>\s]+@[^<>\s]+>\s*:?\s*$")
"""A date and an address right above quoted lines, with no verb ("2011/4/7 Nathan <n@x.com>",
"Thu, 26 Jun 2014 14:00:51 +0400 от Alexander <a@x.com>:")."""
_DATED_ADDRESS = re.compile(r"^(?=.*\d{1,2}[:.]\d{2}).{4,200}(?:<[^<>\s]+@[^<>\s]+>|\([^()\s]+@[^()\s]+\))"
                            r"\s*" + _COLON + r"\s*$")
"""A time and an address closing with a colon, with no verb, whatever follows ("11:00 AM, November
17, 2021, "Jo" <jo@x.org>:", "ср, 30 апр. 2025 г. в 15:19, Jo <jo@x.org>:"): no sentence ends so."""
_LEAD_ATTRIBUTION = re.compile(rf"^(?:{_alternatives(ATTRIBUTION_LEADS)})\s.{{2,300}}\d.{{0,60}}{_COLON}\s*$",
                               re.I)
"""An attribution that starts with its phrase and ends with the date ("Wiadomość napisana przez Jo
w dniu 17.01.2023, o godz. 11:09:")."""
_ATTRIBUTION_START = re.compile(rf"^(?:-{{2,}}\s*)?(?:{_OPENERS})\s|^\d{{1,4}}[-./]\d{{1,2}}[-./]", re.I)
_SHARED_LINE = re.compile(
    rf"^(?P<own>.*?\S)\s*(?:-{{2,}}\s*)?(?P<attr>(?:On)\s.{{4,300}}\s(?:{_VERBS})\s*:\s*)$")


def _header_name_table() -> dict[str, str]:
    return {name.lower(): role for role, names in HEADER_NAMES.items() for name in names}


HEADER_ROLES = _header_name_table()
_HEADER_NAME = "|".join(re.escape(n).replace(r"\ ", r"\s")
                        for n in sorted(HEADER_ROLES, key=len, reverse=True))
"""Any header name of :data:`HEADER_ROLES`, longest first."""
HEADER_LINE = re.compile(r"^\*{0,2}\s?(" + _HEADER_NAME + r")\s*" + _COLON + r"\*?(?:\s+|$|(?=[^\s/:]))(.*)$",
                         re.I)
"""One line of a quoted header block: group 1 the header name, group 2 its value."""


def header_line(text: str) -> re.Match[str] | None:
    """:data:`HEADER_LINE` matched on ``text``. A line without a colon holds none: looked at
    first, as the pattern tries every header name of every language on every line."""
    if ":" not in text and "\uff1a" not in text:
        return None
    return HEADER_LINE.match(text)


def header_line_role(text: str) -> str | None:
    """The role (see :func:`header_role`) of the header :data:`HEADER_LINE` finds on ``text``;
    ``None`` when ``text`` is no header line or its name has no role."""
    m = header_line(text)
    return header_role(m.group(1)) if m else None


MOBILE_SIGNATURE = re.compile(r"^(?:" + "|".join(MOBILE_SIGNATURES) + ")", re.I)

_EXTERNAL_OPENING = re.compile(
    r"^\W*(?:(?:caution|warning|attention|notice|important)\b.{0,100}?\b(?:external|outside)\b"
    r"|external(?:\s+(?:email|e-mail|sender|message|mail))?\s*[\]:)!-])", re.I | re.S)
_EXTERNAL_ADVICE = re.compile(r"\b(?:click|links?|attachments?|sender|organi[sz]ation|phishing|trust)\b",
                              re.I)


def is_external_warning(paragraph: str) -> bool:
    """A mail server's warning put above a message from outside the organisation ("CAUTION: This
    email originated from outside of the organisation. Do not click links...", "[EXTERNAL EMAIL]
    Do not open attachments unless..."): never the sender's words. It opens with the warning and
    gives the usual advice (links, attachments, the sender, the organisation)."""
    text = paragraph.strip()
    return len(text) <= 600 and bool(_EXTERNAL_OPENING.match(text)) and bool(_EXTERNAL_ADVICE.search(text))


def is_quote_line(line: str) -> bool:
    """A quoted line ("> text", ">> text", ">"); not a decorative run of ">" (">>> http://x <<<",
    a line of hundreds of ">")."""
    text = line.strip()
    if not text.startswith(">"):
        return False
    depth = len(text) - len(text.lstrip("> "))
    return depth <= 40 and not text.endswith("<<<")


def broken_link(line: str) -> bool:
    """A piece of a link a client wrapped out of a quoted line ("_nonce=3dd518)",
    "(http://example.com/c/Yz) >"): every word holds a link character or is a quote mark."""
    words = line.split()
    return bool(words) and all(w == ">" or re.search(r"[/=()_<>]", w) for w in words)


_INLINE_HEADER = re.compile(r"(?<=\S)\s+(?=(?:From|Date|Sent)\s*:\s)")


def inline_header_start(line: str, following: list[str]) -> int | None:
    """Where a header block starts in the middle of a line ("Bob From: bob@x.com" above "To:" and
    "Sent:" lines, or "Thanks, Alex    Date: ... Subject: ... From: ..." all on one line, as web
    mail renders a quoted message); ``None`` when it does not."""
    if "From" not in line and "Date" not in line and "Sent" not in line:
        return None  # no header name for a block to start with (most lines)
    below = [header_line(ln.strip()) for ln in following[:4]]
    roles_below = {header_role(b.group(1)) for b in below if b}
    for m in itertools.islice(_INLINE_HEADER.finditer(line), _INLINE_STARTS):
        rest = line[m.end():m.end() + _INLINE_BLOCK_CHARS]
        inline_names = _INLINE_NAMES.findall(rest)
        roles = {header_role(n) for n in inline_names} | roles_below
        if len(roles - {None}) >= 3:
            return m.start()
    return None


_INLINE_NAMES = re.compile(r"(?:^|\s)(From|Date|Sent|To|Subject|Cc)\s*:\s")
_INLINE_BLOCK_CHARS = 2000
"""How far along the line a header block run onto it is looked for, from each place it could
start (a block is a few hundred characters): searching the whole rest of the line from each
"From:" made a line of thousands of them quadratic (60,000 characters: 7.6 s)."""
_INLINE_STARTS = 100
"""The places on one line where a header block may start that are tried (a line with more
"From:", "Date:" and "Sent:" than that is no letter)."""


_NAMES_IN_LINE = re.compile(r"(?<![^\W\d_])(" + _HEADER_NAME + r")\s*" + _COLON, re.I)


def is_one_line_header_block(line: str) -> bool:
    """True when a whole header block stands on one line, as web mail flattens it ("Temat: Re: x
    2023-01-17 13:46Nadawca: "Jo" jo@x.org Adresat:"): it starts with a header name and names a
    sender and two more roles."""
    if line.count(":") < 3 or not HEADER_LINE.match(line):
        return False
    roles = {header_role(m.group(1)) for m in _NAMES_IN_LINE.finditer(line)} - {None}
    return "from" in roles and len(roles) >= 3


_GLUED_BANNER = re.compile(rf"^{_BANNER_OPENING}"
                           rf"(?:{_alternatives(REPLY_BANNERS)}|{_alternatives(FORWARD_BANNERS)})"
                           rf"\s*[-_=*]{{2,}}")
"""A dashed banner closed by its dashes, with more on its line (see :func:`unglue_banner`)."""


def unglue_banner(line: str) -> list[str] | None:
    """A dashed banner with the header block of the message below it run onto its line, as web
    mail and phones flatten an HTML reply ("-------- Ursprüngliche Nachricht --------Von: Jo
    Datum: 07.08.24 An: Betreff: Rücksendung"): the banner, then the header block one header to a
    line when all of it stands there, else the rest as one line. ``None`` when the line is no such
    banner: no closing dashes, or what follows them is not a sender's header."""
    if not line or line[0] not in "-_=*":
        return None
    m = _GLUED_BANNER.match(line)
    if m is None:
        return None
    rest = line[m.end():].strip()
    if not rest or header_line_role(rest) != "from":
        return None
    if not is_one_line_header_block(rest):
        return [line[:m.end()].strip(), rest]
    starts = [h.start() for h in _NAMES_IN_LINE.finditer(rest)]
    ends = [*starts[1:], len(rest)]
    return [line[:m.end()].strip(), *(rest[a:b].strip() for a, b in zip(starts, ends, strict=True))]


def header_role(name: str) -> str | None:
    """The role ("from", "date", "to", "cc", "subject") of a header name in any language; ``None``
    when it is not one."""
    return HEADER_ROLES.get(name.lower().strip())


def attribution_span(lines: list[str], i: int) -> int:
    """How many lines an attribution ("On ... wrote:", "Le ... a écrit :", "2014-10-17 Jo <jo@x>:")
    starting at line ``i`` spans (clients wrap it over up to four lines); 0 when there is none."""
    first = lines[i].strip()
    if not first or first.startswith(">"):
        return 0
    if _is_attribution(first) or _attribution_without_colon(first, lines, i):
        return 1
    if "@" in first and _BARE_ATTRIBUTION.match(first) and _next_filled(lines, i + 1).startswith(">"):
        return 1
    if first.endswith("<") and i + 1 < len(lines) and _BARE_ATTRIBUTION.match(first + lines[i + 1].strip()) \
            and _next_filled(lines, i + 2).startswith(">"):
        return 2  # "2013/11/1 Jo Bloggs <" above "jo@example.org>", as a client wrapped it
    if not _ATTRIBUTION_START.match(first) and not _wrapped_address_below(first, lines, i):
        return 0
    joined = first
    for n in range(1, 5):
        if i + n >= len(lines):
            return 0
        nxt = lines[i + n].strip()
        if not nxt:
            # Polymail and others leave a blank line inside the wrapped attribution.
            continue
        if _ATTRIBUTION_START.match(nxt) and _is_attribution(nxt):
            return 0  # the attribution starts on that line: this one is the sender's own
        joined = joined + " " + nxt
        if _is_attribution(joined):
            return n + 1
        if nxt.startswith(">"):
            return 0
    return 0


def _attribution_without_colon(first: str, lines: list[str], i: int) -> bool:
    """A dated attribution that lost its colon, with the writer named after the verb ("Am 20.06.24
    um 16:20 schrieb Klarstein Deutschland"), taken as one only above what it introduces: a quote
    or the sender's header of a quoted message (a sentence such as "On Monday I wrote to the
    council" is neither dated nor followed by one)."""
    if len(first) > 300 or not _ATTRIBUTION_START.match(first) or not _DIGIT.search(first) \
            or not is_attribution_line(first):
        return False
    below = _next_filled(lines, i + 1)
    return below.startswith(">") or header_line_role(below) == "from"


def _wrapped_address_below(first: str, lines: list[str], i: int) -> bool:
    """A dated line whose next line carries the address, as a client wraps a long attribution
    ("pe 20. lokakuuta 2017 klo 17.50 Jo" above "<jo@x.org> kirjoitti:")."""
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return "@" in nxt and len(nxt) <= 120 and bool(_DIGIT.search(first))


def _next_filled(lines: list[str], i: int) -> str:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return lines[i].strip() if i < len(lines) else ""


_DIGIT = re.compile(r"\d")
_DIGIT_OR_AT = re.compile(r"\d|@")
"""What says who or when in an attribution: a date's digit or an address's "@"."""
_MAILTO = re.compile(r"[<\[]mailto:[^>\]\s]*[>\]]", re.I)
"""The "<mailto:jo@x.org>" Outlook writes after an address: its colon is not the attribution's."""


def _is_attribution(text: str) -> bool:
    if len(text) > 500:
        return False
    if "mailto:" in text.lower():
        text = _MAILTO.sub("", text)
    if _DATE_ADDRESS.match(text):
        return True
    ends_with_colon = text.rstrip().endswith((":", "\uff1a"))
    if ends_with_colon and (_DATED_ADDRESS.match(text) or _LEAD_ATTRIBUTION.match(text)):
        return True
    if not text.rstrip(" -").endswith((":", "\uff1a")) and not text.startswith("--") \
            and not (_DIGIT_OR_AT.search(text) and _ends_with_verb(text[-40:])):
        # "All messages are sent from the server.", "since on Monday, 4 March, Jo <jo@x.org> wrote me
        # this message": without its colon or dashes an attribution ends with its verb, and says who or
        # when. Looked at first: most lines end so, and the full pattern costs more.
        return False
    if not is_attribution_line(text):
        return False
    # "Jo wrote:" alone is an attribution only when it is short or says who and when.
    stripped = text.strip(" -")
    return (bool(_ATTRIBUTION_START.match(stripped)) or "@" in stripped or bool(_DIGIT.search(stripped))
            or len(stripped.split()) <= 8)


def split_shared_line(line: str) -> tuple[str, str] | None:
    """``(own words, attribution)`` when a client put an attribution at the end of the sender's
    own line ("reply On Wed, Apr 4, 2012, bob@x.com wrote:"); ``None`` otherwise."""
    if not line.rstrip().endswith(":"):
        return None  # the attribution ends the line with its colon
    m = _SHARED_LINE.match(line.strip())
    if not m or not _DIGIT_OR_AT.search(m.group("attr")):
        return None
    return m.group("own").rstrip(" -"), m.group("attr")


# --- signatures ----------------------------------------------------------------------------------

_DELIMITER = re.compile(r"^(?:-{2,3}|_{2,}|-{4,}|={4,}|[\u2013\u2014])\s*$")
"""A signature's delimiter line: "-- ", "--", "____", "====", or the dash a phone's smart
punctuation makes of "--"."""
_DASH_NAME = re.compile(
    r"^-\s?[A-Za-z\u00c0-\u024f][\w'.\u00c0-\u024f]*(?:\s[A-Za-z\u00c0-\u024f][\w'.]*){0,2}$")
_CONTACT_HINT = re.compile(r"@|https?://|www\.|\+?\(?\d[\d ()\-.]{6,}\d")
_SIGNATURE_LINES = 15
_CONTACT_BLOCK_LINES = 8
"""A name, a role, an office, telephone, fax, address, e-mail and web lines: the longest contact block."""
_MAX_SIGNATURE_LINE = 60


def signature_start(lines: list[str]) -> int | None:
    """Index of the first line of the signature at the end of ``lines`` (the sender's own text, quotes
    already removed); ``None`` when there is none. A signature never starts on the first line.

    Recognised: a delimiter line ("-- ", "--", "---", "____"), a mobile signature ("Sent from my
    iPhone", "Von meinem iPhone gesendet", "Get Outlook for iOS"), a dashed name ("-Jo", "- Jo"),
    a sign-off ("Thanks,", "Kind regards", "Cordialement,") followed only by a few short lines, and a
    trailing contact block (a name, then lines with an address, telephone number or web address)."""
    from parsers.closing import is_closing_line

    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 2:
        return None
    first = filled[0]
    tail = [i for i in filled[-_SIGNATURE_LINES:] if i != first]
    for i in tail:
        text = lines[i].strip()
        if MOBILE_SIGNATURE.match(text):
            # "Jo Bloggs / via mobile" (or with a blank line between): the name above belongs to it.
            above = max((j for j in (i - 1, i - 2) if j > first and lines[j].strip()), default=None)
            return above if above is not None and _name_like(lines[above].strip()) else i
        delimiter = _DELIMITER.match(lines[i]) and not _rule_inside_text(lines, filled, i)
        if delimiter or _dash_name_at(lines, i):
            return i
    for i in tail[-6:]:
        text = lines[i].strip()
        if text.lower().startswith("sent ") or not is_closing_line(text):
            continue
        if _short_after(lines, filled, i):
            return i
        return _name_after_long_line(lines, filled, i)
    return _contact_block(lines, filled)


def _rule_inside_text(lines: list[str], filled: list[int], i: int) -> bool:
    """Whether the delimiter-like line at ``i`` separates parts of the sender's own text (a
    table's header from its rows, the sections of a form typed in the body) rather than starting
    a signature. It does when the sender uses the same kind of line again (a signature has one
    delimiter); and, unless it is RFC 3676's "-- " (which the body reader also writes for "--"),
    when a sentence that is no disclaimer follows it (a signature is a name and contact lines), or,
    for a long rule ("-----", "_____", "====="), when more of the sender's words and then their
    sign-off follow it."""
    from parsers.closing import is_closing_line, is_disclaimer

    line = lines[i].rstrip("\r\n")
    if delimiter_again(lines, i, filled[0]):
        return True
    if line == "-- ":
        return False
    after = [lines[j].strip() for j in filled if j > i]
    if any(_SENTENCE.match(text) and not is_disclaimer(text) for text in after):
        return True
    if len(line.strip()) < 4:
        return False
    return next((n > 0 for n, text in enumerate(after) if is_closing_line(text)), False)


def delimiter_again(lines: list[str], i: int, first: int = 0) -> bool:
    """Whether the sender writes the delimiter-like line at ``i`` ("--", "-----", "_____") again
    in ``lines[first:]``, the same kind of line with words between the two: then it separates
    parts of their text (a signature has one delimiter, if sometimes doubled)."""
    mark = lines[i].strip()[:1]
    # Outwards from ``i``, each way once: the first line of the same kind met after a line of
    # words is one (a scan per pair of lines was quadratic in a body of nothing but "--" lines).
    for ahead in (range(i - 1, first - 1, -1), range(i + 1, len(lines))):
        words = False
        for j in ahead:
            if _DELIMITER.match(lines[j]):
                if words and lines[j].strip()[:1] == mark:
                    return True
            elif lines[j].strip():
                words = True
    return False


_SENTENCE = re.compile(r"^(?:\S+\s+){5,}\S*[.!?]$")
"""Six words or more ending with a full stop, "!" or "?": prose, not a signature's line."""


def _name_after_long_line(lines: list[str], filled: list[int], i: int) -> int | None:
    """After a sign-off followed by a long line, only a name on the last line is the signature."""
    last = filled[-1]
    name = lines[last].strip()
    if last > i + 1 and 1 <= len(name.split()) <= 3 and name[:1].isupper() and len(name) <= 30 \
            and len(lines[filled[-2]].strip()) > _MAX_SIGNATURE_LINE:
        return last
    return None


def _dash_name_at(lines: list[str], i: int) -> bool:
    """"-Jo" or "- Jo Bloggs": a dashed name, unless it is one item of a list of dashed lines."""
    if not _DASH_NAME.match(lines[i].strip()):
        return False
    neighbours = [lines[j].strip() for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return not any(n.startswith("-") for n in neighbours)


def _short_after(lines: list[str], filled: list[int], i: int) -> bool:
    after = [j for j in filled if j > i]
    return len(after) <= 4 and all(len(lines[j].strip()) <= _MAX_SIGNATURE_LINE
                                   and not lines[j].strip().endswith("?") for j in after)


def _name_like(text: str) -> bool:
    """A line that could be a name ("Jo Bloggs", "John Doe, FCLS"): one to four words, capitalised,
    no colon, not a sentence."""
    return 1 <= len(text.split()) <= 4 and ":" not in text and text[:1].isupper() \
        and not text.endswith((".", "?", "!")) and len(text) <= _MAX_SIGNATURE_LINE


def _contact_block(lines: list[str], filled: list[int]) -> int | None:
    """Start of a last paragraph that is a name followed by contact lines (a mail disclaimer may
    follow it: "This email is confidential and intended for ...")."""
    from parsers.closing import is_disclaimer

    end = filled[-1]
    start = _paragraph_start(lines, end)
    while start > filled[0] and any(is_disclaimer(ln) for ln in lines[start:end + 1]):
        end = max((j for j in filled if j < start), default=filled[0])
        start = _paragraph_start(lines, end)
    if start <= filled[0]:
        return None
    block = [ln.strip() for ln in lines[start:end + 1]]
    looks_like_name = _name_like(block[0])
    contacts = sum(1 for ln in block[1:] if _CONTACT_HINT.search(ln))
    if looks_like_name and 2 <= len(block) <= _CONTACT_BLOCK_LINES and contacts >= 1 \
            and all(len(ln) <= _MAX_SIGNATURE_LINE for ln in block):
        return start
    return None


def _paragraph_start(lines: list[str], i: int) -> int:
    while i - 1 >= 0 and lines[i - 1].strip():
        i -= 1
    return i


# --- the parts of a message ------------------------------------------------------------------------

@dataclass
class ForwardedPart:
    """One inline-forwarded message; a header is ``None`` when the forward did not show it."""

    from_: str | None
    date: str | None
    subject: str | None
    text: str


@dataclass
class MailParts:
    """A message body in parts. ``signature`` and ``quoted`` are ``None`` when there are none;
    ``forwarded`` is empty when nothing was forwarded inline."""

    new_text: str
    signature: str | None = None
    quoted: str | None = None
    forwarded: list[ForwardedPart] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"new_text": self.new_text, "signature": self.signature, "quoted": self.quoted,
                "forwarded": [{"from": f.from_, "date": f.date, "subject": f.subject, "text": f.text}
                              for f in self.forwarded]}


def read_parts(text: str, subject: str | None = None) -> MailParts:
    """Split a plain-text body into the sender's new words, signature, quoted text and inline
    forwards, with the body reader submissions are read with (:func:`parsers.mail.replies.split_body`).
    Quoted questions answered inline are quoted text here, not new words."""
    from parsers.mail.replies import split_body

    split = split_body(text, subject, keep_answered_questions=False)
    forwarded = [ForwardedPart(f.sender, f.date, f.subject, f.text)
                 for f in split.forwarded if not f.is_reply]
    return MailParts(new_text=split.new_text, signature=split.signature, quoted=split.quoted or None,
                     forwarded=forwarded)


def message_parts(raw: bytes, limits: Limits | None = None) -> MailParts:
    """The parts of a whole message's body: the text/plain part, else the HTML part rendered.
    Messages forwarded as attachments (``message/rfc822``) are listed in ``forwarded`` with their own
    new text. Raises :class:`~parsers.errors.ParseError` when ``raw`` is not a message."""
    from parsers.errors import ParseError
    from parsers.mail.mime import parse_message

    limits = limits or Limits()
    msg = parse_message(raw, limits)
    if not msg.raw_headers:
        raise ParseError("not an email message: no headers found")
    parts = read_parts(_body_text(msg, limits), msg.subject)
    for inner in msg.forwarded:
        inner_parts = read_parts(_body_text(inner, limits), inner.subject)
        sender = f"{inner.from_name} <{inner.from_addr}>" if inner.from_name and inner.from_addr \
            else inner.from_addr
        parts.forwarded.append(ForwardedPart(sender, inner.header("Date"), inner.subject,
                                             inner_parts.new_text))
    return parts


def _body_text(msg: ParsedMessage, limits: Limits) -> str:
    from parsers.mail.body_blocks import bounded_text
    from parsers.mail.html_text import html_to_text

    if msg.text_body and msg.text_body.strip():
        return bounded_text(msg.text_body, limits)
    if msg.html_body and msg.html_body.strip():
        return bounded_text(html_to_text(msg.html_body, limits.max_text_chars), limits)
    return ""
