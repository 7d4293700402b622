// Progressive enhancement for input[data-suggest-url] (the header's search box on every page, and
// the search page's): titles matching what the reader types, in a list under the box. An ARIA
// combobox (WAI-ARIA APG, list autocomplete): the focus stays in the box, the arrow keys move
// the active suggestion (aria-activedescendant), Enter opens it, Escape closes the list; each
// suggestion is also a link for the mouse and touch. Without JavaScript the form submits as usual.
const DELAY_MS = 200;

document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
  const list = document.createElement("ul");
  list.className = "search-suggest";
  list.id = `${input.id}-suggestions`;
  list.hidden = true;
  list.setAttribute("role", "listbox");
  const label = input.labels?.[0];
  if (label) {
    label.id ||= `${input.id}-label`;
    list.setAttribute("aria-labelledby", label.id);
  }
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.closest("form").append(list);

  let timer;
  let controller;
  let active = -1;
  const options = () => Array.from(list.querySelectorAll("[role=option]"));
  const activate = (index) => {
    const items = options();
    active = items.length ? (index + items.length) % items.length : -1;
    items.forEach((item, number) => item.setAttribute("aria-selected", String(number === active)));
    if (active < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
  };
  const show = (visible) => {
    list.hidden = !visible;
    input.setAttribute("aria-expanded", String(visible));
    if (!visible) activate(-1);
  };
  const clear = () => {
    list.replaceChildren();
    show(false);
  };
  const render = (suggestions) => {
    list.replaceChildren(
      ...suggestions.map(({ title, url }, number) => {
        const item = document.createElement("li");
        item.className = "search-suggest__item";
        item.id = `${list.id}-${number}`;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        const link = document.createElement("a");
        link.className = "search-suggest__link";
        link.href = url;
        link.tabIndex = -1; // reached with the arrow keys from the box, not with Tab
        link.textContent = title; // text, never HTML
        item.append(link);
        return item;
      }),
    );
    show(suggestions.length > 0);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (!query) return clear();
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", query);
      try {
        const response = await fetch(url, { signal: controller.signal });
        if (response.ok) render((await response.json()).suggestions);
      } catch (error) {
        if (error.name !== "AbortError") clear();
      }
    }, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden;
    if (event.key === "Escape" && open) {
      event.preventDefault();
      show(false);
    } else if (event.key === "ArrowDown" && options().length) {
      event.preventDefault();
      if (!open) show(true);
      activate(active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      activate(active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault(); // open the suggestion instead of submitting the query
      window.location.assign(options()[active].querySelector("a").href);
    }
  });
  // Closed when the focus leaves the form (a click on a suggestion follows its link first).
  input.closest("form").addEventListener("focusout", (event) => {
    if (!event.currentTarget.contains(event.relatedTarget)) show(false);
  });
  list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus
});
