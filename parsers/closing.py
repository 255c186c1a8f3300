"""Where an answer ends: the closing lines of a form or a letter, read by every reader.

What follows the last answer is no answer: an "End of form" marker, a sign-off ("Kind regards,
Jo", "Sent from my iPhone"), a closing remark ("Happy to provide more details"), a contact line
of a signature ("Tel: 01234 567890", "www.example.gov.uk"), a mail disclaimer, a footer line
(charity number, copyright, version, page number), a rule of underscores, "Thank you for your
submission", "Please return this form to ...", a "For office use only" box. Without these rules
such a line joins the last answer.

:data:`CLOSING_RULES` is the one list of them: an ordered tuple of named, schema-free rules (the
sender's own name as a signature is the body reader's, since only it knows the sender). Each rule
says where it may end an answer:

* ``after_label`` - even on the first line under a label (else that line is the label's answer:
  "Thank you for asking: partnership matters most" answers "Key lessons");
* ``in_paragraph`` - on any line of a paragraph (else only on a paragraph's first line);
* ``tail_only`` - only among the last lines of a document (:func:`trim_end`): words such as
  "Thank you for ..." or "Page 2 of 3" are too common inside a typed form to end it there.

Readers of running text ask :func:`closing_rule` for each line; document readers call
:func:`trim_end` on their blocks (closing lines at the end dropped, an end marker with a few short
blocks after it cutting those too; word-count notes dropped wherever they are). Documents also
give a second kind of evidence, the look (passed as ``set_apart``): a short last paragraph
formatted apart from the answer text before it (italic, centred, smaller, coloured, a footer or
caption style) is a closing note, not more of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.blocks import Block, Pair, Para
from parsers.documents.table_columns import WORD_COUNT_NOTE

# language: sign-offs other than English and Welsh (those are in :data:`_CLOSING` with their variants),
# each matched as the whole line or followed by at most a name ("Cordialement,", "Viele Grüße, Jo").
SIGN_OFFS: dict[str, tuple[str, ...]] = {
    "fr": ("cordialement", "bien cordialement", "bien à vous", "bien a vous", "salutations",
           "sincères salutations", "meilleures salutations", "bonne journée", "bonne journee", "amitiés",
           "amicalement", "bien amicalement", "bisous", "merci", "merci beaucoup", "merci d'avance",
           "à bientôt"),
    "de": ("mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichen gruessen",
           "freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "herzliche grüße",
           "schöne grüße", "grüße", "gruß", "grüßle", "mfg", "danke", "vielen dank", "danke schön"),
    "es": ("saludos", "un saludo", "saludos cordiales", "un cordial saludo", "atentamente", "un abrazo",
           "abrazos", "gracias", "muchas gracias", "cordialmente"),
    "pt": ("atenciosamente", "cumprimentos", "melhores cumprimentos", "com os melhores cumprimentos",
           "abraços", "um abraço", "abraço", "obrigado", "obrigada", "saudações"),
    "it": ("cordiali saluti", "distinti saluti", "saluti", "un saluto", "grazie", "grazie mille",
           "a presto", "buona giornata"),
    "nl": ("met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "hartelijke groet",
           "groetjes", "groeten", "mvg", "bedankt", "alvast bedankt", "dank je wel"),
    "sv/da/no": ("med vänlig hälsning", "vänliga hälsningar", "hälsningar", "venlig hilsen",
                 "med venlig hilsen", "vennlig hilsen", "med vennlig hilsen", "hilsen", "mvh", "tack",
                 "tak", "takk"),
    "fi": ("ystävällisin terveisin", "parhain terveisin", "terveisin", "kiitos"),
    "pl": ("pozdrawiam", "serdecznie pozdrawiam", "z poważaniem", "pozdrowienia", "dziękuję"),
    "cs": ("s pozdravem", "s přátelským pozdravem", "děkuji"),
    "hu": ("üdvözlettel", "tisztelettel", "köszönöm"),
    "tr": ("saygılarımla", "iyi çalışmalar", "teşekkürler"),
    "el": ("με εκτίμηση", "ευχαριστώ", "φιλικά"),
    "ro": ("cu stimă", "cu stima", "cu drag", "mulțumesc"),
    "ru/uk": ("с уважением", "с наилучшими пожеланиями", "всего доброго", "спасибо", "з повагою",
              "дякую"),
    "ja/zh/ko": ("よろしくお願いします", "よろしくお願いいたします", "此致", "此致敬礼", "谢谢",
                 "감사합니다"),
}
_OTHER_SIGN_OFFS = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted({w for row in SIGN_OFFS.values() for w in row},
                                            key=len, reverse=True))

# A sign-off: the closing words, then at most a name ("Thanks, Jo", "Kind regards", "Best,").
_CLOSING = re.compile(
    r"^(?i:(?:(?:many|much|big|with(?: many)?|and)\s+)?(?:thanks|thank\s+you|thank-you|cheers|ta)"
    r"(?:\s+(?:again|so much|very much|in advance|all))?(?:\s+for\s[^.]{0,60})?"
    r"|(?:(?:kind|best|warm|warmest|kindest|many|with (?:best|kind|warm))\s+)?(?:regards|wishes)"
    r"|all (?:the )?best|best|yours(?: sincerely| faithfully| truly)?|sincerely|respectfully|"
    r"take care|speak soon|talk soon|bw|kr|"
    # Welsh sign-offs, common in Welsh authorities' mail: "Diolch yn fawr", "Cofion gorau", "Yn gywir".
    r"diolch(?: yn fawr(?: iawn)?)?|cofion(?: gorau| cynnes)?|yn gywir|"
    + _OTHER_SIGN_OFFS + r")"
    r"[\s,.!:\u3002]*(?:[A-Z][\w'\u2019.-]*[\s,]*){0,3}$")
# Mail apps' own signatures ("Sent from my iPhone", "Get Outlook for Android") are not here: their
# one table is parsers.mail.quotes.MOBILE_SIGNATURES, which is_closing_line reads.
_BILINGUAL = re.compile(r"\s[/|]\s")
# A closing remark after the last answer; specific enough not to match an answer's own sentences
# ("We are happy to share our toolkit" is a lesson; "happy to provide more details" is not).
_MORE = r"(?:any |some )?(?:more |further |additional |extra )?(?:information|info|details?|questions?|" \
        r"clarification|photos|pictures|images|anything)"
_CLOSING_SENTENCE = re.compile(
    r"^(?:please (?:do )?(?:let (?:me|us) know|get in touch|contact (?:me|us)|don'?t hesitate|feel free)|"
    r"(?:i'?m |we'?re |i am |we are |i'?d be |i would be |we'?d be |we would be )?(?:very |more than )?"
    r"(?:happy|glad|pleased) to (?:help|(?:provide|discuss|answer|share|send|supply|give|talk through) "
    + _MORE + r")|"
    r"(?:i|we) (?:look|am looking|are looking) forward to (?:hearing|your)|"
    r"looking forward to (?:hearing|your)|"
    r"hope (?:this|that) (?:helps|is (?:useful|ok|okay|fine|helpful|what you need))|"
    r"let (?:me|us) know if|if you (?:need|have|require|would like) " + _MORE + r"|any questions|"
    r"(?:i'?m |we'?re |i am |we are |i'?d be |we'?d be )?(?:very )?(?:happy|glad|pleased) to "
    r"(?:discuss|talk|chat)\b|"
    # An offer of material: "We have photographs available if they would be useful."
    r"(?:(?:we|i) (?:have|can (?:send|share|provide)|could (?:send|share|provide)) "
    r"(?:some |more |further )?)?"
    r"(?:photos|photographs|pictures|images|videos?|quotes|testimonials)\b.{0,60}"
    r"\b(?:if (?:they|these|it|that|you)|on request|available|useful|helpful))", re.I)
_DISCLAIMER = re.compile(
    r"intended recipient|intended (?:solely |only )?for the (?:use|addressee|person)|"
    r"consider the environment|before printing this|see our privacy (?:notice|policy)|"
    r"this (?:e-?mail|message|communication)(?:,)? (?:and any (?:files|attachments)|is intended|may contain|"
    r"has been (?:scanned|checked)|is confidential)|received this (?:e-?mail|message|communication) in error|"
    r"views expressed (?:in this|are)|(?:e-?mail|message) is (?:confidential|private|for the)|"
    r"please (?:notify|inform) the sender",
    re.I)
_DISCLAIMER_WORDS = ("intended", "environment", "printing this", "privacy", "this e", "this message",
                     "this communication", "received this", "views expressed", "mail is", "message is",
                     "the sender")
"""Words every :data:`_DISCLAIMER` match holds (lower case): an ASCII line without one is not searched."""
_CONTACT_LINE = re.compile(r"^(?:(?:tel|telephone|phone|mobile|mob|fax)\b\.?\s*:?|"
                           r"(?:direct(?: line| dial)?|ext|m|t|w|office|switchboard)\.?\s*:)\s*[+(\d]|"
                           r"^(?:www\.|https?://)\S+$", re.I)
# A signature's contact line with a short label, as phones and vCards write them: "Tel: 01234 567890",
# "Mob. 07700 900123", "M: 07700 900123", "T: ...", "E: jo@x.org", "W: www.x.org", "org: Stockport
# Council". A short label is never a question of the form, so such a line ends an answer even in
# the middle of a paragraph, and is never read as a field.
_SHORT_CONTACT = re.compile(
    r"^(?:(?:tel|tel\.?\s*no|mob|mobile|ph|fax|dd|ddi|ext|m|t|f|p)\.?\s*[:.]\s*"
    r"[+(\d][\d ()+.\-]*(?:\s*(?:ext\.?|x)\s*\d+)?"
    r"|(?:e|em)\s*:\s*\S+@\S+"
    r"|(?:w|web)\s*:\s*(?:www\.|https?://)?[\w-]+(?:\.[\w-]+)+\S*"
    r"|org\s*:\s*\S.*"
    r"|(?:twitter|x|linkedin|skype)\s*:\s*@?\S+)$", re.I)

# What the form itself says last: "End of form", "[End of the form]", "*** END OF SUBMISSION ***",
# "End of case study template", "This form ends here". Body and document readers once kept two
# lists of these that had drifted apart ("template" in one, "case study form" in the other).
_ENDED_THING = (r"(?:form|document|submission|questionnaire|template|application|"
                r"case\s+study(?:\s+form|\s+template)?)")
_FORM_END = re.compile(
    r"^[\W_]*(?:end\s+of\s+(?:the\s+)?" + _ENDED_THING + r"|(?:this\s+)?(?:form|document|questionnaire)\s+"
    r"ends(?:\s+here)?|(?:the\s+)?end|ends)[\W_]*$", re.I)
_END_MARKER = re.compile(
    r"^[\W_]*(?:end\s+of\s+(?:the\s+)?" + _ENDED_THING + r"|(?:for )?office use(?: only)?|"
    r"for (?:official|internal|staff) use(?: only)?)\b", re.I)
"""A line after which nothing belongs to the form, even a small table (an "office use" box)."""

_RULE_LINE = re.compile(r"^[\s_.\-\u2013\u2014*=~#]{3,}$")
_PAGE_NUMBER = re.compile(r"^(?:page \d+(?: of \d+)?|\d+ of \d+)$", re.I)
_FOOTER = re.compile(
    r"registered (?:charity|company|in england)|charity (?:no\.?|number|reg)|company (?:no\.?|number|reg)|"
    r"all rights reserved|\u00a9|\(c\) ?\d{4}|copyright \d{4}", re.I)
_VERSION = re.compile(
    r"^(?:form |template |document )?(?:version|ver\.?|v) ?\d+(?:\.\d+)*(?:[ ,\-\u2013]+\w+ \d{4})?$", re.I)

_THANKS = re.compile(
    r"^(?:many |and )?thank(?:s| you)(?! to\b)(?:\s+(?:very much|so much|again))?"
    r"(?:\s+for\b|[\s,.!]*$)", re.I)
_RETURN_FORM = re.compile(
    r"^(?:please |kindly )?(?:return|send|e-?mail|submit|forward|save)\b.{0,80}"
    r"\b(?:this|the|your|completed)\s+(?:completed |filled[- ]in )?"
    r"(?:forms?|templates?|documents?|case stud(?:y|ies))\b"
    r"|^(?:completed |filled[- ]in )?(?:forms?|templates?|case studies) (?:should|must|can|may) be "
    r"(?:returned|sent|e-?mailed|submitted)\b", re.I)
_OFFICE_USE = re.compile(r"^(?:for office use(?: only)?|office use only)\b", re.I)
_IN_TOUCH = re.compile(r"^(?:we will|we'll) (?:be in touch|contact you|acknowledge|let you know)\b", re.I)
_DATA_NOTICE = re.compile(
    r"^(?:your (?:information|personal data|data|details) (?:will|is|are)|data protection|privacy notice|"
    r"gdpr)\b", re.I)
_SIGN_HERE = re.compile(r"^(?:signed|signature|date(?: signed)?)\s*[:.]?[\s_.]*$", re.I)

_MAX_WORDS = 40
_MAX_NOTE_WORDS = 25
"""Longest paragraph the look alone can mark as a closing note."""
_MAX_TRIM = 6
_MAX_TAIL = 12
"""Blocks an end marker may cut off: an office-use box, a footer; never a form's worth."""
_SHORT_WORDS = 15


def is_closing_line(text: str) -> bool:
    """A short sign-off line ("Kind regards,", "Thanks, Jo", "Sent from Outlook for iOS"), also in two
    languages ("Cofion gorau / Best wishes,")."""
    words = text.split()
    if not 0 < len(words) <= 10:
        return False
    if len(words) <= 6 and _CLOSING.match(text.strip()):
        return True
    # Phones' and mail apps' signatures in every language ("Von meinem iPhone gesendet"): one table,
    # in parsers.mail.quotes, shared with the reply reader.
    from parsers.mail.quotes import MOBILE_SIGNATURE

    if MOBILE_SIGNATURE.match(text.strip()):
        return True
    # One part of "Cofion gorau / Best wishes," that is a sign-off by itself.
    parts = [p.strip() for p in _BILINGUAL.split(text)] if _BILINGUAL.search(text) else []
    return any((p.endswith(",") or len(p.split()) >= 2) and len(p.split()) <= 6 and _CLOSING.match(p)
               for p in parts)


def is_closing_sentence(text: str) -> bool:
    """A closing remark ("Please let me know if you need anything else.")."""
    return len(text.split()) <= 40 and bool(_CLOSING_SENTENCE.match(text))


def is_disclaimer(text: str) -> bool:
    """A mail disclaimer line ("This email is confidential ...", "... the intended recipient")."""
    if text.isascii():
        low = text.lower()
        if not any(w in low for w in _DISCLAIMER_WORDS):
            return False
    return bool(_DISCLAIMER.search(text))


def is_contact_line(text: str) -> bool:
    """A signature's telephone or web address line ("Tel: 01234 567890", "www.example.gov.uk")."""
    return bool(_CONTACT_LINE.match(text))


def is_short_contact_line(text: str) -> bool:
    """A contact line with a short label ("Tel: 01234 567890", "Mob: ...", "M: ...", "E: jo@x.org",
    "W: www.x.org", "org: Stockport Council"), or several on one line parted by a bar or a dot
    ("Tel: 01632 960302 | M: 07700 900588"): it ends an answer and is never one."""
    parts = _CONTACT_BAR.split(text.strip())
    return len(text) <= 120 and all(_SHORT_CONTACT.match(p) for p in parts)


_CONTACT_BAR = re.compile(r"\s+[|\u00b7\u2022/]\s+")


def is_form_end(text: str) -> bool:
    """"End of form" and the like: nothing after it is an answer."""
    return len(text) <= 60 and bool(_FORM_END.match(text.strip()))


def _matcher(pattern: re.Pattern[str], *, anywhere: bool = False) -> Callable[[str], bool]:
    """A test of a stripped line against ``pattern``, from its start (``anywhere``: at any place)."""
    if anywhere:
        return lambda text: pattern.search(text.strip()) is not None
    return lambda text: pattern.match(text.strip()) is not None


@dataclass(frozen=True)
class ClosingRule:
    """One kind of closing line. ``matches`` is given one line (or a document's paragraph);
    ``after_label``, ``in_paragraph`` and ``tail_only`` say where it ends an answer (see the
    module's docstring)."""

    name: str
    matches: Callable[[str], bool]
    after_label: bool
    in_paragraph: bool = False
    tail_only: bool = False


CLOSING_RULES: tuple[ClosingRule, ...] = (
    ClosingRule("form_end", is_form_end, after_label=True, in_paragraph=True),
    ClosingRule("sign_off", is_closing_line, after_label=True, in_paragraph=True),
    ClosingRule("disclaimer", is_disclaimer, after_label=True),
    ClosingRule("closing_remark", is_closing_sentence, after_label=True),
    ClosingRule("short_contact_line", is_short_contact_line, after_label=False, in_paragraph=True),
    ClosingRule("contact_line", is_contact_line, after_label=False),
    ClosingRule("rule_line", _matcher(_RULE_LINE), after_label=True, tail_only=True),
    ClosingRule("page_number", _matcher(_PAGE_NUMBER), after_label=True, tail_only=True),
    ClosingRule("footer", _matcher(_FOOTER, anywhere=True), after_label=True, tail_only=True),
    ClosingRule("version", _matcher(_VERSION), after_label=True, tail_only=True),
    ClosingRule("thanks", _matcher(_THANKS), after_label=False, tail_only=True),
    ClosingRule("return_instructions", _matcher(_RETURN_FORM), after_label=False, tail_only=True),
    ClosingRule("office_use", _matcher(_OFFICE_USE), after_label=False, tail_only=True),
    ClosingRule("we_will_be_in_touch", _matcher(_IN_TOUCH), after_label=False, tail_only=True),
    ClosingRule("data_notice", _matcher(_DATA_NOTICE), after_label=False, tail_only=True),
    ClosingRule("sign_here", _matcher(_SIGN_HERE), after_label=False, tail_only=True),
)
"""Every rule for where an answer ends, in the order they are tried."""


def closing_rule(text: str, *, para_start: bool, after_label: bool) -> ClosingRule | None:
    """The rule by which line ``text`` of running text ends the answer being read, or ``None``
    when it ends none. ``para_start``: the line starts a paragraph; ``after_label``: it is the
    first line under a label (where only ``after_label`` rules count). Tail-only rules are not
    tried: running text is read line by line, never knowing what comes last."""
    for rule in CLOSING_RULES:
        where = (para_start or rule.in_paragraph) and (rule.after_label or not after_label)
        if where and not rule.tail_only and rule.matches(text):
            return rule
    return None


def is_rule_line(text: str) -> bool:
    """A line of rule characters only ("-----", "_____", "* * *", ".....", "--"): decoration, no
    words."""
    return bool(_RULE_LINE.match(text)) or text.strip() == "--"


def is_closing(text: str, *, after_answer: bool) -> bool:
    """True when ``text`` is a closing line of a document form; ``after_answer`` (it follows
    answer text, not a label) allows the rules that are not ``after_label``."""
    t = text.strip()
    if not t or len(t.split()) > _MAX_WORDS:
        return False
    return any((rule.after_label or after_answer) and rule.matches(t) for rule in CLOSING_RULES)


def trim_end(blocks: list[Block], set_apart: Callable[[Para, Para], bool] | None = None) -> list[Block]:
    """``blocks`` without word-count notes and without the closing lines at their end.

    A closing line is dropped only when it ends the document (nothing but other closing lines
    after it). ``set_apart(last, before)`` says whether a reader formatted paragraph ``last``
    apart from ``before``; ``None`` when the reader cannot tell.
    """
    out = [b for b in blocks if not (isinstance(b, Para) and WORD_COUNT_NOTE.match(b.text.strip()))]
    out = _cut_at_end_marker(out)
    for _ in range(_MAX_TRIM):
        if len(out) < 2 or not isinstance(out[-1], Para):
            break
        last, before = out[-1], out[-2]
        after_answer = not (isinstance(before, Para) and before.emphasis)
        if is_closing(last.text, after_answer=after_answer) or _apart(last, before, set_apart):
            out.pop()
            continue
        break
    return out


def _cut_at_end_marker(blocks: list[Block]) -> list[Block]:
    """``blocks`` up to an end marker ("End of form", "For office use only") in their second half,
    when only a few short blocks follow it (a marker at the top of a form cuts nothing)."""
    first = max(len(blocks) - _MAX_TAIL, len(blocks) // 2, 1)
    for i in range(len(blocks) - 1, first - 1, -1):
        if _is_end_marker(blocks[i]):
            return blocks[:i] if all(_short(b) for b in blocks[i + 1 :]) else blocks
    return blocks


def _is_end_marker(block: Block) -> bool:
    if not isinstance(block, Para) or len(block.text.split()) > 12:
        return False
    return bool(_END_MARKER.match(block.text.strip()))


def _short(block: Block) -> bool:
    """A short paragraph or label/answer pair; a :class:`Tagged` answer (a named control, a PDF
    form field) is never cut off."""
    if isinstance(block, Para):
        return len(block.text.split()) <= _SHORT_WORDS
    if isinstance(block, Pair):
        return len(block.label.split()) <= _SHORT_WORDS and len((block.value or "").split()) <= _SHORT_WORDS
    return False


def _apart(last: Para, before: Block, set_apart: Callable[[Para, Para], bool] | None) -> bool:
    """A short last paragraph, set apart in look from the answer text before it."""
    if set_apart is None or not isinstance(before, Para) or before.emphasis:
        return False
    if len(last.text.split()) > _MAX_NOTE_WORDS or "\n" in last.text.strip():
        return False
    return set_apart(last, before)
