"""Stage two, the form: blocks into answers. Labels and their vocabulary, what separates a label
from its answer, numbering and word-count hints, the form's guidance, reading answers
(:func:`parsers.form.fields.extract_fields`) and questions the form does not know."""
