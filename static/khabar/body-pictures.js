/*
 * "Insert a picture from the library" under the story's body editor: search-as-you-type over the
 * media library (the Picture admin's own autocomplete, with its Arabic-aware search, through the
 * lead picture's autocomplete endpoint), and a chosen picture goes in at the cursor as a paragraph
 * of its own, "[picture:<id>]". The editor's schema has no node for figures and would drop one;
 * readers never see the token: the page shows the picture there (articles.public.body_pictures).
 * Texts come from Django's JavaScript catalog (admin:jsi18n, djangojs.po).
 */
(function () {
  "use strict";

  const WAIT_MS = 250;

  function searchUrl(select, term) {
    const url = new URL(select.getAttribute("data-ajax--url"), window.location.href);
    url.searchParams.set("term", term);
    url.searchParams.set("app_label", select.getAttribute("data-app-label"));
    url.searchParams.set("model_name", select.getAttribute("data-model-name"));
    url.searchParams.set("field_name", select.getAttribute("data-field-name"));
    return url;
  }

  function insert(row, id) {
    const view = row.querySelector(".ProseMirror[contenteditable]");
    if (view && view.editor) {
      view.editor.chain().focus().insertContent("<p>[picture:" + id + "]</p>").run();
    }
  }

  function control(row, select) {
    const box = document.createElement("div");
    box.className = "khabar-body-pictures";
    const label = document.createElement("label");
    label.textContent = gettext("Insert a picture from the library");
    const input = document.createElement("input");
    input.type = "search";
    input.id = "khabar-body-picture-search";
    input.setAttribute("dir", "auto");
    input.placeholder = gettext("Search by caption, credit or tag");
    label.htmlFor = input.id;
    const list = document.createElement("ul");
    list.setAttribute("aria-live", "polite");
    box.append(label, input, list);
    row.appendChild(box);
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(row, select, input.value.trim(), list), WAIT_MS);
    });
  }

  function search(row, select, term, list) {
    list.replaceChildren();
    if (!term) {
      return;
    }
    fetch(searchUrl(select, term), { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        for (const result of data.results.slice(0, 10)) {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.textContent = result.text;
          button.setAttribute("dir", "auto");
          button.addEventListener("click", () => insert(row, result.id));
          item.appendChild(button);
          list.appendChild(item);
        }
        if (!list.children.length) {
          const none = document.createElement("li");
          none.textContent = gettext("No pictures found.");
          list.appendChild(none);
        }
      });
  }

  function start() {
    const body = document.querySelector("#id_body");
    const select = document.querySelector("#id_picture[data-ajax--url]");
    if (body && select) {
      control(body.closest(".form-row") || body.parentElement, select);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
