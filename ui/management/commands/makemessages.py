"""Django's ``makemessages`` that also finds the annotation screen's ``t("…")`` and ``tn("…", "…", n)``
(static/argmap/i18n.js), which xgettext does not know as keywords."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand

JAVASCRIPT_KEYWORDS = ["--keyword=t", "--keyword=tn:1,2"]


class Command(MakeMessagesCommand):
    def process_files(self, file_list):
        options = [o for o in self.xgettext_options if o not in JAVASCRIPT_KEYWORDS]
        self.xgettext_options = options + (JAVASCRIPT_KEYWORDS if self.domain == "djangojs" else [])
        super().process_files(file_list)
