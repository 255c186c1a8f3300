"""config.example.toml documents every key the loader reads, at the loader's defaults, and the
embedded default keeps all state in one data folder."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from intake.config import ConfigError, default_config_text, load_config, parse_config
from parsers.schema import DEFAULT_SCHEMA, Limits
from tests.fixtures.common import ROOT

EXAMPLE = ROOT / "config.example.toml"
LOADER = ROOT / "intake" / "config.py"
THEMES = ["Communicating impact", "Data and evidence", "Portfolio holders", "Partnerships and funding",
          "Corporate priorities", "Staff and volunteer advocates", "Public health and essential services"]


def _keys_read_by_the_loader() -> set[str]:
    source = LOADER.read_text(encoding="utf-8")
    calls = re.findall(r'\.(?:text|integer|number|flag|path|choice|strs|sub|port|folder)\(\s*"(\w+)"', source)
    helpers = re.findall(r'_(?!Section)\w+\(\s*\w+,\s*"(\w+)"', source)
    gets = re.findall(r'data\.get\(\s*"(\w+)"', source)
    return set(calls) | set(helpers) | set(gets)


def test_example_documents_every_key_the_loader_reads() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*\[*([\w.]+?)\]*\s*(?:=|$)", text, flags=re.M))
    documented |= {part for name in documented for part in name.split(".")}
    missing = sorted(_keys_read_by_the_loader() - documented)
    assert missing == [], f"keys read by intake/config.py but not in config.example.toml: {missing}"


def test_example_loads_and_matches_the_loaders_defaults() -> None:
    example = load_config(EXAMPLE)
    default = parse_config(tomllib.loads(default_config_text()), base=EXAMPLE.parent, path=None)
    assert example.form == DEFAULT_SCHEMA
    assert example.limits == dataclasses.replace(Limits(), scratch_dir=str(example.data_dir / "tmp"))
    for name in ("data_dir", "database_url", "outbox_dir", "mailboxes", "smtp", "replies", "web", "worker",
                 "own_addresses"):
        assert getattr(example, name) == getattr(default, name), name


def test_example_lists_the_seven_themes_of_the_call_with_keywords() -> None:
    themes = load_config(EXAMPLE).review.themes
    assert list(themes) == THEMES and all(len(words) >= 3 for words in themes.values())


def test_example_imap_mailbox_parses_when_uncommented() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    block = text.split("# [[mailbox]]\n", 1)[1].split("\n\n", 1)[0]
    imap = "[[mailbox]]\n" + "\n".join(line.removeprefix("# ") for line in block.splitlines())
    data = tomllib.loads(imap)
    mailbox = parse_config(data, base=ROOT, path=None).mailboxes[0]
    assert (mailbox.type, mailbox.host, mailbox.port, mailbox.oauth2.provider) == (
        "imap", "outlook.office365.com", 993, "microsoft")


def test_embedded_default_keeps_all_state_in_one_data_folder(workdir: Path) -> None:
    config = load_config(None, cwd=workdir)
    data = workdir / "data"
    assert config.path is None and config.data_dir == data
    assert config.database_url == f"sqlite:///{data / 'intake.sqlite3'}"
    assert config.mailboxes[0].type == "maildir" and config.mailboxes[0].path == data / "Maildir"
    assert config.outbox_dir == data / "outbox" and config.smtp.transport == "file"


def test_a_changed_label_or_limit_needs_no_code_change(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[form.fields]]\nkey = "title"\nlabel = "Name of your project"\n'
                    '[[form.fields]]\nkey = "summary"\nlabel = "Summary"\nmax_words = 20\n')
    form = load_config(path).form
    assert form.keys == ["title", "summary"] and form.fields[0].label == "Name of your project"
    assert dataclasses.astuple(form.fields[1])[4] == 20


@pytest.mark.parametrize("text, named", [
    ('[mailbox]\npassword = "secret"\n', "mailbox.password"),
    ('[web]\nport = "eighty"\n', "web.port"),
    ('[mailbox]\nafter = "delete"\n', "mailbox.after"),
])
def test_a_refused_value_names_its_key(text: str, named: str, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(named)):
        load_config(path)


@pytest.mark.parametrize(("text", "message"), [
    ('[mailbox]\ntype = "imap"\nhost = "imap.example.org"\npasword_env = "X"\n',
     "mailbox.pasword_env: unknown key; did you mean 'password_env'?"),
    ('dat_dir = "x"\n', "config.dat_dir: unknown key; did you mean 'data_dir'?"),
    ('[smtp]\ntransport = "smtp"\nhost = "smtp.example.org"\nfrom = "a@b.org"\n', "smtp.from: unknown key"),
    ('[form]\nfeilds = []\n', "form.feilds: unknown key"),
    ('[mailbox]\ntype = "imap"\nhost = "imap.example.org"\nbatch_size = 0\n',
     "mailbox.batch_size: must be from 1 to 1000, got 0"),
    ('[mailbox]\ntype = "imap"\nhost = "imap.example.org"\nport = 99999\n',
     "mailbox.port: must be from 1 to 65535, got 99999"),
    ("[limits]\nmax_message_bytes = -1\n", "limits.max_message_bytes: must be at least 1, got -1"),
    ("[worker]\npoll_interval_s = 0\n", "worker.poll_interval_s: must be more than 0, got 0"),
    ('[replies]\ntemplates_dir = "nope"\n', "replies.templates_dir: folder"),
    ('[mailbox]\nsince = "March"\n', "mailbox.since: expected a date as YYYY-MM-DD"),
    ('[smtp]\ntransport = "smtp"\n', 'smtp.host: required for transport = "smtp"'),
    ('[notifications]\ndigest_time = "8am"\n', "notifications.digest_time: expected HH:MM"),
    ('[notifications]\ntimezone = "Mars/Olympus"\n', "notifications.timezone: unknown time zone"),
    ('[notifications]\ndigst = true\n', "notifications.digst: unknown key; did you mean 'digest'?"),
    ('[web]\npublic_url = "review.example.org"\n', "web.public_url: expected an http:// or https://"),
])
def test_typos_and_out_of_range_values_are_refused_by_name(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)


@pytest.mark.parametrize(("text", "named"), [
    ("[limits]\nparse_timeout_s = 0\n", "limits.parse_timeout_s"),
    ("[limits]\nparse_cpu_s = \"ten\"\n", "limits.parse_cpu_s"),
    ("[limits]\nparse_memory_bytes = 1000\n", "limits.parse_memory_bytes"),
    ("[limits]\nparse_workers = -1\n", "limits.parse_workers"),
    ("[limits]\nparse_max_attempts = 0\n", "limits.parse_max_attempts"),
    ("[limits]\nparse_worker_resident_bytes = 1000000\n", "limits.parse_worker_resident_bytes"),
])
def test_a_refused_parse_budget_names_its_key(text: str, named: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape(named)):
        parse_config(tomllib.loads(text), base=tmp_path, path=None)


def test_the_parse_budget_is_read_from_limits(tmp_path: Path) -> None:
    text = ("[limits]\nparse_timeout_s = 12\nparse_cpu_s = 5\nparse_memory_bytes = 268435456\n"
            "parse_workers = 3\nparse_max_attempts = 2\nparse_worker_resident_bytes = 134217728\n"
            "parse_tasks_per_worker = 50\nparse_office_warm_s = 0\n")
    budget = parse_config(tomllib.loads(text), base=tmp_path, path=None).budget
    assert (budget.wall_s, budget.cpu_s, budget.memory_bytes, budget.pool_size, budget.max_attempts) == (
        12.0, 5.0, 268435456, 3, 2)
    assert (budget.resident_bytes, budget.tasks_per_worker, budget.office_warm_s) == (134217728, 50, 0.0)


def test_notifications_are_read_into_types(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[notifications]\ndigest = true\ndigest_time = "07:05"\ntimezone = "UTC"\n'
                    'digest_to = ["Team@Example.org"]\n[web]\npublic_url = "https://r.example.org/x/"\n')
    config = load_config(path)
    n = config.notifications
    assert (n.digest, n.digest_at, n.timezone, n.digest_to, n.assignments) == (
        True, (7, 5), "UTC", ("team@example.org",), True)
    assert config.web.public_url == "https://r.example.org/x"
# --- review criteria ----------------------------------------------------------------------------------

def test_review_criteria_come_from_the_config_in_order_with_blind_review() -> None:
    review = {"blind": True, "criteria": {"clarity": "Clear  writing", "reach": "Reach"}}
    cfg = parse_config({"review": review}, base=ROOT, path=None)
    assert cfg.review.criteria == {"clarity": "Clear writing", "reach": "Reach"} and cfg.review.blind is True


def test_example_and_default_name_the_three_criteria_of_the_call() -> None:
    default = parse_config(tomllib.loads(default_config_text()), base=ROOT, path=None).review
    example = load_config(ROOT / "config.example.toml").review
    assert list(example.criteria) == list(default.criteria) == ["relevance", "evidence_of_impact",
                                                                 "transferability"]
    assert example.blind is False and example.criteria == default.criteria


@pytest.mark.parametrize(("review", "message"), [
    ({"criteria": {"Evidence": "Evidence"}}, "review.criteria.Evidence: a criterion key is 1-40 lowercase"),
    ({"criteria": {"reach": ""}}, "review.criteria.reach: expected the label as a non-empty string, got ''"),
    ({"criteria": {"reach": 5}}, "review.criteria.reach: expected the label as a non-empty string, got 5"),
    ({"criteria": ["reach"]}, "review.criteria: expected a table of key = \"label\""),
    ({"criteria": {f"c{n}": "x" for n in range(13)}}, "review.criteria: at most 12 criteria, got 13"),
    ({"blind": "yes"}, "review.blind: expected true or false, got 'yes'"),
    ({"blnd": True}, "review.blnd: unknown key; did you mean 'blind'?"),
])
def test_a_bad_review_table_is_refused_naming_the_key(review: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config({"review": review}, base=ROOT, path=None)
