// 用词 warnings next to the fields of the page editor (health/editing.py says what they are).
(function () {
  const match = window.location.pathname.match(/\/pages\/(\d+)\/edit\/$/);
  if (!match) return;
  const script = document.currentScript;
  const url = script.dataset.url.replace("/0/", "/" + match[1] + "/");
  function show(warnings) {
    warnings.forEach(function (warning) {
      const wrapper =
        document.querySelector('[data-contentpath="' + warning.field + '"]') ||
        document.querySelector("#panel-child-content-" + warning.field + "-section");
      const note = document.createElement("p");
      note.className = "health-term-warning";
      note.setAttribute("role", "status");
      note.textContent = warning.text;
      if (wrapper) {
        wrapper.appendChild(note);
      } else {
        const form = document.querySelector("form[data-edit-form]") || document.querySelector("main");
        if (form) form.prepend(note);
      }
    });
  }
  function load() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { warnings: [] }; })
      .then(function (data) { show(data.warnings); })
      .catch(function () {});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
