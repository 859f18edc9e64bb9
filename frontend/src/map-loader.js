// The map (Leaflet + tiles) loads only when it scrolls into view; the list of monuments next to
// it is the accessible alternative. Offline, or when the map's script cannot be fetched, the box
// shows the labelled plan instead (map-plan.js, part of main.js).
import { showPlan } from "./map-plan.js";

export function initMaps(root = document) {
  const maps = root.querySelectorAll("[data-map]");
  if (!maps.length) return;
  const load = async (element) => {
    if (element.dataset.loaded) return;
    element.dataset.loaded = "1";
    if (navigator.onLine === false) {
      showPlan(element);
      return;
    }
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = element.dataset.mapCss;
    document.head.append(style);
    try {
      const { showMap } = await import(element.dataset.mapJs);
      showMap(element);
    } catch (error) {
      console.warn("map not loaded, showing the plan", error);
      showPlan(element);
    }
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
