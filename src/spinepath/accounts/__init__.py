"""Users, roles, sign-in with lockout, and the role_required decorator."""
