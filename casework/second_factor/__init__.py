"""A second factor for every account: a TOTP authenticator app (django-otp) after the password,
recovery codes, and resets by another administrator. See docs/security.md, "Second factor"."""
