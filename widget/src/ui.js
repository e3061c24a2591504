// The chat window: launcher, header with the quick exit, notice, conversation, composer.
import { Connection } from "./connection.js";
import { h } from "./dom.js";
import {
  numberPattern,
  renderButtons,
  renderHandoff,
  renderSites,
  renderText,
  renderUrgent,
  textAroundList,
} from "./messages.js";
import { clearStorage, emptyState, loadState, saveState } from "./store.js";
import { duration, TEXT } from "./strings.js";

const ESCAPES_TO_EXIT = 3;
const ESCAPE_WINDOW_MS = 2000;
// Coordinates are rounded to about 100 m: enough to find the nearest site.
const POSITION_DECIMALS = 3;

export class Widget {
  constructor(options) {
    this.options = options;
    this.state = loadState();
    this.numbers = [];
    this.pattern = null;
    this.escapes = [];
  }

  mount(parent) {
    const host = h("div", { class: "fv-chat-host" });
    host.hidden = true; // until the style sheet is there
    const root = host.attachShadow({ mode: "open" });
    const style = h("link", {
      rel: "stylesheet",
      href: `${this.options.server}/webhooks/socketio/widget.css`,
    });
    style.addEventListener("load", () => (host.hidden = false));
    root.append(style, this.build());
    host.style.setProperty("--fv-primary", this.options.color);
    host.style.setProperty("--fv-on-primary", this.options.colorText);
    parent.append(host);
    this.host = host;
    document.addEventListener("keydown", (event) => this.countEscapes(event), true);
    this.renderTranscript();
    if (this.options.open || this.state.transcript.length) this.setOpen(true, false);
    this.connect();
  }

  build() {
    const exitButton = (extra) =>
      h("button", {
        type: "button",
        class: `fv-exit ${extra}`,
        text: TEXT.quickExit,
        title: TEXT.quickExitHint,
        onclick: () => this.quickExit(),
      });
    this.launcher = h("button", {
      type: "button",
      class: "fv-launcher",
      "aria-expanded": "false",
      "aria-controls": "fv-panel",
      text: TEXT.open,
      onclick: () => this.setOpen(true, true),
    });
    this.closedBar = h("div", { class: "fv-closed" }, [exitButton("fv-exit-closed"), this.launcher]);

    this.statusLine = h("p", { class: "fv-status", text: TEXT.botStatus });
    this.connectionLine = h("p", { class: "fv-connection", role: "status", text: "" });
    this.log = h("div", {
      class: "fv-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": TEXT.conversation,
      tabindex: "0",
    });
    this.notice = h("div", { class: "fv-notice" });
    this.typing = h("div", { class: "fv-typing", "aria-hidden": "true" }, [
      h("span", { text: TEXT.typing }),
      h("span", { class: "fv-dots" }, [h("span"), h("span"), h("span")]),
    ]);
    this.typing.hidden = true;
    this.input = h("textarea", {
      id: "fv-input",
      class: "fv-input",
      rows: "2",
      maxlength: "5000",
      placeholder: TEXT.inputPlaceholder,
      autocomplete: "off",
      onkeydown: (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
      },
    });
    const form = h(
      "form",
      {
        class: "fv-composer",
        onsubmit: (event) => {
          event.preventDefault();
          this.submit();
        },
      },
      [
        h("label", { for: "fv-input", class: "fv-sr", text: TEXT.inputLabel }),
        this.input,
        h("div", { class: "fv-composer-actions" }, [
          h("button", {
            type: "button",
            class: "fv-secondary",
            text: TEXT.shareLocation,
            onclick: () => this.shareLocation(),
          }),
          h("button", { type: "submit", class: "fv-send", text: TEXT.send }),
        ]),
      ],
    );
    this.panel = h(
      "section",
      { id: "fv-panel", class: "fv-panel", "aria-labelledby": "fv-title" },
      [
        h("header", { class: "fv-header" }, [
          h("div", { class: "fv-heading" }, [
            h("h2", { id: "fv-title", class: "fv-title", text: this.options.title }),
            this.statusLine,
          ]),
          exitButton("fv-exit-header"),
        ]),
        h("div", { class: "fv-toolbar" }, [
          h("button", {
            type: "button",
            class: "fv-tool",
            text: TEXT.clear,
            onclick: () => this.clear(),
          }),
          h("button", {
            type: "button",
            class: "fv-tool",
            text: TEXT.minimise,
            "aria-controls": "fv-panel",
            onclick: () => this.setOpen(false, true),
          }),
        ]),
        this.connectionLine,
        h("div", { class: "fv-scroll" }, [this.notice, this.log, this.typing]),
        form,
      ],
    );
    this.panel.hidden = true;
    this.renderNotice(null);
    return h("div", { class: "fv-widget", lang: "fr" }, [this.closedBar, this.panel]);
  }

  setOpen(open, moveFocus) {
    this.panel.hidden = !open;
    this.closedBar.hidden = open;
    this.launcher.setAttribute("aria-expanded", String(open));
    if (moveFocus) (open ? this.input : this.launcher).focus();
    if (open) this.scrollToEnd();
  }

  connect() {
    this.setConnection(TEXT.connecting);
    this.connection = new Connection(this.options.server, this.state, {
      session: (info) => this.sessionStarted(info),
      bot: (message) => this.addEntry({ from: "bot", message }),
      status: (name) => this.connectionChanged(name),
      idle: () => (this.typing.hidden = true),
    });
  }

  sessionStarted(info) {
    const numbers = Array.isArray(info.numbers) ? info.numbers : [];
    if (JSON.stringify(numbers) !== JSON.stringify(this.numbers)) {
      this.numbers = numbers;
      this.pattern = numberPattern(numbers);
      this.renderTranscript(); // with the numbers as links
    }
    this.renderNotice(info.retention);
    this.typing.hidden = !this.connection.busy;
  }

  connectionChanged(name) {
    if (name === "reconnecting") {
      this.wasCut = true;
      this.setConnection(TEXT.reconnecting);
    } else {
      this.setConnection(this.wasCut ? TEXT.reconnected : "");
      this.wasCut = false;
    }
  }

  setConnection(text) {
    // Always in the page (empty when all is well), so that screen readers announce it.
    this.connectionLine.textContent = text;
  }

  renderNotice(retention) {
    const byId = Object.fromEntries(this.numbers.map((entry) => [entry.id, entry]));
    const kept = retention ? TEXT.noticeKept(duration(retention)) : TEXT.noticeKeptMemory;
    const danger =
      byId.police && byId.eu_emergency && byId.sms_emergency
        ? renderText(
            TEXT.noticeDanger(byId.police.number, byId.eu_emergency.number, byId.sms_emergency.number),
            this.numbers,
            this.pattern,
          ).paragraph
        : "";
    this.notice.replaceChildren(
      danger,
      h("details", { class: "fv-details", open: !this.state.transcript.length }, [
        h("summary", { text: TEXT.noticeTitle }),
        h("p", { text: TEXT.noticeBot }),
        retention === undefined ? "" : h("p", { text: kept }),
        h("p", { text: TEXT.noticeBrowser }),
        h("p", { text: TEXT.noticeExit }),
      ]),
    );
  }

  /** Add to the conversation, keep it in the tab, and show it. */
  addEntry(entry) {
    this.state.transcript.push(entry);
    saveState(this.state);
    if (entry.from === "user") this.log.querySelectorAll(".fv-buttons").forEach((b) => b.remove());
    this.log.append(this.renderEntry(entry, true));
    this.scrollToEnd();
  }

  renderTranscript() {
    const lastUser = this.state.transcript.map((e) => e.from).lastIndexOf("user");
    this.log.replaceChildren(
      ...this.state.transcript.map((entry, index) => this.renderEntry(entry, index > lastUser)),
    );
  }

  renderEntry(entry, withButtons) {
    if (entry.from === "user") {
      return h("div", { class: "fv-msg fv-msg-user" }, [
        h("span", { class: "fv-sr", text: TEXT.you }),
        h("p", { class: "fv-text", text: entry.text }),
      ]);
    }
    if (entry.from === "info") {
      return h("div", { class: "fv-msg fv-msg-info" }, [h("p", { class: "fv-text", text: entry.text })]);
    }
    const message = entry.message;
    const custom = message.custom && typeof message.custom === "object" ? message.custom : {};
    // A counsellor's message (sent from the console) is signed with their first name.
    const counsellor = custom.type === "counsellor" && typeof custom.name === "string";
    const parts = counsellor
      ? [h("span", { class: "fv-author", text: TEXT.counsellor(custom.name) })]
      : [h("span", { class: "fv-sr", text: TEXT.bot })];
    const text = typeof message.text === "string" ? message.text : "";
    const cards = custom.type === "sites" ? renderSites(custom) : null;
    const [before, after] = cards ? textAroundList(text) : [text, ""];
    const urgent = [];
    let paragraph = null;
    for (const part of [before, cards, after]) {
      if (part instanceof Node) parts.push(part);
      else if (part) {
        const rendered = renderText(part, this.numbers, this.pattern);
        paragraph = paragraph || rendered.paragraph;
        parts.push(rendered.paragraph);
        urgent.push(...rendered.urgent);
      }
    }
    if (urgent.length) parts.push(renderUrgent(urgent));
    if (custom.type === "handoff") {
      // The server's text says the status already; the widget's own words stand in for it.
      if (paragraph) paragraph.classList.add("fv-handoff", `fv-handoff-${custom.status}`);
      else parts.push(renderHandoff(custom.status) || "");
      this.statusLine.textContent = TEXT.handoffStatus[custom.status] || TEXT.botStatus;
    }
    if (withButtons && Array.isArray(message.buttons) && message.buttons.length) {
      parts.push(renderButtons(message.buttons, (button) => this.choose(button)));
    }
    const kind = message.notice ? "fv-msg-notice" : counsellor ? "fv-msg-counsellor" : "fv-msg-bot";
    return h("div", { class: `fv-msg ${kind}` }, parts);
  }

  submit() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = "";
    this.send(text, text);
  }

  choose(button) {
    this.send(button.payload, button.title);
    this.input.focus();
  }

  /** Send `message`; show `shown` (a button's title rather than its payload). */
  send(message, shown) {
    this.addEntry({ from: "user", text: shown });
    this.typing.hidden = false;
    this.connection.send(message);
  }

  shareLocation() {
    if (!navigator.geolocation) {
      this.addEntry({ from: "info", text: TEXT.locationUnavailable });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const position = {
          latitude: Number(coords.latitude.toFixed(POSITION_DECIMALS)),
          longitude: Number(coords.longitude.toFixed(POSITION_DECIMALS)),
        };
        this.send(`/inform_location${JSON.stringify(position)}`, TEXT.locationShared);
      },
      () => this.addEntry({ from: "info", text: TEXT.locationDeclined }),
      { maximumAge: 600000, timeout: 20000 },
    );
  }

  clear() {
    this.connection.close();
    this.state = emptyState();
    saveState(this.state);
    this.log.replaceChildren();
    this.statusLine.textContent = TEXT.botStatus;
    this.typing.hidden = true;
    this.addEntry({ from: "info", text: TEXT.cleared });
    this.input.focus();
    this.connect();
  }

  /** Leave at once: nothing on the page, nothing stored, this page gone from the history. */
  quickExit() {
    this.connection.close();
    this.host.remove();
    this.state = emptyState();
    clearStorage();
    window.location.replace(this.options.exitUrl);
  }

  countEscapes(event) {
    if (event.key !== "Escape") return;
    const now = Date.now();
    this.escapes = [...this.escapes.filter((t) => now - t < ESCAPE_WINDOW_MS), now];
    if (this.escapes.length >= ESCAPES_TO_EXIT) this.quickExit();
  }

  scrollToEnd() {
    const scroller = this.log.parentElement;
    scroller.scrollTop = scroller.scrollHeight;
  }
}
