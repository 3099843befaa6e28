/*
 * The story form as editors expect it from their word processor and from WordPress:
 * Ctrl+S (Cmd+S) saves and stays on the form, and leaving a page with unsaved changes asks
 * first. The shortcut is read from the key's position (KeyS), so it works on an Arabic keyboard
 * layout too, where the key types "س". Under the headline and the summary their length and the
 * length they read best within; under the body its words, characters and reading time.
 * Texts come from Django's JavaScript catalog (admin:jsi18n, djangojs.po).
 */
(function () {
  "use strict";

  // ngettext and interpolate come from the catalog; called by name so that makemessages finds the texts.
  const fill = (format, values) => interpolate(format, values, true);
  // Words read per minute, for the reading time (news prose, Arabic and English alike).
  const WORDS_PER_MINUTE = 200;
  const LIMITS = { id_title: 90, id_summary: 200 };

  function note(field) {
    const out = document.createElement("div");
    out.className = "help khabar-count";
    out.setAttribute("aria-live", "polite");
    const row = field.closest(".form-row") || field.parentElement;
    row.appendChild(out);
    return out;
  }

  function lengthNote(field, limit) {
    const out = note(field);
    const update = () => {
      const count = [...field.value.trim()].length;
      out.textContent = fill(ngettext("%(count)s character; reads best within %(limit)s.",
        "%(count)s characters; reads best within %(limit)s.", count), { count: count, limit: limit });
      out.classList.toggle("khabar-count--over", count > limit);
    };
    field.addEventListener("input", update);
    update();
  }

  function bodyNote(textarea) {
    const out = note(textarea);
    const editorOf = () => textarea.closest(".form-row").querySelector(".ProseMirror[contenteditable]");
    const text = () => {
      const editor = editorOf();
      if (editor) {
        // The editor turns the browser's spelling check off; editors want it on.
        editor.spellcheck = true;
        return editor.innerText;
      }
      const scratch = document.createElement("div");
      scratch.innerHTML = textarea.value;
      return scratch.textContent;
    };
    const update = () => {
      const body = text().trim();
      const words = body ? body.split(/\s+/u).length : 0;
      const characters = [...body.replace(/\s+/gu, " ")].length;
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
      out.textContent = [
        fill(ngettext("%(count)s word", "%(count)s words", words), { count: words }),
        fill(ngettext("%(count)s character", "%(count)s characters", characters), { count: characters }),
        fill(ngettext("about %(count)s minute to read", "about %(count)s minutes to read", minutes), { count: minutes }),
      ].join(" · ");
    };
    textarea.closest(".form-row").addEventListener("input", update);
    textarea.closest(".form-row").addEventListener("keyup", update);
    update();
    // The rich-text editor is built after this script runs.
    window.setTimeout(update, 500);
  }

  // The story's own text in one language (articles.newsroom.autosave.AUTOSAVED_FIELDS).
  const AUTOSAVED = ["title", "slug", "summary", "body", "byline", "dateline", "lead_image_alt", "lead_image_caption"];

  function autosave(form, isUnsaved) {
    const place = document.getElementById("khabar-autosave");
    if (!place || !window.fetch) {
      return;
    }
    const status = document.createElement("p");
    status.className = "help khabar-autosave-status";
    status.setAttribute("aria-live", "polite");
    place.after(status);
    let typedSince = false;
    form.addEventListener("input", () => { typedSince = true; });
    form.addEventListener("keyup", () => { typedSince = true; });
    const keep = () => {
      if (!typedSince || !isUnsaved()) {
        return;
      }
      typedSince = false;
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("language_code", place.dataset.language);
      AUTOSAVED.forEach((name) => {
        const field = form.querySelector("#id_" + name);
        if (field) {
          data.append(name, field.value);
        }
      });
      fetch(place.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((answer) => { status.textContent = answer.note; })
        .catch(() => { typedSince = true; });  // tried again next time
    };
    window.setInterval(keep, Math.max(1, Number(place.dataset.seconds) || 10) * 1000);
  }

  function start() {
    const form = document.querySelector("#content-main form[id$='_form']");
    if (!form) {
      return;
    }
    // Without the catalog (it failed to load) there are no notes; everything else works.
    if (typeof window.ngettext === "function") {
      Object.entries(LIMITS).forEach(([id, limit]) => {
        const field = form.querySelector("#" + id);
        if (field) {
          lengthNote(field, limit);
        }
      });
      const body = form.querySelector("#id_body");
      if (body) {
        bodyNote(body);
      }
    }

    let unsaved = false;
    const changed = () => { unsaved = true; };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => { unsaved = false; });
    autosave(form, () => unsaved);

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
