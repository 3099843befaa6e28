"""The Arabic search engine, for the public search page and the admin alike.

    text.py       normalizing and tokenizing Arabic text and queries; a query's bounds; highlighting
    engine.py     the index documents of each story, and ranked searches over them
    receivers.py  keeps the index current when stories, tags or sources change
"""
