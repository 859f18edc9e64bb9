// 3D relics: the poster shows first; the viewer script (~1 MB) is fetched only when the visitor
// taps "View in 3D". The level of detail matches the device: Low on phones, slow or metered
// connections and offline; High on desktops.
export function chooseLevel() {
  const connection = navigator.connection || {};
  const small = matchMedia("(max-width: 60rem), (pointer: coarse)").matches;
  const lowMemory = (navigator.deviceMemory || 8) <= 4;
  const slow = connection.saveData || /2g|3g/.test(connection.effectiveType || "");
  return !navigator.onLine || small || lowMemory || slow ? "low" : "high";
}

export function initModels(root = document) {
  for (const figure of root.querySelectorAll("[data-model-3d]")) {
    const viewer = figure.querySelector("model-viewer");
    const button = figure.querySelector("[data-view-3d]");
    const status = figure.querySelector("[data-model-status]");
    const sources = { low: figure.dataset.srcLow, high: figure.dataset.srcHigh || figure.dataset.srcLow };

    viewer.addEventListener("load", () => {
      figure.dataset.state = "loaded";
      status.textContent = figure.dataset.textLoaded;
    });
    viewer.addEventListener("error", () => {
      // High missing from the cache or too much for the device: fall back to Low once.
      if (viewer.getAttribute("src") !== sources.low) {
        viewer.setAttribute("src", sources.low);
      } else {
        figure.dataset.state = "failed";
        status.textContent = figure.dataset.textFailed;
      }
    });

    button.addEventListener("click", async () => {
      const level = chooseLevel();
      figure.dataset.level = level;
      viewer.setAttribute("src", sources[level]);
      // The visitor asked: load and reveal now instead of waiting for a second tap.
      viewer.setAttribute("loading", "eager");
      viewer.setAttribute("reveal", "auto");
      button.disabled = true;
      figure.dataset.state = "loading";
      status.textContent = figure.dataset.textLoading;
      // Decoders from our own origin, so models also open offline (defaults are CDNs).
      self.ModelViewerElement = { ...self.ModelViewerElement, meshoptDecoderLocation: figure.dataset.meshoptJs };
      try {
        await import(figure.dataset.viewerJs);
        button.hidden = true;
      } catch (error) {
        button.disabled = false;
        figure.dataset.state = "failed";
        status.textContent = figure.dataset.textFailed;
      }
    });
  }
}
