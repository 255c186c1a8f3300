"""Stage one, mail: a raw message into its parts (MIME, winmail.dat) and its bodies into text
(HTML to text, the new text of a reply apart from quotes and forwards, paragraphs as blocks)."""
