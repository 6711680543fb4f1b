/* Casebook site: make the visible sidebar toggles work.
 *
 * pydata-sphinx-theme 0.17 renders its own `.primary-toggle` / `.secondary-toggle` buttons in
 * the top navbar (hidden in sphinx-book-theme's layout), and sphinx-book-theme 1.3 renders
 * the visible ones in the article header. Both themes attach their click handlers to
 * `document.querySelector(".primary-toggle")`, i.e. to the hidden button only, so the
 * visible button does nothing on a phone or on a desktop
 * (pydata/pydata-sphinx-theme#2451). Clicks on any other toggle are forwarded to the first
 * one, which carries both themes' handlers: a drawer on narrow screens, collapsing the
 * sidebar on wide ones.
 */
(function () {
  "use strict";

  function forward(selector) {
    const toggles = document.querySelectorAll(selector);
    toggles.forEach((button, index) => {
      if (index === 0) return;
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        toggles[0].click();
      });
    });
  }

  function setup() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
