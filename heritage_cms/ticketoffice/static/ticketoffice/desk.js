// The ticket-office desk: drives the desk agent on this PC (127.0.0.1) to write a blank card,
// then posts the sale to the CMS. Every form carries an idempotency key, renewed only after its
// sale went through, so a double click or a retry sells once.
(() => {
  "use strict";
  const desk = document.getElementById("desk");
  if (!desk) return;
  const data = desk.dataset;
  const tokenKey = `heritage-desk-token:${data.till}`;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const message = desk.querySelector("[data-message]");
  const agentState = desk.querySelector("[data-agent-state]");

  const newKey = () => {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };
  const freshKey = (form) => {
    form.querySelector("[name=idempotency_key]").value = newKey();
  };
  const say = (text, isError = false) => {
    message.textContent = text;
    message.classList.toggle("help-critical", isError);
  };

  class Refused extends Error {}

  async function cms(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Refused(answer.error || response.statusText);
    return answer;
  }

  async function agent(path, body) {
    const token = localStorage.getItem(tokenKey);
    if (!token) throw new Refused(data.msgUnpaired);
    let response;
    try {
      response = await fetch(data.agentUrl + path, {
        method: body ? "POST" : "GET",
        mode: "cors",
        credentials: "omit",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new Refused(data.msgAgentMissing);
    }
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Refused(answer.error || response.statusText);
    return answer;
  }

  async function checkAgent() {
    try {
      const status = await agent("/v1/status");
      agentState.textContent = `${data.msgAgentReady} · ${status.reader}`;
      agentState.dataset.ready = "true";
    } catch (error) {
      agentState.textContent = error.message;
      agentState.dataset.ready = "false";
    }
  }

  function fields(form) {
    const values = new FormData(form);
    return {
      idempotency_key: values.get("idempotency_key"),
      top_up: values.get("top_up") || "0",
      products: values.getAll("products"),
      method: values.get("method"),
      language: values.get("language"),
      card_number: values.get("card_number") || "",
    };
  }

  function showReceipt(answer) {
    desk.querySelector("[data-receipt]").innerHTML = answer.receipt_html;
    desk.querySelector("[data-receipt-area]").hidden = false;
  }

  async function busy(form, work) {
    const buttons = form.querySelectorAll("button");
    if (form.dataset.busy === "true") return; // a double click while the first is running
    form.dataset.busy = "true";
    buttons.forEach((b) => (b.disabled = true));
    say(data.msgBusy);
    try {
      await work();
      freshKey(form);
      say(data.msgDone);
    } catch (error) {
      say(error.message, true); // the key is kept: trying again repeats the same sale
    } finally {
      form.dataset.busy = "false";
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  const sellCard = desk.querySelector("[data-sell-card]");
  sellCard.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(sellCard, async () => {
      const started = await cms(data.startUrl, fields(sellCard));
      if (started.status === "done") {
        showReceipt(started);
      } else {
        say(data.msgWriting);
        const written = await agent("/v1/personalise", {
          card_number: started.card_number,
          issued_on: started.issued_on,
          wait: 30,
        });
        showReceipt(
          await cms(started.complete_url, { uid: written.uid, key_version: written.key_version }),
        );
      }
    });
  });

  const cardSale = desk.querySelector("[data-card-sale]");
  cardSale.addEventListener("submit", (event) => {
    event.preventDefault();
    const kind = event.submitter ? event.submitter.value : "top_up";
    busy(cardSale, async () => {
      showReceipt(await cms(data.saleUrl, { ...fields(cardSale), kind }));
    });
  });

  desk.querySelector("[data-pair]").addEventListener("click", async () => {
    try {
      const { token } = await cms(data.pairUrl, {});
      localStorage.setItem(tokenKey, token);
      const shown = desk.querySelector("[data-pair-token]");
      shown.querySelector("code").textContent = token;
      shown.hidden = false;
      say(data.msgPair);
    } catch (error) {
      say(error.message, true);
    }
  });

  desk.querySelector("[data-paper]").addEventListener("change", (event) => {
    const area = desk.querySelector("[data-receipt]");
    area.classList.toggle("paper-a6", event.target.value === "a6");
    area.classList.toggle("paper-80mm", event.target.value !== "a6");
  });
  desk.querySelector("[data-print]").addEventListener("click", () => window.print());
  desk.querySelector("[data-agent-state]").addEventListener("click", checkAgent);

  freshKey(sellCard);
  freshKey(cardSale);
  checkAgent();
})();
