from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = "Conduct regulations"

    def ready(self):
        # Each feature connects itself to the case workflows' hooks, "My work" panels and the
        # change history (conduct/<feature>/ready.py); the order here is the order they run in
        # when a hook's receivers share an order. casework may not import conduct, and
        # conduct.cases may not import the features built on it: this is how they meet.
        from conduct.access_reviews import ready as access_reviews
        from conduct.appeals import ready as appeals
        from conduct.cases import ready as cases
        from conduct.complaints import ready as complaints
        from conduct.duty import ready as duty
        from conduct.lists import ready as lists
        from conduct.oversight import ready as oversight
        from conduct.pauses import ready as pauses
        from conduct.proceedings import ready as proceedings
        from conduct.progress_reports import ready as progress_reports
        from conduct.records import ready as records
        from conduct.referrals import ready as referrals
        from conduct.returns import ready as returns
        from conduct.vetting import ready as vetting

        features = (cases, duty, referrals, pauses, complaints, proceedings, appeals, access_reviews, oversight)
        for feature in (*features, progress_reports, lists, vetting, records, returns):
            feature.ready()
