"""Import opensearch-py although the hub has an app called `events`.

opensearch-py (3.x, `opensearchpy/metrics/metrics_events.py`) does `from events import
Events`, meaning the small PyPI package "Events" that it depends on. In this project
`events` is our fairs app, found first on sys.path, so that
import fails. `load_opensearch()` imports opensearch-py once with the PyPI package briefly
standing in for `events`, then puts our app back. Nothing changes for the database or
Elasticsearch backends. Remove this module if opensearch-py stops importing `events`.
"""

import importlib
import importlib.metadata
import importlib.util
import sys


def load_opensearch():
    if "opensearchpy" in sys.modules:
        return sys.modules["opensearchpy"]
    distribution = importlib.metadata.distribution("Events")
    init = distribution.locate_file("events/__init__.py")
    spec = importlib.util.spec_from_file_location(
        "events", init, submodule_search_locations=[str(init.parent)]
    )
    theirs = importlib.util.module_from_spec(spec)
    saved = {name: module for name, module in sys.modules.items()
             if name == "events" or name.startswith("events.")}  # fmt: skip
    try:
        for name in saved:
            del sys.modules[name]
        sys.modules["events"] = theirs
        spec.loader.exec_module(theirs)
        return importlib.import_module("opensearchpy")
    finally:
        for name in [n for n in sys.modules if n == "events" or n.startswith("events.")]:
            del sys.modules[name]
        sys.modules.update(saved)
