"""Private content of the offline engine: genre kits, name pools, planners, prose composer.

Kept apart from ``offline.py`` so the engine module stays a thin, readable dispatcher
while the (large, list-heavy) content lives in plain Python data that imports once.
"""
