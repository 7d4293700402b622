// Progressive enhancement for input[data-suggest-url]: titles matching what the reader types,
// shown under the search box as links. Without JavaScript the form submits as usual.
const DELAY_MS = 200;

document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
  const list = document.createElement("ul");
  list.className = "search-suggest";
  list.id = `${input.id}-suggestions`;
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.closest("form").append(list);

  let timer;
  let controller;
  const clear = () => {
    list.replaceChildren();
    list.hidden = true;
  };
  const render = (suggestions) => {
    list.replaceChildren(
      ...suggestions.map(({ title, url }) => {
        const item = document.createElement("li");
        item.className = "search-suggest__item";
        const link = document.createElement("a");
        link.className = "search-suggest__link";
        link.href = url;
        link.textContent = title; // text, never HTML
        item.append(link);
        return item;
      }),
    );
    list.hidden = suggestions.length === 0;
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
    if (event.key === "Escape") clear();
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      list.querySelector("a")?.focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = Array.from(list.querySelectorAll("a"));
    const index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown") links[index + 1]?.focus();
    if (event.key === "ArrowUp") (links[index - 1] ?? input).focus();
    if (event.key === "Escape") {
      clear();
      input.focus();
    }
    if (["ArrowDown", "ArrowUp"].includes(event.key)) event.preventDefault();
  });
});
