"""What rendering one letter template may spend (notifications/template_engine.py).

A template is untrusted text that runs for every letter, inside a web request or a Celery task.
Loops are the only way it can multiply work, so the engine allows loops only over the letter's
own lists (never over literals or filtered values: those are the author's choice of size), no
deeper than that data goes (allegations, then their standards), and tags nested only so deep;
these are refused when the template is saved. Rendering then has a budget, counted inside the
engine on every repetition of every loop: repetitions, wall-clock time and the length of the
text. No signals or threads: an alarm signal works only in a process's main thread and Celery's
own time limits use it; a watchdog thread cannot stop Python code.
"""

import time

from django.conf import settings
from django.template import Node, defaulttags

MAX_LOOP_DEPTH = 2  # the context's lists nest two deep: allegations[].standards[]
MAX_NESTING = 8  # tags inside tags, of any kind
MAX_TEMPLATE_CHARS = 50_000
ADVICE = "Loop over fewer lists inside one another."


class LetterTooCostly(ValueError):
    """The rendering went past a limit; the message says which, for the template's author."""


class Budget:
    """What one rendering may still spend. Put on the Context as `letter_budget`."""

    def __init__(self):
        self.repetitions = settings.LETTER_MAX_LOOP_REPETITIONS
        self.deadline = time.monotonic() + settings.LETTER_RENDER_SECONDS

    def tick(self):
        """One more repetition of a loop's body."""
        self.repetitions -= 1
        if self.repetitions < 0:
            raise LetterTooCostly(
                f"The text repeats its loops more than {settings.LETTER_MAX_LOOP_REPETITIONS:,} times in all. {ADVICE}"
            )
        if time.monotonic() > self.deadline:
            raise LetterTooCostly(
                f"The text took longer than {settings.LETTER_RENDER_SECONDS:g} seconds to fill in. {ADVICE}"
            )

    @staticmethod
    def check_output(text: str) -> str:
        if len(text) > settings.LETTER_MAX_OUTPUT_CHARS:
            raise LetterTooCostly(
                f"The filled-in text is longer than {settings.LETTER_MAX_OUTPUT_CHARS:,} characters. "
                "Shorten the text or its loops."
            )
        return text


class Tick(Node):
    """The last node of every loop's body: charges one repetition to the rendering's budget."""

    def render(self, context):
        budget = getattr(context, "letter_budget", None)
        if budget is not None:
            budget.tick()
        return ""


def bounded_for(parser, token):
    """Django's {% for %}, with a Tick at the end of its body."""
    node = defaulttags.do_for(parser, token)
    node.nodelist_loop.append(Tick())
    return node
