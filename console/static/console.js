// The console's live pages: server-sent events swap in HTML the server rendered (and
// escaped); this script never builds markup from text. No inline script: CSP forbids it.
"use strict";

function announce(text) {
  const region = document.getElementById("annonces");
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
}

// The live queue: the whole list again on every change, keeping the keyboard focus.
function followQueue(container) {
  let waiting = Number(container.querySelector(".queue").dataset.waiting);
  const source = new EventSource(container.dataset.stream);
  source.addEventListener("queue", (event) => {
    const focused = document.activeElement && document.activeElement.dataset.key;
    container.innerHTML = event.data;
    if (focused) {
      const again = container.querySelector(`[data-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
    const now = Number(container.querySelector(".queue").dataset.waiting);
    if (now > waiting) {
      announce(now === 1 ? "Une personne attend un conseiller."
                         : `${now} personnes attendent un conseiller.`);
    }
    waiting = now;
  });
}

// A form that leaves the page (accept, end...) changes the state itself: reloading then
// would cancel it.
let leaving = false;
document.addEventListener("submit", (event) => {
  if (!event.defaultPrevented) leaving = true;
});

// One conversation: new messages are appended; a change of who has it reloads the page.
function followConversation(container) {
  const transcript = document.getElementById("transcript");
  const source = new EventSource(container.dataset.stream);
  source.addEventListener("message", (event) => {
    transcript.insertAdjacentHTML("beforeend", event.data);
    transcript.lastElementChild.scrollIntoView({ block: "end" });
  });
  source.addEventListener("state", (event) => {
    if (!leaving && event.data !== container.dataset.state) window.location.reload();
  });
}

function setUpComposer(form) {
  const box = form.querySelector("textarea");
  const error = document.getElementById("erreur-envoi");
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!box.value.trim()) return;
    const body = new FormData(form);
    error.textContent = "";
    try {
      const reply = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { "X-CSRF-Token": body.get("csrf_token") },
        credentials: "same-origin",
      });
      if (reply.ok) {
        box.value = "";
      } else {
        error.textContent = await reply.text();
      }
    } catch (_) {
      error.textContent = "Message non envoyé : la console est injoignable. Réessayez.";
    }
    box.focus();
  });
  document.querySelectorAll("button.insert").forEach((button) => {
    button.addEventListener("click", () => {
      const start = box.selectionStart;
      const before = box.value.slice(0, start);
      const spacer = before && !/\s$/.test(before) ? " " : "";
      box.setRangeText(spacer + button.dataset.insert, start, box.selectionEnd, "end");
      box.focus();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const queue = document.getElementById("file");
  if (queue) followQueue(queue);
  const conversation = document.querySelector(".conversation[data-stream]");
  if (conversation) followConversation(conversation);
  const composer = document.getElementById("composer");
  if (composer) setUpComposer(composer);
});
