"""The encrypted offline store: TinyDB segments sealed with AES-256-GCM, written atomically.

See docs/decisions/0001-store-layout.md for the layout and docs/decisions/0002-key-hierarchy.md
for the keys. Everything here is blocking IO and CPU work: call it off the UI thread (the
``*_async`` methods of :class:`~fieldapp.storage.store.EncryptedStore` do that).
"""
