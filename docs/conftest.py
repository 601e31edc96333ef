"""pytest configuration of the docs folder.

The pages' ``>>>`` examples are collected by ``--doctest-glob='*.md'``; ``conf.py`` is the
Sphinx configuration, not a module to test, and ``_build`` holds generated files.
"""

collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*"]
