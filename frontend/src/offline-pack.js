// "Download this tour": fetch the tour's offline-pack manifest, show its total size first, then
// cache every file (pages, audio, the Low 3D level, posters, images, assets) with a progress bar.
// The service worker answers from this cache when the network is gone (see sw.js).
export const PACK_CACHE = "heritage-packs-v1";
const PARALLEL = 3; // quicker on a good link, still gentle on a weak one

function megabytes(bytes) {
  return new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: "unit",
    unit: "megabyte",
    maximumFractionDigits: 1,
  }).format(Math.max(bytes / 1e6, 0.1));
}

export function initOfflinePacks(root = document) {
  for (const section of root.querySelectorAll("[data-offline-pack]")) {
    if (!("caches" in window) || !("serviceWorker" in navigator)) {
      section.hidden = true; // rare: an old browser or a private mode without storage
      continue;
    }
    const text = section.dataset;
    const packUrl = text.packUrl;
    const check = section.querySelector("[data-pack-check]");
    const confirm = section.querySelector("[data-pack-confirm]");
    const summary = section.querySelector("[data-pack-summary]");
    const progressRow = section.querySelector("[data-pack-progress]");
    const progress = progressRow.querySelector("progress");
    const progressText = progressRow.querySelector("[data-pack-progress-text]");
    const status = section.querySelector("[data-pack-status]");
    let pack = null;

    caches.open(PACK_CACHE)
      .then((cache) => cache.match(packUrl))
      .then((saved) => {
        if (saved) {
          section.dataset.state = "ready";
          status.textContent = text.textReady;
        }
      });

    check.addEventListener("click", async () => {
      check.disabled = true;
      status.textContent = "";
      try {
        const response = await fetch(packUrl, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        pack = await response.json();
      } catch {
        check.disabled = false;
        status.textContent = text.textFailed;
        return;
      }
      const size = megabytes(pack.total_bytes);
      summary.textContent = text.textSummary.replace("{size}", size).replace("{count}", pack.files.length);
      summary.hidden = false;
      confirm.textContent = text.textConfirm.replace("{size}", size);
      confirm.hidden = false;
      check.hidden = true;
      confirm.focus();
    });

    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      section.dataset.state = "downloading";
      progressRow.hidden = false;
      progress.max = pack.total_bytes || 1;
      progress.value = 0;
      status.textContent = text.textStarted;
      const cache = await caches.open(PACK_CACHE);
      const queue = [...pack.files];
      const failed = [];
      let done = 0;
      const worker = async () => {
        while (queue.length) {
          const file = queue.shift();
          try {
            // The header tells the service worker not to keep a second copy of this file.
            const response = await fetch(file.url, { headers: { "X-Heritage-Pack": "1" } });
            if (!response.ok) throw new Error(`${response.status}`);
            await cache.put(file.url, response);
          } catch (error) {
            console.warn("not stored for offline use:", file.url, String(error));
            failed.push(file.url);
          }
          done += file.bytes;
          progress.value = done;
          progressText.textContent = text.textProgress
            .replace("{done}", megabytes(done))
            .replace("{size}", megabytes(pack.total_bytes));
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      if (failed.length) {
        section.dataset.state = "failed";
        status.textContent = text.textFailed;
        confirm.disabled = false;
        return;
      }
      // Saved last: its presence means "every file of this tour is here" (also the stop codes).
      await cache.put(packUrl, new Response(JSON.stringify(pack), {
        headers: { "Content-Type": "application/json" },
      }));
      section.dataset.state = "ready";
      confirm.hidden = true;
      status.textContent = text.textReady;
    });
  }
}
