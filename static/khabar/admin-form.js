/*
 * The story form as editors expect it from their word processor and from WordPress:
 * Ctrl+S (Cmd+S) saves and stays on the form, and leaving a page with unsaved changes asks
 * first. The shortcut is read from the key's position (KeyS), so it works on an Arabic keyboard
 * layout too, where the key types "س".
 */
(function () {
  "use strict";

  function start() {
    const form = document.querySelector("#content-main form[id$='_form']");
    if (!form) {
      return;
    }
    let unsaved = false;
    const changed = () => { unsaved = true; };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => { unsaved = false; });

    window.addEventListener("beforeunload", (event) => {
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.code !== "KeyS") {
        return;
      }
      event.preventDefault();
      const save = form.querySelector("input[name='_continue']") || form.querySelector("input[name='_save']");
      if (save) {
        unsaved = false;
        form.requestSubmit(save);
      }
    });
  }

  // Form media is loaded in <head>, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
