"""The styles part is read without its ``w:latentStyles`` only when that element is written plainly."""

from __future__ import annotations

from parsers.documents.word import _without_latent_styles, parsed_styles

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LATENT = ('<w:latentStyles w:count="2" w:defQFormat="0"><w:lsdException w:name="Normal" w:qFormat="1"/>\n'
          '  <w:lsdException w:name="heading 1" w:uiPriority="9"/></w:latentStyles>')
STYLE = ('<w:style w:type="paragraph" w:default="1" w:styleId="Body"><w:name w:val="Body Text"/>'
         '<w:rPr><w:b/></w:rPr></w:style>')


def _part(middle: str) -> bytes:
    return f'<?xml version="1.0"?><w:styles {W}>{middle}{STYLE}</w:styles>'.encode()


def test_a_plain_latent_styles_element_is_left_out_and_the_styles_read_the_same() -> None:
    whole = _part(LATENT)
    assert _without_latent_styles(whole) == _part("")
    parsed_styles.cache_clear()
    styles = parsed_styles(whole)
    assert styles.default_para == "Body" and styles.bold("Body")


def test_latent_styles_after_a_comment_or_holding_anything_else_is_kept() -> None:
    after_comment = _part("<!-- note -->" + LATENT)
    with_entity = _part(LATENT.replace('w:name="Normal"', 'w:name="A&amp;B"'))
    with_other = _part(LATENT.replace("</w:latentStyles>", "<w:other/></w:latentStyles>"))
    for part in (after_comment, with_entity, with_other):
        assert _without_latent_styles(part) == part


def test_spacing_inside_the_element_is_cut_and_near_misses_are_kept() -> None:
    """The expression matches without giving back (possessive): spaces before ``/>``, between
    elements and before the end tag still match; an unquoted value, another element named
    alike or a missing end tag do not."""
    spaced = ('<w:latentStyles w:count = "1" >\n <w:lsdException w:name="Normal" />\n\t'
              '<w:lsdException/>  </w:latentStyles>')
    assert _without_latent_styles(_part(spaced)) == _part("")
    unquoted = LATENT.replace('w:qFormat="1"', "w:qFormat=1")
    alike = LATENT.replace("<w:lsdException w:name=\"Normal\"", "<w:lsdExceptions w:name=\"Normal\"")
    unended = LATENT.replace("</w:latentStyles>", "")
    for middle in (unquoted, alike, unended):
        assert _without_latent_styles(_part(middle)) == _part(middle)
