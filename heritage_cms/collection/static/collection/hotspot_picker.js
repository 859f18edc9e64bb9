// The relic's points of interest on its 3D model, in the page editor.
//
// The form rows below stay the one source of truth: every row that is not deleted is drawn on the
// model as a numbered pin; a click on the model fills the row being edited; dragging a pin moves
// its point over the model's surface; its × (or Delete on the focused pin) deletes the row with
// Wagtail's own delete button. Positions and normals are in the model's space (metres, Y up).

const picker = document.querySelector("[data-hotspot-picker]");
const viewer = picker?.querySelector("model-viewer");
if (viewer) {
  const status = picker.querySelector("[data-picker-status]");
  const text = picker.dataset;
  // Decoders from our own origin (the model is meshopt-compressed; the default is a CDN).
  self.ModelViewerElement = { ...self.ModelViewerElement, meshoptDecoderLocation: text.meshoptJs };
  await import(text.viewerJs);

  const field = (index, name) => document.querySelector(`[name='hotspots-${index}-${name}']`);
  const fmt = (v) => [v.x, v.y, v.z].map((n) => n.toFixed(3)).join(" ");
  const say = (template, index, position = "") => {
    status.textContent = template.replace("{n}", Number(index) + 1).replace("{position}", position);
  };

  /** Indexes of the rows a curator sees: not the empty template, not deleted. */
  const liveRows = () =>
    [...document.querySelectorAll("input[name^='hotspots-'][name$='-position']")]
      .map((input) => input.name.match(/^hotspots-(\d+)-position$/)?.[1])
      .filter((index) => index !== undefined && field(index, "DELETE")?.value !== "1");

  // The point being edited: the last row or pin the curator touched, else the last row.
  let current = null;
  document.addEventListener("focusin", (event) => {
    const match = (event.target.name || "").match(/^hotspots-(\d+)-/);
    if (match) current = match[1];
  });

  const write = (index, hit) => {
    for (const [name, value] of [["position", hit.position], ["normal", hit.normal]]) {
      const input = field(index, name);
      input.value = fmt(value);
      input.dispatchEvent(new Event("change", { bubbles: true })); // Wagtail's unsaved-changes check
    }
  };

  const pin = (index) => {
    const label = field(index, "label")?.value || "";
    const wrapper = document.createElement("div");
    wrapper.className = "hotspot-pin";
    wrapper.slot = `hotspot-poi-${index}`;
    wrapper.dataset.position = field(index, "position").value;
    wrapper.dataset.normal = field(index, "normal")?.value || "0 1 0";
    wrapper.dataset.row = index;
    const handle = document.createElement("button");
    handle.type = "button";
    handle.className = "hotspot-pin__handle";
    handle.textContent = String(Number(index) + 1);
    handle.setAttribute("aria-label", text.textPin.replace("{n}", Number(index) + 1).replace("{label}", label));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "hotspot-pin__delete";
    remove.textContent = "×";
    remove.setAttribute("aria-label", text.textDelete.replace("{n}", Number(index) + 1));
    wrapper.append(handle, remove);
    return wrapper;
  };

  const draw = () => {
    viewer.querySelectorAll(".hotspot-pin").forEach((old) => old.remove());
    for (const index of liveRows()) {
      if (/^-?[\d.]+ -?[\d.]+ -?[\d.]+$/.test(field(index, "position").value.trim())) {
        viewer.append(pin(index));
      }
    }
  };
  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  };

  const remove = (index) => {
    document.getElementById(`id_hotspots-${index}-DELETE-button`)?.click();
    say(text.textDeleted, index);
    redraw();
  };

  // Dragging a pin: the camera stays still, the point follows the pointer over the surface.
  let dragging = null;
  viewer.addEventListener("pointerdown", (event) => {
    const target = event.target.closest?.(".hotspot-pin");
    if (!target) return;
    event.stopPropagation();
    if (event.target.closest(".hotspot-pin__delete")) return;
    event.preventDefault();
    dragging = { index: target.dataset.row, slot: target.slot, hit: null };
    current = dragging.index;
    target.setPointerCapture(event.pointerId);
  }, true);
  viewer.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const hit = viewer.positionAndNormalFromPoint(event.clientX, event.clientY);
    if (!hit) return;
    dragging.hit = hit;
    viewer.updateHotspot({ name: dragging.slot, position: fmt(hit.position), normal: fmt(hit.normal) });
  }, true);
  viewer.addEventListener("pointerup", (event) => {
    if (!dragging) return;
    event.stopPropagation();
    const { index, hit } = dragging;
    dragging = null;
    if (hit) {
      write(index, hit);
      say(text.textMoved, index, fmt(hit.position));
    }
  }, true);

  viewer.addEventListener("click", (event) => {
    const target = event.target.closest?.(".hotspot-pin");
    if (target) {
      if (event.target.closest(".hotspot-pin__delete")) remove(target.dataset.row);
      return;
    }
    const index = current ?? liveRows().at(-1);
    if (index === undefined) { status.textContent = text.textChoose; return; }
    const hit = viewer.positionAndNormalFromPoint(event.clientX, event.clientY);
    if (!hit) { status.textContent = text.textMissed; return; }
    write(index, hit);
    say(text.textPlaced, index, fmt(hit.position));
    redraw();
  });
  viewer.addEventListener("keydown", (event) => {
    const target = event.target.closest?.(".hotspot-pin");
    if (target && (event.key === "Delete" || event.key === "Backspace")) {
      event.preventDefault();
      remove(target.dataset.row);
    }
  });

  // Rows typed in, added or deleted (Wagtail's inline panel) are drawn again.
  document.addEventListener("input", (event) => {
    if (/^hotspots-\d+-/.test(event.target.name || "")) redraw();
  });
  const rows = document.getElementById("id_hotspots-FORMS");
  const watched = { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "hidden", "style"] };
  if (rows) new MutationObserver(redraw).observe(rows, watched);
  draw();
}
