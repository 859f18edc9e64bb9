// Service worker, served by Django at /sw.js (root scope) with self.HERITAGE prepended:
// { version, assets: [precached URLs], staticUrl, mediaUrl }.
//   HTML pages      network first (a few seconds on weak 4G), then the cached copy
//   hashed assets   cache first (their names change when their content does)
//   media           cache first (guides/ and models/ are content-addressed)
//   Range requests  answered with 206 from a cached full response (audio seeking offline)
//   /xx/stops/N/    offline: redirect through the stop codes of a downloaded tour
//   any other page  offline and not held: the offline page of its language (/xx/offline/),
//                   which lists what the phone does hold
const { version, assets, staticUrl, mediaUrl, offlinePages = {} } = self.HERITAGE;
const ASSET_CACHE = `heritage-assets-${version}`;
const PAGE_CACHE = "heritage-pages-v1";
const MEDIA_CACHE = "heritage-media-v1";
const PACK_CACHE = "heritage-packs-v1"; // filled by the page's "Download this tour" button
const NETWORK_TIMEOUT_MS = 4000;
const MAX_MEDIA_BYTES = 15e6; // don't keep a desktop's High 3D level unasked
const NOT_OURS = /^\/(admin|django-admin|api|documents)\//;
const STOP_PATH = /^\/[a-z-]+\/stops\/([0-9]{1,6})\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await (await caches.open(ASSET_CACHE)).addAll(assets);
    // Stored again with every new worker, so they always point at the current assets.
    const pages = await caches.open(PAGE_CACHE);
    await Promise.all(Object.values(offlinePages).map((url) => pages.add(url).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("heritage-assets-") && name !== ASSET_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== location.origin || NOT_OURS.test(url.pathname)) return;
  if (request.headers.get("X-Heritage-Pack")) return; // the page stores these itself
  if (request.headers.has("range")) {
    event.respondWith(partial(request));
  } else if (request.mode === "navigate" || (request.headers.get("accept") || "").includes("text/html")) {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith(staticUrl)) {
    event.respondWith(cacheFirst(request, ASSET_CACHE));
  } else if (url.pathname.startsWith(mediaUrl)) {
    event.respondWith(cacheFirst(request, MEDIA_CACHE));
  } else if (url.pathname.endsWith("/offline.json") || url.pathname.endsWith(".webmanifest")) {
    event.respondWith(fetch(request).catch(() => cached(request).then((hit) => hit || Response.error())));
  }
});

function cached(request) {
  return caches.match(request, { ignoreVary: true });
}

async function page(request, url) {
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic" && !response.redirected) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  });
  const copy = await cached(request);
  if (!copy) {
    try {
      return await network;
    } catch {
      const stop = await stopFromPack(url);
      if (stop) return stop;
      // The offline page only for a visitor's navigation; a script's fetch still fails as such.
      return (request.mode === "navigate" && (await offlinePage(url))) || Response.error();
    }
  }
  const late = new Promise((resolve) => setTimeout(() => resolve(copy), NETWORK_TIMEOUT_MS));
  return Promise.race([network.catch(() => copy), late]);
}

async function stopFromPack(url) {
  const match = STOP_PATH.exec(url.pathname);
  if (!match) return null;
  const cache = await caches.open(PACK_CACHE);
  for (const key of await cache.keys()) {
    if (!key.url.endsWith("/offline.json")) continue;
    const pack = await (await cache.match(key)).json();
    const target = pack.stops && pack.stops[match[1]];
    if (target) return Response.redirect(new URL(target, url).href, 302);
  }
  return null;
}

async function offlinePage(url) {
  const language = url.pathname.split("/")[1];
  const wanted = [offlinePages[language], ...Object.values(offlinePages)].filter(Boolean);
  const cache = await caches.open(PAGE_CACHE);
  for (const address of wanted) {
    const hit = await cache.match(address, { ignoreVary: true });
    if (hit) return hit;
  }
  return null;
}

async function cacheFirst(request, cacheName) {
  const hit = await cached(request);
  if (hit) return hit;
  const response = await fetch(request);
  const size = Number(response.headers.get("Content-Length") || 0);
  if (response.status === 200 && response.type === "basic" && size <= MAX_MEDIA_BYTES) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
  }
  return response;
}

// Media elements ask for byte ranges (iOS Safari insists); answer them from a cached full file.
async function partial(request) {
  const hit = await caches.match(request.url, { ignoreVary: true });
  if (!hit) return fetch(request);
  const body = await hit.blob();
  const size = body.size;
  const match = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range").trim());
  let start;
  let end;
  if (match && match[1] !== "") {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  } else if (match && match[2] !== "") {
    start = Math.max(size - Number(match[2]), 0);
    end = size - 1;
  }
  if (start === undefined || start > end || start >= size) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
  }
  return new Response(body.slice(start, end + 1), {
    status: 206,
    statusText: "Partial Content",
    headers: {
      "Content-Type": hit.headers.get("Content-Type") || "application/octet-stream",
      "Content-Range": `bytes ${start}-${end}/${size}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
