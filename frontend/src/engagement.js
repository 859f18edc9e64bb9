// Counts audio-guide plays and 3D openings per stop, for the curators' "which stops are heard"
// report. No cookie, no stored identifier: each event is {random id, page, language, kind,
// time}; the id only lets the server drop a resent copy. Online, the browser's beacon carries
// it (it survives the visitor leaving the page). Offline, the service worker keeps it and sends
// it when the network is back (Background Sync where the browser has it, else the "online"
// event below); without a service worker the page keeps it in memory until then.
const FLUSH_MESSAGE = { type: "engagement-flush" };
const pending = [];

function newEvent(page, lang, kind) {
  const id = crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  return { id, page, lang, kind, at: Date.now() };
}

function beacon(url, events) {
  if (!navigator.onLine || !navigator.sendBeacon) return false;
  return navigator.sendBeacon(url, new Blob([JSON.stringify({ events })], { type: "application/json" }));
}

function toWorker(url, events) {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!worker) return false;
  worker.postMessage({ type: "engagement-queue", url, events });
  return true;
}

function send(url, event) {
  if (beacon(url, [event]) || toWorker(url, [event])) return;
  pending.push(event);
}

function flush(url) {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (worker) worker.postMessage(FLUSH_MESSAGE);
  if (pending.length && beacon(url, pending.slice(0, 50))) pending.splice(0, 50);
}

export function initEngagement(root = document) {
  const { page, engagement: url } = document.body.dataset;
  if (!page || !url) return;
  const pageId = Number(page);
  const pageLang = document.documentElement.lang;

  for (const audio of root.querySelectorAll("[data-audio-guide] audio")) {
    // One play per listening: resuming after a pause is the same play; after the end, a new one.
    let counted = false;
    audio.addEventListener("play", () => {
      if (counted) return;
      counted = true;
      send(url, newEvent(pageId, audio.getAttribute("lang") || pageLang, "audio_play"));
    });
    audio.addEventListener("ended", () => { counted = false; });
  }
  for (const viewer of root.querySelectorAll("[data-model-3d] model-viewer")) {
    // Counted when the model has loaded (the visitor sees it), once per page view.
    viewer.addEventListener("load", () => send(url, newEvent(pageId, pageLang, "model_open")), { once: true });
  }
  addEventListener("online", () => flush(url));
  if (navigator.onLine) flush(url); // anything left from an earlier offline visit
}
