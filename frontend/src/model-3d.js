// 3D relics: the poster shows first; the viewer script (~1 MB) is fetched only when the visitor
// taps "View in 3D". The level of detail matches the device: the small level on phones, slow or
// metered connections and offline; the large one on desktops. The page names both levels
// (data-level-small, data-level-large: heritage_cms/collection/levels.py).
export function chooseSize() {
  const connection = navigator.connection || {};
  const small = matchMedia("(max-width: 60rem), (pointer: coarse)").matches;
  const lowMemory = (navigator.deviceMemory || 8) <= 4;
  const slow = connection.saveData || /2g|3g/.test(connection.effectiveType || "");
  return !navigator.onLine || small || lowMemory || slow ? "small" : "large";
}

export function initModels(root = document) {
  for (const figure of root.querySelectorAll("[data-model-3d]")) {
    const viewer = figure.querySelector("model-viewer");
    const button = figure.querySelector("[data-view-3d]");
    const status = figure.querySelector("[data-model-status]");
    const { levelSmall, levelLarge, srcSmall, srcLarge } = figure.dataset;
    const levels = { small: levelSmall, large: levelLarge };
    const sources = { small: srcSmall, large: srcLarge || srcSmall };

    viewer.addEventListener("load", () => {
      figure.dataset.state = "loaded";
      status.textContent = figure.dataset.textLoaded;
    });
    viewer.addEventListener("error", () => {
      // The large level missing from the cache or too much for the device: fall back once.
      if (viewer.getAttribute("src") !== sources.small) {
        viewer.setAttribute("src", sources.small);
      } else {
        figure.dataset.state = "failed";
        status.textContent = figure.dataset.textFailed;
      }
    });

    button.addEventListener("click", async () => {
      const size = chooseSize();
      figure.dataset.level = levels[size];
      viewer.setAttribute("src", sources[size]);
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
