"""Telling the world: the outbox of story events read after commit, and its consumers.

    payload.py    the message of a story event (summary, attribution, public address)
    consumers.py  who reads the outbox: a registry, webhooks today, more channels later
    webhooks.py   signed webhooks the Standard Webhooks way: secrets, signing, one attempt
    services.py   handing due events to the consumers, sweeping up what a stopped worker left
    tasks.py      the queue's entry points (Django's Tasks API), thin shells over the services
    receivers.py  a committed event is handed out at once, not at the next sweep
"""
