"""parsers.mail.quotes.read_parts: where the sender's words end, for the attribution lines, header
blocks, banners and app signatures that mail programs write in other languages and shapes."""

from __future__ import annotations

import pytest

from parsers.mail.quotes import read_parts

NOTE = "I have attached the case study form, filled in.\nThe photos follow tomorrow."


def _new_text_above(line: str) -> str:
    """The new text of :data:`NOTE`, then ``line``, then the call's text as a reply quotes it."""
    return read_parts(f"{NOTE}\n\n{line}\n\nPlease send us your case study.\n").new_text


@pytest.mark.parametrize("attribution", [
    "El 4/3/2025 9:15, Elena Ruiz <elena@example.es> escribieron:",
    "El 4/3/2025 9:15, Jordi Puig <jordi@example.cat> ha escrit:",
    "在 2025年3月4日，上午9:15，Li Wei <li@example.cn> 写道：",
    "2025. 3. 4. 오전 9:15 Kim Min <kim@example.kr> 작성:",
    "2025/03/04 9:15、Sato Yui <sato@example.jp> のメッセージ:",
    "Dne 4. 3. 2025 9:15 Jana Nováková <jana@example.cz> napsal(a):",
    "2025. márc. 4. 9:15 Kovács Anna <anna@example.hu> írta:",
])
def test_drops_an_attribution_in_another_language_and_the_text_below(attribution: str) -> None:
    assert _new_text_above(attribution) == NOTE


@pytest.mark.parametrize("attribution", [
    '9:15 AM, March 4, 2025, "Helen - Libraries Network" <helen@example.org>:',
    "Tuesday, 4 March 2025, 9:15 AM +0000 from helen@example.org <helen@example.org>:",
    "вт, 4 мар. 2025 г. в 9:15, Helen <helen@example.org>:",
])
def test_drops_a_dated_address_line_with_no_verb_even_when_nothing_below_is_quoted(attribution: str) -> None:
    assert _new_text_above(attribution) == NOTE


def test_drops_an_attribution_wrapped_before_its_address_without_an_opening_word() -> None:
    text = f"{NOTE}\n\nti 4. maaliskuuta 2025 klo 9.15 Helen Smith\n<helen@example.org> kirjoitti:\n\nKiitos!"
    assert read_parts(text).new_text == NOTE


def test_drops_an_attribution_that_names_the_writer_first_and_ends_with_the_date() -> None:
    lead = "Wiadomość napisana przez Helen helen@example.org w dniu 04.03.2025, o godz. 09:15:"
    text = f"{NOTE}\n{lead}\nProszę"
    assert read_parts(text).new_text == NOTE


def test_keeps_a_sentence_that_says_sent_without_a_colon_date_or_address() -> None:
    text = "The reminder was sent from the office.\n\nAll forms are sent by the coordinator."
    assert read_parts(text).new_text == text


def test_drops_an_outlook_header_block_whose_values_touch_the_colon() -> None:
    text = (f"{NOTE}\n\nDe : Réseau des bibliothèques<mailto:info@example.fr>\n"
            "Envoyé le :mardi 4 mars 2025 09:15\nÀ : jo@example.fr<mailto:jo@example.fr>\n"
            "Objet :Appel à études de cas\n\nMerci de remplir le formulaire.")
    assert read_parts(text).new_text == NOTE


def test_drops_a_danish_original_message_banner_and_its_headers() -> None:
    text = (f"{NOTE}\n\n-------- Oprindelig besked --------\nFra: Helen <helen@example.dk>\n"
            "Dato: 04.03.2025  09.15  (GMT+01:00)\nTil: jo@example.dk\nEmne: Casestudier")
    assert read_parts(text).new_text == NOTE


@pytest.mark.parametrize("line", [
    "Télécharger Outlook pour Android<https://aka.ms/example>",
    "Sent from TypeApp<http://www.typeapp.example/r?b=1>",
    "Sent from Mail for Windows",
    "Sent using Zoho Mail",
    "Download Outlook for Android<https://aka.ms/example>",
    "Sent using the mobile mail app",
    "Envoyé à partir de mon iPhone",
    "Gesendet mit der mobilen Mail App",
    "Verzonden vanuit Outlook voor iOS",
    "Az iPhone-omról küldve",
    "Trimis de pe iPhone\u2011ul meu",
    "أُرسلت من الـ iPhone",
])
def test_an_apps_line_ends_the_new_text_as_a_signature(line: str) -> None:
    parts = read_parts(f"{NOTE}\n\n{line}\n\nPlease send us your case study.")
    assert parts.new_text == NOTE
    assert parts.signature is not None and parts.signature.startswith(line)


@pytest.mark.parametrize("line", ["Sent using Zoho Mail", "Get Outlook for iOS",
                                  "Von meinem iPhone gesendet"])
def test_the_form_reader_takes_an_apps_line_for_a_closing_from_the_one_table(line: str) -> None:
    from parsers.closing import is_closing_line

    assert is_closing_line(line)


def test_a_sentence_starting_sent_from_my_is_not_a_signature() -> None:
    text = f"{NOTE}\n\nThe survey was sent from my office to every branch."
    assert read_parts(text).new_text == text


def test_drops_an_attribution_whose_addresses_carry_outlooks_mailto_links() -> None:
    attribution = ('Am 04.03.2025 um 09:15 schrieb "helen@example.org<mailto:helen@example.org>" '
                   "<helen@example.org<mailto:helen@example.org>>:")
    parts = read_parts(f"{NOTE}\n\n{attribution}\n\nGuten Tag!\n")
    assert parts.new_text == NOTE


def test_drops_a_russian_forward_banner_and_its_headers() -> None:
    text = (f"{NOTE}\n\n-------- Пересылаемое сообщение --------\nОт кого: Helen <helen@example.org>\n"
            "Кому: Jo <jo@example.org>\nДата: вторник, 4 марта 2025, 09:15 +03:00\nТема: Формы\n\nПривет!")
    parts = read_parts(text)
    assert parts.new_text == NOTE
    assert [f.text for f in parts.forwarded] == ["Привет!"]


def test_drops_a_header_block_flattened_onto_one_line() -> None:
    text = f'{NOTE}\nTemat: RE: Formularz 2025-03-04 09:15Nadawca: "Helen" helen@example.org Adresat:\nProszę'
    assert read_parts(text).new_text == NOTE


def test_a_quoted_line_wrapped_by_the_client_without_its_quote_mark_stays_quoted() -> None:
    text = (f"{NOTE}\n\nOn Tue, 4 Mar 2025 at 09:15, Helen <helen@example.org> wrote:\n"
            "> Thank you for your interest. Could you send us the form and two photographs of the\n"
            "project?\n>\n> Helen\n")
    assert read_parts(text).new_text == NOTE


def test_an_answer_typed_between_quoted_lines_is_kept() -> None:
    text = ("> Could you send us the form and two photographs of the project by the end of March?\n"
            "Yes, both are attached.\n> Helen\n")
    assert read_parts(text).new_text == "Yes, both are attached."


def test_keeps_what_the_sender_wrote_below_a_quoted_forward() -> None:
    text = ("Helen,\n\nBegin forwarded message:\n\n> From: Jo <jo@example.org>\n> Subject: Case study\n"
            ">\n> The form is attached.\n\nCould you log this one too?\n")
    parts = read_parts(text)
    assert parts.new_text == "Helen,\n\nCould you log this one too?"
    assert [f.text for f in parts.forwarded] == ["The form is attached."]


@pytest.mark.parametrize("attribution", [
    "вт, 4 бер. 2025 р. о 09:15 Jo Bloggs <jo@example.org> пише:",
    "Jo Bloggs <jo@example.org> ezt írta (időpont: 2025. márc. 4., K, 9:15):",
    "Pada tanggal Sel, 4 Mar 2025 pukul 09.15 Jo Bloggs <jo@example.org> menulis:",
    "Jo Bloggs <jo@example.org> a scris în mar., 4 mar. 2025 la 09:15:",
    "-----Původní zpráva-----",
    "-----Eredeti üzenet-----",
])
def test_drops_attributions_with_words_after_the_verb_and_banners_in_more_languages(attribution: str) -> None:
    assert _new_text_above(attribution) == NOTE


@pytest.mark.parametrize("names", [
    ("Od", "Odesláno", "Komu", "Předmět"), ("Kimden", "Gönderildi", "Kime", "Konu"),
    ("Feladó", "Elküldve", "Címzett", "Tárgy"), ("差出人", "送信日時", "宛先", "件名"),
    ("发件人", "发送时间", "收件人", "主题"), ("보낸 사람", "보낸 날짜", "받는 사람", "제목"),
    ("Από", "Στάλθηκε", "Προς", "Θέμα"), ("De la", "Trimis", "Către", "Subiect"),
    ("Від", "Надіслано", "Кому", "Тема"),
])
def test_drops_an_outlook_header_block_in_more_languages(names: tuple[str, str, str, str]) -> None:
    sender, sent, to, subject = names
    text = (f"{NOTE}\n\n{sender}: Helen <helen@example.org>\n{sent}: 4 March 2025 09:15\n"
            f"{to}: Jo <jo@example.org>\n{subject}: Case studies\n\nPlease send us your case study.\n")
    assert read_parts(text).new_text == NOTE


def test_reads_header_names_with_a_full_width_colon() -> None:
    text = (f"{NOTE}\n\n发件人：Helen <helen@example.org>\n发送时间：2025年3月4日 9:15\n收件人：Jo\n"
            "主题：表格\n\n你好")
    assert read_parts(text).new_text == NOTE


@pytest.mark.parametrize("line", [
    "Отправлено с iPhone", "Odesláno z iPhonu", "iPhone'umdan gönderildi", "iPhone から送信",
    "发自我的iPhone", "Inviato dal mio iPhone", "Sent from ProtonMail mobile",
    "Sent from my Verizon, Samsung Galaxy smartphone",
])
def test_more_phone_signatures_end_the_new_text(line: str) -> None:
    parts = read_parts(f"{NOTE}\n\n{line}\n")
    assert parts.new_text == NOTE
    assert parts.signature == line


@pytest.mark.parametrize("sign_off", [
    "Cordialement,", "Mit freundlichen Grüßen", "Beste Grüße", "Un saludo,", "Atenciosamente,",
    "Cordiali saluti", "Met vriendelijke groet,", "Med vänlig hälsning", "Venlig hilsen",
    "Ystävällisin terveisin", "Pozdrawiam", "S pozdravem", "Üdvözlettel:", "С уважением,", "З повагою,",
])
def test_a_sign_off_in_another_language_starts_the_signature(sign_off: str) -> None:
    parts = read_parts(f"{NOTE}\n\n{sign_off}\nJo Bloggs\n")
    assert parts.new_text == NOTE
    assert parts.signature == f"{sign_off}\nJo Bloggs"


def test_a_sign_off_word_inside_a_sentence_is_not_a_signature() -> None:
    text = f"{NOTE}\n\nSaludos to everyone at the branch, and thanks for the photographs."
    assert read_parts(text).new_text == text


def test_a_dash_that_a_phone_made_of_two_hyphens_starts_the_signature() -> None:
    parts = read_parts(f"{NOTE}\n\n\u2014\nJo Bloggs\nHead of Libraries\n")
    assert parts.new_text == NOTE
    assert parts.signature == "\u2014\nJo Bloggs\nHead of Libraries"


def test_the_name_above_a_phone_signature_belongs_to_it_across_a_blank_line() -> None:
    parts = read_parts(f"{NOTE}\n\nJo\n\nSent from my iPhone\n")
    assert parts.new_text == NOTE
    assert parts.signature == "Jo\n\nSent from my iPhone"


def test_a_sentence_with_a_date_an_address_and_wrote_in_the_middle_is_kept() -> None:
    text = ("Thanks for the reminder.\nAs I said, on Tuesday, 4 March 2025 9:15 AM, Helen "
            "<helen@example.org> wrote me that the deadline moved\nto April.")
    assert read_parts(text).new_text == text


def test_a_contact_block_followed_by_a_disclaimer_is_the_signature() -> None:
    signature = ("Jo Bloggs\nHead of Libraries\nTel: 01234 567890\njo@example.org\nwww.example.org\n\n"
                 "This email is confidential and intended for the named recipient only.")
    parts = read_parts(f"{NOTE}\n\n{signature}\n")
    assert parts.new_text == NOTE
    assert parts.signature == signature


def test_drops_a_dated_attribution_wrapped_inside_its_address() -> None:
    text = f"{NOTE}\n\nJo Bloggs\nTel: 01234 567890\n\n2025/3/4 Helen Smith <\nhelen@example.org>\n\n> Hello"
    parts = read_parts(text)
    assert parts.new_text == NOTE
    assert parts.signature == "Jo Bloggs\nTel: 01234 567890"


def test_drops_an_ascii_turkish_attribution_whose_verb_lost_its_dotless_i() -> None:
    # "yazdı" typed as "yazdi": the case-blind pattern matches it, and so must its quick check.
    assert _new_text_above("3 May 2024 Ali Kaya <ali@example.com.tr> yazdi:") == NOTE


def test_drops_an_arabic_outlook_header_block_and_an_arabic_attribution() -> None:
    block = ("من: Libraries Network <cs@example.org>\nتم الإرسال: Monday, May 20, 2024 10:11:22 AM\n"
             "إلى: jo@example.org\nالموضوع: Case studies")
    assert read_parts(f"{NOTE}\n\n{block}\n\nPlease send us your case study.\n").new_text == NOTE
    assert _new_text_above("في الخميس، ١٣ يونيو ٢٠٢٤، ٦:٣٠ م Helen <helen@example.org> كتب:") == NOTE


def test_drops_a_header_block_written_in_bold_markers_with_unaccented_names() -> None:
    block = ("** De : Libraries Network cs@example.org **\n** Envoye : lundi 24 octobre 2022 18:42 **\n"
             "** A : Jo Bloggs jo@example.org **\n** Objet : Appel à études de cas **")
    assert read_parts(f"{NOTE}\n\n{block}\n\nPlease send us your case study.\n").new_text == NOTE


def test_a_line_that_only_begins_like_an_attribution_stays_above_the_attribution_under_it() -> None:
    """"Il est ..." opens like an Italian attribution ("Il giorno ... ha scritto:"); the French one
    on the next line is the attribution, and the line above it is the sender's."""
    text = (f"{NOTE}\nIl est signalé que le site est inaccessible.\n"
            "Le mar. 30 avr. 2024, 11:53, Helen <helen@example.org> a écrit :\n\n> Please send it.\n")
    assert read_parts(text).new_text == f"{NOTE}\nIl est signalé que le site est inaccessible."


@pytest.mark.parametrize("warning", [
    "CAUTION: This email originated from outside of the organisation. Do not click links or open "
    "attachments unless you recognise the sender and know the content is safe.",
    "[EXTERNAL EMAIL] Do not click links or open attachments unless you trust the sender.",
    "    CAUTION:This message is from an EXTERNAL SENDER - be CAUTIOUS, Do NOT Click any links or Open any "
    "attachments if you were not expecting them.",
])
def test_a_mail_servers_external_sender_warning_above_the_text_is_not_the_senders(warning: str) -> None:
    assert read_parts(f"\n\n{warning}\n\n{NOTE}\n").new_text == NOTE


def test_a_first_paragraph_that_only_mentions_outside_is_the_senders() -> None:
    text = f"Attention: our branches outside the city opened first.\n\n{NOTE}"
    assert read_parts(text).new_text == text
