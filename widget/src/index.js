// Entry point: `<script src="https://assistant.example/webhooks/socketio/widget.js"
// data-title="..." data-color="#1d4f91" data-exit-url="https://..." async></script>`.
import { readOptions } from "./options.js";
import { Widget } from "./ui.js";

const script = document.currentScript;

function start() {
  new Widget(readOptions(script)).mount(document.body);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
