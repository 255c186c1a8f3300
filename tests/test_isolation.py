"""Each message is parsed in a child process with a budget: a crash, a hang, a spin or a memory
blow-up ends that child only, the message is filed in Failed with a reason a person understands,
and the mail behind it is stored and acknowledged. Against a real Dovecot on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from multiprocessing.connection import Connection
from pathlib import Path

import psutil
import pytest
from sqlmodel import select

from intake import isolation
from intake.config import ParseBudget, load_config
from intake.cycle import poll_once
from intake.isolation import ParsePool
from parsers.schema import DEFAULT_SCHEMA, Limits
from store.db import Store
from store.models import Message, Outbox, Submission
from tests.fixtures import faulty
from tests.fixtures.dovecot import Dovecot
from tests.fixtures.forms import form_email
from tests.fixtures.mailflow import imap_config, submission
from tests.fixtures.producers import libreoffice_doc
from tests.parsers.forms import ANSWERS, LABELS

# The wall budget is ten times the CPU one so that, on a busy machine, the spinning message meets
# its CPU budget first.
BUDGET = ParseBudget(wall_s=10.0, cpu_s=1.0, memory_bytes=512 * 1024 * 1024, workers=2)


def _faulty(kind: str, n: int) -> bytes:
    return f"X-Test-Fault: {kind}\r\n".encode() + submission(900 + n, tag=kind)


def test_crashing_hanging_spinning_and_memory_hog_messages_fail_alone(dovecot: Dovecot,
                                                                        tmp_path: Path) -> None:
    user = dovecot.new_user("iso")[0]
    bad = [_faulty("crash", 1), _faulty("hang", 2), _faulty("memory", 3), _faulty("spin", 4)]
    dovecot.append(user, [*bad, *(submission(n) for n in range(5))])
    config = imap_config(dovecot, user, tmp_path)
    store = Store.open(config.database_url)

    with ParsePool(config.form, config.limits, BUDGET, parse=faulty.parse) as pool:
        [report] = poll_once(config, store, parser=pool)

    assert report.error is None and report.counts == {"failed": 4, "submission": 5}
    assert dovecot.count(user, "INBOX") == 0
    assert dovecot.count(user, "Processed") == 5 and dovecot.count(user, "Failed") == 4
    with store.session() as s:
        reasons = {m.message_id: m.error for m in s.exec(select(Message).where(Message.outcome == "failed"))}
        acks = s.exec(select(Outbox).where(Outbox.kind == "acknowledgement")).all()
        subs = s.exec(select(Submission)).all()
    assert reasons == {
        "<crash901@library901.example.org>": "the parser crashed",
        "<hang902@library902.example.org>": "parsing ran out of time after 10 s",
        "<memory903@library903.example.org>": "parsing used more than 512 MiB of memory",
        "<spin904@library904.example.org>": "parsing used more than 1 s of CPU",
    }
    assert len(subs) == 5 and len(acks) == 5


KILLER = """
import os, sys
from pathlib import Path
from intake.config import load_config
from intake.cycle import poll_once
from intake.isolation import ParsePool
from store.db import Store
from tests.fixtures import faulty

if __name__ == "__main__":
    os.environ[faulty.MAIN_PID_ENV] = str(os.getpid())
    config = load_config(Path(sys.argv[1]))
    with ParsePool(config.form, config.limits, config.budget, parse=faulty.parse) as pool:
        poll_once(config, Store.open(config.database_url), parser=pool)
"""


@pytest.mark.parametrize("killer_at", [1, 2], ids=["first", "after-a-good-one"])
def test_a_message_that_kills_the_worker_three_times_goes_to_failed(tmp_path: Path, killer_at: int) -> None:
    """Second in the mailbox, its attempt is counted with the first message's record: still before
    its reading can stop the worker."""
    (tmp_path / "config.toml").write_text('data_dir = "data"\n[limits]\nparse_workers = 1\n')
    config = load_config(tmp_path / "config.toml")
    new = config.mailboxes[0].path / "new"  # type: ignore[operator]
    new.mkdir(parents=True)
    (new / f"{killer_at}.killer").write_bytes(b"X-Test-Fault: kill-worker\r\n" + form_email(title="Killer"))
    (new / f"{3 - killer_at}.fine").write_bytes(form_email(title="Fine"))
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    codes = [subprocess.run([sys.executable, str(script), str(tmp_path / "config.toml")], env=env,
                            timeout=120, check=False).returncode for _ in range(4)]

    assert codes == [-9, -9, -9, 0]
    store = Store.open(config.database_url)
    with store.session() as s:
        rows = sorted((m.outcome, m.error or "") for m in s.exec(select(Message)))
        titles = [sub.title for sub in s.exec(select(Submission))]
    assert rows == [("failed", "processing this message stopped the worker 3 times"), ("submission", "")]
    assert titles == ["Fine"]
    failed_dir = config.mailboxes[0].path / ".Failed" / "cur"  # type: ignore[operator]
    assert len(list(failed_dir.iterdir())) == 1


@pytest.mark.parametrize("kind", ["crash"])
def test_a_crash_leaves_the_pool_serving_the_next_message(kind: str, tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    with ParsePool(config.form, config.limits, BUDGET, parse=faulty.parse) as pool:
        crashed = pool.parse_one(_faulty(kind, 1))
        fine = pool.parse_one(submission(1))
    assert crashed.fault == "crashed" and fine.extraction is not None
    assert fine.extraction.kind == "submission"


def _reader_of(pool: ParsePool, raw: bytes) -> str:
    read = pool.parse_one(raw)
    assert read.extraction is not None and read.extraction.forwarded_by is not None
    return read.extraction.forwarded_by


def test_a_worker_is_replaced_once_a_message_leaves_its_memory_above_the_limit_and_kept_while_below(
    tmp_path: Path,
) -> None:
    """The worker keeps serving (and keeps what it started, such as a LibreOffice) while its
    resident memory stays below ``resident_bytes``; a message that leaves it above gets it replaced."""
    config = load_config(None, cwd=tmp_path)
    budget = dataclasses.replace(BUDGET, workers=1, resident_bytes=(faulty.KEEP_MIB // 2 + 64) * 1024 * 1024)
    with ParsePool(config.form, config.limits, budget, parse=faulty.parse) as pool:
        first = [_reader_of(pool, _faulty("whoami", n)) for n in range(3)]
        grown = _reader_of(pool, _faulty("keep-memory", 3))  # 96 MiB more than the worker had
        after = _reader_of(pool, _faulty("whoami", 4))
    assert len(set(first)) == 1 and grown == first[0]  # the same worker while it stays small
    assert after != grown  # replaced: a fresh worker read the next message


def test_a_parse_worker_reads_the_headers_the_reply_policy_needs(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    raw = b"Precedence: bulk\r\nList-Id: <cases.example.org>\r\n" + submission(7)
    with ParsePool(config.form, config.limits, BUDGET) as pool:
        read = pool.parse_one(raw)
    assert read.extraction is not None and read.headers is not None
    assert read.headers.message_id == "<s7@library7.example.org>"
    assert read.headers.from_addr == "person7@library7.example.org"
    assert read.headers.get("precedence") == "bulk" and read.headers.get("list-id") == "<cases.example.org>"


def _serve_into(conn: Connection, stderr_path: str) -> None:
    """A parse worker's loop in a forked child, its standard error written to ``stderr_path``."""
    fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    isolation._serve(conn, isolation.default_parse, DEFAULT_SCHEMA, Limits(), ParseBudget())


def test_a_parse_worker_whose_main_process_went_before_it_was_ready_exits_without_a_traceback(
        tmp_path: Path) -> None:
    # The worker killed just as it started a parse process: the "ready" send meets a closed pipe.
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()
    ours.close()
    stderr = tmp_path / "stderr"
    child = fork.Process(target=_serve_into, args=(theirs, str(stderr)))
    child.start()
    child.join(30)
    assert child.exitcode == 0, stderr.read_text()
    assert "Traceback" not in stderr.read_text()


def test_wait_warm_returns_once_every_worker_of_a_warmed_pool_has_started(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    with ParsePool(config.form, config.limits, BUDGET) as pool:
        assert pool.wait_warm(0.2) is False  # never warmed, never given a message: nothing starts
        pool.warm()
        assert pool.wait_warm(60) is True
        assert len(pool._workers) == pool.size  # started and ready, before any message came
        assert pool.parse_one(submission(2)).extraction is not None


def test_wait_warm_gives_up_on_a_closed_pool(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    pool = ParsePool(config.form, config.limits, BUDGET)
    pool.warm()
    pool.close()
    assert pool.wait_warm(5) is False


def test_submit_leaves_the_write_to_the_worker_to_the_pools_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a message to a worker's pipe wakes that process and can hold the writer for
    milliseconds on a busy machine: the caller, which records the messages before, never waits
    for it."""
    gate, writers = threading.Event(), []
    real = Connection.send_bytes

    def held(self: Connection, buf: bytes, *args: object) -> None:
        if len(buf):  # a message (the pool's own wake-ups are empty)
            writers.append(threading.current_thread().name)
            gate.wait(timeout=5)
        real(self, buf, *args)  # type: ignore[arg-type]

    config = load_config(None, cwd=tmp_path)
    with ParsePool(config.form, config.limits, BUDGET) as pool:
        pool.warm()
        assert pool.wait_warm(60)
        monkeypatch.setattr(Connection, "send_bytes", held)
        ticket = pool.submit(submission(3))
        for _ in range(500):
            if writers:
                break
            time.sleep(0.01)
        gate.set()
        read = pool.result(ticket)
    assert writers == ["intake-parse-pool"]
    assert read.extraction is not None and read.extraction.kind == "submission"


def _bridges_of(pid: int) -> list[psutil.Process]:
    """The LibreOffice bridges (parsers/documents/office_bridge.py) that process ``pid`` started."""
    found = []
    for proc in psutil.process_iter(["cmdline", "ppid", "status"]):
        args = proc.info["cmdline"] or []
        if (proc.info["ppid"] == pid and proc.info["status"] != psutil.STATUS_ZOMBIE
                and any(a.endswith("office_bridge.py") for a in args)):
            found.append(proc)
    return found


def _doc_email(doc: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ann Hale <ann.hale@eastmoor.example.org>"
    msg["To"] = "casestudies@example.org"
    msg["Subject"] = "Case study"
    msg["Message-ID"] = "<lo-doc@eastmoor.example.org>"
    msg.set_content("Please find our form attached.\n")
    msg.add_attachment(doc, maintype="application", subtype="msword", filename="case study.doc")
    return b"X-Test-Fault: whoami\r\n" + msg.as_bytes()


@pytest.mark.parametrize("warm_s", [600.0, 0.0])
def test_once_a_worker_converted_with_libreoffice_a_fresh_worker_starts_one_before_any_doc_comes(
        tmp_path: Path, warm_s: float) -> None:
    """A .doc written by LibreOffice is read by the LibreOffice its worker keeps running, whose
    start-up (1-2 s) the messages after it wait for. Once one worker has used it, each worker
    started later (here: after two messages each) starts LibreOffice at once, before any .doc
    reaches it; ``parse_office_warm_s = 0`` turns that off. None is left once the pool is closed."""
    config = load_config(None, cwd=tmp_path)
    doc = libreoffice_doc({LABELS[key]: ANSWERS[key] for key in LABELS}, tmp_path / "made")
    budget = dataclasses.replace(BUDGET, workers=1, tasks_per_worker=2, wall_s=120.0, cpu_s=60.0,
                                 memory_bytes=ParseBudget().memory_bytes, office_warm_s=warm_s)
    with ParsePool(config.form, config.limits, budget, parse=faulty.parse) as pool:
        pool.warm()  # a retired worker's successor is started at once
        before = _reader_of(pool, _faulty("whoami", 1))
        assert _bridges_of(int(before.removeprefix("pid:"))) == []  # nothing converted: none started
        read = pool.parse_one(_doc_email(doc))  # the same worker's second and last message
        assert read.extraction is not None and read.extraction.forwarded_by == before
        assert read.extraction.fields.get("title") == ANSWERS["title"]
        after = _reader_of(pool, _faulty("whoami", 2))
        assert after != before
        started = _bridges_of(int(after.removeprefix("pid:")))
        assert len(started) == (1 if warm_s else 0)
    for bridge in started:
        assert not bridge.is_running() or bridge.status() == psutil.STATUS_ZOMBIE


def test_a_message_handed_over_while_every_worker_is_busy_does_not_wake_the_serving_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Waking the pool's thread costs the caller the GIL for as long as the thread runs; while the
    workers are all busy it has nothing to hand out, and it takes the waiting messages in turn as
    the workers answer."""
    config = load_config(None, cwd=tmp_path)
    with ParsePool(config.form, config.limits, dataclasses.replace(BUDGET, workers=1),
                   parse=faulty.parse) as pool:
        pool.warm()
        assert pool.wait_warm(60)
        slow = pool.submit(_faulty("slow", 1))
        deadline = time.monotonic() + 30
        while pool._workers[0].ticket != slow and time.monotonic() < deadline:
            time.sleep(0.01)
        wakes: list[int] = []
        real = pool._wake
        monkeypatch.setattr(pool, "_wake", lambda: (wakes.append(1), real())[1])
        tickets = [pool.submit(submission(n)) for n in range(5)]
        results = [pool.result(t) for t in [slow, *tickets]]
        assert wakes == []
    assert [r.extraction is not None and r.extraction.kind for r in results] == ["submission"] * 6
