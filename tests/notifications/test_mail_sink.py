"""`manage.py mail_sink` (make run's local mail server) writes each message it receives to a
folder, so a developer can read the letters the app sends."""

import io
import smtplib
from email.message import EmailMessage

from notifications.management.commands.mail_sink import _WriteToFolder
from tests.conftest import _free_port


def test_the_sink_writes_each_message_to_the_folder(tmp_path):
    from aiosmtpd.controller import Controller

    out = io.StringIO()

    class Out:
        def write(self, text):
            out.write(text + "\n")

    port = _free_port()
    controller = Controller(_WriteToFolder(tmp_path, Out()), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = EmailMessage()
        message["Subject"], message["From"], message["To"] = "Notice", "psd@police.example", "pc@police.example"
        message["Message-ID"] = "<abc@police.example>"
        message.set_content("Dear PC")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(message)
    finally:
        controller.stop()
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1 and b"Dear PC" in files[0].read_bytes()
    assert "mail to pc@police.example: Notice" in out.getvalue()
