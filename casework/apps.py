from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        # Sign-ins, sign-outs and failures go to the account log, whatever signs the user in.
        from .signin import connect_signals

        connect_signals()
