// The main navigation is a <details> disclosure: closed on phones, always shown on wider screens
// (by CSS where the browser supports ::details-content). This keeps it open on wide screens in
// every browser and lets Escape close it on phones, returning focus to its toggle.
const WIDE = window.matchMedia("(min-width: 48rem)");

document.querySelectorAll("[data-main-nav]").forEach((disclosure) => {
  const toggle = disclosure.querySelector("summary");
  const follow = () => {
    disclosure.open = WIDE.matches;
  };
  follow();
  WIDE.addEventListener("change", follow);
  disclosure.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && disclosure.open && !WIDE.matches) {
      disclosure.open = false;
      toggle.focus();
    }
  });
});
