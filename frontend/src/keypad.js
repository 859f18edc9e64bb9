// Stop-code keypad: "type the number on the sign". Without JS the form GETs /xx/stops/?code=N
// and the server redirects; with JS we go straight to /xx/stops/N/ (which the service worker
// can also answer offline from a downloaded tour).
export function initKeypads(root = document) {
  for (const form of root.querySelectorAll("[data-stop-keypad]")) {
    const input = form.querySelector("input[name=code]");
    const pad = form.querySelector("[data-keys]");
    if (pad) {
      pad.addEventListener("click", (event) => {
        const key = event.target.closest("button[data-key]");
        if (!key) return;
        const value = key.dataset.key;
        if (value === "back") input.value = input.value.slice(0, -1);
        else if (input.value.length < 6) input.value += value;
        input.dispatchEvent(new Event("input"));
      });
    }
    form.addEventListener("submit", (event) => {
      const code = input.value.trim();
      if (!/^[0-9]{1,6}$/.test(code)) return; // let the browser show the pattern message
      event.preventDefault();
      location.assign(`${form.getAttribute("action")}${code}/`);
    });
  }
}
