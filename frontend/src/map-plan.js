// The map without tiles (offline, or the tile server unreachable): the monuments as a labelled
// plan — each name a link at its place relative to the others, north up — instead of a grey box
// of unlabelled dots. Needs no Leaflet, so it also works when the map's script is not cached.
export function mapPoints(element) {
  return [...document.querySelectorAll(element.dataset.points || "[data-map-point]")]
    .map((item) => ({
      lat: Number(item.dataset.lat),
      lng: Number(item.dataset.lng),
      title: item.dataset.title,
      url: item.dataset.url,
    }))
    .filter((point) => Number.isFinite(point.lat) && Number.isFinite(point.lng));
}

const MARGIN = 14; // per cent of the box kept free on each side, so labels stay inside

export function showPlan(element, points = mapPoints(element)) {
  if (element.dataset.plan) return;
  element.dataset.plan = "1";
  element.replaceChildren();
  element.className = "map map-plan"; // whatever Leaflet left behind
  element.removeAttribute("style");
  const notice = document.createElement("p");
  notice.className = "map-notice";
  notice.textContent = element.dataset.textNoTiles || "";
  const list = document.createElement("ul");
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const [west, east] = [Math.min(...lngs), Math.max(...lngs)];
  const span = (low, high, value) => (high > low ? (value - low) / (high - low) : 0.5);
  // North first, so reading order and the list's order follow the plan from top to bottom.
  for (const point of [...points].sort((a, b) => b.lat - a.lat)) {
    const item = document.createElement("li");
    const x = MARGIN + span(west, east, point.lng) * (100 - 2 * MARGIN);
    const y = MARGIN + (1 - span(south, north, point.lat)) * (100 - 2 * MARGIN);
    item.style.left = `${x.toFixed(1)}%`;
    item.style.top = `${y.toFixed(1)}%`;
    // The label goes to the side with more room, and may use all of it (then it wraps).
    const leftward = x > 50;
    if (leftward) item.classList.add("label-left");
    item.style.maxWidth = `${(leftward ? x : 100 - x).toFixed(1)}%`;
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    item.append(link);
    list.append(item);
  }
  element.append(notice, list);
  element.hidden = false;
}
