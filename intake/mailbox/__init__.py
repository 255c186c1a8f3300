"""Talking to mail servers: the IMAP connection (``imap``), access tokens (``oauth``) and the
errors both raise (``errors``). Only :mod:`intake.mailbox.imap` imports imapclient, and only
:mod:`intake.mailbox.oauth` imports msal."""
