"""Writes of accounts, by area: accounts.py (create or link, invite, set the first password,
(de)activate, HR officer posts) and twofactor.py (the second sign-in factor). Callers use
`accounts.services.<name>`."""

from .accounts import (
    BULK_LIMIT,
    BulkResult,
    account_create,
    account_create_bulk,
    account_deactivate,
    account_deactivate_on_leaving,
    account_invite,
    account_reactivate,
    account_set_password,
    hr_assignment_create,
    hr_assignment_delete,
    invitation_path,
)
from .twofactor import (
    RECOVERY_CODE_COUNT,
    recovery_codes_renew,
    two_factor_disable,
    two_factor_enrol,
    two_factor_policy_set,
    two_factor_reset,
    two_factor_verify,
)

__all__ = [
    "BULK_LIMIT",
    "RECOVERY_CODE_COUNT",
    "BulkResult",
    "account_create",
    "account_create_bulk",
    "account_deactivate",
    "account_deactivate_on_leaving",
    "account_invite",
    "account_reactivate",
    "account_set_password",
    "hr_assignment_create",
    "hr_assignment_delete",
    "invitation_path",
    "recovery_codes_renew",
    "two_factor_disable",
    "two_factor_enrol",
    "two_factor_policy_set",
    "two_factor_reset",
    "two_factor_verify",
]
