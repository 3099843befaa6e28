"""Arabic date formats for the admin and anything formatted with Django's localization.

Django's own Arabic formats leave DATETIME_FORMAT to the English default ("N j, Y, P"), so
the admin showed "ديسمبر 5, 2026, 11:21 ص". Newsrooms write day, month, year: "5 ديسمبر 2026".
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
