"""Write the eleventh held-out set: ``python -m tests.cases.heldout11.make_cases OUT [--seed 11]``.

The plan below says which case of which kind; :mod:`.kinds` builds each one with the real
producers and :func:`generate` writes ``NAME.eml`` + ``NAME.json`` (the corpus format of
``../shared/corpus/synthetic/README.md``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

from .content import KEYS
from .kinds import BUILDERS, Ctx, Finish, Made, Spec

# (variant, builder, options, problem). Options are strings so the plan reads as a table.
Plan = tuple[str, str, dict[str, str], str | None]

PLAN: tuple[Plan, ...] = (
    # HTML bodies written by converters
    ("lo_html_body", "lo_html_body", {"layout": "bold_paras"}, None),
    ("lo_html_body", "lo_html_body", {"layout": "table2", "cte": "base64"}, None),
    ("lo_html_body", "lo_html_body", {"layout": "colon"}, None),
    ("lo_html_body", "lo_html_body", {"layout": "table_rows", "via": "mutt"}, None),
    ("lo_html_body", "lo_html_body", {"layout": "bold_paras", "via": "mutt"}, "over:lessons"),
    ("lo_html_alt", "lo_html_body", {"layout": "table2", "alt": "yes"}, None),
    ("lo_html_alt", "lo_html_body", {"layout": "bold_paras", "alt": "yes"}, None),
    ("lo_html_alt", "lo_html_body", {"layout": "colon", "alt": "yes", "cte": "base64"}, None),
    ("lo_xhtml_body", "lo_html_body", {"layout": "table2", "target": "xhtml"}, None),
    ("lo_xhtml_body", "lo_html_body", {"layout": "bold_paras", "target": "xhtml", "alt": "yes"}, None),
    ("pandoc_html", "pandoc_html", {"layout": "bold"}, None),
    ("pandoc_html", "pandoc_html", {"layout": "grid"}, None),
    ("pandoc_html", "pandoc_html", {"layout": "bold", "alt": "yes", "cte": "base64"}, None),
    ("pandoc_html", "pandoc_html", {"layout": "grid", "alt": "yes"}, "missing:job_title"),
    ("abiword_html", "abiword_html", {"layout": "bold"}, None),
    ("abiword_html", "abiword_html", {"layout": "table2"}, None),
    ("abiword_html", "abiword_html", {"layout": "table2", "alt": "yes"}, None),
    # bodies in other charsets and transfer encodings
    ("cp1252_qp", "typed_charset", {"charset": "WINDOWS-1252", "cte": "quoted-printable"}, None),
    ("cp1252_qp", "typed_charset", {"charset": "WINDOWS-1252", "cte": "quoted-printable", "layout": "colon"},
     None),
    ("cp1252_8bit", "typed_charset", {"charset": "WINDOWS-1252", "cte": "8bit", "client": "thunderbird"},
     None),
    ("latin1_8bit", "typed_charset", {"charset": "ISO-8859-1", "cte": "8bit", "client": "thunderbird"}, None),
    ("latin1_8bit", "snail_latin1", {"enc": "8bit"}, None),
    ("latin1_qp", "snail_latin1", {"enc": "quoted-printable", "layout": "lines"}, "invalid"),
    ("utf8_base64", "typed_charset", {"charset": "UTF-8", "cte": "base64", "client": "gmail"}, None),
    ("utf8_base64", "typed_charset", {"charset": "UTF-8", "cte": "base64", "client": "gmail",
                                      "layout": "colon"}, None),
    ("qp_soft_breaks", "typed_charset", {"charset": "UTF-8", "cte": "quoted-printable", "client": "apple"},
     None),
    ("qp_soft_breaks", "typed_charset", {"charset": "UTF-8", "cte": "quoted-printable", "layout": "colon"},
     "over:description"),
    ("misdeclared_charset", "typed_charset", {"charset": "UTF-8", "declared": "iso-8859-1", "cte": "8bit"},
     None),
    ("misdeclared_charset", "typed_charset", {"charset": "UTF-8", "declared": "us-ascii", "cte": "8bit",
                                              "client": "thunderbird"}, None),
    ("misdeclared_charset", "typed_charset", {"charset": "WINDOWS-1252", "declared": "utf-8",
                                              "cte": "quoted-printable"}, None),
    # attachments with unhelpful metadata
    ("att_octet_stream", "odd_attachment", {"fmt": "docx", "layout": "table2", "meta": "octet"}, None),
    ("att_octet_stream", "odd_attachment", {"fmt": "docx", "layout": "bold_paras", "meta": "octet_noext"},
     None),
    ("att_octet_stream", "odd_attachment", {"fmt": "odt", "layout": "table2", "meta": "octet"}, None),
    ("att_octet_stream", "odd_attachment", {"fmt": "pdf", "layout": "bold_paras", "meta": "octet"}, None),
    ("att_docx_named_doc", "odd_attachment", {"fmt": "docx", "layout": "table_rows", "meta": "named_doc"},
     None),
    ("att_docx_named_doc", "odd_attachment", {"fmt": "docx", "layout": "table2", "meta": "named_doc"},
     "missing:organisation"),
    ("att_name_param_only", "odd_attachment", {"fmt": "docx", "layout": "colon", "meta": "name_only"}, None),
    ("att_name_param_only", "odd_attachment", {"fmt": "rtf", "layout": "table2", "meta": "name_only"}, None),
    ("att_rfc2231_name", "odd_attachment", {"fmt": "docx", "layout": "table2", "meta": "rfc2231"}, None),
    ("att_rfc2231_name", "odd_attachment", {"fmt": "odt", "layout": "bold_paras", "meta": "rfc2231"}, None),
    ("att_inline", "odd_attachment", {"fmt": "docx", "layout": "bold_paras", "meta": "inline"}, None),
    ("att_inline", "odd_attachment", {"fmt": "pdf", "layout": "table2", "meta": "inline"}, None),
    # LibreOffice forms in different structures
    ("lo_docx_table2", "lo_attached", {"fmt": "docx", "layout": "table2"}, None),
    ("lo_docx_table2", "lo_attached", {"fmt": "docx", "layout": "table2"}, "over:summary"),
    ("lo_docx_table_rows", "lo_attached", {"fmt": "docx", "layout": "table_rows"}, None),
    ("lo_docx_table_rows", "lo_attached", {"fmt": "docx", "layout": "table_rows"}, None),
    ("lo_docx_bold_paras", "lo_attached", {"fmt": "docx", "layout": "bold_paras"}, None),
    ("lo_docx_bold_paras", "lo_attached", {"fmt": "docx", "layout": "bold_paras"}, None),
    ("lo_docx_colon", "lo_attached", {"fmt": "docx", "layout": "colon"}, None),
    ("lo_docx_colon", "lo_attached", {"fmt": "docx", "layout": "colon"}, "invalid"),
    ("lo_docx_fields", "lo_attached", {"fmt": "docx", "layout": "table2", "extras": "fields"}, None),
    ("lo_docx_fields", "lo_attached", {"fmt": "docx", "layout": "bold_paras", "extras": "fields"}, None),
    ("lo_docx_comments", "lo_attached", {"fmt": "docx", "layout": "table2", "extras": "comment"}, None),
    ("lo_docx_comments", "lo_attached", {"fmt": "docx", "layout": "colon", "extras": "comment"}, None),
    ("lo_docx_tracked", "lo_attached", {"fmt": "docx", "layout": "table2", "extras": "tracked"}, None),
    ("lo_docx_tracked", "lo_attached", {"fmt": "docx", "layout": "bold_paras", "extras": "tracked+comment"},
     None),
    ("lo_docx_tracked", "lo_attached", {"fmt": "docx", "layout": "table_rows", "extras": "tracked"}, None),
    ("lo_docx_controls", "lo_attached", {"fmt": "docx", "layout": "table2", "extras": "controls"}, None),
    ("lo_docx_controls", "lo_attached", {"fmt": "docx", "layout": "bold_paras", "extras": "controls"},
     "missing:title"),
    ("lo_odt", "lo_attached", {"fmt": "odt", "layout": "table_rows"}, None),
    ("lo_odt", "lo_attached", {"fmt": "odt", "layout": "colon"}, None),
    ("lo_odt", "lo_attached", {"fmt": "odt", "layout": "table2", "extras": "tracked"}, None),
    ("lo_doc", "lo_attached", {"fmt": "doc", "layout": "table2"}, None),
    ("lo_doc", "lo_attached", {"fmt": "doc", "layout": "bold_paras"}, None),
    ("lo_doc", "lo_attached", {"fmt": "doc", "layout": "table_rows"}, None),
    ("lo_rtf", "lo_attached", {"fmt": "rtf", "layout": "bold_paras"}, None),
    ("lo_rtf", "lo_attached", {"fmt": "rtf", "layout": "colon"}, None),
    ("lo_pdf", "lo_attached", {"fmt": "pdf", "layout": "table2"}, None),
    ("lo_pdf", "lo_attached", {"fmt": "pdf", "layout": "bold_paras"}, None),
    ("pandoc_attached", "other_attached", {"tool": "pandoc", "fmt": "docx", "layout": "grid"}, None),
    ("pandoc_attached", "other_attached", {"tool": "pandoc", "fmt": "odt", "layout": "bold"}, None),
    ("abiword_attached", "other_attached", {"tool": "abiword", "fmt": "docx", "layout": "table2"}, None),
    ("abiword_attached", "other_attached", {"tool": "abiword", "fmt": "rtf", "layout": "bold"}, None),
    # mail clients: replies, forwards, resubmissions
    ("mutt_reply", "mutt_reply", {"layout": "lines"}, None),
    ("mutt_reply", "mutt_reply", {"layout": "colon"}, None),
    ("mutt_reply", "mutt_reply", {"layout": "lines"}, "missing:lessons"),
    ("snail_reply", "snail_reply", {"mode": "quote"}, None),
    ("snail_reply", "snail_reply", {"mode": "quote", "layout": "colon"}, None),
    ("snail_reply", "snail_reply", {"mode": "top"}, None),
    ("mutt_forward_rfc822", "mutt_forward", {"inner": "text"}, None),
    ("mutt_forward_rfc822", "mutt_forward", {"inner": "docx", "layout": "table2"}, None),
    ("snail_forward_inline", "snail_forward", {}, None),
    ("snail_forward_inline", "snail_forward", {}, None),
    ("resubmission", "resubmission", {"mode": "text"}, None),
    ("resubmission", "resubmission", {"mode": "docx", "layout": "bold_paras"}, None),
    # not submissions
    ("nonsub_question", "nonsub", {"what": "question_reply"}, None),
    ("nonsub_question", "nonsub", {"what": "question_html"}, None),
    ("nonsub_autoreply", "nonsub", {"what": "autoreply"}, None),
    ("nonsub_autoreply", "nonsub", {"what": "autoreply_quoting"}, None),
    ("nonsub_bounce", "nonsub", {"what": "dsn_full"}, None),
    ("nonsub_bounce", "nonsub", {"what": "dsn_headers"}, None),
)


def specs(seed: int) -> list[Spec]:
    """The planned cases, each with its own random source (so one case's draws never move another's)."""
    return [Spec(i, variant, dict(options), random.Random(f"heldout11-{seed}-{i}"), problem)
            for i, (variant, _, options, problem) in enumerate(PLAN, start=1)]


def truth(spec: Spec, made: Made) -> dict[str, object]:
    """The ground truth of one case, in the corpus format."""
    fields = {k: (made.sub.answers[k] if made.sub else None) for k in KEYS}
    problems = dict(made.sub.problems) if made.sub else {}
    return {"id": f"h{spec.index:03d}", "variant": spec.variant, "fields": fields, "problem_codes": problems,
            "note": made.note}


def generate(folder: Path, seed: int = 11) -> int:
    """Write every case of the plan into ``folder``; returns the number of cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    plan = specs(seed)
    with tempfile.TemporaryDirectory(prefix="heldout11-") as tmp:
        ctx = Ctx(Path(tmp))
        finishers: list[tuple[Spec, Finish]] = [(s, BUILDERS[PLAN[s.index - 1][1]](ctx, s)) for s in plan]
        ctx.convert()
        for spec, finish in finishers:
            made = finish()
            (folder / f"{spec.stem}.eml").write_bytes(made.raw)
            (folder / f"{spec.stem}.json").write_text(
                json.dumps(truth(spec, made), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    print(f"{generate(args.out, args.seed)} cases written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
