"""Indexing a page once per import instead of once per save.

Writing one product row saves its pages about eight times (page, revision, publish,
translation…), and Wagtail's search index (modelsearch) re-reads and re-indexes the page
after every save: a third of an import's time. Inside `deferred_search_index()` the saves
of this thread are noted instead, and each page noted is indexed once, in bulk, at the
end. Other threads (the server's other requests) index as before.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

_local = threading.local()
_routed = threading.Lock()
_ROUTED = []
CHUNK = 500


def _index_after_save(sender, instance, raw=False, **kwargs):
    pending = getattr(_local, "pending", None)
    if pending is None or raw:
        post_save_signal_handler(sender=sender, instance=instance, raw=raw, **kwargs)
    else:
        pending.setdefault(type(instance), set()).add(instance.pk)


def _route_saves_here():
    """Put `_index_after_save` in modelsearch's place (its app connects after ours is
    ready, so this is done on first use)."""
    with _routed:
        if _ROUTED:
            return
        for model in index.get_indexed_models():
            if getattr(model, "search_auto_update", True):
                post_save.disconnect(post_save_signal_handler, sender=model)
                post_save.connect(_index_after_save, sender=model)
        _ROUTED.append(True)


@contextmanager
def deferred_search_index():
    """Index what this thread saves inside the block once, when the block ends well."""
    _route_saves_here()
    if getattr(_local, "pending", None) is not None:  # nested: the outer block indexes
        yield
        return
    _local.pending = pending = {}
    try:
        yield
    finally:
        _local.pending = None
    for model, pks in pending.items():
        index_in_bulk(model, sorted(pks))


def index_in_bulk(model, pks):
    backends = list(get_search_backends(with_auto_update=True))
    for start in range(0, len(pks), CHUNK):
        objects = list(model.objects.filter(pk__in=pks[start : start + CHUNK]))
        for backend in backends:
            backend.add_bulk(model, objects)
