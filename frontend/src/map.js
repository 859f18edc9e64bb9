// Leaflet map of the monuments, with tiles from the configured server (data-tiles, from the
// MAP_TILE_URL setting) and their required attribution. When no tile arrives (offline, or the
// tile server unreachable) the map gives way to the labelled plan of map-plan.js.
import L from "leaflet";

import { mapPoints, showPlan } from "./map-plan.js";

const TILE_PATIENCE_MS = 8000; // a tile server that neither answers nor fails is as good as down

export function showMap(element) {
  const points = mapPoints(element);
  if (navigator.onLine === false || !element.dataset.tiles) {
    showPlan(element, points);
    return null;
  }
  element.hidden = false;
  const map = L.map(element, { scrollWheelZoom: false, tap: true });
  const tiles = L.tileLayer(element.dataset.tiles, {
    maxZoom: 19,
    attribution: element.dataset.attribution,
  });
  let loaded = 0;
  const giveUp = () => {
    if (loaded || element.dataset.plan) return;
    map.remove();
    showPlan(element, points);
  };
  tiles.on("tileload", () => { loaded += 1; });
  tiles.on("tileerror", giveUp);
  setTimeout(giveUp, TILE_PATIENCE_MS);
  tiles.addTo(map);
  const icon = L.divIcon({ className: "map-pin", iconSize: [28, 28], iconAnchor: [14, 14] });
  for (const point of points) {
    const marker = L.marker([point.lat, point.lng], { icon, title: point.title, keyboard: true, riseOnHover: true });
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    marker.bindPopup(link).addTo(map);
  }
  if (points.length > 1) map.fitBounds(points.map((p) => [p.lat, p.lng]), { padding: [24, 24] });
  else if (points.length === 1) map.setView([points[0].lat, points[0].lng], 16);
  else map.setView([16.4698, 107.5786], 13); // the Citadel of Huế
  return map;
}
