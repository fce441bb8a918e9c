"""Message catalogues: one module per area, each a dict of key -> {language: text}.

A unit test fails when any key lacks one of nl, fr, de and en, so no message a person
can read ships in one language only.
"""

from chalicelib.messages import common, identity, invitations, organisations, status, vendors

CATALOGUES = [
    common.MESSAGES,
    identity.MESSAGES,
    organisations.MESSAGES,
    invitations.MESSAGES,
    status.MESSAGES,
    vendors.MESSAGES,
]
