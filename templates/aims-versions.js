// Version switcher of aims-docs releases.
//
// Every release lists the releases known when it was built. When the page is
// served over HTTP, this script reads the site's versions.json (beside the
// release folders), so an old release also lists releases published after it,
// without rewriting its pages. A version link, and the link to the newest
// release in the notice of an outdated release, open the same page in that
// release, or that release's start page when the page does not exist there.
(function () {
  "use strict";
  const script = document.currentScript;

  function pagePath(releaseRoot) {
    const current = window.location.href.split("#")[0].split("?")[0];
    return current.startsWith(releaseRoot) ? current.slice(releaseRoot.length) : "";
  }

  function versionItem(entry, current, newest, siteRoot) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(entry.version + "/index.html", siteRoot).href;
    link.textContent = entry.version;
    link.dataset.version = entry.version;
    if (entry.version === current) link.setAttribute("aria-current", "true");
    item.append(link);
    const date = document.createElement("span");
    date.className = "aims-version-date";
    date.textContent = entry.date;
    item.append(" ", date);
    if (entry.version === newest) {
      const badge = document.createElement("span");
      badge.className = "aims-newest";
      badge.textContent = "newest";
      item.append(" ", badge);
    }
    return item;
  }

  // Resolve to the URL of the same page in release `version`, or to that
  // release's start page when the page does not exist there.
  async function samePageUrl(version, siteRoot, page) {
    const start = new URL(version + "/index.html", siteRoot).href;
    if (!page) return start;
    const target = new URL(version + "/" + page, siteRoot).href;
    try {
      const response = await fetch(target, { method: "HEAD", cache: "no-cache" });
      return response.ok ? target : start;
    } catch (error) {
      return start;
    }
  }

  async function render(nav, data, siteRoot, page) {
    const current = nav.dataset.version;
    const newest = data.newest;
    const list = nav.querySelector(".aims-version-list");
    list.replaceChildren(
      ...data.versions.map((entry) => versionItem(entry, current, newest, siteRoot))
    );
    const summaryBadge = nav.querySelector("summary .aims-newest");
    if (summaryBadge && current !== newest) summaryBadge.remove();
    const outdated = nav.querySelector(".aims-outdated");
    const newestLink = nav.querySelector(".aims-newest-link");
    if (outdated && newestLink && newest) {
      newestLink.textContent = newest;
      newestLink.href =
        current === newest
          ? new URL(newest + "/index.html", siteRoot).href
          : await samePageUrl(newest, siteRoot, page);
      outdated.hidden = current === newest;
    }
  }

  async function openSamePage(event, siteRoot, page) {
    const link = event.target.closest("a[data-version]");
    if (!link || !page) return;
    event.preventDefault();
    window.location.href = await samePageUrl(link.dataset.version, siteRoot, page);
  }

  // Pages without a body of their own (index, search) carry the switcher in a
  // <template>; put it at the top of the main content.
  function placeFromTemplate() {
    const template = document.getElementById("aims-version-switcher");
    if (!template) return null;
    const main =
      document.querySelector('[role="main"]') || document.querySelector("main") || document.body;
    main.prepend(template.content.cloneNode(true));
    return document.querySelector("nav.aims-version-switcher");
  }

  function init() {
    const nav = document.querySelector("nav.aims-version-switcher") || placeFromTemplate();
    if (!nav || !script) return;
    const releaseRoot = new URL("../", script.src).href; // script is in <release>/_static/
    const siteRoot = new URL("../", releaseRoot).href;
    const page = pagePath(releaseRoot);
    fetch(new URL("versions.json", siteRoot).href, { cache: "no-cache" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then(async (data) => {
        await render(nav, data, siteRoot, page);
        nav.dataset.loaded = "true";
      })
      .catch(() => {
        // Opened from a file or without versions.json: keep the build-time list.
        nav.dataset.loaded = "fallback";
      });
    nav.querySelector(".aims-version-list").addEventListener("click", (event) =>
      openSamePage(event, siteRoot, page)
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
