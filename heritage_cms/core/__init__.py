"""Shared pieces: users, images, the home page, blocks, licences, text folding for search."""
