// The map (Leaflet + OpenStreetMap tiles) loads only when it scrolls into view; the list of
// monuments next to it is the accessible, offline-friendly alternative.
export function initMaps(root = document) {
  const maps = root.querySelectorAll("[data-map]");
  if (!maps.length) return;
  const load = async (element) => {
    if (element.dataset.loaded) return;
    element.dataset.loaded = "1";
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = element.dataset.mapCss;
    document.head.append(style);
    const { showMap } = await import(element.dataset.mapJs);
    showMap(element);
  };
  if (!("IntersectionObserver" in window)) {
    maps.forEach(load);
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        load(entry.target);
      }
    }
  }, { rootMargin: "200px" });
  maps.forEach((element) => observer.observe(element));
}
