// Every visitor page loads this one small module. Heavy parts (3D viewer, map) are separate
// files fetched only when needed; their URLs come from the page (hashed names, see assets.py).
import { initAudioGuides } from "./audio-guide.js";
import { initEngagement } from "./engagement.js";
import { initKeypads } from "./keypad.js";
import { initModels } from "./model-3d.js";
import { initOfflinePacks } from "./offline-pack.js";
import { initMaps } from "./map-loader.js";
import { initOfflinePage, keepHomeCached } from "./offline-page.js";

initAudioGuides();
initKeypads();
initModels();
initMaps();
initOfflinePacks();
initEngagement();
initOfflinePage();

// Register the service worker after the page has loaded: it must never compete with first paint.
const workerUrl = document.body.dataset.serviceWorker;
if (workerUrl && "serviceWorker" in navigator) {
  addEventListener("load", () => {
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch((error) => {
      console.warn("service worker not registered", error);
    });
    navigator.serviceWorker.ready.then(keepHomeCached).catch(() => {});
  });
}
