-- Schema v11: a second factor for signing in, one-time codes (TOTP, RFC 6238) from an
-- authenticator app.
--
-- A person who has turned it on (`casetool users totp NAME`) signs in to the server with their
-- password and the code their app shows. The secret is what both sides compute codes from, so it
-- is kept as it is (a hash could not compute them): a copy of the file gives codes, but not the
-- password, which stays a bcrypt hash. `totp_last_step` is the 30-second step of the last code
-- accepted, so that a code seen once (over a shoulder, in a log) cannot be used again.

ALTER TABLE users ADD COLUMN totp_secret TEXT CHECK (totp_secret IS NULL OR length(totp_secret) BETWEEN 16 AND 64);
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
