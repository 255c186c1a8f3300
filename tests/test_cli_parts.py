"""``intake extract --parts FILE``: the sender's new words apart from quotes, signatures and forwards,
on messages composed by mutt and s-nail (real mail programs), in the languages mail clients write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.cli import app
from tests.fixtures.mailers import mutt_message, snail_message

NEW = "Yes, we can send the photographs by Friday."


def _parts(tmp_path: Path, raw: bytes) -> dict[str, object]:
    path = tmp_path / "message.eml"
    path.write_bytes(raw)
    result = CliRunner().invoke(app, ["extract", "--parts", str(path)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    data: dict[str, object] = json.loads(result.stdout)
    assert list(data) == ["new_text", "signature", "quoted", "forwarded"]
    return data


ATTRIBUTIONS = [
    "On Tue, 3 Mar 2026 at 10:15, Marie Dupont <marie@example.org> wrote:",
    "On Tue, 3 Mar 2026 at 10:15, Marie Dupont <marie@example.org>\nwrote:",
    "On 3 Mar 2026, at 10:15, Marie Dupont <marie@example.org> wrote",
    "Ar ddydd Maw, 3 Maw 2026 am 10:15, Marie Dupont <marie@example.org> ysgrifennodd:",
    "Le mar. 3 mars 2026 à 10:15, Marie Dupont <marie@example.org> a écrit :",
    "Am Di., 3. März 2026 um 10:15 Uhr schrieb Marie Dupont <marie@example.org>:",
    "El mar, 3 mar 2026 a las 10:15, Marie Dupont (<marie@example.org>) escribió:",
    "Il giorno mar 3 mar 2026 alle ore 10:15 Marie Dupont <marie@example.org> ha scritto:",
    "Op di 3 mrt. 2026 om 10:15 schreef Marie Dupont <marie@example.org>:",
    "Em ter., 3 de mar. de 2026 às 10:15, Marie Dupont <marie@example.org> escreveu:",
    "Den tir. 3. mar. 2026 kl. 10:15 skrev Marie Dupont <marie@example.org>:",
    "tiistai 3. maaliskuuta 2026 klo 10.15 Marie Dupont <marie@example.org> kirjoitti:",
    "W dniu wt., 3.03.2026 o 10:15 Marie Dupont <marie@example.org>\nnapisał(a):",
]


@pytest.mark.parametrize("attribution", ATTRIBUTIONS)
def test_parts_leave_out_a_quoted_reply_in_every_language(attribution: str, tmp_path: Path) -> None:
    body = f"{NEW}\n\n{attribution}\n> Can you send photographs?\n> Marie\n"
    data = _parts(tmp_path, mutt_message(tmp_path / "mutt", "Re: photographs", body))
    assert data["new_text"] == NEW
    assert "Can you send photographs?" in str(data["quoted"])


OUTLOOK_BLOCKS = [
    ("From: Marie Dupont <marie@example.org>\nSent: 03 March 2026 10:15\nTo: Jo\nSubject: Photographs"),
    ("Von: Marie Dupont <marie@example.org>\nGesendet: Dienstag, 3. März 2026 10:15\nAn: Jo\n"
     "Betreff: Fotos"),
    ("De : Marie Dupont <marie@example.org>\nEnvoyé : mardi 3 mars 2026 10:15\nÀ : Jo\nObjet : Photos"),
    ("De: Marie Dupont <marie@example.org>\nEnviado el: martes, 3 de marzo de 2026 10:15\nPara: Jo\n"
     "Asunto: Fotos"),
    ("Da: Marie Dupont <marie@example.org>\nInviato: martedì 3 marzo 2026 10:15\nA: Jo\nOggetto: Foto"),
    ("Van: Marie Dupont <marie@example.org>\nVerzonden: dinsdag 3 maart 2026 10:15\nAan: Jo\n"
     "Onderwerp: Foto's"),
    ("Fra: Marie Dupont <marie@example.org>\nSendt: 3. marts 2026 10:15\nTil: Jo\nEmne: Billeder"),
    ("Från: Marie Dupont <marie@example.org>\nSkickat: den 3 mars 2026 10:15\nTill: Jo\nÄmne: Bilder"),
    ("Od: Marie Dupont <marie@example.org>\nWysłano: wtorek, 3 marca 2026 10:15\nDo: Jo\nTemat: Zdjęcia"),
    ("Lähettäjä: Marie Dupont <marie@example.org>\nLähetetty: 3. maaliskuuta 2026 10.15\n"
     "Vastaanottaja: Jo\nAihe: Kuvat"),
]


@pytest.mark.parametrize("block", OUTLOOK_BLOCKS)
def test_parts_leave_out_an_outlook_header_block_in_every_language(block: str, tmp_path: Path) -> None:
    body = f"{NEW}\n\n{block}\n\nCan you send photographs?\n"
    data = _parts(tmp_path, snail_message(tmp_path / "snail", "RE: photographs", body))
    assert data["new_text"] == NEW and "Can you send photographs?" in str(data["quoted"])


@pytest.mark.parametrize("banner", ["-----Original Message-----", "-----Ursprüngliche Nachricht-----",
                                    "-----Message d'origine-----", "-----Mensaje original-----",
                                    "-----Messaggio originale-----", "-----Oorspronkelijk bericht-----",
                                    "-----Oprindelig meddelelse-----", "-----Ursprungligt meddelande-----",
                                    "-----Alkuperäinen viesti-----", "-----Wiadomość oryginalna-----",
                                    "-----Mensagem original-----", "-----Neges Wreiddiol-----"])
def test_parts_leave_out_the_original_below_a_dashed_banner(banner: str, tmp_path: Path) -> None:
    body = f"{NEW}\n\n{banner}\nFrom: Marie\nSent: 3 March 2026\n\nCan you send photographs?\n"
    data = _parts(tmp_path, mutt_message(tmp_path / "mutt", "RE: photographs", body))
    assert data["new_text"] == NEW and data["forwarded"] == []
    assert "Can you send photographs?" in str(data["quoted"])


@pytest.mark.parametrize("signature", ["Sent from my iPhone", "Get Outlook for iOS",
                                       "Von meinem iPhone gesendet", "Envoyé de mon iPhone",
                                       "Enviado desde mi iPhone", "Inviato da iPhone",
                                       "Verzonden vanaf mijn iPhone", "Enviado do meu iPhone",
                                       "Sendt fra min iPhone", "Skickat från min iPhone",
                                       "Wysłane z iPhone'a", "Anfonwyd o fy iPhone",
                                       "-- \nJo Bloggs\nHead of Libraries",
                                       "Kind regards,\nJo Bloggs\nHead of Libraries",
                                       "-Jo"])
def test_parts_take_the_signature_apart(signature: str, tmp_path: Path) -> None:
    data = _parts(tmp_path, mutt_message(tmp_path / "mutt", "photographs", f"{NEW}\n\n{signature}\n"))
    assert data["new_text"] == NEW and data["signature"] == signature.replace("-- \n", "-- \n")


def test_parts_list_an_inline_forward_with_its_headers(tmp_path: Path) -> None:
    body = (f"{NEW}\n\n---------- Forwarded message ---------\nFrom: Marie Dupont <marie@example.org>\n"
            "Date: Tue, 3 Mar 2026 at 10:15\nSubject: Our case study\nTo: Jo <jo@example.gov.uk>\n\n"
            "Here is what we did.\n\nThanks,\nMarie\n")
    data = _parts(tmp_path, mutt_message(tmp_path / "mutt", "Fwd: Our case study", body))
    assert data["new_text"] == NEW and data["quoted"] is None
    assert data["forwarded"] == [{"from": "Marie Dupont <marie@example.org>",
                                  "date": "Tue, 3 Mar 2026 at 10:15", "subject": "Our case study",
                                  "text": "Here is what we did."}]


def test_parts_list_a_message_forwarded_as_an_attachment(tmp_path: Path) -> None:
    inner = tmp_path / "original.eml"
    inner.write_bytes(snail_message(tmp_path / "snail", "Our case study", "Here is what we did.\n",
                                    sender="marie@example.org"))
    data = _parts(tmp_path, mutt_message(tmp_path / "mutt", "Fwd: Our case study", f"{NEW}\n",
                                         attach=[inner]))
    assert data["new_text"] == NEW
    forwarded = data["forwarded"]
    assert isinstance(forwarded, list) and len(forwarded) == 1
    assert forwarded[0]["from"] == "marie@example.org" and forwarded[0]["text"] == "Here is what we did."
    assert forwarded[0]["subject"] == "Our case study" and forwarded[0]["date"]


@pytest.mark.parametrize("content", [b"", b"just some words, no headers\n", b"\x00\x01\x02"])
def test_parts_of_something_that_is_not_a_message_is_one_line_and_exit_2(content: bytes,
                                                                          tmp_path: Path) -> None:
    path = tmp_path / "bad.eml"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["extract", "--parts", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot read") and "Traceback" not in result.stderr
