"""Helpers shared by the tests: factories, clients, sign-in, builders and readers.

Test modules import from here; conftest files hold only fixtures and hooks.
"""
