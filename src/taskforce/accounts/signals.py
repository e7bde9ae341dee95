"""Signals other apps listen to, so accounts never has to import them.

`account_created` is sent inside the transaction that creates the account, so a receiver's writes
(and their audit events) commit or roll back with it.
"""

from django.dispatch import Signal

# Sent with sender=User and keyword arguments `actor` (who created it; None for the command line),
# `user` (the new account) and `request` (None outside a web request).
account_created = Signal()

# Sent inside the transaction that deactivates an account, with sender=User and keyword arguments
# `actor`, `user` and `request`, so apps can end what the account holds for good (calendar feeds).
account_deactivated = Signal()
