"""Who may do what: accounts and roles, sign-in sessions, stewards' banners.

- :mod:`geodata.auth.accounts`: accounts, roles, permissions, the sign-in throttle;
- :mod:`geodata.auth.sessions`: sessions kept server-side in the store;
- :mod:`geodata.auth.scope`: the banners a limited steward may change.
"""

from geodata.auth.accounts import (
    FREE_ATTEMPTS,
    LOCK_CAP_SECONDS,
    LOCK_SECONDS,
    MIN_PASSWORD_LENGTH,
    PERMISSIONS,
    ROLES,
    THROTTLE_KIND,
    USER_KIND,
    User,
    add_user,
    authenticate,
    can,
    check_banners,
    delete_user,
    get_user,
    list_users,
    lock_seconds,
    session_user,
    update_user,
)
from geodata.auth.scope import OutsideRow, check_commit_scope, check_rollback_scope
from geodata.auth.sessions import (
    DEFAULT_HOURS,
    GRANT_KIND,
    SESSION_KIND,
    end_session,
    end_user_sessions,
    issue_grant,
    purge_expired,
    redeem_grant,
    renew_session,
    session_key,
    start_session,
)

__all__ = [
    "DEFAULT_HOURS",
    "FREE_ATTEMPTS",
    "GRANT_KIND",
    "LOCK_CAP_SECONDS",
    "LOCK_SECONDS",
    "MIN_PASSWORD_LENGTH",
    "PERMISSIONS",
    "ROLES",
    "SESSION_KIND",
    "THROTTLE_KIND",
    "USER_KIND",
    "OutsideRow",
    "User",
    "add_user",
    "authenticate",
    "can",
    "check_banners",
    "check_commit_scope",
    "check_rollback_scope",
    "delete_user",
    "end_session",
    "end_user_sessions",
    "get_user",
    "issue_grant",
    "list_users",
    "lock_seconds",
    "purge_expired",
    "redeem_grant",
    "renew_session",
    "session_key",
    "session_user",
    "start_session",
    "update_user",
]
