/*
 * A live story's page: asks for the entries after the newest one it shows (and those changed
 * since its version), with backoff while nothing changes, and offers them behind a
 * "N new updates" bar; edits and withdrawals replace their entries in place. The page is
 * complete without this script. Strings come from the site's JavaScript catalog (jsi18n).
 */
(function () {
  "use strict";

  const live = document.getElementById("live");
  if (!live || live.hasAttribute("data-ended")) {
    return;
  }
  const t = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
  const plural = (one, many, n) =>
    typeof window.ngettext === "function" ? window.ngettext(one, many, n) : n === 1 ? one : many;
  const format = (text, values) =>
    typeof window.interpolate === "function" ? window.interpolate(text, values, true) : text.replace("%(count)s", values.count);

  // Tests may ask sooner (window.khabarLivePollMs, set before the page loads).
  const MIN_DELAY = Number(window.khabarLivePollMs) || 10000;
  const MAX_DELAY = 120000;
  const template = live.dataset.updates;
  const pinned = live.querySelector(".live__pinned");
  const stream = live.querySelector(".live__stream");
  const keys = live.querySelector(".live__keys");
  const bar = live.querySelector(".live__bar");
  let after = Number(live.dataset.after) || 0;
  let version = Number(live.dataset.version) || 0;
  let delay = MIN_DELAY;
  let timer = null;
  const waiting = new Map();

  function url() {
    // The address names the newest entry and the version: /articles/<pk>/live/<after>/<version>/
    return template.replace(/\/0\/0\/$/, "/" + after + "/" + version + "/");
  }

  function element(html) {
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function place(entry) {
    const node = element(entry.html);
    const old = document.getElementById("update-" + entry.id);
    if (old) {
      old.remove();
    }
    const list = entry.pinned ? pinned : stream;
    const later = Array.from(list.children).find((child) => Number(child.dataset.id) < entry.id);
    list.insertBefore(node, later || null);
    pinned.hidden = pinned.children.length === 0;
    const empty = live.querySelector(".live__empty");
    if (empty) {
      empty.remove();
    }
    placeKey(entry);
  }

  function placeKey(entry) {
    const list = keys.querySelector("ol");
    const old = list.querySelector('li[data-id="' + entry.id + '"]');
    if (old) {
      old.remove();
    }
    if (entry.key) {
      const item = document.createElement("li");
      item.dataset.id = entry.id;
      const link = document.createElement("a");
      link.href = "#update-" + entry.id;
      const time = element(entry.html).querySelector("time");
      if (time) {
        link.append(time, " ");
      }
      const text = document.createElement("span");
      text.dir = "auto";
      text.textContent = entry.headline;
      link.append(text);
      item.append(link);
      const later = Array.from(list.children).find((child) => Number(child.dataset.id) < entry.id);
      list.insertBefore(item, later || null);
    }
    keys.hidden = list.children.length === 0;
  }

  function showWaiting() {
    bar.textContent = "";
    if (!waiting.size) {
      return;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "live__new";
    button.textContent = format(plural("%(count)s new update", "%(count)s new updates", waiting.size), {
      count: waiting.size,
    });
    button.addEventListener("click", showNew);
    bar.append(button);
  }

  function showNew() {
    Array.from(waiting.values())
      .sort((a, b) => a.id - b.id)
      .forEach(place);
    waiting.clear();
    showWaiting();
    const first = stream.firstElementChild;
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
      live.scrollIntoView({ block: "start" });
    }
  }

  function ended() {
    live.setAttribute("data-ended", "");
    bar.textContent = t("This live coverage has ended. Reload the page for its final state.");
  }

  function receive(data) {
    let changed = false;
    data.entries.forEach((entry) => {
      changed = true;
      if (entry.new || waiting.has(entry.id)) {
        waiting.set(entry.id, entry);
      } else {
        place(entry);
      }
    });
    after = data.after;
    version = data.version;
    showWaiting();
    if (data.ended) {
      ended();
      return false;
    }
    return changed;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, delay);
  }

  function poll() {
    if (document.hidden) {
      return;
    }
    fetch(url(), { headers: { Accept: "application/json" }, credentials: "omit" })
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then((data) => {
        const changed = receive(data);
        if (live.hasAttribute("data-ended")) {
          return;
        }
        delay = changed ? MIN_DELAY : Math.min(MAX_DELAY, Math.round(delay * 1.5));
        schedule();
      })
      .catch(() => {
        delay = Math.min(MAX_DELAY, delay * 2);
        schedule();
      });
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && !live.hasAttribute("data-ended")) {
      delay = MIN_DELAY;
      poll();
    }
  });
  live.dataset.polling = "on";
  schedule();
})();
