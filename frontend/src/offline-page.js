// The phone never dead-ends offline. Two halves:
//  * keepHomeCached: every page stores its language's home page (monuments and the tour list)
//    in the worker's page cache if it is not there yet, so home always opens offline;
//  * initOfflinePage: on the offline page the worker serves for a page the phone does not hold,
//    list what it does hold in this language: downloaded tours, then pages already visited.
import { PACK_CACHE } from "./offline-pack.js";

const PAGE_CACHE = "heritage-pages-v1"; // the worker's name for visited pages (sw.js)

export async function keepHomeCached() {
  const home = document.body.dataset.homeUrl;
  if (!home || !("caches" in window)) return;
  const cache = await caches.open(PAGE_CACHE);
  if (!(await cache.match(home, { ignoreVary: true }))) {
    await cache.add(home).catch(() => {}); // offline now: next time
  }
}

function addLink(list, url, title) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = url;
  link.textContent = title;
  item.append(link);
  list.append(item);
}

async function titleOf(response) {
  const html = await response.text();
  const title = new DOMParser().parseFromString(html, "text/html").title || "";
  return title.split(" · ")[0].trim();
}

export async function initOfflinePage(root = document) {
  const box = root.querySelector("[data-offline-list]");
  if (!box || !("caches" in window)) return;
  const language = document.documentElement.lang;
  const prefix = `/${language}/`;
  const shown = new Set([location.pathname, new URL(box.querySelector("a").href).pathname]);

  const tours = box.querySelector("[data-offline-tours]");
  const packs = await caches.open(PACK_CACHE);
  for (const key of await packs.keys()) {
    if (!key.url.endsWith("/offline.json")) continue;
    const pack = await (await packs.match(key)).json().catch(() => null);
    if (!pack || !pack.tour || pack.language !== language) continue;
    const path = new URL(pack.tour.url, location.href).pathname;
    if (shown.has(path)) continue;
    shown.add(path);
    addLink(tours.querySelector("ul"), pack.tour.url, pack.tour.title);
    tours.hidden = false;
  }

  const pages = box.querySelector("[data-offline-pages]");
  const visited = await caches.open(PAGE_CACHE);
  for (const key of await visited.keys()) {
    const url = new URL(key.url);
    if (!url.pathname.startsWith(prefix) || shown.has(url.pathname) || url.pathname.endsWith("/offline/")) continue;
    shown.add(url.pathname);
    const title = await titleOf(await visited.match(key));
    if (!title) continue;
    addLink(pages.querySelector("ul"), url.pathname, title);
    pages.hidden = false;
  }
  box.querySelector("[data-offline-none]").hidden = !tours.hidden;
}
