/* Search-as-you-type select (core/widgets.py SearchSelect): asks the widget's URL for matching
   options and keeps the chosen ones as hidden inputs. No inline script, no eval (strict CSP). */
(function () {
  "use strict";
  if (window.verbundSearchSelect) return;
  window.verbundSearchSelect = true;

  function chosenItem(root, value, label, detail) {
    const item = document.createElement("span");
    item.className = "search-select-item";
    item.setAttribute("data-item", "");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = root.dataset.name;
    input.value = value;
    const text = document.createElement("span");
    text.textContent = label;
    item.append(input, text);
    if (detail) {
      const small = document.createElement("small");
      small.textContent = detail;
      item.append(" ", small);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary outline";
    remove.setAttribute("data-remove", "");
    remove.setAttribute("aria-label", root.dataset.removeLabel + " " + label);
    remove.textContent = "×";
    item.append(" ", remove);
    return item;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const query = root.querySelector("[data-query]");
    const results = root.querySelector("[data-results]");
    const status = root.querySelector("[data-status]");
    const chosen = root.querySelector("[data-chosen]");
    const multiple = root.hasAttribute("data-multiple");
    let timer = null;
    let asked = 0;

    function clear() {
      results.replaceChildren();
      status.textContent = "";
    }

    function choose(option) {
      const value = option.dataset.value;
      const already = Array.from(chosen.querySelectorAll("input")).some((i) => i.value === value);
      if (!multiple) chosen.replaceChildren();
      if (!already || !multiple) {
        chosen.append(chosenItem(root, value, option.dataset.label, option.dataset.detail));
      }
      query.value = "";
      clear();
      query.focus();
    }

    function show(items) {
      results.replaceChildren();
      status.textContent = items.length ? "" : root.dataset.empty;
      for (const r of items) {
        const option = document.createElement("button");
        option.type = "button";
        option.className = "search-select-option";
        option.setAttribute("role", "option");
        option.dataset.value = r.value;
        option.dataset.label = r.label;
        option.dataset.detail = r.detail || "";
        const name = document.createElement("span");
        name.textContent = r.label;
        option.append(name);
        if (r.detail) {
          const small = document.createElement("small");
          small.textContent = r.detail;
          option.append(" ", small);
        }
        results.append(option);
      }
    }

    async function search() {
      const text = query.value.trim();
      const mine = ++asked;
      if (text.length < 2) {
        clear();
        return;
      }
      status.textContent = root.dataset.busy;
      try {
        const url = new URL(root.dataset.url, window.location.href);
        url.searchParams.set("q", text);
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (mine === asked) show(data.results || []);
      } catch (e) {
        if (mine === asked) status.textContent = root.dataset.error;
      }
    }

    query.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // never submit the form from the search box
        const first = results.querySelector("[data-value]");
        if (first) choose(first);
      } else if (event.key === "ArrowDown") {
        const first = results.querySelector("[data-value]");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    results.addEventListener("click", function (event) {
      const option = event.target.closest("[data-value]");
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
    results.addEventListener("keydown", function (event) {
      const option = event.target.closest("[data-value]");
      if (!option) return;
      if (event.key === "ArrowDown" && option.nextElementSibling) {
        event.preventDefault();
        option.nextElementSibling.focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (option.previousElementSibling || query).focus();
      }
    });
    if (query.value.trim()) search(); // typed before the script was ready
    chosen.addEventListener("click", function (event) {
      const remove = event.target.closest("[data-remove]");
      if (remove) {
        event.preventDefault();
        remove.closest("[data-item]").remove();
      }
    });
  }

  function setupAll(scope) {
    (scope || document).querySelectorAll("[data-search-select]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(); });
  } else {
    setupAll();
  }
  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
})();
