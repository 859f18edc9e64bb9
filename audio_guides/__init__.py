"""Curated text to spoken guides per language: TTS engine, loudness, encoding, tags, cache.

A plain library and CLI that never imports Django; the CMS calls it from a background task.
"""
