"""`manage.py mail_sink` (make run's local mail server) writes each message it receives to a
folder, so a developer can read the letters the app sends."""

import io
import smtplib
from email.message import EmailMessage

from notifications.management.commands import mail_sink
from notifications.management.commands.mail_sink import _WriteToFolder
from tests.conftest import _free_port


class Out:
    def __init__(self):
        self.text = io.StringIO()

    def write(self, text):
        self.text.write(text + "\n")

    def getvalue(self):
        return self.text.getvalue()


def _notice(body="Dear PC"):
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Notice", "psd@police.example", "pc@police.example"
    message["Message-ID"] = "<abc@police.example>"
    message.set_content(body)
    return message


def _send_to_sink(folder, out, *messages):
    """Run the sink's handler in a real SMTP server and send it the messages."""
    from aiosmtpd.controller import Controller

    port = _free_port()
    controller = Controller(_WriteToFolder(folder, out), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for message in messages:
                smtp.send_message(message)
    finally:
        controller.stop()


def test_the_sink_writes_each_message_to_the_folder(tmp_path):
    out = Out()
    _send_to_sink(tmp_path, out, _notice())
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1 and b"Dear PC" in files[0].read_bytes()
    assert "mail to pc@police.example: Notice" in out.getvalue()


class _FrozenClock:
    """Every message arrives in the same second and the same nanosecond: only the sink's own
    uniqueness can keep them apart."""

    @staticmethod
    def strftime(_format):
        return "20260101-120000"

    @staticmethod
    def time_ns():
        return 1_767_268_800_000_000_000


def test_two_copies_of_a_letter_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(mail_sink, "time", _FrozenClock)
    _send_to_sink(tmp_path, Out(), _notice("first copy"), _notice("second copy"))
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    assert {b"first copy" in f.read_bytes() for f in files} == {True, False}
