"""The domain's words that the screens show from data (statement kinds, review statuses, roles, conflict
kinds), marked once here so that ``makemessages`` finds them; templates translate them with
``{% translate value %}`` and views with ``gettext(value)``. The APIs keep the English values."""

from django.utils.translation import gettext_noop

DATA_WORDS = (
    gettext_noop("claim"),
    gettext_noop("premise"),
    gettext_noop("rebuttal"),
    gettext_noop("evidence"),
    gettext_noop("draft"),
    gettext_noop("proposed"),
    gettext_noop("accepted"),
    gettext_noop("rejected"),
    gettext_noop("owner"),
    gettext_noop("editor"),
    gettext_noop("annotator"),
    gettext_noop("reviewer"),
    gettext_noop("viewer"),
    gettext_noop("inference"),
    gettext_noop("conflict"),
    gettext_noop("rebut"),
    gettext_noop("undermine"),
    gettext_noop("undercut"),
)
