"""Telling the world: the outbox of story events read after commit, and its consumers.

    payload.py    the message of a story event (summary, attribution, public address)
    consumers.py  who reads the outbox: a registry (webhooks, Telegram, WebSub, IndexNow)
    webhooks.py   signed webhooks the Standard Webhooks way: secrets, signing, one attempt
    distribution.py  what Telegram, WebSub and IndexNow share: claiming a push, one request, settling
    telegram.py   Telegram channels: post, edit on correction, delete on withdrawal, in order, rate-limited
    telegram_message.py  a story as a Telegram post (HTML, UTF-16 limits, right to left)
    websub.py     pinging the WebSub hubs with the feeds a story is in
    indexnow.py   submitting a story's addresses to IndexNow
    addresses.py  the public addresses an event touches (story pages, feeds)
    services.py   handing due events to the consumers, sweeping up what a stopped worker left
    tasks.py      the queue's entry points (Django's Tasks API), thin shells over the services
    receivers.py  a committed event is handed out at once, not at the next sweep
"""
