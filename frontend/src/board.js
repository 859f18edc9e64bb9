// The operations board (Wagtail admin): a map of the monuments and their gates, people inside,
// entries per hour against the usual, refusals by reason, open alerts. It polls the board's JSON
// every few seconds and updates in place; every chart has a data table beside it for screen
// readers (and anyone who wants the numbers).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import L from "leaflet";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement,
  PointElement, Legend, Tooltip);

const STATE_COLOURS = { online: "#1a7f37", silent: "#b35900", offline: "#b3261e" };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function table(caption, headings, rows) {
  return el("table", { class: "listing ops-table" },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, ...row.map((cell, i) =>
      i === 0 ? el("th", { scope: "row", text: cell }) : el("td", { text: cell }))))));
}

function number(value, locale) {
  return value === null || value === undefined ? "—" : Number(value).toLocaleString(locale);
}

function when(iso, locale) {
  return iso ? new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }) : "—";
}

class Board {
  constructor(root) {
    this.root = root;
    this.t = JSON.parse(document.getElementById("operations-board-text").textContent);
    this.locale = document.documentElement.lang || "en";
    this.charts = new Map();
    this.url = root.dataset.url;
    this.poll = Number(root.dataset.pollSeconds || 15) * 1000;
    this.csrf = root.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
    this.mapElement = root.querySelector("[data-board-map]");
    this.sitesElement = root.querySelector("[data-board-sites]");
    this.alertsElement = root.querySelector("[data-board-alerts]");
    this.status = root.querySelector("[data-board-status]");
    this.panelsElement = root.querySelector("[data-board-panels]");
    const initial = JSON.parse(document.getElementById("operations-board-data").textContent);
    this.panelsKey = (initial.panels || []).join("");  // the page rendered these already
    this.render(initial);
    setInterval(() => this.refresh(), this.poll);
  }

  async refresh() {
    try {
      const response = await fetch(this.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      this.render(await response.json());
    } catch (error) {
      this.status.textContent = this.t.stale;
      this.status.classList.add("ops-stale");
    }
  }

  render(data) {
    this.status.classList.remove("ops-stale");
    this.status.textContent = `${this.t.updated} ${when(data.generated_at, this.locale)}`;
    this.renderAlerts(data.alerts);
    this.renderMap(data.sites);
    this.renderSites(data);
    this.renderPanels(data.panels);
  }

  renderPanels(panels) {
    // The other apps' panels (visitor reports, stops heard) come rendered by the server for this
    // user's monuments; they are swapped only when they changed, and not under a focused link.
    const key = (panels || []).join("");
    if (!this.panelsElement || !key || key === this.panelsKey
        || this.panelsElement.contains(document.activeElement)) return;
    this.panelsKey = key;
    this.panelsElement.innerHTML = key;
  }

  renderAlerts(alerts) {
    // Unchanged alerts keep their elements, so a note being typed or a button being pressed
    // is not swept away by the next poll.
    const key = JSON.stringify(alerts);
    if (key === this.alertsKey || this.alertsElement.contains(document.activeElement)) return;
    this.alertsKey = key;
    const open = alerts.filter((a) => !a.acknowledged_at);
    const handled = alerts.filter((a) => a.acknowledged_at);
    const list = el("ul", { class: "ops-alerts" });
    for (const alert of open) {
      const form = el("form", { class: "ops-ack", method: "post", action: this.root.dataset.ackUrl.replace("0", alert.id) },
        el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: this.csrf }),
        el("label", { text: this.t.note, for: `ops-note-${alert.id}` }),
        el("input", { type: "text", name: "note", id: `ops-note-${alert.id}`, maxlength: "2000" }),
        el("button", { type: "submit", class: "button button-small", text: this.t.acknowledge }));
      form.addEventListener("submit", (event) => this.acknowledge(event, form));
      list.append(el("li", { class: "ops-alert", "data-rule": alert.rule },
        el("strong", { text: alert.label }), " ", alert.message, " ",
        el("span", { class: "ops-muted", text: `${this.t.since} ${when(alert.opened_at, this.locale)}` }),
        this.root.dataset.mayAcknowledge === "true" ? form : null));
    }
    for (const alert of handled) {
      list.append(el("li", { class: "ops-alert ops-alert-handled" },
        el("strong", { text: alert.label }), " ", alert.message, " ",
        el("span", { class: "ops-muted", text: `${this.t.acknowledged_by} ${alert.acknowledged_by} ${when(alert.acknowledged_at, this.locale)}${alert.note ? ` — ${alert.note}` : ""}` })));
    }
    const heading = el("h2", { text: `${this.t.alerts} (${open.length})` });
    this.alertsElement.replaceChildren(heading, alerts.length ? list : el("p", { text: this.t.no_alerts }));
  }

  async acknowledge(event, form) {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": this.csrf },
    });
    if (!response.ok) return;
    document.activeElement?.blur();  // the list may now be redrawn with the acknowledgement
    this.alertsKey = null;
    this.refresh();
  }

  renderMap(sites) {
    const placed = sites.filter((s) => s.lat !== null && s.lng !== null);
    if (!this.map) {
      this.map = L.map(this.mapElement, { scrollWheelZoom: false });
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19, attribution: this.mapElement.dataset.attribution,
      }).addTo(this.map);
      this.layer = L.layerGroup().addTo(this.map);
      if (placed.length > 1) this.map.fitBounds(placed.map((s) => [s.lat, s.lng]), { padding: [30, 30] });
      else if (placed.length === 1) this.map.setView([placed[0].lat, placed[0].lng], 15);
      else this.map.setView([16.4698, 107.5786], 12);
    }
    this.layer.clearLayers();
    for (const site of placed) {
      const states = site.gates.map((g) => g.state);
      const worst = states.includes("offline") ? "offline" : states.includes("silent") ? "silent" : "online";
      const marker = L.circleMarker([site.lat, site.lng], {
        radius: 11, color: STATE_COLOURS[worst], fillColor: STATE_COLOURS[worst], fillOpacity: 0.7,
      });
      const gates = site.gates.map((g) => `${g.name}: ${this.t.states[g.state]}`).join("\n");
      marker.bindTooltip(`${site.name}\n${gates}`);
      marker.addTo(this.layer);
    }
  }

  renderSites(data) {
    const seen = new Set();
    for (const site of data.sites) {
      seen.add(String(site.id));
      let section = this.sitesElement.querySelector(`[data-site="${site.id}"]`);
      if (!section) {
        section = el("section", { class: "ops-site", "data-site": site.id, "aria-labelledby": `ops-site-${site.id}` });
        this.sitesElement.append(section);
      }
      this.renderSite(section, site, data.revenue);
    }
    for (const section of this.sitesElement.querySelectorAll("[data-site]")) {
      if (!seen.has(section.dataset.site)) section.remove();
    }
  }

  renderSite(section, site, revenue) {
    const t = this.t;
    const figures = el("dl", { class: "ops-figures" },
      el("div", {}, el("dt", { text: t.inside }), el("dd", { "data-figure": "inside",
        text: site.capacity ? `${number(site.inside, this.locale)} / ${number(site.capacity, this.locale)} (${site.occupancy_percent} %)` : number(site.inside, this.locale) })),
      el("div", {}, el("dt", { text: t.entries_today }), el("dd", { "data-figure": "entries", text: number(site.entries_today, this.locale) })),
      el("div", {}, el("dt", { text: t.exits_today }), el("dd", { "data-figure": "exits", text: number(site.exits_today, this.locale) })),
      revenue ? el("div", {}, el("dt", { text: t.revenue_today }), el("dd", { "data-figure": "revenue", text: `${number(site.revenue_today, this.locale)} ₫` })) : null);

    const gates = table(t.gates_caption, [t.gate, t.direction, t.state, t.pending, t.last_sync, t.trouble],
      site.gates.map((g) => [g.name, t.directions[g.direction] || g.direction, t.states[g.state], number(g.pending, this.locale), when(g.last_seen, this.locale), g.trouble || "—"]));
    for (const [index, gate] of site.gates.entries()) {
      gates.tBodies[0].rows[index].dataset.state = gate.state;
    }

    const hours = site.hours.filter((h) => h.hour >= 6 && h.hour <= 21);
    const hourTable = table(t.hours_caption, [t.hour, t.today, t.usual],
      hours.map((h) => [`${h.hour}:00`, number(h.today, this.locale), number(h.usual, this.locale)]));
    const refusalTable = table(t.refusals_caption, [t.reason, t.today, t.usual, t.unusual],
      site.refusals.map((r) => [r.label, number(r.today, this.locale), number(r.usual, this.locale), r.spike ? `⚠ ${t.spike}` : ""]));

    let hourCanvas = section.querySelector("canvas[data-chart=hours]");
    let refusalCanvas = section.querySelector("canvas[data-chart=refusals]");
    if (!hourCanvas) {
      hourCanvas = el("canvas", { "data-chart": "hours", "aria-hidden": "true" });
      refusalCanvas = el("canvas", { "data-chart": "refusals", "aria-hidden": "true" });
      section.replaceChildren(
        el("h2", { id: `ops-site-${site.id}`, text: site.name }),
        el("div", { class: "ops-figures-slot" }),
        el("div", { class: "ops-charts" },
          el("figure", {}, el("figcaption", { text: t.hours_caption }), el("div", { class: "ops-chart-box" }, hourCanvas), el("details", {}, el("summary", { text: t.show_table }), el("div", { class: "ops-hours-table" }))),
          el("figure", {}, el("figcaption", { text: t.refusals_caption }), el("div", { class: "ops-chart-box" }, refusalCanvas), el("details", {}, el("summary", { text: t.show_table }), el("div", { class: "ops-refusals-table" })))),
        el("div", { class: "ops-gates" }));
    }
    section.querySelector(".ops-figures-slot").replaceChildren(figures);
    section.querySelector(".ops-hours-table").replaceChildren(hourTable);
    section.querySelector(".ops-refusals-table").replaceChildren(refusalTable);
    section.querySelector(".ops-gates").replaceChildren(gates);

    this.chart(`${site.id}-hours`, hourCanvas, {
      labels: hours.map((h) => `${h.hour}`),
      datasets: [
        { type: "bar", label: t.today, data: hours.map((h) => h.today), backgroundColor: "#2e6f9e" },
        { type: "line", label: t.usual, data: hours.map((h) => h.usual), borderColor: "#b35900", pointRadius: 0 },
      ],
    });
    this.chart(`${site.id}-refusals`, refusalCanvas, {
      labels: site.refusals.map((r) => (r.spike ? `⚠ ${r.label}` : r.label)),
      datasets: [
        { type: "bar", label: t.today, data: site.refusals.map((r) => r.today),
          backgroundColor: site.refusals.map((r) => (r.spike ? "#b3261e" : "#6b6b6b")) },
        { type: "bar", label: t.usual, data: site.refusals.map((r) => r.usual), backgroundColor: "#d9c7a8" },
      ],
    }, { indexAxis: "y" });
  }

  chart(key, canvas, data, extra = {}) {
    const existing = this.charts.get(key);
    if (existing) {
      existing.data.labels = data.labels;
      existing.data.datasets.forEach((dataset, i) => Object.assign(dataset, data.datasets[i]));
      existing.update("none");
      return;
    }
    this.charts.set(key, new Chart(canvas, {
      data,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...extra,
        plugins: { legend: { position: "bottom" } }, scales: { x: { beginAtZero: true }, y: { beginAtZero: true } } },
    }));
  }
}

const root = document.querySelector("[data-operations-board]");
if (root) window.operationsBoard = new Board(root);
