"""3D scans to web-ready models: load, validate, repair, normalise, LODs, compress, poster, report.

A plain library and CLI that never imports Django; the CMS calls it from a background task.
"""
