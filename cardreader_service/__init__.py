"""The gate daemon: NFC reader via PC/SC, card authentication, offline decision, journal, sync.

Runs at a monument gate and talks to the CMS only over HTTP with its device token; never imports
Django.
"""

__version__ = "0.2.0"
