// The search page's only script of our own: starts Pagefind's search box in #search.
// Pagefind finds its index beside pagefind-ui.js and picks the language from <html lang>.
// Without JavaScript, or without an index (`chapters serve` builds none), the page still
// lists every chapter, the handbook and the events.
(function () {
  "use strict";
  if (typeof window.PagefindUI !== "function" || !document.getElementById("search")) {
    return;
  }
  var element = document.getElementById("search");
  var translations = {};
  try {
    translations = JSON.parse(element.getAttribute("data-translations") || "{}");  // our own words (search.html)
  } catch (error) {
    translations = {};
  }
  var ui = new window.PagefindUI({ element: "#search", showImages: false, showSubResults: true, translations: translations });
  var query = new URLSearchParams(window.location.search).get("q");  // /search/?q=bank opens with results
  if (query) {
    ui.triggerSearch(query);
  }
})();
