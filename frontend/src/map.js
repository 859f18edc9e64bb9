// Leaflet map of the monuments, with OpenStreetMap tiles and their required attribution.
import L from "leaflet";

export function showMap(element) {
  const points = [...document.querySelectorAll(element.dataset.points || "[data-map-point]")]
    .map((item) => ({
      lat: Number(item.dataset.lat),
      lng: Number(item.dataset.lng),
      title: item.dataset.title,
      url: item.dataset.url,
    }))
    .filter((point) => Number.isFinite(point.lat) && Number.isFinite(point.lng));
  element.hidden = false;
  const map = L.map(element, { scrollWheelZoom: false, tap: true });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: element.dataset.attribution,
  }).addTo(map);
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
