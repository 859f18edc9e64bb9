"""The heritage CMS: Django + Wagtail project holding content, the card ledger and payments."""
