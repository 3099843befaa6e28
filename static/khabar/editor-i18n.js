/*
 * The rich-text editor's toolbar in the editor's language.
 *
 * django-prose-editor writes its toolbar's button titles and block names in English and does not
 * pass them through gettext (its dialogs do). Once an editor is ready, this script translates
 * them with Django's JavaScript catalog (admin:jsi18n, loaded by the change form); the msgids
 * are listed in cms/i18n_vendor.js so that `make messages` keeps them in djangojs.po.
 */
(function () {
  "use strict";

  const translate = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);

  function blockName(text) {
    const heading = /^Heading (\d)$/.exec(text);
    if (heading && typeof window.interpolate === "function") {
      return window.interpolate(translate("Heading %(level)s"), { level: heading[1] }, true);
    }
    return translate(text);
  }

  function localize(container) {
    container.querySelectorAll(".prose-menubar__button[title]").forEach((button) => {
      const original = button.dataset.khabarTitle || button.getAttribute("title");
      button.dataset.khabarTitle = original;
      const text = translate(original);
      button.setAttribute("title", text);
      button.setAttribute("aria-label", text);
    });
    container.querySelectorAll(".prose-menubar__option > *").forEach((label) => {
      const original = label.dataset.khabarText || label.textContent.trim();
      label.dataset.khabarText = original;
      label.textContent = blockName(original);
    });
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const container = event.target.closest(".prose-editor") || document;
    // The editor builds its menu bar on its "create" event, which comes just after "ready".
    const editor = event.detail && event.detail.editor;
    if (editor && typeof editor.on === "function") {
      editor.on("create", () => localize(container));
    }
    window.setTimeout(() => localize(container), 0);
  });
})();
