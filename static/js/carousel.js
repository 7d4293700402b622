// Progressive enhancement for [data-carousel]: without JavaScript the slides scroll and snap and
// the numbered links jump to a slide. This adds previous/next buttons and keeps the current
// slide marked for assistive technology. No automatic rotation (WCAG 2.2.2), and no smooth
// scrolling for readers who ask for reduced motion.
const SETTLE_MS = 120;
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

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
    viewport.scrollTo({
      left: slides[current].offsetLeft - viewport.offsetLeft,
      behavior: reducedMotion.matches ? "auto" : "smooth",
    });
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
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    event.preventDefault(); // one slide, not the browser's own few pixels (and a snap beyond)
    show(current + step);
  });
  // When the reader scrolls or swipes, the slide nearest the start becomes current — once the
  // scrolling has settled, so that a button pressed during a smooth scroll counts from its target.
  const settle = () => {
    const offset = viewport.offsetLeft + viewport.scrollLeft;
    const distances = slides.map((slide) => Math.abs(slide.offsetLeft - offset));
    current = distances.indexOf(Math.min(...distances));
    markCurrent(current);
  };
  let settling;
  viewport.addEventListener(
    "scroll",
    () => {
      clearTimeout(settling);
      settling = setTimeout(settle, SETTLE_MS);
    },
    { passive: true },
  );
});
