// "复制引用": copies a citation with the Clipboard API. Where clipboard access is denied (or the
// API is missing, as on plain http), the text is selected so the reader can copy it by hand.
document.querySelectorAll("[data-citation]").forEach((section) => {
  const status = section.querySelector(".citation__status");
  const select = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  section.querySelectorAll("[data-copy-target]").forEach((button) => {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        if (!navigator.clipboard) throw new Error("no clipboard");
        await navigator.clipboard.writeText(target.textContent.trim());
        status.textContent = status.dataset.copied;
      } catch {
        select(target);
        status.textContent = status.dataset.denied;
      }
    });
  });
});
