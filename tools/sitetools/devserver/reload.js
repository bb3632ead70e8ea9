// The dev server's live reload; never part of the built site.
// Reloads the page when a build ends (a good one: new text; a failed one: the
// list of its problems), keeping the scroll position across the reload.
(() => {
  "use strict";
  const shown = Number(document.currentScript.dataset.build);
  const key = `devserver-scroll:${location.pathname}`;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    if (document.readyState === "complete") {
      restore();
    } else {
      window.addEventListener("load", restore, { once: true });
    }
  }
  const events = new EventSource("/__devserver/events");
  events.addEventListener("build", (event) => {
    const build = JSON.parse(event.data);
    if (build.number === shown) {
      return;
    }
    events.close();
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  });
})();
