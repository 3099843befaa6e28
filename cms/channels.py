"""Settings of what leaves the site: signed webhooks and the distribution channels (Telegram,
WebSub, IndexNow), read from the environment. Star-imported by cms/settings.py, which stays the one
settings module; kept apart because they are one subject and the settings module had outgrown 500 lines.
"""

import os

from cms.env import env_list

# ---- WEBHOOKS ---- https://www.standardwebhooks.com/ (articles.events)
# The public address of the site, for the story links in webhook messages (and later channels).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "5"))
# With the retry base of 30 s, 13 attempts spread over about a day; then the delivery has failed
# and the endpoint is switched off, with the reason shown to editors.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "13"))
# After a secret is rotated, the old one still signs (beside the new one) this many hours.
WEBHOOK_SECRET_OVERLAP_HOURS = float(os.environ.get("WEBHOOK_SECRET_OVERLAP_HOURS", "24"))

# ---- DISTRIBUTION ---- Telegram channels, WebSub hubs, IndexNow (articles.events)
# One bot posts to every channel configured in the admin; its token stays in the environment.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_API_URL = os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
# Posts per channel within the window (Telegram allows about 20 a minute per channel).
TELEGRAM_RATE_LIMIT = int(os.environ.get("TELEGRAM_RATE_LIMIT", "20"))
TELEGRAM_RATE_WINDOW_SECONDS = float(os.environ.get("TELEGRAM_RATE_WINDOW_SECONDS", "60"))
# Telegram lets a bot delete a channel's message for 48 hours; older posts get a withdrawal note.
TELEGRAM_DELETE_HOURS = float(os.environ.get("TELEGRAM_DELETE_HOURS", "48"))
WEBSUB_HUBS = env_list("WEBSUB_HUBS", [])
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "")
INDEXNOW_ENDPOINT = os.environ.get("INDEXNOW_ENDPOINT", "https://api.indexnow.org/indexnow")
DISTRIBUTION_TIMEOUT = float(os.environ.get("DISTRIBUTION_TIMEOUT", "10"))
DISTRIBUTION_MAX_ATTEMPTS = int(os.environ.get("DISTRIBUTION_MAX_ATTEMPTS", "13"))
