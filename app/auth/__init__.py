"""Accounts: password hashing, password policy and the session user loader."""
