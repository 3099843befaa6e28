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
  // Search engines cut a title at about 60 characters and a description at about 155.
  const LIMITS = { id_title: 90, id_summary: 200, id_seo_title: 60, id_seo_description: 155 };
  const SERP_TITLE = 60;
  const SERP_DESCRIPTION = 155;
  const CARD_DESCRIPTION = 110;

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
  const AUTOSAVED = ["title", "slug", "summary", "body", "byline", "dateline", "lead_image_alt", "lead_image_caption",
    "seo_title", "seo_description"];

  // Cut at ``limit`` characters (not UTF-16 units), at a word when there is one near, with "…".
  function cut(text, limit) {
    const chars = [...text];
    if (chars.length <= limit) {
      return text;
    }
    const head = chars.slice(0, limit - 1).join("");
    const space = head.lastIndexOf(" ");
    return (space > limit / 2 ? head.slice(0, space) : head).trimEnd() + "…";
  }

  const oneLine = (text) => text.replace(/\s+/gu, " ").trim();

  // The picture chosen in a file input, read as a data: address (the policy allows data: images).
  function chosenImage(input, clear, stored, onChange) {
    let url = stored;
    const read = () => {
      const file = input && input.files && input.files[0];
      if (file && file.type.startsWith("image/")) {
        const reader = new FileReader();
        reader.addEventListener("load", () => { url = String(reader.result); onChange(); });
        reader.readAsDataURL(file);
        return;
      }
      url = clear && clear.checked ? "" : stored;
      onChange();
    };
    if (input) {
      input.addEventListener("change", read);
    }
    if (clear) {
      clear.addEventListener("change", read);
    }
    return () => url;
  }

  // The search result and the share card (articles/admin/share_preview.py), drawn as the public
  // page's head tags will be: the typed title and description, else the headline and summary.
  function sharePreviews(form) {
    const place = document.getElementById("khabar-share-preview");
    if (!place) {
      return;
    }
    const field = (name) => form.querySelector("#id_" + name);
    const value = (name) => (field(name) ? oneLine(field(name).value) : "");
    const bodyText = () => {
      const editor = form.querySelector(".ProseMirror[contenteditable]");
      if (editor) {
        return oneLine(editor.innerText);
      }
      const scratch = document.createElement("div");
      scratch.innerHTML = field("body") ? field("body").value : "";
      return oneLine(scratch.textContent);
    };
    const part = (name) => place.querySelector(".khabar-" + name);
    const host = window.location.host;
    const segments = decodeURI(place.dataset.path).split("/").filter(Boolean);
    part("serp__url").firstChild.textContent = [host, ...segments].join(" › ");
    part("card__domain").firstChild.textContent = host.toUpperCase();
    let draw = () => {};
    const lead = chosenImage(field("lead_image"), form.querySelector("#lead_image-clear_id"),
      place.dataset.leadImage, () => draw());
    const share = chosenImage(field("share_image"), form.querySelector("#share_image-clear_id"),
      place.dataset.shareImage, () => draw());
    draw = () => {
      // Before a headline is typed, a note says where it will show.
      const title = value("seo_title") || value("title") || gettext("(the headline)");
      const description = value("seo_description") || value("summary") || cut(bodyText(), 200);
      part("serp__title").textContent = cut(place.dataset.siteName ? title + " · " + place.dataset.siteName : title,
        SERP_TITLE);
      part("serp__description").textContent = cut(description, SERP_DESCRIPTION);
      part("card__title").textContent = title;
      part("card__description").textContent = cut(description, CARD_DESCRIPTION);
      const image = share() || lead();
      const img = part("card__image");
      img.hidden = !image;
      part("card__no-image").hidden = Boolean(image);
      if (image) {
        img.src = image;
      } else {
        img.removeAttribute("src");
      }
    };
    form.addEventListener("input", draw);
    form.addEventListener("keyup", draw);
    draw();
    // The rich-text editor is built after this script runs.
    window.setTimeout(draw, 500);
  }

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

    sharePreviews(form);

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
