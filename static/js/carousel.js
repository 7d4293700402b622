// Progressive enhancement for [data-carousel]: without JavaScript the slides scroll and snap and
// the numbered links jump to a slide. This adds previous/next buttons and keeps the current
// slide marked for assistive technology. No automatic rotation (WCAG 2.2.2).
document.querySelectorAll("[data-carousel]").forEach((carousel) => {
  const viewport = carousel.querySelector(".carousel__viewport");
  const slides = Array.from(carousel.querySelectorAll(".carousel__slide"));
  const dots = Array.from(carousel.querySelectorAll(".carousel__dot"));
  if (!viewport || slides.length < 2) return;

  let current = 0;
  const markCurrent = (index) =>
    dots.forEach((dot, i) =>
      i === index ? dot.setAttribute("aria-current", "true") : dot.removeAttribute("aria-current"),
    );
  const show = (index, focus = false) => {
    current = (index + slides.length) % slides.length;
    viewport.scrollTo({ left: slides[current].offsetLeft - viewport.offsetLeft, behavior: "smooth" });
    markCurrent(current);
    if (focus) slides[current].querySelector("a")?.focus({ preventScroll: true });
  };

  const controls = document.createElement("div");
  controls.className = "carousel__controls";
  const makeButton = (label, step, className) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `carousel__button ${className}`;
    button.textContent = label;
    button.addEventListener("click", () => show(current + step));
    controls.append(button);
  };
  makeButton(carousel.dataset.prevLabel, -1, "carousel__button--prev");
  makeButton(carousel.dataset.nextLabel, 1, "carousel__button--next");
  // Before the slides, so that keyboard users reach them without tabbing through every slide.
  viewport.before(controls);

  dots.forEach((dot, i) =>
    dot.addEventListener("click", (event) => {
      event.preventDefault();
      show(i, true);
    }),
  );
  viewport.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") show(current + 1);
    if (event.key === "ArrowLeft") show(current - 1);
  });
  viewport.addEventListener(
    "scroll",
    () => {
      const nearest = slides.reduce(
        (best, slide, i) =>
          Math.abs(slide.offsetLeft - viewport.offsetLeft - viewport.scrollLeft) <
          Math.abs(slides[best].offsetLeft - viewport.offsetLeft - viewport.scrollLeft)
            ? i
            : best,
        0,
      );
      current = nearest;
      markCurrent(nearest);
    },
    { passive: true },
  );
});
