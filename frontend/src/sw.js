// Service worker, served by Django at /sw.js (root scope) with self.HERITAGE prepended:
// { version, assets: [precached URLs], staticUrl, mediaUrl }.
//   HTML pages      network first (a few seconds on weak 4G), then the cached copy
//   hashed assets   cache first (their names change when their content does)
//   media           cache first (guides/ and models/ are content-addressed)
//   Range requests  answered with 206 from a cached full response (audio seeking offline)
//   /xx/stops/N/    offline: redirect through the stop codes of a downloaded tour
//   engagement      plays and 3D openings the page could not send are kept here and sent when
//                   the network is back: Background Sync, else the page's "online" message
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

const ENGAGEMENT_CACHE = "heritage-engagement-v1";
const ENGAGEMENT_SYNC_TAG = "heritage-engagement";
const ENGAGEMENT_BATCH = 50; // the server's limit per beacon
const ENGAGEMENT_MAX_QUEUED = 2000; // a week of a busy guide offline; the oldest go first
const ENGAGEMENT_MAX_AGE_MS = 7 * 24 * 3600 * 1000; // the server refuses older events anyway

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

// --- Engagement counts made offline (see engagement.js) ------------------------------------
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "engagement-queue" && Array.isArray(data.events)) {
    event.waitUntil(queueEngagement(data.url, data.events));
  } else if (data.type === "engagement-flush") {
    event.waitUntil(flushEngagement().catch(() => {}));
  }
});

self.addEventListener("sync", (event) => {
  // A rejection tells the browser to retry later (with back-off), so failures are rethrown.
  if (event.tag === ENGAGEMENT_SYNC_TAG) event.waitUntil(flushEngagement());
});

async function queueEngagement(url, events) {
  const cache = await caches.open(ENGAGEMENT_CACHE);
  for (const item of events.slice(0, ENGAGEMENT_BATCH)) {
    const key = new Request(`${location.origin}/__engagement-queue/${encodeURIComponent(item.id)}`);
    await cache.put(key, new Response(JSON.stringify({ url, event: item })));
  }
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - ENGAGEMENT_MAX_QUEUED))) await cache.delete(key);
  if (self.registration.sync) {
    try {
      await self.registration.sync.register(ENGAGEMENT_SYNC_TAG);
    } catch {
      // Background Sync refused (permission, private mode): the page's "online" message remains.
    }
  }
  await flushEngagement().catch(() => {}); // perhaps the network is there after all
}

let flushing = null;
function flushEngagement() {
  flushing = flushing || sendQueuedEngagement().finally(() => { flushing = null; });
  return flushing;
}

async function sendQueuedEngagement() {
  const cache = await caches.open(ENGAGEMENT_CACHE);
  const byUrl = new Map();
  for (const key of await cache.keys()) {
    const hit = await cache.match(key);
    const { url, event } = hit ? await hit.json() : {};
    if (!url || !event || Date.now() - event.at > ENGAGEMENT_MAX_AGE_MS) {
      await cache.delete(key);
      continue;
    }
    if (!byUrl.has(url)) byUrl.set(url, []);
    byUrl.get(url).push({ key, event });
  }
  for (const [url, items] of byUrl) {
    for (let start = 0; start < items.length; start += ENGAGEMENT_BATCH) {
      const batch = items.slice(start, start + ENGAGEMENT_BATCH);
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ events: batch.map((item) => item.event) }),
        credentials: "omit",
      }); // offline: throws, and everything stays queued
      if (response.status === 429 || response.status >= 500) throw new Error(`engagement: ${response.status}`);
      // Accepted (202), or refused for good (400, 403, 413): either way it is not sent again.
      for (const item of batch) await cache.delete(item.key);
    }
  }
}
