/*
 * Strings that django-prose-editor (the admin's rich-text editor) shows in its dialogs.
 *
 * The editor translates them with Django's JavaScript catalog (window.gettext, loaded by the
 * admin's change form from admin:jsi18n), but ships no Arabic catalog. Listing them here lets
 * `make messages` put them in locale/<language>/LC_MESSAGES/djangojs.po, where they are
 * translated. This file is never served or run; gettext finds the strings by their msgids.
 * The toolbar's button titles (bold, italic, …) are fixed English in the editor's code:
 * static/khabar/editor-i18n.js translates them with the same catalog.
 */
const PROSE_EDITOR = [
  // The link dialog.
  gettext("Edit Link"),
  gettext("URL"),
  gettext("Title"),
  gettext("Open in new window"),
  gettext("Update"),
  gettext("Cancel"),
  // The numbered-list dialog.
  gettext("List properties"),
  gettext("List type"),
  gettext("Start at"),
  gettext("Decimal numbers"),
  gettext("Lowercase letters"),
  gettext("Uppercase letters"),
  gettext("Lowercase Roman numerals"),
  gettext("Uppercase Roman numerals"),
  // The menu bar.
  gettext("Toggle fullscreen"),
  // The toolbar (translated by static/khabar/editor-i18n.js).
  gettext("paragraph"),
  gettext("Paragraph"),
  gettext("Heading %(level)s"),
  gettext("unordered list"),
  gettext("ordered list"),
  gettext("blockquote"),
  gettext("bold"),
  gettext("italic"),
  gettext("insert link"),
  gettext("remove link"),
  gettext("undo"),
  gettext("redo"),
];

// The reader's live page (static/khabar/live.js, translated by the public catalog at
// articles:jsi18n). Listed here too so the catalog checks of tests/test_locale.py, which read
// the code but not static/, see them.
const LIVE_PAGE = [
  ngettext("%(count)s new update", "%(count)s new updates", 1),
  gettext("This live coverage has ended. Reload the page for its final state."),
];
