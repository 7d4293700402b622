// The page editor: the slug (on the 推荐 tab) follows the title as it is typed, as the pinyin the
// server would give it (home/slugs.py), until the editor writes a slug of their own. Only pages
// not yet live carry data-slug-suggest-url. Without this script the server still fills an empty
// slug on save.
const WAIT_MS = 300;

const follow = (slug) => {
  // The title is a textarea in Wagtail's page editor.
  const title = slug.form && slug.form.elements.namedItem("title");
  if (!title) return;

  let lastSuggested = slug.dataset.slugAuto === "true" ? slug.value : null;
  let timer = null;
  let asked = 0;

  const follows = () => slug.value === "" || slug.value === lastSuggested;

  const suggest = async () => {
    const query = new URLSearchParams({ title: title.value });
    const ticket = ++asked;
    const response = await fetch(`${slug.dataset.slugSuggestUrl}&${query}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || ticket !== asked || !follows()) return;
    const { slug: value } = await response.json();
    lastSuggested = value;
    slug.value = value;
  };

  // Wagtail's own title → slug sync (TitleFieldPanel) would write its spelling of the title;
  // the form took its slug action away, and here its "apply" is declined for ours.
  slug.addEventListener("w-sync:apply", (event) => event.preventDefault());
  title.addEventListener("input", () => {
    if (!follows()) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, WAIT_MS);
  });
};

const start = () => document.querySelectorAll("input[data-slug-suggest-url]").forEach(follow);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
